package warp

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/warpkit/warpkit/internal/gemm"
)

// TestDotIsGemmDot checks that dot returns gemm.Dot's bits, signed zeros and cancellations
// included: the inline sum below dotShort, and the call above it. How close gemm.Dot is to the
// exact sum is gemm's test.
func TestDotIsGemmDot(t *testing.T) {
	rng := rand.New(rand.NewPCG(23, 24))
	lengths := []int{338} // a width-16 depth-2 root network's D
	for n := range dotShort + 2 {
		lengths = append(lengths, n)
	}
	for _, n := range lengths {
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
