package gemm

import "math"

// Dot returns Σ x[i]·y[i] over i < len(x). The sum is accumulated in sixteen interleaved
// partial sums with fused multiply-adds (the tail past a multiple of sixteen in one more)
// and the partial sums are added in a fixed tree, so the assembly and pure Go builds give
// the same bits. Like a BLAS routine it panics when y is shorter than x.
func Dot(x, y []float64) float64 {
	if len(y) < len(x) {
		panic("gemm: Dot: len(y) < len(x)")
	}
	return dot(x, y)
}

// dotGo is Dot in Go, in the assembly's order: lane l of the four vector accumulators is
// acc[l], acc[4+l], acc[8+l], acc[12+l].
func dotGo(x, y []float64) float64 {
	var acc [16]float64
	n := len(x) &^ 15
	y = y[:len(x)]
	for i := 0; i < n; i += 16 {
		xs, ys := x[i:i+16:i+16], y[i:i+16:i+16]
		for l := range acc {
			acc[l] = math.FMA(xs[l], ys[l], acc[l])
		}
	}
	var t float64
	for i := n; i < len(x); i++ {
		t = math.FMA(x[i], y[i], t)
	}
	var s [4]float64
	for l := range s {
		s[l] = (acc[l] + acc[4+l]) + (acc[8+l] + acc[12+l])
	}
	return ((s[0] + s[2]) + (s[1] + s[3])) + t
}
