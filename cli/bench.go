package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/warpkit/warpkit/benchmarks"
)

func init() {
	register(command{name: "bench", summary: "run a comparison suite (a preset or your own suite file): tables, plots, Arrow/Parquet results; `bench report` merges shards", run: runBench})
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
	if len(args) > 0 && args[0] == "report" {
		return runBenchReport(ctx, args[1:], stdout, stderr)
	}
	fs := newFlagSet("bench", "[--preset quick|msd10m|paper | --suite FILE.yaml] [--out DIR] [--shard I/N|auto] [--dry-run] [--datasets a,b] [--models a,b] [--seeds N]\n       warpkit bench report DIR [DIR...] --out DIR [--partial]", stderr)
	suiteFile := fs.String("suite", "", "suite file to run (YAML: datasets, models, seeds, budget; see the README); overrides --preset")
	preset := fs.String("preset", "quick", "built-in suite: "+strings.Join(benchmarks.Presets(), ", ")+" (quick: every model on MSD, MSD-Zero, LV and the SINE sweep at small sizes, for a laptop; msd10m: MSD at 2048/512 trajectories, each model trained as long as 10 minutes of wall clock gave it; paper: the paper's sizes and the authors' settings, GPU-scale). --dry-run estimates a suite's time; measured times are in benchmarks/RESULTS.md")
	dsList := fs.String("datasets", "", "comma-separated datasets to run (default: all of the suite; a sweep's name selects the whole sweep)")
	modelList := fs.String("models", "", "comma-separated model labels to run (default: all of the suite)")
	seeds := fs.Int("seeds", 0, "run seeds 0..N-1 instead of the suite's")
	out := fs.String("out", "", "output folder (default bench-out/<preset or suite name>); rerunning resumes, skipping finished cells; shards may share it")
	shardFlag := fs.String("shard", "", "run only part `I/N` of the cells (I is 0-based: 0/3, 1/3, 2/3), balanced by expected cost; 'auto' reads a Slurm array job's SLURM_ARRAY_TASK_ID (less SLURM_ARRAY_TASK_MIN) and SLURM_ARRAY_TASK_COUNT, or a Kubernetes Indexed Job's JOB_COMPLETION_INDEX and JOB_COMPLETIONS. A shard writes cells only: merge them with 'warpkit bench report'")
	dryRun := fs.Bool("dry-run", false, "print the resolved cells, their count and an estimated time, and train nothing")
	quiet := fs.Bool("quiet", false, "no progress output")
	workers := fs.Int("workers", 0, "solver goroutines for data generation (default: all cores)")
	parallel := fs.Int("parallel", 0, "cells trained at once (default: one per core); results do not depend on it")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	var s *benchmarks.Suite
	var err error
	name := *preset
	if *suiteFile != "" {
		s, err = benchmarks.LoadSuite(*suiteFile)
		name = strings.TrimSuffix(filepath.Base(*suiteFile), filepath.Ext(*suiteFile))
	} else {
		s, err = benchmarks.LoadPreset(*preset)
	}
	if err != nil {
		if *suiteFile != "" {
			return fmt.Errorf("bench --suite: %w: %v", errUsage, err)
		}
		return fmt.Errorf("bench --preset: %w: %v", errUsage, err)
	}
	if err := s.Filter(splitList(*dsList), splitList(*modelList), *seeds); err != nil {
		return fmt.Errorf("bench: %w: %v", errUsage, err)
	}
	var shard benchmarks.Shard
	if *shardFlag != "" {
		if shard, err = benchmarks.ParseShard(*shardFlag, os.Getenv); err != nil {
			return fmt.Errorf("bench --shard: %w: %v", errUsage, err)
		}
	}
	if *dryRun {
		par := *parallel
		if par <= 0 {
			par = runtime.NumCPU()
		}
		return s.DryRun(stdout, shard, par)
	}
	dir := *out
	if dir == "" {
		dir = filepath.Join("bench-out", name)
	}
	opt := benchmarks.RunOptions{Progress: stderr, Quiet: *quiet, Workers: *workers, Parallel: *parallel, Shard: shard}
	if err := s.Run(ctx, dir, opt); err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	if shard.Count > 0 {
		fmt.Fprintf(stdout, "wrote shard %s's cells to %s\n", shard, filepath.Join(dir, "cells"))
		return nil
	}
	fmt.Fprintf(stdout, "wrote %s (README.md, table.md, table.tex, results.arrow, results.parquet, plots/)\n", dir)
	return nil
}

// runBenchReport merges shard folders into one set of outputs.
func runBenchReport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("bench report", "DIR [DIR...] --out DIR [--partial]", stderr)
	out := fs.String("out", "", "folder for the merged outputs (required; may be one of the inputs)")
	partial := fs.Bool("partial", false, "write the outputs even when cells are missing or failed (named in the README) and exit 0")
	quiet := fs.Bool("quiet", false, "no progress output")
	workers := fs.Int("workers", 0, "solver goroutines, for a dataset no folder holds (default: all cores)")
	// Folders may come before or after the flags.
	var dirs []string
	rest := args
	for len(rest) > 0 {
		if err := fs.Parse(rest); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return err
			}
			return fmt.Errorf("bench report: %w: %v", errUsage, err)
		}
		if fs.NArg() == 0 {
			break
		}
		dirs = append(dirs, fs.Arg(0))
		rest = fs.Args()[1:]
	}
	if len(dirs) == 0 || *out == "" {
		return fmt.Errorf("bench report: %w: want one or more run folders and --out DIR", errUsage)
	}
	err := benchmarks.Report(ctx, dirs, *out, benchmarks.ReportOptions{Partial: *partial, Workers: *workers,
		Progress: benchmarks.RunOptions{Progress: stderr, Quiet: *quiet}})
	if err != nil {
		return fmt.Errorf("bench report: %w", err)
	}
	fmt.Fprintf(stdout, "wrote %s (README.md, table.md, table.tex, results.arrow, results.parquet, plots/)\n", *out)
	return nil
}
