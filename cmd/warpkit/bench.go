package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/warpkit/warpkit/benchmarks"
)

func init() {
	register(command{name: "bench", summary: "reproduce the WARP paper's dynamical-system comparison (tables, plots, Arrow/Parquet results)", run: runBench})
}

func splitList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

func runBench(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("bench", "[--suite dynamics] [--preset quick|msd10m|paper] [--datasets a,b] [--models a,b] [--seeds N] [--out DIR]", stderr)
	suite := fs.String("suite", "dynamics", "suite to run (dynamics)")
	preset := fs.String("preset", "quick", "size preset: quick (about 9 minutes on 2 cores), msd10m (MSD at 2048/512 trajectories, 10 minutes per model: about 30 minutes) or paper (the paper's sizes; GPU-scale)")
	dsList := fs.String("datasets", "", "comma-separated datasets to run (default: all of the suite; 'sine' selects the whole SINE sweep)")
	modelList := fs.String("models", "", "comma-separated models to run (default: warp,warp-phys,gru,lstm,lru)")
	seeds := fs.Int("seeds", 0, "seeds per cell (default: the preset's, 3)")
	out := fs.String("out", "", "output folder (default bench-out/<preset>); rerunning resumes, skipping finished cells")
	quiet := fs.Bool("quiet", false, "no progress output")
	workers := fs.Int("workers", 0, "solver goroutines for data generation (default: all cores)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	s, err := benchmarks.NewSuite(*suite, *preset)
	if err != nil {
		return fmt.Errorf("bench: %w: %v", errUsage, err)
	}
	if err := s.Filter(splitList(*dsList), splitList(*modelList), *seeds); err != nil {
		return fmt.Errorf("bench: %w: %v", errUsage, err)
	}
	dir := *out
	if dir == "" {
		dir = filepath.Join("bench-out", *preset)
	}
	opt := benchmarks.RunOptions{Progress: stderr, Quiet: *quiet, Workers: *workers}
	if f, ok := stderr.(*os.File); ok {
		opt.Progress = f
	}
	if err := s.Run(ctx, dir, opt); err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	fmt.Fprintf(stdout, "wrote %s (README.md, table.md, table.tex, results.arrow, results.parquet, plots/)\n", dir)
	return nil
}
