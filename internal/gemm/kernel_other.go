//go:build !amd64 || purego

package gemm

func bestKernel() *kernel { return goKernel }

// axpy is the fused axpy the skinny path uses.
var axpy = axpyGo

// dot is Dot's implementation.
var dot = dotGo

// kernels lists every micro-kernel this build and CPU can run, for tests.
func kernels() []*kernel { return []*kernel{goKernel} }
