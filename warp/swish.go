package warp

import (
	"math"

	"github.com/warpkit/warpkit/nn"
)

// The root network's swish is most of its forward cost at small widths: a math.Exp call and
// a division per hidden unit. swishRow computes a layer's σ and swish together, four units
// at a time in assembly where the CPU has AVX2, with e^x from a table of 2^(j/256) and a
// short polynomial (the approach of nn/rnn's gate activations, after glibc and Tang 1989).
// It agrees with nn.Sigmoid to a few ulp; the scalar code below performs the same
// operations in the same order as the assembly, so every build gives the same bits.

const (
	expTable   = 256
	expInvL    = expTable / math.Ln2
	expL1      = 6.93147180369123816490e-01 / expTable // fdlibm's ln2 high part (low 32 bits zero), so k·expL1 is exact
	expL2      = 1.90821492927058770002e-10 / expTable // and the rest of ln2
	expShifter = 0x1.8p52                              // adding it rounds to an integer held in the low mantissa bits
	// expLo and expHi bound the fast range: there 2^(k>>8) is a normal number and
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

// expConsts are swishScalar's constants for the assembly, in the order it loads them; the
// two integers are stored as their bits.
var expConsts = [expConstCount]float64{
	expInvL, expShifter, expL1, expL2, 1, 1.0 / 2, 1.0 / 6, 1.0 / 24, expLo, expHi,
	math.Float64frombits(expTable - 1), math.Float64frombits(1023 * expTable),
}

// swishRow writes sig[i] = σ(pre[i]) and post[i] = pre[i]·σ(pre[i]) for i < len(pre).
func swishRow(pre, sig, post []float64) {
	sig, post = sig[:len(pre)], post[:len(pre)]
	i := 0
	for len(pre)-i >= 4 {
		i += swishVec(pre[i:], sig[i:], post[i:])
		if len(pre)-i < 4 {
			break
		}
		// A group holding a value outside the fast range (or a NaN) goes through the
		// scalar code, which gives its in-range values the assembly's bits.
		swishScalar(pre[i:i+4], sig[i:i+4], post[i:i+4])
		i += 4
	}
	swishScalar(pre[i:], sig[i:], post[i:])
}

// swishScalar is swishRow one element at a time. The conversions keep the compiler from
// fusing a product and a sum (the assembly rounds each).
func swishScalar(pre, sig, post []float64) {
	for i, v := range pre {
		u := 0 - v
		if !(u > expLo && u < expHi) {
			s := nn.Sigmoid(v)
			sig[i], post[i] = s, v*s
			continue
		}
		t := float64(u*expInvL) + expShifter
		k := int64(math.Float64bits(t) - math.Float64bits(expShifter))
		kf := t - expShifter
		r := (u - float64(kf*expL1)) - float64(kf*expL2)
		// |r| ≤ ln2/512: the next term is < 4e-17.
		p := float64(r*(1.0/24)) + 1.0/6
		p = float64(r*p) + 1.0/2
		p = float64(r*p) + 1
		p = float64(r*p) + 1
		e := float64(p*exp2Table[k&(expTable-1)]) * math.Float64frombits(uint64(k>>8+1023)<<52)
		s := 1 / (1 + e)
		sig[i], post[i] = s, v*s
	}
}
