package benchmarks

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/warpkit/warpkit/nn"
)

// stepSuiteYAML is a tiny suite with a step budget that cuts epochs short (10 training
// trajectories in batches of 4: 3 steps per epoch, 7 steps) and per-model overrides.
const stepSuiteYAML = `
name: steps
context: 100
seeds: [0, 1, 2]
budget: {steps: 7}
train: {batch: 4, lr: 3.0e-3, forcing_prob: 0.25, clip: 1, schedule: constant}
datasets:
  - {name: msd, builtin: msd, train: 10, val: 4, test: 6, prior: msd}
  - name: msd-zero
    builtin: msd-zero
    train: 10
    val: 4
    test: 6
    prior: msd
    models:
      gru-wide: {hidden: 12, budget: {epochs: 2}}
models:
  - {label: warp, kind: warp, root_width: 4, root_depth: 1, transition: diagonal, init: hyper0}
  - {label: warp-phys, kind: warp-phys, root_width: 4, root_depth: 1, transition: diagonal, init: hyper0, a_init: identity}
  - {label: gru, kind: gru, hidden: match, layers: 1}
  - {label: gru-wide, kind: gru, hidden: 8, layers: 1, lr: 1.0e-2}
`

func stepSuite(t testing.TB) *Suite {
	t.Helper()
	s, err := ParseSuite([]byte(stepSuiteYAML), "steps.yaml", "")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// valueKey identifies a result row; the value, parameter count and configuration must agree
// bit for bit between runs (train_seconds is wall clock and may not).
type valueRow struct {
	value          uint64
	params         int64
	config, budget string
}

func resultValues(t *testing.T, dir string) map[string]valueRow {
	t.Helper()
	recs, _, err := ReadResults(filepath.Join(dir, "results.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]valueRow{}
	for _, r := range recs {
		out[fmt.Sprintf("%s/%s/%d/%s", r.Dataset, r.Model, r.Seed, r.Metric)] = valueRow{math.Float64bits(r.Value), r.Params, r.Config, r.Budget}
	}
	return out
}

func sameValues(t *testing.T, what string, got, want map[string]valueRow) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d result rows, want %d", what, len(got), len(want))
	}
	for k, w := range want {
		if g, ok := got[k]; !ok || g != w {
			t.Errorf("%s: %s = %x %d %q, want %x %d %q", what, k, g.value, g.params, g.budget, w.value, w.params, w.budget)
		}
	}
}

func TestRunIsDeterministicAcrossParallelism(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	if err := stepSuite(t).Run(context.Background(), a, RunOptions{Quiet: true, Parallel: 1}); err != nil {
		t.Fatal(err)
	}
	if err := stepSuite(t).Run(context.Background(), b, RunOptions{Quiet: true, Parallel: 5, Workers: 1}); err != nil {
		t.Fatal(err)
	}
	va, vb := resultValues(t, a), resultValues(t, b)
	sameValues(t, "parallel 5 against 1", vb, va)
	// One thread for everything: the models' own parallel loops cut their work by size, not
	// by the number of threads, so this changes nothing either.
	c := t.TempDir()
	prev := runtime.GOMAXPROCS(1)
	err := stepSuite(t).Run(context.Background(), c, RunOptions{Quiet: true, Parallel: 2})
	runtime.GOMAXPROCS(prev)
	if err != nil {
		t.Fatal(err)
	}
	sameValues(t, "GOMAXPROCS 1 against the default", resultValues(t, c), va)
	// The budgets did what they say: 7 steps (3 epochs, the last cut short), and the
	// dataset's own budget for gru-wide on msd-zero, where it is also wider.
	for _, name := range []string{"msd__warp__seed1", "msd-zero__gru-wide__seed0", "msd__gru-wide__seed2"} {
		c := readCellFile(t, a, name)
		want := map[string]int{"msd__warp__seed1": 7, "msd-zero__gru-wide__seed0": 6, "msd__gru-wide__seed2": 7}[name]
		if c.Steps != want {
			t.Errorf("%s: %d steps, want %d (%s)", name, c.Steps, want, c.Stopped)
		}
	}
	if va["msd-zero/gru-wide/0/mse"].params <= va["msd/gru-wide/0/mse"].params {
		t.Errorf("the override's hidden 12 did not apply: %d against %d parameters", va["msd-zero/gru-wide/0/mse"].params, va["msd/gru-wide/0/mse"].params)
	}
	if !strings.Contains(va["msd/gru-wide/0/mse"].config, `"lr":0.01`) || !strings.Contains(va["msd/gru/0/mse"].config, `"lr":0.003`) {
		t.Errorf("a model's own lr must override the suite's and only for it: %s / %s", va["msd/gru-wide/0/mse"].config, va["msd/gru/0/mse"].config)
	}
}

func readCellFile(t *testing.T, dir, name string) *CellResult {
	t.Helper()
	s := stepSuite(t)
	for _, c := range s.Cells() {
		if c.Name() != name {
			continue
		}
		if r := readCell(dir, planCell(t, s, dir, c)); r != nil {
			return r
		}
		t.Fatalf("%s: no finished cell with the suite's hash", name)
	}
	t.Fatalf("no cell %s", name)
	return nil
}

// planCell plans cell c of s on its dataset file in dir, as Run does before training it.
func planCell(t *testing.T, s *Suite, dir string, c Cell) *cellPlan {
	t.Helper()
	ld, err := loadData(context.Background(), []string{dir}, dir, c.ds, 0, &runProgress{})
	if err != nil {
		t.Fatal(err)
	}
	p, err := s.plan(c, ld)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestShardsMergeToTheSingleProcessRun(t *testing.T) {
	single := t.TempDir()
	if err := stepSuite(t).Run(context.Background(), single, RunOptions{Quiet: true}); err != nil {
		t.Fatal(err)
	}
	want := resultValues(t, single)

	// Three shards at once into one shared folder: they generate the same datasets side by
	// side, and none may fail on a file another wrote.
	shared := t.TempDir()
	var wg sync.WaitGroup
	errs := make([]error, 3)
	for i := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = stepSuite(t).Run(context.Background(), shared, RunOptions{Quiet: true, Parallel: 1, Shard: Shard{i, 3}})
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(shared, "results.parquet")); err == nil {
		t.Error("a shard must write cells only, not the merged outputs")
	}
	out := t.TempDir()
	if err := Report(context.Background(), []string{shared}, out, ReportOptions{}); err != nil {
		t.Fatal(err)
	}
	sameValues(t, "3 shards in one folder", resultValues(t, out), want)
	for _, f := range []string{"README.md", "table.md", "table.tex", "results.arrow", "plots/forecast-msd.png"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("report output %s: %v", f, err)
		}
	}
	entries, _ := os.ReadDir(filepath.Join(shared, "data"))
	if len(entries) != 2 {
		t.Errorf("shared data folder holds %d files, want the 2 datasets and no temporary files: %v", len(entries), entries)
	}

	// Two shards, each into its own folder; one is missing until it runs.
	dirs := []string{t.TempDir(), t.TempDir()}
	if err := stepSuite(t).Run(context.Background(), dirs[0], RunOptions{Quiet: true, Shard: Shard{0, 2}}); err != nil {
		t.Fatal(err)
	}
	err := Report(context.Background(), dirs[:1], t.TempDir(), ReportOptions{})
	var inc *IncompleteError
	if !errors.As(err, &inc) || len(inc.Missing) == 0 {
		t.Fatalf("report of half a suite: %v", err)
	}
	second, _ := stepSuite(t).Shard(Shard{1, 2})
	for _, c := range second {
		if !slices.Contains(inc.Missing, c.Name()) || !strings.Contains(err.Error(), c.Name()) {
			t.Errorf("missing cell %s not named: %v", c.Name(), err)
		}
	}
	partial := t.TempDir()
	if err := Report(context.Background(), dirs[:1], partial, ReportOptions{Partial: true}); err != nil {
		t.Fatalf("--partial: %v", err)
	}
	if readme, _ := os.ReadFile(filepath.Join(partial, "README.md")); !strings.Contains(string(readme), second[0].Name()) {
		t.Error("a partial report's README must name the missing cells")
	}
	if err := stepSuite(t).Run(context.Background(), dirs[1], RunOptions{Quiet: true, Shard: Shard{1, 2}}); err != nil {
		t.Fatal(err)
	}
	merged := t.TempDir()
	if err := Report(context.Background(), dirs, merged, ReportOptions{}); err != nil {
		t.Fatal(err)
	}
	sameValues(t, "2 shards in two folders", resultValues(t, merged), want)
	// The run folders stay in the shards; the report's README names them relative to itself.
	readme, _ := os.ReadFile(filepath.Join(merged, "README.md"))
	for i, d := range dirs {
		rel, _ := filepath.Rel(merged, filepath.Join(d, RunsDir))
		sh, _ := stepSuite(t).Shard(Shard{i, 2})
		if line := fmt.Sprintf("- `%s/`: %d cells", filepath.ToSlash(rel), len(sh)); !strings.Contains(string(readme), line) {
			t.Errorf("the merged README does not list %q:\n%s", line, readme)
		}
	}

	// Folders of different suites do not merge.
	other := t.TempDir()
	s := stepSuite(t)
	s.Seeds = []int{0}
	if err := s.Run(context.Background(), other, RunOptions{Quiet: true, Shard: Shard{0, 4}}); err != nil {
		t.Fatal(err)
	}
	if err := Report(context.Background(), []string{dirs[0], other}, t.TempDir(), ReportOptions{}); err == nil || !strings.Contains(err.Error(), "another suite") {
		t.Errorf("merging different suites: %v", err)
	}
}

