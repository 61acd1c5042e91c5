package benchmarks

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/warpkit/warpkit/experiment"
	"github.com/warpkit/warpkit/internal/cpu"
	"github.com/warpkit/warpkit/nn"
	"github.com/warpkit/warpkit/warp"

	_ "github.com/warpkit/warpkit/nn/rnn" // registers the baselines with nn.Build
)

// RunOptions controls a run: where it reports progress, how much runs at once, and which part
// of the suite it runs.
type RunOptions struct {
	Progress io.Writer // one line per finished cell goes here (a terminal or a batch job's log)
	Quiet    bool
	Workers  int // solver goroutines for data generation (0: all cores)
	// Parallel is how many cells train at once (0: one per core). Each cell is deterministic
	// on its own: its seeds come from the suite, never from the order cells run in.
	Parallel int
	// Shard selects part of the suite's cells (see Suite.Shard); its zero value runs them all.
	// A sharded run writes cells only: `warpkit bench report` merges the shards' folders.
	Shard Shard
}

// samples kept per cell for the forecast and weight plots.
const keepForecasts = 3

// CellResult is what one (dataset, model, seed) training run leaves in DIR/cells (gob), enough to
// rebuild every table and plot without training again.
type CellResult struct {
	Dataset      string             `json:"dataset"`
	Model        string             `json:"model"`
	Kind         string             `json:"kind"`
	Seed         int                `json:"seed"`
	Hash         string             `json:"hash"` // of the cell's full configuration, for resume
	MSE, MAE     float64            `json:"-"`
	Metrics      map[string]float64 `json:"metrics"`
	Params       int                `json:"params"`
	TrainSeconds float64            `json:"train_seconds"`
	Epochs       int                `json:"epochs"`
	Steps        int                `json:"steps"`
	Stopped      string             `json:"stopped"`
	Config       json.RawMessage    `json:"config"` // the settled run configuration (experiment.RunConfig)
	Budget       Budget             `json:"budget"`
	History      []nn.EpochRecord   `json:"history"`
	// Forecast holds the first few test trajectories' forecasts, (K, T, D) row-major.
	Forecast []float64 `json:"forecast"`
	// Weights holds, for WARP models, θ_t of the first test trajectory for a few weights,
	// (T, len(WeightNames)) row-major.
	Weights     []float64 `json:"weights,omitempty"`
	WeightNames []string  `json:"weight_names,omitempty"`
	// Reused is set when the cell was finished by an earlier run in the same folder.
	Reused bool `json:"-"`
	// runDir is the cell's run folder (DIR/runs/NAME), "" for a cell kept before bench kept
	// its models. Unexported, so gob leaves it out: the folder is found where the gob is.
	runDir string
}

// Folder layout of a run: the resolved suite, the generated datasets and one file per cell.
const (
	SuiteFile = "suite.json"
	dataDir   = "data"
	cellsDir  = "cells"
	// failedExt marks a cell whose training failed: it holds the cell's hash and the error.
	failedExt = ".failed"
)

func shortHash(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:12]
}

