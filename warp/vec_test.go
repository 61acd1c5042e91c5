package warp

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/warpkit/warpkit/internal/gemm"
)

// TestDot compares dot with a plain sum, to the rounding of the sum's terms, over lengths on
// both sides of dotShort.
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

// TestDotShortIsGemmDot checks that the inline sum below dotShort returns gemm.Dot's bits,
// signed zeros and cancellations included.
func TestDotShortIsGemmDot(t *testing.T) {
	rng := rand.New(rand.NewPCG(23, 24))
	for n := 0; n <= dotShort+1; n++ {
		for trial := 0; trial < 50; trial++ {
			x, y := make([]float64, n), make([]float64, n)
			for i := range x {
				x[i], y[i] = rng.NormFloat64(), rng.NormFloat64()
				switch rng.IntN(6) {
				case 0:
					x[i] = math.Copysign(0, -1)
				case 1:
					if i > 0 { // cancel the previous term exactly
						x[i], y[i] = -x[i-1], y[i-1]
					}
				}
			}
			if got, want := dot(x, y), gemm.Dot(x, y); math.Float64bits(got) != math.Float64bits(want) {
				t.Fatalf("n=%d: dot(%v, %v) = %v, gemm.Dot gives %v", n, x, y, got, want)
			}
		}
	}
}
