//go:build !amd64 || purego

package gemm

import "github.com/warpkit/warpkit/internal/cpu"

// This build has no assembly: the AVX kernels keep their geometry (for the planning tests)
// but no function, and cpu.Supported never offers them.
var kernelAVX2, kernelAVX512 kernelFunc

func dotFor(cpu.Kernel) func(x, y []float64) float64 { return dotGo }

func axpyFor(cpu.Kernel) func(alpha float64, x, y []float64) { return axpyGo }
