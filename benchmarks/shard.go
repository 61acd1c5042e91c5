package benchmarks

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/warpkit/warpkit/experiment"
)

// Shard names part I (0-based) of N of a suite's cells. The zero value is the whole suite.
type Shard struct {
	Index, Count int
}

func (s Shard) String() string { return fmt.Sprintf("%d/%d", s.Index, s.Count) }

// ParseShard reads "I/N" (0 ≤ I < N) or "auto", which takes the shard from a scheduler's array
// job: Slurm's SLURM_ARRAY_TASK_ID (less SLURM_ARRAY_TASK_MIN) and SLURM_ARRAY_TASK_COUNT, or a
// Kubernetes Indexed Job's JOB_COMPLETION_INDEX and JOB_COMPLETIONS (which the manifest sets
// to spec.completions). getenv is os.Getenv in the command.
func ParseShard(s string, getenv func(string) string) (Shard, error) {
	if s == "auto" {
		return autoShard(getenv)
	}
	i, n, ok := strings.Cut(s, "/")
	if !ok {
		return Shard{}, fmt.Errorf("want I/N (0-based I below N) or auto, got %q", s)
	}
	index, err1 := strconv.Atoi(strings.TrimSpace(i))
	count, err2 := strconv.Atoi(strings.TrimSpace(n))
	if err1 != nil || err2 != nil || count < 1 || index < 0 || index >= count {
		return Shard{}, fmt.Errorf("want I/N with 0 ≤ I < N, got %q", s)
	}
	return Shard{Index: index, Count: count}, nil
}

// arrayJob is how a scheduler tells each task of an array job which one it is, by
// environment variables.
type arrayJob struct {
	index string // the task's index
	first string // the array's first index, when it need not be 0
	count string // the number of tasks
	hint  string // how to fix a missing count
}

// arrayJobs are the schedulers --shard auto knows, in the order they are tried.
var arrayJobs = []arrayJob{
	{index: "SLURM_ARRAY_TASK_ID", first: "SLURM_ARRAY_TASK_MIN", count: "SLURM_ARRAY_TASK_COUNT"},
	{index: "JOB_COMPLETION_INDEX", count: "JOB_COMPLETIONS", hint: " (set it to the Job's spec.completions in the manifest)"},
}

func autoShard(getenv func(string) string) (Shard, error) {
	num := func(name string) (int, bool, error) {
		v := strings.TrimSpace(getenv(name))
		if name == "" || v == "" {
			return 0, false, nil
		}
		n, err := strconv.Atoi(v)
		if err != nil {
			return 0, true, fmt.Errorf("auto: %s=%q is not a number", name, v)
		}
		return n, true, nil
	}
	for _, job := range arrayJobs {
		id, ok, err := num(job.index)
		if err != nil {
			return Shard{}, err
		}
		if !ok {
			continue
		}
		first, _, err := num(job.first)
		if err != nil {
			return Shard{}, err
		}
		count, ok, err := num(job.count)
		if err != nil {
			return Shard{}, err
		}
		if !ok {
			return Shard{}, fmt.Errorf("auto: %s is set but %s is not%s", job.index, job.count, job.hint)
		}
		sh := Shard{Index: id - first, Count: count}
		if sh.Count < 1 || sh.Index < 0 || sh.Index >= sh.Count {
			from := strings.Join(slices.DeleteFunc([]string{job.index, job.first, job.count}, func(v string) bool { return v == "" }), ", ")
			return Shard{}, fmt.Errorf("auto: %s give shard %d of %d", from, sh.Index, sh.Count)
		}
		return sh, nil
	}
	return Shard{}, fmt.Errorf("auto: neither SLURM_ARRAY_TASK_ID (a Slurm array job) nor JOB_COMPLETION_INDEX (a Kubernetes Indexed Job) is set")
}

// Shard returns the cells of part sh, in suite order. Cells go to shards by expected cost,
// the most expensive first, each to the shard with the least cost so far (ties to the lower
// index): the same suite always splits the same way, whatever machine computes it.
func (s *Suite) Shard(sh Shard) ([]Cell, error) {
	if sh.Count < 1 || sh.Index < 0 || sh.Index >= sh.Count {
		return nil, fmt.Errorf("benchmarks: shard %s: want 0 ≤ I < N", sh)
	}
	cells := s.Cells()
	return pick(cells, s.assign(cells, sh.Count), sh.Index), nil
}

// assign gives each cell its shard.
func (s *Suite) assign(cells []Cell, n int) []int {
	idx := make([]int, len(cells))
	for i := range idx {
		idx[i] = i
	}
	cost := make([]float64, len(cells))
	for i, c := range cells {
		cost[i] = s.estimate(c)
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		switch {
		case cost[a] > cost[b]:
			return -1
		case cost[a] < cost[b]:
			return 1
		}
		return a - b
	})
	load := make([]float64, n)
	shard := make([]int, len(cells))
	for _, i := range idx {
		best := 0
		for k := 1; k < n; k++ {
			if load[k] < load[best] {
				best = k
			}
		}
		shard[i] = best
		load[best] += cost[i]
	}
	return shard
}

func pick(cells []Cell, shard []int, k int) []Cell {
	var out []Cell
	for i, c := range cells {
		if shard[i] == k {
			out = append(out, c)
		}
	}
	return out
}

