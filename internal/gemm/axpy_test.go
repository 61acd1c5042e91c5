package gemm

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestAxpy checks the exported Axpy against math.FMA, element by element and to the bit,
// over lengths that cover the vector loop and its tail, with every kernel this machine runs.
func TestAxpy(t *testing.T) {
	eachKernel(t, testAxpy)
	mustPanic(t, "Axpy with a short x", func() { Axpy(1, make([]float64, 2), make([]float64, 3)) })
}

func testAxpy(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, n := range []int{0, 1, 3, 15, 16, 17, 64, 192, 257} {
		x := make([]float64, n+2) // longer x is allowed; only len(y) elements change
		y := make([]float64, n)
		for i := range x {
			x[i] = rng.NormFloat64()
		}
		for i := range y {
			y[i] = rng.NormFloat64()
		}
		want := make([]float64, n)
		for i := range want {
			want[i] = math.FMA(-0.7, x[i], y[i])
		}
		Axpy(-0.7, x, y)
		for i := range y {
			if math.Float64bits(y[i]) != math.Float64bits(want[i]) {
				t.Fatalf("%s: n=%d: y[%d] = %v, want %v", active.isa, n, i, y[i], want[i])
			}
		}
	}
}
