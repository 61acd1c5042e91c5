package nn

import (
	"context"
	"errors"
	"math"
	"testing"
)

// A step limit inside an epoch ends that epoch there: 4 batches per epoch and 10 steps give
// two full epochs and a validated half one.
func TestFitStepLimit(t *testing.T) {
	train := linearData(32, 6, sysA, []float64{0.1, 0}, 0.05, 5)
	val := linearData(8, 6, sysA, []float64{0.1, 0}, 0.05, 6)
	res, err := Fit(context.Background(), newLinPred(2, 2), train, val, TrainConfig{Steps: 10, BatchSize: 8, LR: 0.05, Context: 2, Quiet: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Steps != 10 || res.Stopped != "steps" || len(res.History) != 3 || !res.History[2].Validated {
		t.Fatalf("%d steps, stopped %q, history %+v", res.Steps, res.Stopped, res.History)
	}
	// An epoch limit as well: the first one reached rules.
	res, err = Fit(context.Background(), newLinPred(2, 2), train, val, TrainConfig{Steps: 10, Epochs: 2, BatchSize: 8, LR: 0.05, Context: 2, Quiet: true})
	if err != nil || res.Steps != 8 || res.Stopped != "epochs" {
		t.Fatalf("%+v %v", res, err)
	}
}

// With no epoch limit and early stopping, training runs until Patience validations pass
// without a new best: starting at the validation system's exact dynamics and training on
// another system, validation only gets worse, so the run stops after 1+3 epochs holding
// epoch 1's weights.
func TestFitEarlyStopping(t *testing.T) {
	m, train, val := validationOnlyWorsens()
	res, err := Fit(context.Background(), m, train, val, TrainConfig{Steps: 1000, Patience: 3, BatchSize: 8, LR: 0.01, Context: 3, Quiet: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Stopped != "early stopping" || len(res.History) != 4 || res.BestEpoch != 1 {
		t.Fatalf("stopped %q after %d epochs, best %d", res.Stopped, len(res.History), res.BestEpoch)
	}
	pred, _ := m.Forecast(val, 3)
	if mse, _, _ := ForecastErrors(pred, val, 3); mse != res.History[0].ValMSE {
		t.Fatalf("model holds val mse %g, epoch 1 had %g", mse, res.History[0].ValMSE)
	}
}

// When the non-finite guard stops training, the model holds the best weights so far (those
// of epoch 1 here, validated before the NaN in epoch 2), not the last ones.
func TestFitNonFiniteStopKeepsBest(t *testing.T) {
	train := linearData(32, 6, sysA, []float64{0, 0}, 0.01, 6)
	val := linearData(8, 6, sysA, []float64{0, 0}, 0.01, 7)
	m := &nanModel{linPred: newLinPred(2, 1), at: 7}
	res, err := Fit(context.Background(), m, train, val, TrainConfig{Epochs: 5, BatchSize: 8, LR: 0.05, Context: 2, Quiet: true})
	if !errors.Is(err, ErrNonFinite) || res == nil || res.Stopped != "non-finite" || res.BestEpoch != 1 {
		t.Fatalf("%+v %v", res, err)
	}
	pred, _ := m.Forecast(val, 2)
	if mse, _, _ := ForecastErrors(pred, val, 2); mse != res.History[0].ValMSE || math.IsNaN(mse) {
		t.Fatalf("model holds val mse %g, epoch 1 had %g", mse, res.History[0].ValMSE)
	}
}
