package warp

import (
	"math"

	"github.com/warpkit/warpkit/internal/gemm"
)

// dotShort is the length below which dot sums inline: gemm.Dot's sixteen partial sums
// stay zero and only its tail loop runs, so the call and the final tree are pure cost (a
// width-8 root network's dots are of length 1 and 8).
const dotShort = 16

// dot is Σ x_i·y_i over len(x): gemm.Dot, vector fused multiply-adds in a fixed order.
// Below dotShort it runs gemm.Dot's tail loop here: the same fused multiply-adds from +0,
// which never yield −0, so adding Dot's zero partial sums changes nothing and the bits are
// Dot's.
func dot(x, y []float64) float64 {
	if len(x) < dotShort {
		y = y[:len(x)]
		var t float64
		for i, xi := range x {
			t = math.FMA(xi, y[i], t)
		}
		return t
	}
	return gemm.Dot(x, y)
}
