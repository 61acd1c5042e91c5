package rnn

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestExpInPlace compares expInPlace with math.Exp across its whole range and at the edges.
func TestExpInPlace(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var xs []float64
	for i := 0; i < 200000; i++ {
		xs = append(xs, 1400*rng.Float64()-700, 4*rng.Float64()-2)
	}
	xs = append(xs, 0, math.Copysign(0, -1), 1e-300, -1e-300, 708.9, 709.5, -707.9, -745.2, -800, 800, math.Inf(1), math.Inf(-1), math.NaN())
	got := append([]float64(nil), xs...)
	expInPlace(got)
	worst := 0.0
	for i, x := range xs {
		want := math.Exp(x)
		if math.IsInf(want, 0) || want == 0 || math.IsNaN(want) {
			if got[i] != want && !(math.IsNaN(got[i]) && math.IsNaN(want)) {
				t.Fatalf("exp(%v) = %v, want %v", x, got[i], want)
			}
			continue
		}
		if e := math.Abs(got[i]-want) / want; e > worst {
			worst = e
		}
	}
	if worst > 1e-15 {
		t.Errorf("largest relative error %.3g > 1e-15 (about 4 ulp)", worst)
	}
}

// TestGELUDerivative checks k'(x) and the GELU derivative used in postBack against central
// differences of x·σ(k(x)), and gelu against its tanh form.
func TestGELUDerivative(t *testing.T) {
	sig := func(x float64) float64 { return 1 / (1 + math.Exp(-x)) }
	gelu := func(x float64) float64 { return x * sig(geluK(x)) }
	for x := -8.0; x <= 8; x += 0.01 {
		tanhForm := 0.5 * x * (1 + math.Tanh(math.Sqrt(2/math.Pi)*(x+0.044715*x*x*x)))
		if d := math.Abs(gelu(x) - tanhForm); d > 1e-15*math.Max(1, math.Abs(x)) {
			t.Fatalf("gelu(%v) = %v, tanh form %v", x, gelu(x), tanhForm)
		}
		const h = 1e-5
		if num := (geluK(x+h) - geluK(x-h)) / (2 * h); math.Abs(num-geluKPrime(x)) > 1e-8*math.Max(1, math.Abs(num)) {
			t.Fatalf("k'(%v) = %v, central difference %v", x, geluKPrime(x), num)
		}
		s := sig(geluK(x))
		grad := s + x*s*(1-s)*geluKPrime(x) // the expression of postBack
		if num := (gelu(x+h) - gelu(x-h)) / (2 * h); math.Abs(num-grad) > 1e-9 {
			t.Fatalf("gelu'(%v) = %v, central difference %v", x, grad, num)
		}
	}
}

func BenchmarkExpInPlace(b *testing.B) {
	x := make([]float64, 4096)
	for b.Loop() {
		for i := range x {
			x[i] = float64(i%200)/20 - 5
		}
		expInPlace(x)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(x)), "ns/exp")
}
