package gemm

import "github.com/warpkit/warpkit/internal/cpu"

// kernelFunc multiplies an mr×k packed micro-panel of A by a k×nr packed micro-panel of B
// and writes alpha·AB + beta·C into the mr×nr tile at c (row stride ldc). When beta is ±0 it
// must not read C, so NaNs already in C never leak into the result.
type kernelFunc func(k int, a, b, c []float64, ldc int, alpha, beta float64)

// kernel describes one micro-kernel and the cache blocking that suits it: mc×kc of packed A
// should sit in L2 and kc×nr of packed B in L1. Planning and packing read only the tile
// geometry, so they are tested with every kernel's, on any machine; fn runs only where
// isa.Runs().
type kernel struct {
	isa        cpu.Kernel
	name       string
	mr, nr     int
	mc, kc, nc int
	fn         kernelFunc // nil in a build without the kernel's assembly
}

// Every kernel uses kc = 256: where C is updated between k blocks must not depend on the
// kernel, or results would differ from machine to machine.
var (
	// goKernel is the portable kernel; it is always compiled so that tests on amd64 can
	// exercise the same packing and edge logic that the purego build uses.
	goKernel = &kernel{isa: cpu.Go, name: "go4x4", mr: 4, nr: 4, mc: 128, kc: 256, nc: 2048, fn: kernelGo4x4}
	// avx2Kernel computes a 6×8 tile: twelve ymm accumulators, two for B and two
	// broadcasts of A fill the sixteen ymm registers.
	avx2Kernel = &kernel{isa: cpu.AVX2, name: "avx2-6x8", mr: 6, nr: 8, mc: 120, kc: 256, nc: 4080, fn: kernelAVX2}
	// avx512Kernel computes a 12×16 tile: 24 zmm accumulators, two for B and four rotating
	// broadcasts of A. On Zen 4 a zmm FMA costs two ymm ones, so the gain over AVX2 is
	// fewer loads and broadcasts per FMA rather than wider arithmetic.
	avx512Kernel = &kernel{isa: cpu.AVX512, name: "avx512-12x16", mr: 12, nr: 16, mc: 240, kc: 256, nc: 4096, fn: kernelAVX512}
)

// allKernels lists every micro-kernel's geometry, runnable here or not, for the tests of
// planning and tiling.
func allKernels() []*kernel { return []*kernel{goKernel, avx2Kernel, avx512Kernel} }

// kernelFor is the micro-kernel of an instruction set.
func kernelFor(isa cpu.Kernel) *kernel {
	for _, k := range allKernels() {
		if k.isa == isa {
			return k
		}
	}
	return goKernel
}

// kernels lists every micro-kernel this build and CPU can run, for the tests that compare
// them.
func kernels() []*kernel {
	var ks []*kernel
	for _, isa := range cpu.Supported() {
		ks = append(ks, kernelFor(isa))
	}
	return ks
}

// active is the kernel Dgemm uses: the process's choice (internal/cpu), made once at init.
var active = kernelFor(cpu.Active())

// The vector routines beside the micro-kernel follow the same choice, so that WARPKIT_KERNEL=go
// runs no assembly at all.
var (
	// axpy is the fused axpy the skinny path uses.
	axpy = axpyFor(cpu.Active())
	// dot is Dot's implementation.
	dot = dotFor(cpu.Active())
	// hasSmallTile reports whether the small path (small.go) and AddATB's tiles run in
	// assembly; without it products keep the packed route, which gives the same bits.
	hasSmallTile = smallTileFor(cpu.Active())
)

// kernelName reports which micro-kernel Dgemm uses, for benchmarks and diagnostics.
func kernelName() string { return active.name }
