package cli

import (
	"context"
	"fmt"
	"io"

	"github.com/warpkit/warpkit/warp"
)

func init() {
	register(command{name: "weights", summary: "write a trained WARP run's weight trajectories θ_t as a tidy Arrow table", run: runWeights})
}

func runWeights(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("weights", "--run RUNDIR --data FILE --out W.(arrow|h5) [--split test] [--context C]", stderr)
	inputs := defineRunInputFlags(fs)
	out := fs.String("out", "", "output `file`: Arrow IPC (.arrow, one row per trajectory and step, one column per weight) or HDF5 (.h5: <split>/weights (N,T,D) with the names in its attribute names)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	ext, err := outFile("weights", *out, ".arrow", ".h5", ".hdf5")
	if err != nil {
		return err
	}
	in, err := inputs.load("weights")
	if err != nil {
		return err
	}
	model, seq, c := in.model, in.test.Seq, in.test.Context
	wm, ok := model.(*warp.Model)
	if !ok {
		return fmt.Errorf("weights: --run %s: %w: model kind %q is not WARP", *inputs.run, errUsage, model.Kind())
	}
	if isH5(ext) {
		err = writeWeightsH5(*out, *inputs.split, wm, seq, c)
	} else {
		err = wm.WriteWeightsArrow(*out, seq, c)
	}
	if err != nil {
		return fmt.Errorf("weights: %w", err)
	}
	fmt.Fprintf(stdout, "wrote %d rows (%d trajectories × %d steps, %d weights, context %d) to %s\n", seq.N*seq.T, seq.N, seq.T, wm.NumWeights(), c, *out)
	return nil
}
