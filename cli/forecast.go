package cli

import (
	"context"
	"fmt"
	"io"
	"math"

	"github.com/warpkit/warpkit/nn"
	"github.com/warpkit/warpkit/warp"
)

func init() {
	register(command{name: "forecast", summary: "write a trained run's forecasts next to the truth (Arrow, Parquet, CSV or HDF5)", run: runForecast})
}

func runForecast(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("forecast", "--run RUNDIR --data FILE --context C --out PRED.(arrow|parquet|csv|h5) [--split test]", stderr)
	inputs := defineRunInputFlags(fs)
	out := fs.String("out", "", "output `file`: a tidy table (.arrow, .parquet, .csv) or HDF5 (.h5: the truth as <split>/trajectories and the forecast as <split>/predictions, both (N,T,D))")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	ext, err := outFile("forecast", *out, ".arrow", ".parquet", ".csv", ".h5", ".hdf5")
	if err != nil {
		return err
	}
	in, err := inputs.load("forecast")
	if err != nil {
		return err
	}
	model, seq, c, states := in.model, in.test.Seq, in.test.Context, in.states
	ev, err := in.test.Evaluate(model)
	if err != nil {
		return fmt.Errorf("forecast: %w", err)
	}
	pred := ev.Pred
	// A WARP-Phys run also says which physical parameters it inferred at each step.
	var inferred *priorParams
	if wm, ok := model.(*warp.Model); ok && wm.Prior() != nil {
		vals, err := wm.PriorParams(seq, c)
		if err != nil {
			return fmt.Errorf("forecast: %s: %w", model.Kind(), err)
		}
		inferred = &priorParams{names: wm.Prior().RawNames(), values: vals}
	}
	if isH5(ext) {
		if err := writeForecastH5(*out, *inputs.split, model.Kind(), c, stateNames(states, seq.D), seq, pred, inferred); err != nil {
			return fmt.Errorf("forecast: %w", err)
		}
	} else if err := writeTable(*out, "--out", forecastColumns(*inputs.split, seq, pred, states, inferred)); err != nil {
		return fmt.Errorf("forecast: %w", err)
	}
	fmt.Fprintf(stdout, "wrote %d rows (%d trajectories × %d steps, context %d) to %s\n", seq.N*seq.T, seq.N, seq.T, c, *out)
	return nil
}

// stateNames falls back to x0, x1, ... when the dataset names no states.
func stateNames(names []string, d int) []string {
	if len(names) == d {
		return names
	}
	out := make([]string, d)
	for i := range out {
		out[i] = fmt.Sprintf("x%d", i)
	}
	return out
}

// priorParams are a WARP-Phys model's inferred physical parameters, (N, T, len(names)) as
// warp.Model.PriorParams returns them.
type priorParams struct {
	names  []string
	values []float64
}

// forecastColumns lays predictions out tidily: one row per (trajectory, step) with split,
// traj, step, t, then each state's truth and prediction, then (WARP-Phys) each inferred
// physical parameter as param_<name>, NaN at step 0.
func forecastColumns(split string, truth, pred *nn.Sequences, states []string, inferred *priorParams) []column {
	rows := truth.N * truth.T
	sp := make([]string, rows)
	traj, step := make([]int64, rows), make([]int64, rows)
	tt := make([]float64, rows)
	for n := 0; n < truth.N; n++ {
		for k := 0; k < truth.T; k++ {
			r := n*truth.T + k
			sp[r], traj[r], step[r] = split, int64(n), int64(k)
			if truth.Times != nil {
				tt[r] = truth.Times[k]
			} else {
				tt[r] = math.NaN()
			}
		}
	}
	cols := []column{{name: "split", strings: sp}, {name: "traj", ints: traj}, {name: "step", ints: step}, {name: "t", floats: tt}}
	for j, s := range states {
		y, p := make([]float64, rows), make([]float64, rows)
		for r := 0; r < rows; r++ {
			y[r], p[r] = truth.X[r*truth.D+j], pred.X[r*truth.D+j]
		}
		cols = append(cols, column{name: s, floats: y}, column{name: s + "_pred", floats: p})
	}
	if inferred != nil {
		P := len(inferred.names)
		for j, name := range inferred.names {
			v := make([]float64, rows)
			for r := range v {
				v[r] = inferred.values[r*P+j]
			}
			cols = append(cols, column{name: "param_" + name, floats: v})
		}
	}
	return cols
}
