package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"time"

	"github.com/warpkit/warpkit/datasets"
	"github.com/warpkit/warpkit/internal/progress"
)

func init() {
	register(command{name: "gen", summary: "generate a dataset (the paper's or a YAML spec) to HDF5, Arrow, Parquet or NumPy", run: runGen})
}

func runGen(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("gen", "--dataset NAME | --spec FILE --out PATH [--format h5|arrow|parquet|npz|npy] [--scale S] [--n-train N --n-test N --n-val N] [--seed S] [--method M --rtol R --atol A] [--shard I/N] [--workers W] [--compress] [--force] [--quiet]", stderr)
	name := fs.String("dataset", "", "built-in dataset: "+strings.Join(datasets.BuiltinNames(), ", "))
	specFile := fs.String("spec", "", "YAML spec file of a user-defined dataset")
	output := defineDatasetOutputFlags(fs, "output `file` (a folder or prefix for npy); missing folders are created")
	scale := fs.Float64("scale", 1, "multiply every split's size (e.g. 0.01 for a small version)")
	var nTrain, nTest, nVal optionalCount
	fs.Var(&nTrain, "n-train", "`count` of trajectories in the train split (default: the spec's; 0 drops it)")
	fs.Var(&nTest, "n-test", "`count` of trajectories in the test split (default: the spec's; 0 drops it)")
	fs.Var(&nVal, "n-val", "`count` of trajectories in the validation split (default: the spec's; added with the train split's distributions if the spec has none)")
	seed := fs.Uint64("seed", 0, "seed of the spec (default: the spec's)")
	method := fs.String("method", "", "solver method (default: the spec's, else "+datasets.DefaultMethod+")")
	rtol := fs.Float64("rtol", 0, fmt.Sprintf("relative tolerance (default: the spec's, else %g)", datasets.DefaultRTol))
	atol := fs.Float64("atol", 0, fmt.Sprintf("absolute tolerance (default: the spec's, else %g)", datasets.DefaultATol))
	shard := fs.String("shard", "", "generate only slice `I/N` of the dataset, I counted from 0 (the 4 slices of --shard I/4 are 0/4, 1/4, 2/4 and 3/4); warpkit merge joins them")
	workers := fs.Int("workers", runtime.GOMAXPROCS(0), "solver goroutines (the result does not depend on it)")
	quiet := fs.Bool("quiet", false, "no progress or summary")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	set := flagsGiven(fs)

	var spec *datasets.Spec
	var err error
	switch {
	case (*name == "") == (*specFile == ""):
		return fmt.Errorf("gen: %w: give exactly one of --dataset (%s) or --spec FILE", errUsage, strings.Join(datasets.BuiltinNames(), ", "))
	case *name != "":
		if spec, err = datasets.Builtin(*name); err != nil {
			return fmt.Errorf("gen: --dataset: %w: %v", errUsage, err)
		}
	default:
		if spec, err = datasets.LoadSpec(*specFile); err != nil {
			return fmt.Errorf("gen: --spec: %w", err)
		}
	}
	out := *output.out
	if out == "" {
		return fmt.Errorf("gen: %w: --out is required", errUsage)
	}
	if set["seed"] {
		spec.Seed = *seed
	}
	if set["method"] {
		spec.Method = *method
	}
	if set["rtol"] {
		spec.RTol = *rtol
	}
	if set["atol"] {
		spec.ATol = *atol
	}
	if set["scale"] {
		if err := spec.Scale(*scale); err != nil {
			return fmt.Errorf("gen: --scale: %w: %v", errUsage, err)
		}
	}
	for _, s := range []struct {
		flag, split string
		n           optionalCount
	}{{"n-train", "train", nTrain}, {"n-test", "test", nTest}, {"n-val", "val", nVal}} {
		if s.n.set {
			if err := spec.SetSize(s.split, s.n.n); err != nil {
				return fmt.Errorf("gen: --%s: %w: %v", s.flag, errUsage, err)
			}
		}
	}
	if err := spec.Validate(); err != nil {
		return fmt.Errorf("gen: %w", err)
	}
	var sh datasets.Shard
	if *shard != "" {
		if sh, err = datasets.ParseShard(*shard); err != nil {
			return fmt.Errorf("gen: --shard: %w: %v", errUsage, err)
		}
	}
	if *workers < 1 {
		return fmt.Errorf("gen: --workers: %w: want at least 1, got %d", errUsage, *workers)
	}
	// Refuse an existing output before the work, not after it.
	wopt, err := output.prepare("--out", out)
	if err != nil {
		return fmt.Errorf("gen: %w", err)
	}
	opt := datasets.GenerateOptions{Workers: *workers, Shard: sh}
	// A bar on a terminal; a log gets nothing until the summary below.
	rec := progress.New(stderr, *quiet)
	rec.Init()
	opt.Progress = func(done, total int) {
		rec.Record(progress.Event{Label: "gen " + spec.Name, Done: done, Total: total})
	}
	start := time.Now()
	shapes, err := datasets.GenerateFile(ctx, spec, opt, out, wopt)
	rec.Done()
	if err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("gen: interrupted; nothing written: %w", ctx.Err())
		}
		return fmt.Errorf("gen: %w", err)
	}
	if !*quiet {
		fmt.Fprintf(stdout, "wrote %s (%s) in %.2fs:", out, wopt.Format, time.Since(start).Seconds())
		for _, s := range shapes {
			fmt.Fprintf(stdout, " %s (%d, %d, %d)", s.Name, s.N, s.T, s.D)
		}
		fmt.Fprintln(stdout)
	}
	return nil
}

// checkInputs reports missing input files before any work, naming them.
func checkInputs(paths ...string) error {
	for _, p := range paths {
		if _, err := os.Stat(p); err != nil {
			if errors.Is(err, os.ErrNotExist) {
				return fmt.Errorf("%s: no such file", p)
			}
			return err
		}
	}
	return nil
}
