// Package fastexp computes e^x over a row of float64s, and the sigmoid and tanh built on it,
// faster than a math.Exp call per element: from a table of 2^(j/256) and a short polynomial
// (as in glibc and Tang 1989), four at a time in AVX2 assembly where the CPU has it. The
// scalar loops perform the same operations in the same order as the assembly, so every build
// and CPU gives the same bits. Results agree with math.Exp to a few ulp, far below what
// gradients need. The gate activations of nn/rnn and the swish of WARP's root network use it.
package fastexp

import "math"

const (
	expTable   = 256
	expInvL    = expTable / math.Ln2
	expL1      = 6.93147180369123816490e-01 / expTable // fdlibm's ln2 high part (low 32 bits zero), so k·expL1 is exact
	expL2      = 1.90821492927058770002e-10 / expTable // and the rest of ln2
	expShifter = 0x1.8p52                              // adding it rounds to an integer held in the low mantissa bits
	// expLo and expHi bound the fast range: there 2^(k>>8) is a normal number, and
	// k + 1023·256 is not negative, which the assembly's logical shift needs.
	expLo = -708
	expHi = 709
	// expConstCount is the number of constants the assembly reads.
	expConstCount = 12
)

var exp2Table = func() (t [expTable]float64) {
	for j := range t {
		t[j] = math.Exp2(float64(j) / expTable)
	}
	return t
}()

// expConsts are expScalar's constants for the assembly, in the order it loads them; the two
// integers are stored as their bits.
var expConsts = [expConstCount]float64{
	expInvL, expShifter, expL1, expL2, 1, 1.0 / 2, 1.0 / 6, 1.0 / 24, expLo, expHi,
	math.Float64frombits(expTable - 1), math.Float64frombits(1023 * expTable),
}

// InFastRange reports whether Exp computes e^v by the table (and the assembly's bits) rather
// than by math.Exp: −708 < v < 709, not NaN.
func InFastRange(v float64) bool { return v > expLo && v < expHi }

// Exp replaces every x[i] by e^x[i]: four at a time in assembly where the CPU has AVX2, the
// rest (and any group of four holding a value outside the fast range) by the scalar loop,
// which computes the same bits.
func Exp(x []float64) {
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

// expScalar is Exp one element at a time; outside the fast range it calls math.Exp. The
// conversions keep the compiler from fusing a product and a sum (the assembly rounds each).
func expScalar(x []float64) {
	for i, v := range x {
		if !InFastRange(v) {
			x[i] = math.Exp(v)
			continue
		}
		t := float64(v*expInvL) + expShifter
		k := int64(math.Float64bits(t) - math.Float64bits(expShifter))
		kf := t - expShifter
		r := (v - float64(kf*expL1)) - float64(kf*expL2)
		// |r| ≤ ln2/512: the next term is < 4e-17.
		p := float64(r*(1.0/24)) + 1.0/6
		p = float64(r*p) + 1.0/2
		p = float64(r*p) + 1
		p = float64(r*p) + 1
		x[i] = float64(p*exp2Table[k&(expTable-1)]) * math.Float64frombits(uint64(k>>8+1023)<<52)
	}
}

// RecipOnePlus replaces every x[i] by 1/(1 + x[i]): given x[i] = e^−a, that is σ(a).
func RecipOnePlus(x []float64) {
	for i := recipOnePlusVec(x); i < len(x); i++ {
		x[i] = 1 / (1 + x[i])
	}
}

// TanhFromExp replaces every x[i] by 1 − 2/(1 + x[i]): given x[i] = e^2a, that is tanh(a)
// (absolute error an ulp of 1).
func TanhFromExp(x []float64) {
	for i := tanhFromExpVec(x); i < len(x); i++ {
		x[i] = 1 - 2/(1+x[i])
	}
}
