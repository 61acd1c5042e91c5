package solvers

import "math"

// fastPow returns x^a for x > 0 to a relative accuracy of about 1e-5, which is all a
// step-size controller needs (OrdinaryDiffEq.jl's controllers use a fast power for the same
// reason); it costs a few multiplications instead of a Log and an Exp per step. Pure
// arithmetic, so it gives the same bits on every machine.
func fastPow(x, a float64) float64 {
	return fastExp2(a * fastLog2(x))
}

// fastLog2 is log2(x) for finite x > 0: the exponent plus 2·atanh(s)/ln 2 with
// s = (m−1)/(m+1) for the mantissa m ∈ [1, 2), summed to s⁷ (error below 2e-5).
func fastLog2(x float64) float64 {
	if x < 1e-300 {
		x = 1e-300
	}
	b := math.Float64bits(x)
	e := float64(int((b>>52)&0x7ff) - 1023)
	m := math.Float64frombits(b&0x000fffffffffffff | 0x3ff0000000000000)
	s := (m - 1) / (m + 1)
	s2 := s * s
	return e + s*(2/math.Ln2)*(1+s2*(1.0/3+s2*(1.0/5+s2*(1.0/7))))
}

// fastExp2 is 2^y for |y| ≤ 1000: the integer part goes into the exponent bits and 2^f for
// f ∈ [0, 1) comes from its Taylor series to degree 7 (error below 2e-6).
func fastExp2(y float64) float64 {
	y = max(-1000, min(1000, y))
	n := math.Floor(y)
	f := (y - n) * math.Ln2
	p := 1 + f*(1+f*(1.0/2+f*(1.0/6+f*(1.0/24+f*(1.0/120+f*(1.0/720+f*(1.0/5040)))))))
	return math.Float64frombits(uint64(int64(n)+1023)<<52) * p
}
