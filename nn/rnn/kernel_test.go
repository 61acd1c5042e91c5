package rnn

import (
	"testing"

	"github.com/warpkit/warpkit/internal/cpu"
)

// withKernel switches the package's vector path, for the rest of the test, to what a
// process started with WARPKIT_KERNEL=k uses.
func withKernel(t *testing.T, k cpu.Kernel) {
	if !k.Runs() {
		t.Fatalf("kernel %s cannot run here", k)
	}
	old := vecAVX2
	vecAVX2 = vecFor(k)
	t.Cleanup(func() { vecAVX2 = old })
}

// TestKernelRequest fails when this test run's WARPKIT_KERNEL cannot be met (a run meant to
// cover a kernel must not pass on another one), and checks that the vector path follows
// the process's kernel.
func TestKernelRequest(t *testing.T) {
	if err := cpu.Err(); err != nil {
		t.Fatal(err)
	}
	if vecAVX2 != vecFor(cpu.Active()) || (cpu.Active() == cpu.Go && vecAVX2) {
		t.Errorf("kernel %s, but the vector path is on: %v", cpu.Active(), vecAVX2)
	}
}
