package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"

	"github.com/warpkit/warpkit/datasets"
	"github.com/warpkit/warpkit/experiment"
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
	model  nn.SequenceModel
	data   *datasets.Dataset
	test   *experiment.TestSet // the split, as the model reads it, and its context
	states []string            // state names, x0, x1, ... when the file names none
}

// load opens the run and the split the flags name, and settles the context (0: the run's own).
func (f *runInputFlags) load(cmd string) (*forecastInputs, error) {
	run, data, split, context := *f.run, *f.data, *f.split, *f.context
	if run == "" {
		return nil, fmt.Errorf("%s: --run: %w: no run folder given", cmd, errUsage)
	}
	r, err := experiment.LoadRun(run)
	if err != nil {
		return nil, fmt.Errorf("%s: --run %s: %w", cmd, run, err)
	}
	d, err := openDataset(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", cmd, err)
	}
	if _, err := d.Split(split); err != nil {
		return nil, fmt.Errorf("%s: --split %s: %w", cmd, split, err)
	}
	if context == 0 {
		context = r.Context
	}
	ts, err := experiment.NewTestSet(d, split, context)
	if err != nil {
		return nil, fmt.Errorf("%s: --context %d: %w: %w", cmd, context, errUsage, err)
	}
	return &forecastInputs{model: r.Model, data: d, test: ts, states: stateNames(d.States, ts.Seq.D)}, nil
}

// subsetResult is an experiment.Errors as eval --json prints it.
func subsetResult(e *experiment.Errors) *evalSubset {
	if e == nil {
		return nil
	}
	return &evalSubset{N: e.N, MSE: metric(e.MSE), MAE: metric(e.MAE), PersistenceMSE: metric(e.PersistenceMSE)}
}

func runEval(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("eval", "--run RUNDIR --data FILE [--split test] [--context C] [--json]", stderr)
	inputs := defineRunInputFlags(fs)
	asJSON := fs.Bool("json", false, "print one JSON object")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	in, err := inputs.load("eval")
	if err != nil {
		return err
	}
	model, seq, c := in.model, in.test.Seq, in.test.Context
	ev, err := in.test.Evaluate(model)
	if err != nil {
		return fmt.Errorf("eval: %w", err)
	}
	r := evalResult{Model: model.Kind(), Params: nn.CountParams(model.Params()), Split: *inputs.split, N: seq.N, Context: c,
		MSE: metric(ev.All.MSE), MAE: metric(ev.All.MAE), PersistenceMSE: metric(ev.All.PersistenceMSE), PersistenceMAE: metric(ev.All.PersistenceMAE),
		InTrainRange: subsetResult(ev.InRange), BeyondTrainRange: subsetResult(ev.BeyondRange)}
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