// Run trains and evaluates every cell of s (or of opt.Shard) that DIR does not already hold,
// then, unless sharded, writes the results, tables, plots and README. Several runs may share
// DIR at once: each dataset is generated once (or by several, keeping the first to land) and
// each cell is written atomically. Cancelling ctx stops at the next safe point (between
// batches), keeps the finished cells, and returns an error wrapping context.Canceled.
func (s *Suite) Run(ctx context.Context, dir string, opt RunOptions) error {
	start := time.Now()
	for _, sub := range []string{"", dataDir, cellsDir} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			return fmt.Errorf("benchmarks: %s: %w", dir, err)
		}
	}
	removeStaleTemps(dir)
	if err := s.writeSuiteFile(dir); err != nil {
		return err
	}
	cells := s.Cells()
	mine := cells
	if opt.Shard.Count > 0 {
		var err error
		if mine, err = s.Shard(opt.Shard); err != nil {
			return err
		}
	}
	prog := newProgress(opt)
	defer prog.finish()
	need := map[string]bool{}
	for _, c := range mine {
		need[c.Dataset] = true
	}
	data := map[string]*loadedData{}
	var order []*loadedData
	for i := range s.Datasets {
		dc := &s.Datasets[i]
		if opt.Shard.Count > 0 && !need[dc.Name] {
			continue
		}
		ld, err := loadData(ctx, []string{dir}, dir, dc, opt.Workers, prog)
		if err != nil {
			return err
		}
		data[dc.Name] = ld
		order = append(order, ld)
	}
	results, failed, interrupted, err := s.runCells(ctx, dir, mine, data, opt, prog, start)
	if err != nil {
		return err
	}
	if opt.Shard.Count > 0 {
		prog.note("shard %s: %d of %d cells finished in %s; merge the shards with `warpkit bench report %s --out DIR`",
			opt.Shard, len(results), len(mine), time.Since(start).Round(time.Second), dir)
	} else if err := s.writeOutputs(dir, order, results, time.Since(start), interrupted, failed, nil); err != nil {
		return err
	}
	if interrupted {
		return fmt.Errorf("benchmarks: interrupted after %d of %d cells; rerun the same command to resume: %w", len(results), len(mine), context.Canceled)
	}
	if len(failed) > 0 {
		return fmt.Errorf("benchmarks: %d cells failed (kept in %s as %s files; every other cell is written): %s", len(failed), filepath.Join(dir, cellsDir), failedExt, strings.Join(failed, "; "))
	}
	return nil
}

// writeSuiteFile records the resolved suite in DIR, so `bench report` knows every cell the
// suite has, also those no shard finished.
func (s *Suite) writeSuiteFile(dir string) error {
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return fmt.Errorf("benchmarks: %s: %w", SuiteFile, err)
	}
	return writeFileAtomic(filepath.Join(dir, SuiteFile), append(b, '\n'))
}

// ReadSuiteFile reads the suite a run recorded in DIR.
func ReadSuiteFile(dir string) (*Suite, error) {
	b, err := os.ReadFile(filepath.Join(dir, SuiteFile))
	if err != nil {
		return nil, fmt.Errorf("benchmarks: %s is not a bench folder: %w", dir, err)
	}
	var s Suite
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&s); err != nil {
		return nil, fmt.Errorf("benchmarks: %s: %w", filepath.Join(dir, SuiteFile), err)
	}
	return &s, nil
}

// cellPlan is a cell ready to train: its data, its settled configuration (seed, budget and
// hidden size in place), the built model and the configuration's hash.
type cellPlan struct {
	Cell
	ld    *loadedData
	data  *experiment.Data
	cfg   *experiment.RunConfig
	raw   json.RawMessage // cfg as JSON, as results record it
	hash  string
	model nn.SequenceModel
}

// plan settles the cell's configuration, builds its model and hashes everything that decides
// its result: the data (the spec's hash) and the settled configuration, which holds the seed,
// the budget, the context and every model and training option.
func (s *Suite) plan(c Cell, ld *loadedData) (*cellPlan, error) {
	cfg := *c.Run
	cfg.Seed = uint64(c.Seed) + 1
	cfg.Epochs, cfg.Steps, cfg.TimeBudget = c.Budget.Epochs, c.Budget.Steps, c.Budget.Time
	data, err := ld.data(cfg.ValSplit)
	if err != nil {
		return nil, err
	}
	info := ld.info(data)
	fail := func(err error) (*cellPlan, error) {
		return nil, fmt.Errorf("benchmarks: %s on %s: %w", c.Model, c.Dataset, err)
	}
	if c.MatchHidden {
		target, err := s.matchTarget(ld, info)
		if err != nil {
			return nil, err
		}
		if cfg.Hidden, err = closestHidden(cfg, ld, info, target); err != nil {
			return fail(err)
		}
	}
	model, err := build(&cfg, ld, info)
	if err != nil {
		return fail(err)
	}
	raw, err := json.Marshal(&cfg)
	if err != nil {
		return fail(err)
	}
	hash := shortHash(ld.hash, canonicalJSON(&cfg))
	return &cellPlan{Cell: c, ld: ld, data: data, cfg: &cfg, raw: raw, hash: hash, model: model}, nil
}