func TestShardsPartitionTheCellsByCost(t *testing.T) {
	s, err := LoadPreset("quick")
	if err != nil {
		t.Fatal(err)
	}
	all := s.Cells()
	for _, n := range []int{1, 2, 3, 7} {
		seen := map[string]int{}
		loads := make([]float64, n)
		for i := range n {
			cells, err := s.Shard(Shard{i, n})
			if err != nil {
				t.Fatal(err)
			}
			again, _ := s.Shard(Shard{i, n})
			if !slices.EqualFunc(cells, again, func(a, b Cell) bool { return a.Name() == b.Name() }) {
				t.Fatalf("shard %d/%d differs between calls", i, n)
			}
			for _, c := range cells {
				seen[c.Name()]++
				loads[i] += s.estimate(c)
			}
		}
		biggest := 0.0
		for _, c := range all {
			if seen[c.Name()] != 1 {
				t.Fatalf("%d shards: cell %s in %d shards", n, c.Name(), seen[c.Name()])
			}
			biggest = max(biggest, s.estimate(c))
		}
		// Greedy assignment, most expensive first: no shard exceeds another by more than
		// the most expensive cell.
		if spread := slices.Max(loads) - slices.Min(loads); spread > biggest+1e-9 {
			t.Errorf("%d shards: loads %v spread %g, above the largest cell's %g", n, loads, spread, biggest)
		}
	}
	if _, err := s.Shard(Shard{3, 3}); err == nil {
		t.Error("shard 3/3 must be rejected (0-based)")
	}
}

