//go:build amd64 && !purego

package gemm

import "golang.org/x/sys/cpu"

// kernelAVX2 computes a 6×8 tile: twelve ymm accumulators, two for B and two broadcasts
// of A fill the sixteen ymm registers.
//
//go:noescape
func kernelAVX2(k int, a, b, c []float64, ldc int, alpha, beta float64)

// kernelAVX512 computes a 12×16 tile: 24 zmm accumulators, two for B and four rotating
// broadcasts of A. On Zen 4 a zmm FMA costs two ymm ones, so the gain over AVX2 is fewer
// loads and broadcasts per FMA rather than wider arithmetic.
//
//go:noescape
func kernelAVX512(k int, a, b, c []float64, ldc int, alpha, beta float64)

var (
	avx2Kernel = &kernel{name: "avx2-6x8", mr: 6, nr: 8, mc: 120, kc: 256, nc: 4080, fn: kernelAVX2}
	// Every kernel uses kc = 256: where C is updated between k blocks must not depend on
	// the kernel, or results would differ from machine to machine.
	avx512Kernel = &kernel{name: "avx512-12x16", mr: 12, nr: 16, mc: 240, kc: 256, nc: 4096, fn: kernelAVX512}
)

func hasAVX2() bool   { return cpu.X86.HasAVX2 && cpu.X86.HasFMA }
func hasAVX512() bool { return hasAVX2() && cpu.X86.HasAVX512F }

func cpuid(leaf, subleaf uint32) (eax, ebx, ecx, edx uint32)

// axpyFMA is axpyGo in AVX2+FMA assembly.
//
//go:noescape
func axpyFMA(alpha float64, x, y []float64)

// dotFMA is dotGo in AVX2+FMA assembly.
//
//go:noescape
func dotFMA(x, y []float64) float64

// axpy is the fused axpy the skinny path uses.
var axpy = bestAxpy()

// dot is Dot's implementation.
var dot = bestDot()

func bestDot() func(x, y []float64) float64 {
	if hasAVX2() {
		return dotFMA
	}
	return dotGo
}

func bestAxpy() func(alpha float64, x, y []float64) {
	if hasAVX2() {
		return axpyFMA
	}
	return axpyGo
}

// halfWidthAVX512 reports an AMD CPU before Zen 5 (family 0x1A), whose cores split each
// 512-bit FMA into two 256-bit halves. There the 12×16 kernel has no arithmetic advantage,
// and on a Zen 4 EPYC whole products ran faster with the 6×8 AVX2 kernel (see
// benchmarks/RESULTS.md).
func halfWidthAVX512() bool {
	_, b, c, d := cpuid(0, 0)
	if b != 0x68747541 || d != 0x69746e65 || c != 0x444d4163 { // "AuthenticAMD"
		return false
	}
	eax, _, _, _ := cpuid(1, 0)
	family := eax >> 8 & 0xf
	if family == 0xf {
		family += eax >> 20 & 0xff
	}
	return family < 0x1a
}

func bestKernel() *kernel {
	switch {
	case hasAVX512() && !halfWidthAVX512():
		return avx512Kernel
	case hasAVX2():
		return avx2Kernel
	}
	return goKernel
}

// kernels lists every micro-kernel this build and CPU can run, for tests.
func kernels() []*kernel {
	ks := []*kernel{goKernel}
	if hasAVX2() {
		ks = append(ks, avx2Kernel)
	}
	if hasAVX512() {
		ks = append(ks, avx512Kernel)
	}
	return ks
}
