package warp

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/warpkit/warpkit/nn"
)

// TestSwishRow checks swishRow against nn.Sigmoid (math.Exp) to a few ulp, over lengths with
// and without a tail of four, values across the fast range and outside it (where it falls
// back to nn.Sigmoid exactly). That the assembly gives the scalar loop's bits is
// internal/fastexp's test.
func TestSwishRow(t *testing.T) {
	rng := rand.New(rand.NewPCG(31, 32))
	special := []float64{0, math.Copysign(0, -1), 1e-300, -1e-300, 707.9, -708.9, 708.5, -709.5, 800, -800, math.Inf(1), math.Inf(-1), math.NaN()}
	for _, n := range []int{0, 1, 3, 4, 5, 8, 13, 64} {
		for trial := 0; trial < 20; trial++ {
			pre := make([]float64, n)
			for i := range pre {
				switch rng.IntN(4) {
				case 0:
					pre[i] = special[rng.IntN(len(special))]
				case 1:
					pre[i] = 60 * (2*rng.Float64() - 1)
				default:
					pre[i] = 4 * rng.NormFloat64()
				}
			}
			sig, post := make([]float64, n), make([]float64, n)
			swishRow(pre, sig, post)
			for i, v := range pre {
				want := nn.Sigmoid(v)
				if math.IsNaN(v) {
					if !math.IsNaN(sig[i]) || !math.IsNaN(post[i]) {
						t.Fatalf("σ(NaN) = %v, swish %v; want NaN", sig[i], post[i])
					}
					continue
				}
				if d := math.Abs(sig[i] - want); d > 1e-15*want {
					t.Fatalf("σ(%v) = %v, want %v (relative error %.2g)", v, sig[i], want, d/want)
				}
				if wantPost := v * want; math.Abs(post[i]-wantPost) > 1.5e-15*math.Abs(wantPost) {
					t.Fatalf("swish(%v) = %v, want %v", v, post[i], wantPost)
				}
			}
		}
	}
}
