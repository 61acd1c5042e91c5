package benchmarks

import (
	"context"
	"errors"
	"fmt"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/warpkit/warpkit/datasets"
	"github.com/warpkit/warpkit/internal/clienttest"
)

// tinySuiteYAML is the dynamics suite shrunk to seconds: three datasets, three models, two
// seeds, two epochs per cell.
const tinySuiteYAML = `
name: dynamics
context: 100
seeds: [0, 1]
param_tolerance: 0.5
budget: {epochs: 2}
train: {batch: 4, lr: 1.0e-3, forcing_prob: 0.5, clip: 1, schedule: constant}
datasets:
  - {name: msd, builtin: msd, train: 8, val: 4, test: 4, prior: msd}
  - {name: sine-small, builtin: sine-small, train: 10, val: 4, test: 6, context: 1, prior: sine, sweep: sine}
  - {name: sine-medium, builtin: sine-medium, train: 20, val: 4, test: 6, context: 1, prior: sine, sweep: sine}
models:
  - {label: warp, kind: warp, root_width: 6, root_depth: 1, transition: diagonal, init: hyper0}
  - {label: warp-phys, kind: warp-phys, root_width: 6, root_depth: 1, transition: diagonal, init: hyper0, a_init: identity}
  - {label: gru, kind: gru, hidden: match, layers: 1}
`

func tinySuite(t testing.TB) *Suite {
	t.Helper()
	s, err := ParseSuite([]byte(tinySuiteYAML), "tiny.yaml", "")
	if err != nil {
		t.Fatal(err)
	}
	s.Preset = "test"
	return s
}

type jsTable struct {
	NumRows  int               `json:"numRows"`
	Columns  map[string][]any  `json:"columns"`
	Metadata map[string]string `json:"metadata"`
}