// readCell returns the finished cell DIR holds for p, or nil when there is none with p's hash.
func readCell(dir string, p *cellPlan) *CellResult {
	b, err := os.ReadFile(filepath.Join(dir, cellsDir, p.Name()+".gob"))
	if err != nil {
		return nil
	}
	var c CellResult
	if gob.NewDecoder(bytes.NewReader(b)).Decode(&c) != nil || c.Hash != p.hash {
		return nil
	}
	c.MSE, c.MAE = c.Metrics["mse"], c.Metrics["mae"]
	c.Reused = true
	if run := filepath.Join(dir, RunsDir, p.Name()); fileExists(filepath.Join(run, CellFile)) {
		c.runDir = run
	}
	return &c
}

// readFailure returns the error recorded for p's failed cell in DIR, or "".
func readFailure(dir string, p *cellPlan) string {
	b, err := os.ReadFile(filepath.Join(dir, cellsDir, p.Name()+failedExt))
	if err != nil {
		return ""
	}
	hash, msg, _ := strings.Cut(string(b), "\n")
	if hash != p.hash {
		return ""
	}
	return strings.TrimSpace(msg)
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// trainCell trains one cell and writes it to DIR/cells atomically, after its run folder
// (writeRun). It returns nil without error when ctx was cancelled during training: nothing of
// the cell is kept.
func trainCell(ctx context.Context, dir string, p *cellPlan) (*CellResult, error) {
	res, err := experiment.Train(ctx, p.cfg, p.data, experiment.TrainOptions{Model: p.model, Quiet: true})
	stopped := ""
	switch {
	case err != nil && errors.Is(err, nn.ErrNonFinite) && res != nil:
		// Evaluated from the best weights before the divergence, which is recorded instead of
		// sinking the whole suite.
		stopped = "diverged (" + err.Error() + "); evaluated with the best weights before it"
	case res != nil && res.Fit.Stopped == "interrupted", err != nil && ctx.Err() != nil:
		return nil, nil
	case err != nil:
		return nil, err
	default:
		stopped = res.Fit.Stopped
	}
	ld, model := p.ld, res.Model
	ev, err := ld.ts.Evaluate(model)
	if err != nil {
		return nil, err
	}
	metrics := map[string]float64{"mse": ev.All.MSE, "mae": ev.All.MAE}
	if ev.InRange != nil && ev.BeyondRange != nil {
		metrics[MetricInRange], metrics[MetricBeyondRange] = ev.InRange.MSE, ev.BeyondRange.MSE
	}
	pred := ev.Pred
	k := min(keepForecasts, pred.N)
	c := &CellResult{
		Dataset: ld.cfg.Name, Model: p.Model, Kind: p.Kind, Seed: p.Seed, Hash: p.hash, MSE: ev.All.MSE, MAE: ev.All.MAE,
		Metrics: metrics,
		Params:  nn.CountParams(model.Params()), TrainSeconds: res.Seconds, Epochs: len(res.Fit.History), Steps: res.Fit.Steps, Stopped: stopped,
		Config: p.raw, Budget: p.Budget, History: res.Fit.History,
		Forecast: slices.Clone(pred.X[:k*pred.T*pred.D]),
	}
	if wm, ok := model.(*warp.Model); ok {
		one := &nn.Sequences{N: 1, T: ld.test.T, D: ld.test.D, X: ld.test.X[:ld.test.T*ld.test.D], Times: ld.test.Times}
		theta, err := wm.Weights(one, ld.cfg.Context)
		if err != nil {
			return nil, fmt.Errorf("weights: %w", err)
		}
		names := wm.WeightNames()
		keep := min(8, len(names))
		c.WeightNames = names[:keep]
		for t := 0; t < one.T; t++ {
			c.Weights = append(c.Weights, theta[t*len(names):t*len(names)+keep]...)
		}
	}
	if err := writeRun(dir, p, model, c); err != nil {
		return nil, err
	}
	c.runDir = filepath.Join(dir, RunsDir, p.Name())
	// gob, not JSON: a diverged cell's metrics and forecasts may be NaN, which JSON cannot hold.
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(c); err != nil {
		return nil, err
	}
	path := filepath.Join(dir, cellsDir, p.Name()+".gob")
	if err := writeFileAtomic(path, buf.Bytes()); err != nil {
		return nil, err
	}
	os.Remove(filepath.Join(dir, cellsDir, p.Name()+failedExt)) // an earlier failure is superseded
	return c, nil
}

// machine describes where the run happened, for the README and the results' metadata: the
// kernel (internal/cpu) changes the speed, so the training budgets' reach, though not the bits.
func machine() string {
	host, _ := os.Hostname()
	model := "unknown CPU"
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(line, "model name") {
				model = strings.TrimSpace(line[strings.IndexByte(line, ':')+1:])
				break
			}
		}
	}
	return fmt.Sprintf("%s, %s, %d cores (GOMAXPROCS %d), kernel %s, %s/%s, %s", host, model, runtime.NumCPU(), runtime.GOMAXPROCS(0), cpu.Active(), runtime.GOOS, runtime.GOARCH, runtime.Version())
}

