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

// TestVectorActivationsMatchScalar checks that the vector paths (assembly where the CPU has
// AVX2) give the scalar loops' bits, over lengths with tails and with out-of-range values and
// NaNs placed inside groups of four.
func TestVectorActivationsMatchScalar(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for _, n := range []int{0, 1, 3, 4, 5, 8, 63, 64, 191, 192} {
		xs := make([]float64, n)
		for i := range xs {
			xs[i] = 60*rng.Float64() - 30
		}
		if n > 10 {
			xs[5], xs[9] = -800, math.NaN()
			xs[n-1] = 709.5
		}
		got := append([]float64(nil), xs...)
		expInPlace(got)
		want := append([]float64(nil), xs...)
		expScalar(want)
		sameBits(t, "exp", n, got, want)

		e := append([]float64(nil), want...)
		sigmoidFromExp(e)
		e2 := append([]float64(nil), want...)
		tanhFromExp(e2)
		for i, v := range want {
			if s := 1 / (1 + v); math.Float64bits(s) != math.Float64bits(e[i]) && !(math.IsNaN(s) && math.IsNaN(e[i])) {
				t.Fatalf("n=%d: sigmoidFromExp[%d] = %v, want %v", n, i, e[i], s)
			}
			if s := 1 - 2/(1+v); math.Float64bits(s) != math.Float64bits(e2[i]) && !(math.IsNaN(s) && math.IsNaN(e2[i])) {
				t.Fatalf("n=%d: tanhFromExp[%d] = %v, want %v", n, i, e2[i], s)
			}
		}
	}
	in := []float64{0.5, -3, 2, 7, 1, 1, 1, 1}
	if k := expVec(in); k == 0 {
		t.Log("no vector exp in this build or on this CPU: only the scalar path ran")
	} else if k != len(in) {
		t.Errorf("expVec did %d of %d in-range values", k, len(in))
	}
}

func sameBits(t *testing.T, what string, n int, got, want []float64) {
	t.Helper()
	for i := range want {
		if math.Float64bits(got[i]) != math.Float64bits(want[i]) && !(math.IsNaN(got[i]) && math.IsNaN(want[i])) {
			t.Fatalf("%s n=%d: [%d] = %v, want %v", what, n, i, got[i], want[i])
		}
	}
}

// TestBackRowsMatchScalar checks that the vector backward rows of the GRU and the LSTM give
// the scalar loops' bits, for widths with and without a tail. (The scalar loops themselves
// are checked against the textbook equations and finite differences by the model tests.)
func TestBackRowsMatchScalar(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	fill := func(n int) []float64 {
		s := make([]float64, n)
		for i := range s {
			s[i] = 2*rng.Float64() - 1
		}
		return s
	}
	for _, h := range []int{1, 4, 7, 64} {
		g, hn, dout, carry, hprev := fill(3*h), fill(h), fill(h), fill(h), fill(h)
		g2, hn2, carry2 := append([]float64(nil), g...), append([]float64(nil), hn...), append([]float64(nil), carry...)
		gruBackRow(g, hn, dout, carry, hprev)
		gruBackScalar(g2, hn2, dout, carry2, hprev, 0)
		sameBits(t, "gru g", h, g, g2)
		sameBits(t, "gru hn", h, hn, hn2)
		sameBits(t, "gru carry", h, carry, carry2)

		g, tc, dh, dc, cp := fill(4*h), fill(h), fill(h), fill(h), fill(h)
		g2, dh2, dc2 := append([]float64(nil), g...), append([]float64(nil), dh...), append([]float64(nil), dc...)
		lstmBackRow(g, tc, dout, dh, dc, cp)
		lstmBackScalar(g2, tc, dout, dh2, dc2, cp, 0)
		sameBits(t, "lstm g", h, g, g2)
		sameBits(t, "lstm dh", h, dh, dh2)
		sameBits(t, "lstm dc", h, dc, dc2)
	}
}
