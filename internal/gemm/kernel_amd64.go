//go:build amd64 && !purego

package gemm

import "golang.org/x/sys/cpu"

// kernelAVX2 computes a 6×8 tile: twelve ymm accumulators, two for B and two broadcasts
// of A fill the sixteen ymm registers.
//
//go:noescape
func kernelAVX2(k int, a, b, c []float64, ldc int, alpha, beta float64)

var avx2Kernel = &kernel{name: "avx2-6x8", mr: 6, nr: 8, mc: 120, kc: 256, nc: 4080, fn: kernelAVX2}

func bestKernel() *kernel {
	if cpu.X86.HasAVX2 && cpu.X86.HasFMA {
		return avx2Kernel
	}
	return goKernel
}

// kernels lists every micro-kernel this build and CPU can run, for tests.
func kernels() []*kernel {
	ks := []*kernel{goKernel}
	if cpu.X86.HasAVX2 && cpu.X86.HasFMA {
		ks = append(ks, avx2Kernel)
	}
	return ks
}
