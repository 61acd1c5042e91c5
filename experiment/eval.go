package experiment

import (
	"fmt"
	"slices"

	"github.com/warpkit/warpkit/datasets"
	"github.com/warpkit/warpkit/nn"
)

// Errors are forecast errors on some trajectories, beside persistence's (the last true value
// carried forward), which any model should beat.
type Errors struct {
	N                              int
	MSE, MAE                       float64
	PersistenceMSE, PersistenceMAE float64
}

// TestSet is a split prepared for evaluating models after a fixed context: its trajectories,
// persistence's errors, and, when the file stores parameters and the split has trajectories
// both within and beyond the train split's ranges of them, those two subsets. Prepare it once
// and evaluate every model on it.
type TestSet struct {
	Split   string
	Seq     *nn.Sequences
	Context int
	// Persistence holds persistence's errors on the whole split, InRange and BeyondRange on
	// the two subsets (N 0 when a subset is empty or there is no such split, see Within).
	Persistence, InRange, BeyondRange Errors
	// Within marks the trajectories whose parameters all lie within the train split's ranges
	// (datasets.WithinTrainRanges); nil when the file stores no parameters or for the train
	// split itself.
	Within           []bool
	inSeq, beyondSeq *nn.Sequences
}

// NewTestSet prepares a split of ds for evaluation after context true steps.
func NewTestSet(ds *datasets.Dataset, split string, context int) (*TestSet, error) {
	seq, err := SplitSequences(ds, split)
	if err != nil {
		return nil, err
	}
	if context < 1 || context >= seq.T {
		return nil, fmt.Errorf("context %d must be in [1, %d) for %d time steps", context, seq.T, seq.T)
	}
	ts := &TestSet{Split: split, Seq: seq, Context: context}
	if ts.Persistence, err = persistence(seq, context); err != nil {
		return nil, err
	}
	if w := ds.WithinTrainRanges(split); w != nil {
		ts.Within = w
		ts.inSeq, ts.beyondSeq = seq.Select(w, true), seq.Select(w, false)
		if slices.Contains(w, true) {
			if ts.InRange, err = persistence(ts.inSeq, context); err != nil {
				return nil, err
			}
		}
		if slices.Contains(w, false) {
			if ts.BeyondRange, err = persistence(ts.beyondSeq, context); err != nil {
				return nil, err
			}
		}
	}
	return ts, nil
}

func persistence(s *nn.Sequences, context int) (Errors, error) {
	mse, mae, err := nn.PersistenceErrors(s, context)
	return Errors{N: s.N, PersistenceMSE: mse, PersistenceMAE: mae}, err
}

// Evaluation is a model's forecast of a test set and its errors.
type Evaluation struct {
	Pred *nn.Sequences // the forecast, shaped like the test set
	All  Errors
	// InRange and BeyondRange are the errors on the trajectories within and beyond the train
	// split's parameter ranges; nil when the test set has no such trajectories.
	InRange, BeyondRange *Errors
}

// Evaluate forecasts every trajectory of the test set after its context and measures the
// errors. A forecast that diverged on some trajectory has an infinite or NaN error.
func (ts *TestSet) Evaluate(model nn.SequenceModel) (*Evaluation, error) {
	pred, err := model.Forecast(ts.Seq, ts.Context)
	if err != nil {
		return nil, fmt.Errorf("%s: forecast: %w", model.Kind(), err)
	}
	if pred.N != ts.Seq.N || pred.T != ts.Seq.T || pred.D != ts.Seq.D || len(pred.X) != len(ts.Seq.X) {
		return nil, fmt.Errorf("%s returned shape (%d,%d,%d) for input (%d,%d,%d)", model.Kind(), pred.N, pred.T, pred.D, ts.Seq.N, ts.Seq.T, ts.Seq.D)
	}
	ev := &Evaluation{Pred: pred, All: ts.Persistence}
	if ev.All.MSE, ev.All.MAE, err = nn.ForecastErrors(pred, ts.Seq, ts.Context); err != nil {
		return nil, err
	}
	if ts.Within != nil {
		if ev.InRange, err = ts.subset(pred, ts.inSeq, ts.InRange, true); err != nil {
			return nil, err
		}
		if ev.BeyondRange, err = ts.subset(pred, ts.beyondSeq, ts.BeyondRange, false); err != nil {
			return nil, err
		}
	}
	return ev, nil
}

// subset is the errors on the trajectories with Within == want, or nil when there are none.
func (ts *TestSet) subset(pred, truth *nn.Sequences, pers Errors, want bool) (*Errors, error) {
	if truth.N == 0 {
		return nil, nil
	}
	e := pers
	var err error
	e.MSE, e.MAE, err = nn.ForecastErrors(pred.Select(ts.Within, want), truth, ts.Context)
	return &e, err
}
