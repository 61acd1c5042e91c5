package rnn

import "math"

// The gate activations are most of the elementwise cost of a step, and math.Exp is not
// inlined, so exp is computed here from a table of 2^(j/64) and a short polynomial (as in
// glibc and Tang 1989). It agrees with math.Exp to a few ulp, far below what gradients need.

const (
	expTable   = 64
	expInvL    = expTable / math.Ln2
	expL1      = 6.93147180369123816490e-01 / expTable // fdlibm's ln2 high part (low 32 bits zero), so k·expL1 is exact
	expL2      = 1.90821492927058770002e-10 / expTable // and the rest of ln2
	expShifter = 0x1.8p52                              // adding it rounds to an integer held in the low mantissa bits
)

var exp2Table = func() (t [expTable]float64) {
	for j := range t {
		t[j] = math.Exp2(float64(j) / expTable)
	}
	return t
}()

// fastExp is e^x.
func fastExp(x float64) float64 {
	if !(x > -708 && x < 709) { // extremes, ±Inf and NaN
		return math.Exp(x)
	}
	t := x*expInvL + expShifter
	k := int64(math.Float64bits(t) - math.Float64bits(expShifter))
	kf := t - expShifter
	r := (x - kf*expL1) - kf*expL2 // |r| ≤ ln2/128
	p := 1 + r*(1+r*(1.0/2+r*(1.0/6+r*(1.0/24+r*(1.0/120+r*(1.0/720))))))
	return p * exp2Table[k&(expTable-1)] * math.Float64frombits(uint64(k>>6+1023)<<52)
}

// expInPlace replaces every x[i] by e^x[i]. The body of fastExp is repeated in the loop so
// that nothing is called per element (fastExp is too large to inline) and consecutive
// elements overlap in the pipeline.
func expInPlace(x []float64) {
	for i, v := range x {
		if !(v > -708 && v < 709) {
			x[i] = math.Exp(v)
			continue
		}
		t := v*expInvL + expShifter
		k := int64(math.Float64bits(t) - math.Float64bits(expShifter))
		kf := t - expShifter
		r := (v - kf*expL1) - kf*expL2
		p := 1 + r*(1+r*(1.0/2+r*(1.0/6+r*(1.0/24+r*(1.0/120+r*(1.0/720))))))
		x[i] = p * exp2Table[k&(expTable-1)] * math.Float64frombits(uint64(k>>6+1023)<<52)
	}
}

// sigmoid is 1/(1 + e^−x).
func sigmoid(x float64) float64 { return 1 / (1 + fastExp(-x)) }

// tanh is 1 − 2/(1 + e^2x); its absolute error is an ulp of 1, fine next to other rounding.
func tanh(x float64) float64 { return 1 - 2/(1+fastExp(2*x)) }

// gelu is GELU in the tanh form, x·½(1 + tanh(√(2/π)(x + 0.044715x³))), the default of
// JAX's jax.nn.gelu, which the LRU authors used.
func gelu(x float64) float64 {
	return 0.5 * x * (1 + tanh(geluC*(x+0.044715*x*x*x)))
}

// geluGrad is d gelu/dx.
func geluGrad(x float64) float64 {
	th := tanh(geluC * (x + 0.044715*x*x*x))
	return 0.5*(1+th) + 0.5*x*(1-th*th)*geluC*(1+3*0.044715*x*x)
}

const geluC = 0.7978845608028654 // √(2/π)
