package rnn

import "math"

// The gate activations are most of the elementwise cost of a step, and math.Exp is a call
// per element, so exp is computed here a row at a time from a table of 2^(j/256) and a short
// polynomial (as in glibc and Tang 1989). It agrees with math.Exp to a few ulp, far below
// what gradients need. Sigmoid and tanh are written through it: σ(a) = 1/(1 + e^−a) and
// tanh(a) = 1 − 2/(1 + e^2a) (absolute error an ulp of 1, like the rest of the rounding).

const (
	expTable   = 256
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

// expInPlace replaces every x[i] by e^x[i]: four at a time in assembly where the CPU has
// AVX2, the rest (and any group of four holding a value outside the fast range) by
// expScalar, which computes the same bits.
func expInPlace(x []float64) {
	for len(x) >= 4 {
		k := expVec(x)
		x = x[k:]
		if len(x) < 4 {
			break
		}
		expScalar(x[:4])
		x = x[4:]
	}
	expScalar(x)
}

// expScalar is expInPlace one element at a time. The loop calls nothing per element, so
// consecutive elements overlap in the pipeline.
func expScalar(x []float64) {
	for i, v := range x {
		if !(v > expLo && v < expHi) {
			x[i] = math.Exp(v)
			continue
		}
		t := v*expInvL + expShifter
		k := int64(math.Float64bits(t) - math.Float64bits(expShifter))
		kf := t - expShifter
		r := (v - kf*expL1) - kf*expL2
		p := 1 + r*(1+r*(1.0/2+r*(1.0/6+r*(1.0/24)))) // |r| ≤ ln2/512: the next term is < 4e-17
		x[i] = p * exp2Table[k&(expTable-1)] * math.Float64frombits(uint64(k>>8+1023)<<52)
	}
}

// expLo and expHi bound the fast range: there 2^(k>>8) is a normal number, and k + 1023·256
// is not negative, which the assembly's logical shift needs.
const (
	expLo = -708
	expHi = 709
)

// expConstCount is the number of constants the assembly exp reads.
const expConstCount = 12

// expConsts are expScalar's constants for the assembly, in the order it loads them; the two
// integers are stored as their bits.
var expConsts = [expConstCount]float64{
	expInvL, expShifter, expL1, expL2, 1, 1.0 / 2, 1.0 / 6, 1.0 / 24, expLo, expHi,
	math.Float64frombits(expTable - 1), math.Float64frombits(1023 * expTable),
}

// sigmoidFromExp replaces every x[i] (an e^−a) by 1/(1 + x[i]) = σ(a).
func sigmoidFromExp(x []float64) {
	for i := recipOnePlusVec(x); i < len(x); i++ {
		x[i] = 1 / (1 + x[i])
	}
}

// tanhFromExp replaces every x[i] (an e^2a) by 1 − 2/(1 + x[i]) = tanh(a).
func tanhFromExp(x []float64) {
	for i := tanhFromExpVec(x); i < len(x); i++ {
		x[i] = 1 - 2/(1+x[i])
	}
}

// GELU in the tanh form, x·½(1 + tanh(√(2/π)(x + 0.044715x³))), the default of JAX's
// jax.nn.gelu, which the LRU authors used. Since ½(1 + tanh(u)) = σ(2u), gelu(x) = x·σ(k(x))
// with k(x) = 2√(2/π)(x + 0.044715x³).

// geluK is k(x).
func geluK(x float64) float64 { return 2 * geluC * (x + 0.044715*x*x*x) }

// geluKPrime is k'(x).
func geluKPrime(x float64) float64 { return 2 * geluC * (1 + 3*0.044715*x*x) }

const geluC = 0.7978845608028654 // √(2/π)
