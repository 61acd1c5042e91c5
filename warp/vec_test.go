package warp

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestDot compares dot with a plain sum, over lengths with and without a tail of the
// four-way loop, to the rounding of the sum's terms.
func TestDot(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	for _, n := range []int{0, 1, 3, 4, 7, 338} {
		x, y := make([]float64, n), make([]float64, n+1)
		want, scale := 0.0, 0.0
		for i := range x {
			x[i], y[i] = rng.NormFloat64(), rng.NormFloat64()
			want += x[i] * y[i]
			scale += math.Abs(x[i] * y[i])
		}
		if got := dot(x, y); math.Abs(got-want) > 1e-14*scale {
			t.Errorf("n=%d: dot = %v, want %v", n, got, want)
		}
	}
}
