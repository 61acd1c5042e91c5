//go:build amd64 && !purego

package warp

import "golang.org/x/sys/cpu"

// swishAVX2 is swishScalar four elements at a time, for i < len(pre) rounded down to four,
// with the same operations in the same order (so the same bits). It stops before the first
// group of four holding a value whose −x is outside the fast range (or a NaN) and returns
// how many it wrote. c holds the constants (see expConsts), tab the 2^(j/256) table.
//
//go:noescape
func swishAVX2(pre, sig, post []float64, c *[expConstCount]float64, tab *[expTable]float64) int

// vecAVX2 reports whether swishAVX2 can run.
var vecAVX2 = cpu.X86.HasAVX2

func swishVec(pre, sig, post []float64) int {
	if !vecAVX2 {
		return 0
	}
	return swishAVX2(pre, sig, post, &expConsts, &exp2Table)
}
