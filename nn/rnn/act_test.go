package rnn

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestFastExp compares fastExp with math.Exp across its whole range and at the edges.
func TestFastExp(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	worst := 0.0
	check := func(x float64) {
		got, want := fastExp(x), math.Exp(x)
		v := []float64{x}
		expInPlace(v)
		if math.Float64bits(v[0]) != math.Float64bits(got) && !(math.IsNaN(v[0]) && math.IsNaN(got)) {
			t.Fatalf("expInPlace(%v) = %v, fastExp %v", x, v[0], got)
		}
		if math.IsInf(want, 0) || want == 0 || math.IsNaN(want) {
			if got != want && !(math.IsNaN(got) && math.IsNaN(want)) {
				t.Fatalf("fastExp(%v) = %v, want %v", x, got, want)
			}
			return
		}
		if e := math.Abs(got-want) / want; e > worst {
			worst = e
		}
	}
	for i := 0; i < 200000; i++ {
		check(1400*rng.Float64() - 700)
		check(4*rng.Float64() - 2)
	}
	for _, x := range []float64{0, -0.0, 1e-300, -1e-300, 708.9, 709.5, -707.9, -745.2, -800, 800, math.Inf(1), math.Inf(-1), math.NaN()} {
		check(x)
	}
	if worst > 1e-15 {
		t.Errorf("fastExp: largest relative error %.3g > 1e-15 (about 4 ulp)", worst)
	}
}

// TestActivations checks tanh, sigmoid and GELU against math's functions and the GELU
// derivative against a central difference.
func TestActivations(t *testing.T) {
	for x := -30.0; x <= 30; x += 0.01 {
		if d := math.Abs(tanh(x) - math.Tanh(x)); d > 5e-16 {
			t.Fatalf("tanh(%v) off by %.3g", x, d)
		}
		if d := math.Abs(sigmoid(x) - 1/(1+math.Exp(-x))); d > 3e-16 {
			t.Fatalf("sigmoid(%v) off by %.3g", x, d)
		}
		const h = 1e-5
		num := (gelu(x+h) - gelu(x-h)) / (2 * h)
		if d := math.Abs(geluGrad(x) - num); d > 1e-9 {
			t.Fatalf("gelu'(%v) = %v, central difference %v", x, geluGrad(x), num)
		}
	}
}
