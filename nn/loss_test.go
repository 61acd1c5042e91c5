package nn

import (
	"math"
	"testing"
)

func TestLossClosedForms(t *testing.T) {
	pred := []float64{1, 2, 3, 4}
	target := []float64{0, 2, 5, 3}
	if got := MSE(pred, target, nil, 1); got != (1+0+4+1)/4.0 {
		t.Errorf("MSE = %g, want 1.5", got)
	}
	if got := MAE(pred, target, nil, 1); got != (1+0+2+1)/4.0 {
		t.Errorf("MAE = %g, want 1", got)
	}
	// N(0,1) at 0: ½ log 2π.
	if got := GaussianNLL([]float64{0}, []float64{1}, []float64{0}, nil, nil, 1); math.Abs(got-0.5*math.Log(2*math.Pi)) > 1e-15 {
		t.Errorf("NLL = %.17g", got)
	}
	// σ=2, residual 2: ½ log 2π + log 2 + ½.
	if got := GaussianNLL([]float64{1}, []float64{2}, []float64{3}, nil, nil, 1); math.Abs(got-(0.5*math.Log(2*math.Pi)+math.Ln2+0.5)) > 1e-15 {
		t.Errorf("NLL = %.17g", got)
	}
	if got := GaussianNLL([]float64{1}, []float64{0}, []float64{3}, nil, nil, 1); !math.IsNaN(got) {
		t.Errorf("NLL with σ=0 = %g, want NaN", got)
	}
}

func TestLossGradCheck(t *testing.T) {
	rng := testRNG(7)
	n := 9
	target := randSlice(rng, n, 1)
	p := NewParam("pred", n)
	copy(p.Data, randSlice(rng, n, 1))
	for i := range p.Data { // keep MAE away from its kink
		if math.Abs(p.Data[i]-target[i]) < 0.05 {
			p.Data[i] += 0.1
		}
	}
	for name, loss := range map[string]PointLoss{"mse": MSE, "mae": MAE} {
		f := func() (float64, error) { return 0.7 * loss(p.Data, target, p.Grad, 0.7), nil }
		rel, worst, err := GradCheckFunc(f, []*Param{p}, GradCheckOptions{})
		if err != nil || rel > gradTol {
			t.Errorf("%s: rel %g at %+v", name, rel, worst)
		}
	}
	mu, sd := NewParam("mu", n), NewParam("sd", n)
	copy(mu.Data, randSlice(rng, n, 1))
	for i := range sd.Data {
		sd.Data[i] = 0.3 + rng.Float64()
	}
	f := func() (float64, error) { return GaussianNLL(mu.Data, sd.Data, target, mu.Grad, sd.Grad, 1), nil }
	rel, worst, err := GradCheckFunc(f, []*Param{mu, sd}, GradCheckOptions{})
	if err != nil || rel > gradTol {
		t.Errorf("nll: rel %g at %+v", rel, worst)
	}
}

func TestPointLossByName(t *testing.T) {
	if _, err := PointLossByName("huber"); err == nil {
		t.Fatal("unknown loss should be an error")
	}
}