func TestParseShard(t *testing.T) {
	env := func(kv ...string) func(string) string {
		return func(k string) string {
			for i := 0; i+1 < len(kv); i += 2 {
				if kv[i] == k {
					return kv[i+1]
				}
			}
			return ""
		}
	}
	for _, c := range []struct {
		arg  string
		env  func(string) string
		want Shard
		err  string
	}{
		{"0/3", env(), Shard{0, 3}, ""},
		{"2/3", env(), Shard{2, 3}, ""},
		{"3/3", env(), Shard{}, "0 ≤ I < N"},
		{"1", env(), Shard{}, "I/N"},
		{"auto", env("SLURM_ARRAY_TASK_ID", "5", "SLURM_ARRAY_TASK_MIN", "4", "SLURM_ARRAY_TASK_COUNT", "3"), Shard{1, 3}, ""},
		{"auto", env("SLURM_ARRAY_TASK_ID", "2", "SLURM_ARRAY_TASK_COUNT", "3"), Shard{2, 3}, ""},
		{"auto", env("SLURM_ARRAY_TASK_ID", "2"), Shard{}, "SLURM_ARRAY_TASK_COUNT"},
		{"auto", env("JOB_COMPLETION_INDEX", "0", "JOB_COMPLETIONS", "4"), Shard{0, 4}, ""},
		{"auto", env("JOB_COMPLETION_INDEX", "4", "JOB_COMPLETIONS", "4"), Shard{}, "shard 4 of 4"},
		{"auto", env("JOB_COMPLETION_INDEX", "1"), Shard{}, "JOB_COMPLETIONS"},
		{"auto", env("SLURM_ARRAY_TASK_ID", "2", "SLURM_ARRAY_TASK_MIN", "one", "SLURM_ARRAY_TASK_COUNT", "3"), Shard{}, `SLURM_ARRAY_TASK_MIN="one" is not a number`},
		{"auto", env("SLURM_ARRAY_TASK_ID", "1", "SLURM_ARRAY_TASK_MIN", "2", "SLURM_ARRAY_TASK_COUNT", "3"), Shard{}, "SLURM_ARRAY_TASK_ID, SLURM_ARRAY_TASK_MIN, SLURM_ARRAY_TASK_COUNT give shard -1 of 3"},
		{"auto", env("SLURM_ARRAY_TASK_ID", "1", "SLURM_ARRAY_TASK_COUNT", "3", "JOB_COMPLETION_INDEX", "0", "JOB_COMPLETIONS", "4"), Shard{1, 3}, ""},
		{"auto", env(), Shard{}, "neither"},
	} {
		got, err := ParseShard(c.arg, c.env)
		if c.err == "" && (err != nil || got != c.want) {
			t.Errorf("%s: %v %v, want %v", c.arg, got, err, c.want)
		}
		if c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)) {
			t.Errorf("%s: error %v, want one mentioning %q", c.arg, err, c.err)
		}
	}
}

