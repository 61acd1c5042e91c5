package nntest

import (
	"math/rand/v2"
	"testing"

	"github.com/warpkit/warpkit/nn"
	"github.com/warpkit/warpkit/nn/rnn"
)

// skewed scales the gradient that each Loss call adds to its model's first parameter by
// 1 + rel: a backward pass with a term off by that fraction.
type skewed struct {
	nn.SequenceModel
	rel float64
}

func (s skewed) Loss(batch *nn.Sequences, opt nn.LossOptions, rng *rand.Rand) (float64, error) {
	g := s.Params()[0].Grad
	before := append([]float64(nil), g...)
	l, err := s.SequenceModel.Loss(batch, opt, rng)
	for i := range g {
		g[i] = before[i] + (g[i]-before[i])*(1+s.rel)
	}
	return l, err
}

// TestGradCheckCatchesSkewedGradient makes sure GradCheck can fail: a GRU's gradient passes
// as it is and fails when one parameter's gradient is off by 10 times GradTolerance, in
// teacher-forced and free-running training.
func TestGradCheckCatchesSkewedGradient(t *testing.T) {
	batch := &nn.Sequences{N: 3, T: 6, D: 2, X: make([]float64, 3*6*2), Times: make([]float64, 6)}
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range batch.X {
		batch.X[i] = rng.NormFloat64()
	}
	for k := range batch.Times {
		batch.Times[k] = float64(k)
	}
	m, err := rnn.New(rnn.Config{Kind: "gru", D: 2, Hidden: 4, Layers: 1, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, opt := range []nn.LossOptions{{ForcingProb: 1}, {ForcingProb: 0.5, Context: 2}} {
		worst, where, err := gradError(m, batch, opt, GradStep, 3)
		if err != nil {
			t.Fatal(err)
		}
		if worst > GradTolerance {
			t.Errorf("forcing %g: right gradient fails with %.3g at %v", opt.ForcingProb, worst, where)
		}
		bad := skewed{m, 10 * GradTolerance}
		worst, where, err = gradError(bad, batch, opt, GradStep, 3)
		if err != nil {
			t.Fatal(err)
		}
		if worst <= GradTolerance || where.Param != m.Params()[0].Name {
			t.Errorf("forcing %g: gradient off by %g passes: worst %.3g at %v", opt.ForcingProb, bad.rel, worst, where)
		}
	}
}
