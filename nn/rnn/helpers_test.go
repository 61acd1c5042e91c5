package rnn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/warpkit/warpkit/nn"
)

// randomBatch draws N sequences of T smooth-ish points in D channels around mean with scale std.
func randomBatch(n, t, d int, seed uint64) *nn.Sequences {
	rng := rand.New(rand.NewPCG(seed, 7))
	s := &nn.Sequences{N: n, T: t, D: d, X: make([]float64, n*t*d), Times: make([]float64, t)}
	for k := range s.Times {
		s.Times[k] = float64(k) / float64(t-1)
	}
	for i := 0; i < n; i++ {
		for j := 0; j < d; j++ {
			ph, f := rng.Float64()*2*math.Pi, 1+rng.Float64()
			for k := 0; k < t; k++ {
				s.X[(i*t+k)*d+j] = 3 + 2*math.Sin(2*math.Pi*f*s.Times[k]+ph) + 0.1*rng.NormFloat64()
			}
		}
	}
	return s
}

func mustNew(t *testing.T, c Config) *Model {
	t.Helper()
	m, err := New(c)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// gradCheck4 compares the analytic gradient that Loss accumulates with a fourth-order
// central difference, (8(f(θ+h) − f(θ−h)) − (f(θ+2h) − f(θ−2h)))/(12h), whose truncation
// error O(h⁴) allows a step large enough to keep rounding noise far below 1e-6. It checks
// up to perParam seeded entries of each parameter and returns the largest relative error
// |a − n| / max(|a|, |n|, 1e-4) and where it occurred.
func gradCheck4(t *testing.T, m nn.SequenceModel, batch *nn.Sequences, opt nn.LossOptions, step float64, perParam int) (float64, string) {
	t.Helper()
	loss := func() float64 {
		l, err := m.Loss(batch, opt, rand.New(rand.NewPCG(11, 13)))
		if err != nil {
			t.Fatal(err)
		}
		return l
	}
	ps := m.Params()
	nn.ZeroGrad(ps)
	loss()
	analytic := make([][]float64, len(ps))
	for i, p := range ps {
		analytic[i] = append([]float64(nil), p.Grad...)
	}
	pick := rand.New(rand.NewPCG(17, 19))
	worst, where := 0.0, ""
	for i, p := range ps {
		idx := pick.Perm(len(p.Data))
		if len(idx) > perParam {
			idx = idx[:perParam]
		}
		for _, j := range idx {
			orig := p.Data[j]
			h := step * math.Max(1, math.Abs(orig))
			at := func(x float64) float64 { p.Data[j] = x; return loss() }
			num := (8*(at(orig+h)-at(orig-h)) - (at(orig+2*h) - at(orig-2*h))) / (12 * h)
			p.Data[j] = orig
			a := analytic[i][j]
			rel := math.Abs(a-num) / math.Max(math.Max(math.Abs(a), math.Abs(num)), 1e-4)
			if !(rel <= worst) {
				worst, where = rel, fmt.Sprintf("%s[%d]: analytic %.10g, numeric %.10g", p.Name, j, a, num)
			}
		}
	}
	return worst, where
}
