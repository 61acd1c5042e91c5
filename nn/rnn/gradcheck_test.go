package rnn

import (
	"fmt"
	"testing"

	"github.com/warpkit/warpkit/nn"
	"github.com/warpkit/warpkit/nn/nntest"
)

// TestGradCheck compares every parameter's gradient with central finite differences, for
// every kind, teacher-forced and autoregressive, on a batch of 35 sequences (two chunks).
// A two-point difference cannot reach 1e-6 here (rounding noise of a loss summed over many
// terms against truncation), so this holds them to nntest.GradCheck's four-point difference;
// nn's two-point GradCheck is run as a second opinion at a looser tolerance.
func TestGradCheck(t *testing.T) {
	batch := randomBatch(35, 7, 2, 1)
	cases := []struct {
		name     string
		residual bool
		opt      nn.LossOptions
		n        int
	}{
		{"forced", true, nn.LossOptions{ForcingProb: 1}, 35},
		{"free", true, nn.LossOptions{ForcingProb: 0.4, Context: 2}, 35},
		{"free-direct", false, nn.LossOptions{ForcingProb: 0}, 35},
		// few residuals, so that no |x̂ − x| crosses its kink at 0 within the step
		{"forced-mae", false, nn.LossOptions{ForcingProb: 1, Loss: "mae"}, 2},
	}
	for _, kind := range Kinds {
		for _, tc := range cases {
			t.Run(fmt.Sprintf("%s/%s", kind, tc.name), func(t *testing.T) {
				c := Config{Kind: kind, D: 2, Hidden: 5, Layers: 2, Residual: tc.residual, // the second layer has 5 > smallSide inputs: its projection is a GEMM
					Mean: []float64{3, 2.5}, Std: []float64{2, 1.5}, Seed: 3}
				m := mustNew(t, c)
				b := batch
				if tc.n != batch.N {
					b = randomBatch(tc.n, batch.T, batch.D, 1)
				}
				step := nntest.GradStep
				if tc.opt.Loss == "mae" {
					step = nntest.KinkStep // few terms keep rounding low
				}
				nntest.GradCheck(t, m, b, tc.opt, step, 11)
				worst2, where, err := nn.GradCheck(m, b, tc.opt, nn.GradCheckOptions{Seed: 5, MaxPerParam: 12, Step: 1e-5})
				if err != nil {
					t.Fatal(err)
				}
				if worst2 > 1e-5 {
					t.Errorf("nn.GradCheck: max relative gradient error %.3g > 1e-5 at %v", worst2, where)
				}
			})
		}
	}
}

// TestGradCheckDetectsWrongGradient makes sure the check above can fail: a gradient that is
// off in one entry must be reported.
func TestGradCheckDetectsWrongGradient(t *testing.T) {
	batch := randomBatch(3, 5, 2, 2)
	m := mustNew(t, Config{Kind: "gru", D: 2, Hidden: 3, Layers: 1, Seed: 1})
	ps := m.Params()
	f := func() (float64, error) {
		l, err := m.Loss(batch, nn.LossOptions{ForcingProb: 1}, nil)
		ps[1].Grad[0] += 1e-3
		return l, err
	}
	worst, _, err := nn.GradCheckFunc(f, ps, nn.GradCheckOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if worst < 1e-4 {
		t.Errorf("a perturbed gradient passed with relative error %.3g", worst)
	}
}