func TestInterruptedRunKeepsCellsAndResumes(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	var log lockedBuffer
	log.onWrite = func(line string) {
		if strings.HasPrefix(line, "cell ") {
			cancel() // stop after the first finished cell
		}
	}
	err := stepSuite(t).Run(ctx, dir, RunOptions{Progress: &log, Parallel: 1})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("interrupted run: %v", err)
	}
	kept, _ := filepath.Glob(filepath.Join(dir, "cells", "*.gob"))
	if len(kept) == 0 || len(kept) >= len(stepSuite(t).Cells()) {
		t.Fatalf("%d cells kept after the interruption", len(kept))
	}
	for _, pattern := range []string{"cells/.*", "data/.*"} {
		if tmp, _ := filepath.Glob(filepath.Join(dir, pattern)); len(tmp) > 0 {
			t.Errorf("partial files left: %v", tmp)
		}
	}
	lines := strings.Split(strings.TrimSpace(log.String()), "\n")
	for _, l := range lines {
		if strings.Contains(l, "\r") {
			t.Errorf("carriage return in the log: %q", l)
		}
	}
	first := lines[len(lines)-1]
	for _, want := range []string{"msd ", "warp ", "seed 0", "test mse", "s ", "left", "eta"} {
		if !strings.Contains(first, want) {
			t.Errorf("cell line %q lacks %q", first, want)
		}
	}
	// A rerun trains only what is missing and ends with what one uninterrupted run gives.
	var again lockedBuffer
	if err := stepSuite(t).Run(context.Background(), dir, RunOptions{Progress: &again}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(again.String(), fmt.Sprintf("%d of %d cells already finished", len(kept), len(stepSuite(t).Cells()))) {
		t.Errorf("rerun did not report the finished cells: %s", again.String())
	}
	whole := t.TempDir()
	if err := stepSuite(t).Run(context.Background(), whole, RunOptions{Quiet: true}); err != nil {
		t.Fatal(err)
	}
	sameValues(t, "interrupted and resumed", resultValues(t, dir), resultValues(t, whole))
}

