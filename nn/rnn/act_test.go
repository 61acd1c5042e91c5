package rnn

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/warpkit/warpkit/internal/cpu"
	"github.com/warpkit/warpkit/internal/cpu/cputest"
)

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

// TestBackRowsMatchScalar checks that the vector backward rows of the GRU and the LSTM give
// the scalar loops' bits, with every kernel this machine runs, for widths with and without
// a tail. (The scalar loops themselves are checked against the textbook equations and finite
// differences by the model tests.)
func TestBackRowsMatchScalar(t *testing.T) {
	for _, k := range cpu.Supported() {
		t.Run(k.String(), func(t *testing.T) {
			withKernel(t, k)
			testBackRowsMatchScalar(t)
		})
	}
}

func testBackRowsMatchScalar(t *testing.T) {
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
		cputest.SameBits(t, "gru g", h, g, g2)
		cputest.SameBits(t, "gru hn", h, hn, hn2)
		cputest.SameBits(t, "gru carry", h, carry, carry2)

		g, tc, dh, dc, cp := fill(4*h), fill(h), fill(h), fill(h), fill(h)
		g2, dh2, dc2 := append([]float64(nil), g...), append([]float64(nil), dh...), append([]float64(nil), dc...)
		lstmBackRow(g, tc, dout, dh, dc, cp)
		lstmBackScalar(g2, tc, dout, dh2, dc2, cp, 0)
		cputest.SameBits(t, "lstm g", h, g, g2)
		cputest.SameBits(t, "lstm dh", h, dh, dh2)
		cputest.SameBits(t, "lstm dc", h, dc, dc2)
	}
}
