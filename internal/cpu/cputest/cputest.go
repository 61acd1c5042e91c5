// Package cputest holds the fixtures that the tests of every package with a vector path of
// its own (internal/fastexp, nn/rnn) share: switching the path with the kernel (each such
// package keeps a bool that says whether its assembly runs, set once from the process's
// kernel, internal/cpu), and checking that it gives the scalar loops' bits.
package cputest

import (
	"math"
	"testing"

	"github.com/warpkit/warpkit/internal/cpu"
)

// UseKernel sets *vec, for the rest of the test, to what a process started with
// WARPKIT_KERNEL=k would set it to (vecFor(k)); the test fails if k cannot run here.
func UseKernel(t testing.TB, vec *bool, vecFor func(cpu.Kernel) bool, k cpu.Kernel) {
	t.Helper()
	if !k.Runs() {
		t.Fatalf("kernel %s cannot run here", k)
	}
	old := *vec
	*vec = vecFor(k)
	t.Cleanup(func() { *vec = old })
}

// CheckRequest fails when this test run's WARPKIT_KERNEL cannot be met (a run meant to cover
// a kernel must not pass on another one), and checks that the vector path vec follows the
// process's kernel, and is off under the go kernel.
func CheckRequest(t testing.TB, vec bool, vecFor func(cpu.Kernel) bool) {
	t.Helper()
	if err := cpu.Err(); err != nil {
		t.Fatal(err)
	}
	if vec != vecFor(cpu.Active()) || (cpu.Active() == cpu.Go && vec) {
		t.Errorf("kernel %s, but the vector path is on: %v", cpu.Active(), vec)
	}
}

// SameBits fails the test at the first i where got[i] and want[i] differ in their bits (any
// two NaNs agree), naming what was compared and its length n.
func SameBits(t testing.TB, what string, n int, got, want []float64) {
	t.Helper()
	for i := range want {
		if math.Float64bits(got[i]) != math.Float64bits(want[i]) && !(math.IsNaN(got[i]) && math.IsNaN(want[i])) {
			t.Fatalf("%s n=%d: [%d] = %v, want %v", what, n, i, got[i], want[i])
		}
	}
}
