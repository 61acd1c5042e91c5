package rnn

import (
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
