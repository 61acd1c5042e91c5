package cli

import (
	"bufio"
	"context"
	"errors"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/warpkit/warpkit/benchmarks"
)

// TestMain lets a test run this binary as the warpkit command (WARPKIT_RUN_MAIN=1), so
// signals reach a real process.
func TestMain(m *testing.M) {
	if os.Getenv("WARPKIT_RUN_MAIN") == "1" {
		os.Exit(Main(os.Args[1:]))
	}
	os.Exit(m.Run())
}

// benchSuite is a small step-budgeted suite of 18 cells, each a fraction of a second.
const benchSuite = `name: signals
context: 100
seeds: [0, 1, 2]
budget: {steps: 6}
train: {batch: 4, lr: 3.0e-3, forcing_prob: 0.25}
datasets:
  - {name: msd, builtin: msd, train: 12, val: 4, test: 6, prior: msd}
  - {name: lv, builtin: lv, train: 12, val: 4, test: 6, prior: lv}
models:
  - {label: warp, kind: warp, root_width: 4, root_depth: 1, transition: diagonal, init: hyper0}
  - {label: warp-phys, kind: warp-phys, root_width: 4, root_depth: 1, transition: diagonal, init: hyper0, a_init: identity}
  - {label: gru, kind: gru, hidden: 6}
`

func writeSuite(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "suite.yaml")
	if err := os.WriteFile(path, []byte(benchSuite), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// signalRun starts `warpkit bench` as a process, sends sig after the first finished cell, and
// returns the exit status and the log.
func signalRun(t *testing.T, sig syscall.Signal, args ...string) (int, string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], append([]string{"bench"}, args...)...)
	cmd.Env = append(os.Environ(), "WARPKIT_RUN_MAIN=1")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var log strings.Builder
	sc := bufio.NewScanner(stderr)
	sent := false
	for sc.Scan() {
		log.WriteString(sc.Text() + "\n")
		if !sent && strings.HasPrefix(sc.Text(), "cell ") {
			sent = true
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
		}
	}
	err = cmd.Wait()
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		t.Fatal(err)
	}
	return cmd.ProcessState.ExitCode(), log.String()
}

func parquetValues(t *testing.T, dir string) map[string]uint64 {
	t.Helper()
	recs, _, err := benchmarks.ReadResults(filepath.Join(dir, "results.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]uint64{}
	for _, r := range recs {
		out[r.Dataset+"/"+r.Model+"/"+r.Metric+"/"+string(rune('0'+r.Seed))] = math.Float64bits(r.Value)
	}
	return out
}

// SIGTERM and SIGINT stop `bench` at the next safe point with 143 and 130; after any of them,
// kill -9 included, the finished cells stay and a rerun completes the suite with the values
// of an uninterrupted run.
func TestBenchSignalsStopKeepCellsAndResume(t *testing.T) {
	suite := writeSuite(t)
	whole := t.TempDir()
	mustWK(t, "bench", "--suite", suite, "--out", whole, "--quiet")
	want := parquetValues(t, whole)
	total := len(want)

	for _, c := range []struct {
		sig  syscall.Signal
		code int
	}{{syscall.SIGTERM, 143}, {syscall.SIGINT, 130}, {syscall.SIGKILL, -1}} {
		dir := t.TempDir()
		code, log := signalRun(t, c.sig, "--suite", suite, "--out", dir, "--parallel", "1", "--shard", "0/1")
		if code != c.code {
			t.Fatalf("%v: exit %d, want %d\n%s", c.sig, code, c.code, log)
		}
		kept, _ := filepath.Glob(filepath.Join(dir, "cells", "*.gob"))
		if len(kept) == 0 || len(kept) >= 18 {
			t.Fatalf("%v: %d of 18 cells kept\n%s", c.sig, len(kept), log)
		}
		// After kill -9 a half-written temporary file may stay; it blocks nothing.
		if tmp, _ := filepath.Glob(filepath.Join(dir, "*", ".*")); len(tmp) > 0 && c.sig != syscall.SIGKILL {
			t.Errorf("%v: partial files left: %v", c.sig, tmp)
		}
		if strings.Contains(log, "\r") {
			t.Errorf("carriage return in a batch log")
		}
		// The rerun (a requeued job) finishes the rest; the report equals one uninterrupted run.
		mustWK(t, "bench", "--suite", suite, "--out", dir, "--shard", "0/1", "--quiet")
		merged := t.TempDir()
		mustWK(t, "bench", "report", dir, "--out", merged, "--quiet")
		got := parquetValues(t, merged)
		if len(got) != total {
			t.Fatalf("%v: %d rows after resuming, want %d", c.sig, len(got), total)
		}
		for k, v := range want {
			if got[k] != v {
				t.Errorf("%v: %s differs after interruption and resume", c.sig, k)
			}
		}
	}
}

func TestBenchReportNamesMissingCells(t *testing.T) {
	suite := writeSuite(t)
	dir := t.TempDir()
	mustWK(t, "bench", "--suite", suite, "--out", dir, "--shard", "0/3", "--quiet")
	code, _, errs := wk(t, context.Background(), "bench", "report", dir, "--out", t.TempDir())
	if code == 0 || !strings.Contains(errs, "cells missing") || !strings.Contains(errs, "__seed") {
		t.Fatalf("report of one shard of three: exit %d, %s", code, errs)
	}
	out := t.TempDir()
	if code, _, errs := wk(t, context.Background(), "bench", "report", dir, "--out", out, "--partial"); code != 0 {
		t.Fatalf("--partial: exit %d, %s", code, errs)
	}
	if _, err := os.Stat(filepath.Join(out, "results.parquet")); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"bench", "--suite", suite, "--shard", "3/3", "--dry-run"},
		{"bench", "--suite", suite, "--shard", "auto", "--dry-run"},
		{"bench", "--suite", filepath.Join(t.TempDir(), "none.yaml")},
		{"bench", "report", "--out", t.TempDir()},
	} {
		if code, _, _ := wk(t, context.Background(), args...); code != 2 {
			t.Errorf("%v: exit %d, want 2 (usage)", args, code)
		}
	}
	_, out2, _ := wk(t, context.Background(), "bench", "--suite", suite, "--dry-run", "--shard", "1/3")
	if !strings.Contains(out2, "cells in shard 1/3 (of 18 in the suite)") || !strings.Contains(out2, "stimated") {
		t.Errorf("dry run: %s", out2)
	}
}