// stepCost is the CPU time of one optimiser step, in seconds, by model kind, for a batch of
// 32 trajectories of 256 points at the quick preset's sizes (WARP root width 12, depth 1,
// dense A; WARP-Phys root width 8 with the exact MSD step; baselines matched to about 4000
// parameters), from BenchmarkQuickCellCost's CPU time per MSD epoch with one thread per cell,
// measured once on one machine (how, when and the correction for its load:
// benchmarks/RESULTS.md). The estimate scales it by batch size, length and model size
// (sizeFactor), so it is a rough guide for other sizes, priors and machines.
var stepCost = map[string]float64{
	"warp":      0.0077,
	"warp-phys": 0.0079,
	"gru":       0.0138,
	"lstm":      0.0130,
	"lru":       0.0173,
}

// estimate is a cell's expected CPU time in seconds: its optimiser steps times the step cost
// of its kind scaled to its batch and length, plus a validation forecast per epoch (about a
// third of a training pass over the validation split). A wall-clock budget is its own estimate.
func (s *Suite) estimate(c Cell) float64 {
	if c.Budget.Time > 0 {
		return c.Budget.Time.Seconds()
	}
	batch := min(c.Run.BatchSize, c.ds.NTrain)
	nb := (c.ds.NTrain + batch - 1) / batch
	steps, epochs := c.Budget.Steps, c.Budget.Epochs
	if steps > 0 {
		epochs = (steps + nb - 1) / nb
	} else {
		steps = epochs * nb
	}
	perTraj := stepCost[c.Kind] / 32 * float64(max(c.ds.Points, 1)) / 256 * s.sizeFactor(c)
	return perTraj * (float64(steps*batch) + float64(epochs*c.ds.NVal)/3)
}

// sizeFactor is how much more a step of the cell's model costs than one of the same kind at
// the quick preset's size (where stepCost was measured), from the size of what dominates a
// step: WARP's transition over θ (D² entries dense; linear in D diagonal or low rank), the
// baselines' square recurrent matrices. A baseline matched to WARP's parameter count is
// scaled as that WARP is.
func (s *Suite) sizeFactor(c Cell) float64 {
	switch c.Kind {
	case "warp", "warp-phys":
		return warpCost(c.Run, c.ds.States, c.Kind) / warpCost(quickWARP[c.Kind], 2, c.Kind)
	case "gru", "lstm", "lru":
		if c.MatchHidden {
			if t := c.ds.Runs[s.MatchTarget]; t != nil {
				return warpCost(t.Run, c.ds.States, "warp") / warpCost(quickWARP["warp"], 2, "warp")
			}
			return 1
		}
		ref := map[string]float64{"gru": 34, "lstm": 30, "lru": 30}[c.Kind] // what match picks at quick
		return float64(c.Run.Hidden*c.Run.Hidden) / (ref * ref)
	}
	return 1
}

// quickWARP are the quick preset's WARP sizes, at which stepCost was measured.
var quickWARP = map[string]*experiment.RunConfig{
	"warp":      {RootWidth: 12, RootDepth: 1, RootInput: "tau", Transition: "dense"},
	"warp-phys": {RootWidth: 8, RootDepth: 1, RootInput: "tau", Transition: "dense"},
}

// warpCost is the size of a WARP transition, from the number D of weights in θ (the root
// network's): D² for a dense A, 50·D for the others (linear in D, equal to a dense A at the
// quick preset's D of about 50).
func warpCost(r *experiment.RunConfig, states int, kind string) float64 {
	in := 1
	if r.RootInput == "tau+prev" || (r.RootInput == "" && kind == "warp") {
		in += states
	}
	out := states
	if kind == "warp-phys" {
		out = states + 1 // the prior's parameters, about one more than the states
	}
	w, depth := r.RootWidth, max(r.RootDepth, 1)
	d := float64((in+1)*w + (depth-1)*(w+1)*w + (w+1)*out)
	if r.Transition == "dense" || r.Transition == "" {
		return d * d
	}
	return 50 * d
}

// DryRun writes the resolved cells (all, or shard sh's), their count and an estimated time to
// w without training anything.
func (s *Suite) DryRun(w io.Writer, sh Shard, parallel int) error {
	cells := s.Cells()
	shard := make([]int, len(cells))
	if sh.Count > 0 {
		if _, err := s.Shard(sh); err != nil {
			return err
		}
		shard = s.assign(cells, sh.Count)
	}
	if parallel <= 0 {
		parallel = 1
	}
	fmt.Fprintf(w, "suite %s (%s)\n\n%-16s %-14s %5s  %-40s %s\n", s.Name, s.Source, "dataset", "model", "seed", "budget", "estimate")
	total, n := 0.0, 0
	for i, c := range cells {
		if sh.Count > 0 && shard[i] != sh.Index {
			continue
		}
		e := s.estimate(c)
		total += e
		n++
		fmt.Fprintf(w, "%-16s %-14s %5d  %-40s %s\n", c.Dataset, c.Model, c.Seed, c.Budget, secs(e))
	}
	what := "cells"
	if sh.Count > 0 {
		what = fmt.Sprintf("cells in shard %s (of %d in the suite)", sh, len(cells))
	}
	fmt.Fprintf(w, "\n%d %s; estimated training time %s of CPU, about %s wall clock with %d cells at a time.\n", n, what, secs(total), secs(total/float64(parallel)), parallel)
	fmt.Fprintln(w, "Estimated: per-step costs measured once on one machine at the quick preset's model sizes (benchmarks/RESULTS.md), scaled by batch size, sequence length and the size of each model's recurrent matrices; a guide, not a promise. Data generation is not included.")
	if s.MachineDependent() {
		fmt.Fprintln(w, "Some cells have a wall-clock budget: their results depend on the machine.")
	}
	return nil
}

func secs(s float64) string {
	return time.Duration(s * float64(time.Second)).Round(time.Second).String()
}