// lockedBuffer collects progress lines from several goroutines and calls onWrite per line.
type lockedBuffer struct {
	mu      sync.Mutex
	b       bytes.Buffer
	onWrite func(string)
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	n, err := l.b.Write(p)
	f := l.onWrite
	l.mu.Unlock()
	if f != nil {
		f(string(p))
	}
	return n, err
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func TestPlaceDataKeepsTheFirstAndCleansStaleTemps(t *testing.T) {
	dir := t.TempDir()
	s := stepSuite(t)
	ld, err := loadData(context.Background(), []string{dir}, dir, &s.Datasets[0], 0, &runProgress{})
	if err != nil {
		t.Fatal(err)
	}
	final, _ := filepath.Glob(filepath.Join(dir, "data", "msd-*.h5"))
	if len(final) != 1 {
		t.Fatalf("data files %v", final)
	}
	before, _ := os.Stat(final[0])
	// A second generator landing later keeps the first file (same inode) and does not fail.
	if err := placeData(ld.ds, final[0]); err != nil {
		t.Fatalf("second generator: %v", err)
	}
	after, _ := os.Stat(final[0])
	if !os.SameFile(before, after) {
		t.Error("the file that landed first was replaced")
	}
	// A killed shard's temporary files: old ones go, fresh ones (a shard writing now) stay.
	old := filepath.Join(dir, "cells", ".msd__gru__seed0.gob.tmp-123")
	fresh := filepath.Join(dir, "data", ".msd-x.h5.tmp-1-2.h5")
	oldRun := filepath.Join(dir, RunsDir, ".msd__gru__seed0.tmp-456")
	os.MkdirAll(filepath.Join(dir, "cells"), 0o755)
	os.MkdirAll(oldRun, 0o755)
	for _, f := range []string{old, fresh, filepath.Join(oldRun, "config.json")} {
		if err := os.WriteFile(f, []byte("half"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	past := before.ModTime().Add(-2 * 3600e9)
	os.Chtimes(old, past, past)
	os.Chtimes(oldRun, past, past)
	removeStaleTemps(dir)
	if _, err := os.Stat(old); !os.IsNotExist(err) {
		t.Error("stale temporary file kept")
	}
	if _, err := os.Stat(oldRun); !os.IsNotExist(err) {
		t.Error("stale temporary run folder kept")
	}
	if _, err := os.Stat(fresh); err != nil {
		t.Error("a fresh temporary file (another shard's, in progress) was removed")
	}
}

// closestHidden's bisection agrees with a plain scan over every hidden size.
func TestClosestHiddenMatchesAScan(t *testing.T) {
	s := stepSuite(t)
	dir := t.TempDir()
	ld, err := loadData(context.Background(), []string{dir}, dir, &s.Datasets[0], 0, &runProgress{})
	if err != nil {
		t.Fatal(err)
	}
	data, err := ld.data(0)
	if err != nil {
		t.Fatal(err)
	}
	info := ld.info(data)
	cfg := *s.Datasets[0].Runs["gru"].Run
	for _, kind := range []string{"gru", "lstm"} {
		cfg.Kind = kind
		counts := []int{0}
		for h := 1; h <= 120; h++ {
			c := cfg
			c.Hidden = h
			m, err := build(&c, ld, info)
			if err != nil {
				t.Fatal(err)
			}
			counts = append(counts, nn.CountParams(m.Params()))
		}
		for _, target := range []int{1, 90, 700, 4028, 20000} {
			got, err := closestHidden(cfg, ld, info, target)
			if err != nil {
				t.Fatal(err)
			}
			best, bestDiff := 0, math.MaxInt
			for h := 1; h < len(counts); h++ {
				if d := abs(counts[h] - target); d < bestDiff {
					best, bestDiff = h, d
				}
			}
			if got != best {
				t.Errorf("%s, target %d: bisection %d, scan %d", kind, target, got, best)
			}
		}
	}
}

func TestReportNamesFailedCells(t *testing.T) {
	dir := t.TempDir()
	s := stepSuite(t)
	s.Seeds = []int{0}
	if err := s.Run(context.Background(), dir, RunOptions{Quiet: true, Shard: Shard{0, 2}}); err != nil {
		t.Fatal(err)
	}
	other, _ := s.Shard(Shard{1, 2})
	c := other[0]
	p := planCell(t, s, dir, c)
	// What runCells records when a cell's training fails.
	msg := fmt.Sprintf("%s on %s seed %d: boom", c.Model, c.Dataset, c.Seed)
	if err := writeFileAtomic(filepath.Join(dir, cellsDir, c.Name()+failedExt), []byte(p.hash+"\n"+msg+"\n")); err != nil {
		t.Fatal(err)
	}
	err := Report(context.Background(), []string{dir}, t.TempDir(), ReportOptions{})
	var inc *IncompleteError
	if !errors.As(err, &inc) || len(inc.Failed) != 1 || inc.Failed[0] != msg || slices.Contains(inc.Missing, c.Name()) {
		t.Fatalf("report with a failed cell: %v", err)
	}
	if !strings.Contains(err.Error(), "1 cells failed: "+msg) {
		t.Errorf("error does not name the failure: %v", err)
	}
}
