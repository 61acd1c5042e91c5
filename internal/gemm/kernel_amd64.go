//go:build amd64 && !purego

package gemm

import "github.com/warpkit/warpkit/internal/cpu"

// kernelAVX2 is avx2Kernel's 6×8 tile in AVX2+FMA assembly (kernel_amd64.s).
//
//go:noescape
func kernelAVX2(k int, a, b, c []float64, ldc int, alpha, beta float64)

// kernelAVX512 is avx512Kernel's 12×16 tile in AVX-512F assembly (kernel512_amd64.s).
//
//go:noescape
func kernelAVX512(k int, a, b, c []float64, ldc int, alpha, beta float64)

// axpyFMA is axpyGo in AVX2+FMA assembly.
//
//go:noescape
func axpyFMA(alpha float64, x, y []float64)

// dotFMA is dotGo in AVX2+FMA assembly.
//
//go:noescape
func dotFMA(x, y []float64) float64

func dotFor(isa cpu.Kernel) func(x, y []float64) float64 {
	if isa >= cpu.AVX2 {
		return dotFMA
	}
	return dotGo
}

func axpyFor(isa cpu.Kernel) func(alpha float64, x, y []float64) {
	if isa >= cpu.AVX2 {
		return axpyFMA
	}
	return axpyGo
}
