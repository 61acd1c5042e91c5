package fastexp

import (
	"testing"

	"github.com/warpkit/warpkit/internal/cpu"
	"github.com/warpkit/warpkit/internal/cpu/cputest"
)

// withKernel switches the package's vector path, for the rest of the test, to what a
// process started with WARPKIT_KERNEL=k uses.
func withKernel(t *testing.T, k cpu.Kernel) { cputest.UseKernel(t, &vecAVX2, vecFor, k) }

// TestKernelRequest fails when this test run's WARPKIT_KERNEL cannot be met, and checks that
// the vector path follows the process's kernel.
func TestKernelRequest(t *testing.T) { cputest.CheckRequest(t, vecAVX2, vecFor) }
