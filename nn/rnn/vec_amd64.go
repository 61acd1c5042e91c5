//go:build amd64 && !purego

package rnn

import "github.com/warpkit/warpkit/internal/cpu"

// vecAVX2 reports whether the assembly below runs: the process's kernel (internal/cpu) is
// AVX2 or above. Tests switch it with withKernel.
var vecAVX2 = vecFor(cpu.Active())

func vecFor(k cpu.Kernel) bool { return k >= cpu.AVX2 }

// lstmBackAVX2 is lstmBackScalar for columns below len(tc) rounded down to four.
//
//go:noescape
func lstmBackAVX2(g, tc, dout, dh, dc, cp []float64)

// gruBackAVX2 is gruBackScalar for columns below len(hn) rounded down to four.
//
//go:noescape
func gruBackAVX2(g, hn, dout, carry, hprev []float64)

func lstmBackVec(g, tc, dout, dh, dc, cp []float64) int {
	if !vecAVX2 {
		return 0
	}
	lstmBackAVX2(g, tc, dout, dh, dc, cp)
	return len(tc) &^ 3
}

func gruBackVec(g, hn, dout, carry, hprev []float64) int {
	if !vecAVX2 {
		return 0
	}
	gruBackAVX2(g, hn, dout, carry, hprev)
	return len(hn) &^ 3
}
