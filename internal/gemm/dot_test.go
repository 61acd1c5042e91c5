package gemm

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestDot checks Dot against a plain sum to the rounding of its terms, and against dotGo to
// the bit (the assembly where the kernel has it), with every kernel this machine runs, over
// lengths around the sixteen-wide loop.
func TestDot(t *testing.T) {
	eachKernel(t, testDot)
	mustPanic(t, "Dot with a short y", func() { Dot(make([]float64, 3), make([]float64, 2)) })
}

func testDot(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 18))
	for _, n := range []int{0, 1, 3, 15, 16, 17, 31, 32, 33, 338} {
		x, y := make([]float64, n), make([]float64, n+1)
		want, scale := 0.0, 0.0
		for i := range x {
			x[i], y[i] = rng.NormFloat64(), rng.NormFloat64()
			want += x[i] * y[i]
			scale += math.Abs(x[i] * y[i])
		}
		got := Dot(x, y)
		if math.Abs(got-want) > 1e-14*scale {
			t.Errorf("n=%d: Dot = %v, want %v", n, got, want)
		}
		if ref := dotGo(x, y); math.Float64bits(got) != math.Float64bits(ref) {
			t.Errorf("%s: n=%d: Dot = %v, dotGo gives %v", active.isa, n, got, ref)
		}
	}
}
