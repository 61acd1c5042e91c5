package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"

	"github.com/warpkit/warpkit/datasets"
	"github.com/warpkit/warpkit/nn"
)

func init() {
	register(command{name: "eval", summary: "forecast error of a trained run on a dataset split, beside persistence", run: runEval})
}

// metric is an error that may not be finite: a forecast that diverged on some trajectory
// has an infinite or NaN MSE, which JSON cannot hold, so it is written as null.
type metric float64

// MarshalJSON writes null for NaN and ±Inf.
func (m metric) MarshalJSON() ([]byte, error) {
	v := float64(m)
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return []byte("null"), nil
	}
	return json.Marshal(v)
}

// evalResult is what `warpkit eval --json` prints; an error that is not finite (a forecast
// that diverged) is null there.
type evalResult struct {
	Model          string `json:"model"`
	Params         int    `json:"params"`
	Split          string `json:"split"`
	N              int    `json:"n"`
	Context        int    `json:"context"`
	MSE            metric `json:"mse"`
	MAE            metric `json:"mae"`
	PersistenceMSE metric `json:"persistence_mse"`
	PersistenceMAE metric `json:"persistence_mae"`
	// InTrainRange and BeyondTrainRange split the trajectories by whether every parameter lies
	// within the training split's range of it: interpolation against extrapolation. Absent
	// when the file stores no parameters, or for the train split itself.
	InTrainRange     *evalSubset `json:"in_train_range,omitempty"`
	BeyondTrainRange *evalSubset `json:"beyond_train_range,omitempty"`
}

// evalSubset is the forecast error on some of a split's trajectories.
type evalSubset struct {
	N              int    `json:"n"`
	MSE            metric `json:"mse"`
	MAE            metric `json:"mae"`
	PersistenceMSE metric `json:"persistence_mse"`
}

// forecastInputs is what eval, forecast and weights start from.
type forecastInputs struct {
	model   nn.SequenceModel
	data    *datasets.Dataset
	seq     *nn.Sequences // the split, as the model reads it
	context int
	states  []string // state names, x0, x1, ... when the file names none
}

// loadForecastInputs opens a run and a split and settles the context (0: the run's own).
// The dataset's state names come back too, for output columns.
func loadForecastInputs(cmd, run, data, split string, context int) (*forecastInputs, error) {
	model, rc, err := loadRun(run)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", cmd, err)
	}
	d, err := openDataset(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", cmd, err)
	}
	seq, err := splitSequences(d, split)
	if err != nil {
		return nil, fmt.Errorf("%s: --split %s: %w", cmd, split, err)
	}
	if context == 0 {
		context = rc.Train.Context
	}
	if context < 1 || context >= seq.T {
		return nil, fmt.Errorf("%s: --context %d: %w: must be in [1, %d) for %d time steps", cmd, context, errUsage, seq.T, seq.T)
	}
	return &forecastInputs{model: model, data: d, seq: seq, context: context, states: stateNames(d.States, seq.D)}, nil
}

// subsetErrors is the forecast and persistence error on the trajectories n with keep[n] ==
// want, or nil when there are none.
func subsetErrors(pred, truth *nn.Sequences, context int, keep []bool, want bool) (*evalSubset, error) {
	p, y := pred.Select(keep, want), truth.Select(keep, want)
	if y.N == 0 {
		return nil, nil
	}
	mse, mae, err := nn.ForecastErrors(p, y, context)
	if err != nil {
		return nil, err
	}
	pmse, _, err := nn.PersistenceErrors(y, context)
	if err != nil {
		return nil, err
	}
	return &evalSubset{N: y.N, MSE: metric(mse), MAE: metric(mae), PersistenceMSE: metric(pmse)}, nil
}

func runEval(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("eval", "--run RUNDIR --data FILE [--split test] [--context C] [--json]", stderr)
	run := fs.String("run", "", "run folder written by `warpkit train`")
	data := fs.String("data", "", "dataset file")
	split := fs.String("split", "test", "split to evaluate")
	ctxSteps := fs.Int("context", 0, "true steps before the forecast runs on its own (0: the run's training context)")
	asJSON := fs.Bool("json", false, "print one JSON object")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	in, err := loadForecastInputs("eval", *run, *data, *split, *ctxSteps)
	if err != nil {
		return err
	}
	model, seq, c := in.model, in.seq, in.context
	pred, err := model.Forecast(seq, c)
	if err != nil {
		return fmt.Errorf("eval: %s: forecast: %w", model.Kind(), err)
	}
	r := evalResult{Model: model.Kind(), Params: nn.CountParams(model.Params()), Split: *split, N: seq.N, Context: c}
	mse, mae, err := nn.ForecastErrors(pred, seq, c)
	if err != nil {
		return fmt.Errorf("eval: %w", err)
	}
	pmse, pmae, err := nn.PersistenceErrors(seq, c)
	if err != nil {
		return fmt.Errorf("eval: %w", err)
	}
	r.MSE, r.MAE, r.PersistenceMSE, r.PersistenceMAE = metric(mse), metric(mae), metric(pmse), metric(pmae)
	if keep := in.data.WithinTrainRanges(*split); keep != nil {
		if r.InTrainRange, err = subsetErrors(pred, seq, c, keep, true); err != nil {
			return fmt.Errorf("eval: %w", err)
		}
		if r.BeyondTrainRange, err = subsetErrors(pred, seq, c, keep, false); err != nil {
			return fmt.Errorf("eval: %w", err)
		}
	}
	if *asJSON {
		b, err := json.Marshal(r)
		if err != nil {
			return fmt.Errorf("eval: %w", err)
		}
		_, err = fmt.Fprintln(stdout, string(b))
		return err
	}
	fmt.Fprintf(stdout, "%s (%d params) on %s split, %d trajectories, forecast after %d steps\n", r.Model, r.Params, r.Split, r.N, r.Context)
	fmt.Fprintf(stdout, "%-12s %12s %12s\n", "", "mse", "mae")
	fmt.Fprintf(stdout, "%-12s %12.6g %12.6g\n", "model", r.MSE, r.MAE)
	fmt.Fprintf(stdout, "%-12s %12.6g %12.6g\n", "persistence", r.PersistenceMSE, r.PersistenceMAE)
	for _, sub := range []struct {
		name string
		e    *evalSubset
	}{{"parameters within the train split's ranges", r.InTrainRange}, {"parameters beyond them", r.BeyondTrainRange}} {
		if sub.e != nil {
			fmt.Fprintf(stdout, "%d trajectories with %s: mse %.6g, mae %.6g (persistence mse %.6g)\n", sub.e.N, sub.name, sub.e.MSE, sub.e.MAE, sub.e.PersistenceMSE)
		}
	}
	return nil
}
