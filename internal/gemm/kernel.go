package gemm

// kernelFunc multiplies an mr×k packed micro-panel of A by a k×nr packed micro-panel of B
// and writes alpha·AB + beta·C into the mr×nr tile at c (row stride ldc). When beta is ±0 it
// must not read C, so NaNs already in C never leak into the result.
type kernelFunc func(k int, a, b, c []float64, ldc int, alpha, beta float64)

// kernel describes one micro-kernel and the cache blocking that suits it: mc×kc of packed A
// should sit in L2 and kc×nr of packed B in L1.
type kernel struct {
	name       string
	mr, nr     int
	mc, kc, nc int
	fn         kernelFunc
}

// goKernel is the portable fallback; it is always compiled so that tests on amd64 can
// exercise the same packing and edge logic that the purego build uses.
var goKernel = &kernel{name: "go4x4", mr: 4, nr: 4, mc: 128, kc: 256, nc: 2048, fn: kernelGo4x4}

// active is the kernel Dgemm uses; chosen once at init from the CPU's features.
var active = bestKernel()

// kernelName reports which micro-kernel Dgemm uses, for benchmarks and diagnostics.
func kernelName() string { return active.name }