// runCells trains cells on opt.Parallel goroutines, skipping those DIR already holds, and
// returns the finished ones in suite order. A cell that fails is recorded in DIR/cells and
// named in failed; the others go on. On cancellation it returns what finished with
// interrupted set.
func (s *Suite) runCells(ctx context.Context, dir string, cells []Cell, data map[string]*loadedData, opt RunOptions, prog *runProgress, start time.Time) (results []*CellResult, failed []string, interrupted bool, err error) {
	plans := make([]*cellPlan, len(cells))
	for i, c := range cells {
		if plans[i], err = s.plan(c, data[c.Dataset]); err != nil {
			return nil, nil, false, err
		}
	}
	out := make([]*CellResult, len(plans))
	fails := make([]string, len(plans))
	var todo []int
	left := 0.0
	for i, p := range plans {
		if c := readCell(dir, p); c != nil {
			out[i] = c
			continue
		}
		todo = append(todo, i)
		left += s.estimate(p.Cell)
	}
	prog.start(len(plans), len(plans)-len(todo), left)
	par := opt.Parallel
	if par <= 0 {
		par = max(1, runtime.NumCPU())
	}
	next := make(chan int)
	var wg sync.WaitGroup
	var mu sync.Mutex
	for range par {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				p := plans[i]
				c, err := trainCell(ctx, dir, p)
				if err != nil {
					msg := fmt.Sprintf("%s on %s seed %d: %v", p.Model, p.Dataset, p.Seed, err)
					// Recorded so `bench report` can name it; a rerun tries the cell again.
					_ = writeFileAtomic(filepath.Join(dir, cellsDir, p.Name()+failedExt), []byte(p.hash+"\n"+msg+"\n"))
					mu.Lock()
					fails[i] = msg
					prog.failed(p.Cell, msg)
					mu.Unlock()
					continue
				}
				mu.Lock()
				out[i] = c
				if c != nil {
					prog.cell(c, s.estimate(p.Cell))
				}
				mu.Unlock()
			}
		}()
	}
	for _, i := range todo {
		if ctx.Err() != nil {
			break
		}
		select {
		case next <- i:
		case <-ctx.Done():
		}
	}
	close(next)
	wg.Wait()
	for i := range plans {
		switch {
		case fails[i] != "":
			failed = append(failed, fails[i])
		case out[i] == nil:
			interrupted = true
		default:
			results = append(results, out[i])
		}
	}
	if ctx.Err() != nil {
		interrupted = true
	}
	return results, failed, interrupted, nil
}

// removeStaleTemps deletes temporary files (atomicfile's and dataset generation's) and run
// folders (writeRun's) that a killed run left in DIR's data, cells and runs folders. Only
// those untouched for an hour go: a shard writing one right now keeps it. Final names never
// depend on them, so a stale one that stays blocks nothing.
func removeStaleTemps(dir string) {
	for _, sub := range []string{"", dataDir, cellsDir, RunsDir} {
		entries, _ := os.ReadDir(filepath.Join(dir, sub))
		for _, e := range entries {
			if !strings.HasPrefix(e.Name(), ".") || !strings.Contains(e.Name(), ".tmp-") {
				continue
			}
			if info, err := e.Info(); err == nil && time.Since(info.ModTime()) > time.Hour {
				os.RemoveAll(filepath.Join(dir, sub, e.Name()))
			}
		}
	}
}
