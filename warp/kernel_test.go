package warp

import (
	"testing"

	"github.com/warpkit/warpkit/internal/cpu"
)

// TestKernelRequest fails when this test run's WARPKIT_KERNEL cannot be met, so that a run
// meant to cover a kernel does not pass on another one; calling cpu.Err also makes go test
// cache this package's results per kernel.
func TestKernelRequest(t *testing.T) {
	if err := cpu.Err(); err != nil {
		t.Fatal(err)
	}
}
