//go:build amd64 && !purego

package fastexp

import "github.com/warpkit/warpkit/internal/cpu"

// expAVX2 replaces x[i] by e^x[i], four at a time, with the same operations in the same
// order as expScalar (so the same bits). It stops before the first group of four holding a
// value outside the fast range (or a NaN) and returns how many it replaced.
// c holds the constants (see expConsts), tab the 2^(j/256) table.
//
//go:noescape
func expAVX2(x []float64, c *[expConstCount]float64, tab *[expTable]float64) int

// recipOnePlusAVX2 replaces x[i] by 1/(1 + x[i]) for i < len(x) rounded down to four.
//
//go:noescape
func recipOnePlusAVX2(x []float64)

// tanhFromExpAVX2 replaces x[i] by 1 − 2/(1 + x[i]) for i < len(x) rounded down to four.
//
//go:noescape
func tanhFromExpAVX2(x []float64)

// vecAVX2 reports whether the assembly above runs: the process's kernel (internal/cpu) is
// AVX2 or above. Tests switch it with withKernel.
var vecAVX2 = vecFor(cpu.Active())

func vecFor(k cpu.Kernel) bool { return k >= cpu.AVX2 }

func expVec(x []float64) int {
	if !vecAVX2 {
		return 0
	}
	return expAVX2(x, &expConsts, &exp2Table)
}

func recipOnePlusVec(x []float64) int {
	if !vecAVX2 {
		return 0
	}
	recipOnePlusAVX2(x)
	return len(x) &^ 3
}

func tanhFromExpVec(x []float64) int {
	if !vecAVX2 {
		return 0
	}
	tanhFromExpAVX2(x)
	return len(x) &^ 3
}
