package gemm

import (
	"math"
	"testing"

	"github.com/warpkit/warpkit/internal/cpu"
)

// withKernel switches the package, for the rest of the test, to what a process started
// with WARPKIT_KERNEL=isa uses: its micro-kernel and its axpy, dot and small-path routines.
// Tests that call the exported functions loop over cpu.Supported() with it.
func withKernel(t testing.TB, isa cpu.Kernel) {
	if !isa.Runs() {
		t.Fatalf("kernel %s cannot run here", isa)
	}
	oldActive, oldAxpy, oldDot, oldSmall := active, axpy, dot, hasSmallTile
	active, axpy, dot, hasSmallTile = kernelFor(isa), axpyFor(isa), dotFor(isa), smallTileFor(isa)
	t.Cleanup(func() { active, axpy, dot, hasSmallTile = oldActive, oldAxpy, oldDot, oldSmall })
}

// eachKernel runs test with every kernel this machine runs (withKernel), for the tests of
// an exported function whose path depends on the kernel.
func eachKernel(t *testing.T, test func(*testing.T)) {
	for _, isa := range cpu.Supported() {
		withKernel(t, isa)
		test(t)
	}
}

// mustPanic fails the test unless f panics; what names the call in the failure.
func mustPanic(t *testing.T, what string, f func()) {
	t.Helper()
	defer func() {
		if recover() == nil {
			t.Errorf("%s did not panic", what)
		}
	}()
	f()
}

// TestKernelRequest fails when this test run's WARPKIT_KERNEL cannot be met (a run meant to
// cover a kernel must not pass on another one), and checks that Dgemm uses the process's
// kernel.
func TestKernelRequest(t *testing.T) {
	if err := cpu.Err(); err != nil {
		t.Fatal(err)
	}
	if active.isa != cpu.Active() {
		t.Errorf("Dgemm uses %s, the process chose %s", active.name, cpu.Active())
	}
	if cpu.Active() == cpu.Go && hasSmallTile {
		t.Error("kernel go, but the small path runs in assembly")
	}
	t.Logf("Dgemm uses %s", kernelName())
}

// TestKernelGeometry checks what the packing and planning code assumes of every kernel,
// runnable here or not: one kc for all (C is updated between the same k blocks on every
// machine, so the bits agree), cache blocks made of whole tiles, and a function wherever
// the kernel runs.
func TestKernelGeometry(t *testing.T) {
	for _, kern := range allKernels() {
		if kern.kc != goKernel.kc {
			t.Errorf("%s: kc = %d, the Go kernel's is %d", kern.name, kern.kc, goKernel.kc)
		}
		if kern.mr < 1 || kern.nr < 1 || kern.mc%kern.mr != 0 || kern.nc%kern.nr != 0 {
			t.Errorf("%s: mc = %d, nc = %d are not whole %d×%d tiles", kern.name, kern.mc, kern.nc, kern.mr, kern.nr)
		}
		if kern.isa.Runs() && kern.fn == nil {
			t.Errorf("%s runs here but has no function", kern.name)
		}
		if kernelFor(kern.isa) != kern {
			t.Errorf("kernelFor(%s) = %s", kern.isa, kernelFor(kern.isa).name)
		}
	}
}

// tileKernels lists every kernel's geometry with a function that runs here: the kernel
// itself where this machine runs it, otherwise its tiles multiplied by kernelGoTiles. The
// packing, planning and edge handling around a kernel depend only on its tile sizes, so
// they are tested with the AVX-512 kernel's 12×16 tiles on a machine without AVX-512 too.
func tileKernels() []*kernel {
	var ks []*kernel
	for _, kern := range allKernels() {
		if !kern.isa.Runs() {
			emulated := *kern
			emulated.name += "(go)"
			emulated.fn = kernelGoTiles(kern.mr, kern.nr)
			kern = &emulated
		}
		ks = append(ks, kern)
	}
	return ks
}

// kernelGoTiles is an mr×nr micro-kernel in plain Go with the arithmetic every kernel
// shares (a fused chain along k from zero, alpha·AB rounded, then beta·C + alpha·AB fused;
// C not read when beta is 0), written as the definition rather than for speed.
func kernelGoTiles(mr, nr int) kernelFunc {
	return func(k int, a, b, c []float64, ldc int, alpha, beta float64) {
		for i := 0; i < mr; i++ {
			for j := 0; j < nr; j++ {
				var s float64
				for p := 0; p < k; p++ {
					s = math.FMA(a[p*mr+i], b[p*nr+j], s)
				}
				if beta == 0 {
					c[i*ldc+j] = alpha * s
				} else {
					c[i*ldc+j] = math.FMA(beta, c[i*ldc+j], alpha*s)
				}
			}
		}
	}
}
