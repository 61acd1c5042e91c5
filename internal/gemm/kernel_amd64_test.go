//go:build amd64 && !purego

package gemm

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/warpkit/warpkit/internal/cpu"
)

// TestAxpyFMAMatchesGo compares the assembly axpy with math.FMA element by element, over
// lengths that exercise the 16-wide loop and the scalar tail.
func TestAxpyFMAMatchesGo(t *testing.T) {
	if !cpu.AVX2.Runs() {
		t.Skip("no AVX2+FMA")
	}
	rng := rand.New(rand.NewPCG(43, 44))
	for _, n := range []int{0, 1, 3, 15, 16, 17, 33, 100} {
		x := randSlice(rng, n+2)
		y := randSlice(rng, n)
		want := append([]float64(nil), y...)
		axpyGo(0.3, x, want)
		axpyFMA(0.3, x, y)
		for i := range y {
			if math.Float64bits(y[i]) != math.Float64bits(want[i]) {
				t.Fatalf("n=%d: y[%d] = %v, want %v", n, i, y[i], want[i])
			}
		}
	}
}