func TestRunWritesEveryOutputReadableByRealClients(t *testing.T) {
	dir := t.TempDir()
	s := tinySuite(t)
	if err := s.Run(context.Background(), dir, RunOptions{Quiet: true, Parallel: 2}); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"results.arrow", "results.parquet", "table.md", "table.tex", "README.md",
		"plots/errors-msd-mse.png", "plots/forecast-msd.png", "plots/training-msd.png", "plots/weights-msd-warp.png",
		"plots/weights-msd-warp-phys.png", "plots/sweep-sine-mse.png", "plots/forecast-msd.svg"} {
		st, err := os.Stat(filepath.Join(dir, f))
		if err != nil || st.Size() == 0 {
			t.Errorf("missing or empty output %s: %v", f, err)
		}
	}
	f, err := os.Open(filepath.Join(dir, "plots", "forecast-msd.png"))
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(f)
	f.Close()
	if err != nil || img.Bounds().Dx() < 400 {
		t.Fatalf("forecast plot is not a sensible PNG: %v %v", err, img)
	}

	recs, meta, err := ReadResults(filepath.Join(dir, "results.arrow"))
	if err != nil {
		t.Fatal(err)
	}
	// 3 datasets × 3 models × 2 seeds × 4 metrics (mse, mae, and mse within and beyond the
	// training ranges: every dataset here has test trajectories of both kinds), plus
	// persistence (3 datasets × 4 metrics).
	if want := 3*3*2*4 + 3*4; len(recs) != want {
		t.Fatalf("%d result rows, want %d", len(recs), want)
	}
	// The two subsets partition the test split, so their MSEs, weighted by their sizes (from
	// the cached data), average to the whole split's.
	byKey := map[[4]string]float64{}
	for _, r := range recs {
		byKey[[4]string{r.Dataset, r.Model, fmt.Sprint(r.Seed), r.Metric}] = r.Value
	}
	for _, dc := range s.Datasets {
		paths, _ := filepath.Glob(filepath.Join(dir, "data", dc.Name+"-*.h5"))
		if len(paths) != 1 {
			t.Fatalf("cached data for %s: %v", dc.Name, paths)
		}
		ds, err := datasets.Open(paths[0])
		if err != nil {
			t.Fatal(err)
		}
		nIn := 0
		for _, w := range ds.WithinTrainRanges("test") {
			if w {
				nIn++
			}
		}
		n := ds.Splits["test"].N
		for k, v := range byKey {
			if k[0] != dc.Name || k[3] != "mse" {
				continue
			}
			in, out := byKey[[4]string{k[0], k[1], k[2], MetricInRange}], byKey[[4]string{k[0], k[1], k[2], MetricBeyondRange}]
			if got := (float64(nIn)*in + float64(n-nIn)*out) / float64(n); math.Abs(got-v) > 1e-12*math.Max(1, v) {
				t.Errorf("%v: subsets average to %g, whole split %g (%d of %d within)", k, got, v, nIn, n)
			}
		}
	}
	if meta["preset"] != "test" || meta["machine"] == "" {
		t.Errorf("schema metadata %v", meta)
	}
	md, _ := os.ReadFile(filepath.Join(dir, "table.md"))
	tbl := NewTable(recs, nil, s.Labels())
	// Every number in table.md is the mean over seeds of the stored rows.
	for k, sum := range tbl.Sum {
		if k[2] != "mse" {
			continue
		}
		if !strings.Contains(string(md), fmt.Sprintf("%.3g", sum.Mean)) {
			t.Errorf("table.md lacks %s %s mean %.3g", k[0], k[1], sum.Mean)
		}
	}
	readme, _ := os.ReadFile(filepath.Join(dir, "README.md"))
	for _, want := range []string{"## Results", "plots/forecast-msd.png", "wall time", "| msd | 8 | 4 | 4 | 256 | 100 | msd |"} {
		if !strings.Contains(string(readme), want) {
			t.Errorf("README lacks %q", want)
		}
	}

	// Independent readers: the Arrow JS library and DuckDB see the same rows.
	node, js := clienttest.JSClients(t, "apache-arrow", "@duckdb/node-api")
	check := func(name string, got jsTable) {
		if got.NumRows != len(recs) {
			t.Fatalf("%s: %d rows, want %d", name, got.NumRows, len(recs))
		}
		for i, r := range recs {
			v, _ := got.Columns["value"][i].(float64)
			if got.Columns["dataset"][i] != r.Dataset || got.Columns["model"][i] != r.Model || got.Columns["metric"][i] != r.Metric ||
				int64(got.Columns["seed"][i].(float64)) != r.Seed || !(v == r.Value || math.IsNaN(r.Value)) {
				t.Fatalf("%s row %d: %v %v %v %v %v, want %+v", name, i, got.Columns["dataset"][i], got.Columns["model"][i],
					got.Columns["metric"][i], got.Columns["seed"][i], got.Columns["value"][i], r)
			}
		}
	}
	var a jsTable
	clienttest.RunJSON(t, &a, node, filepath.Join(js, "read_arrow.mjs"), filepath.Join(dir, "results.arrow"))
	check("arrow js", a)
	if a.Metadata["preset"] != "test" {
		t.Errorf("arrow js metadata %v", a.Metadata)
	}
	var p jsTable
	clienttest.RunJSON(t, &p, node, filepath.Join(js, "read_parquet.mjs"), filepath.Join(dir, "results.parquet"))
	check("duckdb", p)

	// A rerun finds every cell done and trains nothing.
	cell := filepath.Join(dir, "cells", cellName("msd", "gru", 1)+".gob")
	before, _ := os.Stat(cell)
	time.Sleep(10 * time.Millisecond)
	if err := s.Run(context.Background(), dir, RunOptions{Quiet: true}); err != nil {
		t.Fatal(err)
	}
	after, _ := os.Stat(cell)
	if !after.ModTime().Equal(before.ModTime()) {
		t.Error("rerun retrained a finished cell")
	}
	again, _, err := ReadResults(filepath.Join(dir, "results.parquet"))
	if err != nil || len(again) != len(recs) {
		t.Fatalf("rerun results: %v, %d rows", err, len(again))
	}
}

func TestRunStopsCleanlyWhenCancelled(t *testing.T) {
	dir := t.TempDir()
	s := tinySuite(t)
	s.Seeds = nil // only generates and caches the data
	if err := s.Run(context.Background(), dir, RunOptions{Quiet: true}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := tinySuite(t).Run(ctx, dir, RunOptions{Quiet: true})
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "interrupted after 0 of") {
		t.Fatalf("cancelled run: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "README.md")); err != nil {
		t.Errorf("an interrupted run still writes what it has: %v", err)
	}
}
