package warp

import (
	"github.com/warpkit/warpkit/internal/fastexp"
	"github.com/warpkit/warpkit/nn"
)

// The root network's swish is most of its forward cost at small widths: a math.Exp call and
// a division per hidden unit. swishRow takes a layer's exps a row at a time from
// internal/fastexp (four at a time in assembly when the process's kernel, internal/cpu, is avx2 or above), which agrees with
// nn.Sigmoid to a few ulp and gives the same bits in every build.

// swishRow writes sig[i] = σ(pre[i]) and post[i] = pre[i]·σ(pre[i]) for i < len(pre).
func swishRow(pre, sig, post []float64) {
	sig, post = sig[:len(pre)], post[:len(pre)]
	for i, v := range pre {
		sig[i] = 0 - v
	}
	fastexp.Exp(sig)
	fastexp.RecipOnePlus(sig) // 1/(1 + e^−v) = σ(v)
	for i, v := range pre {
		if !fastexp.InFastRange(0 - v) {
			// Beyond the table's range (or NaN) nn.Sigmoid keeps e^v/(1+e^v)'s digits where
			// 1/(1+e^−v) would round a subnormal σ.
			sig[i] = nn.Sigmoid(v)
		}
		post[i] = v * sig[i]
	}
}
