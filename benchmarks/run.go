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
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/warpkit/warpkit"
	"github.com/warpkit/warpkit/datasets"
	"github.com/warpkit/warpkit/internal/cpu"
	"github.com/warpkit/warpkit/nn"
	"github.com/warpkit/warpkit/physics"
	"github.com/warpkit/warpkit/warp"

	_ "github.com/warpkit/warpkit/nn/rnn" // registers the baselines with nn.Build
)

// RunOptions controls where a run reports progress.
type RunOptions struct {
	Progress io.Writer // progress lines with ETA go here when it is a terminal (or Verbose)
	Quiet    bool
	Verbose  bool // report progress even when Progress is not a terminal
	Workers  int  // solver goroutines for data generation (0: all cores)
	// Parallel is how many cells train at once (0: one per core). Each cell
	// is deterministic on its own; the time budget is wall clock, so cells that share the
	// machine are equally affected.
	Parallel int
}

// samples kept per cell for the forecast and weight plots.
const keepForecasts = 3

// CellResult is what one (dataset, model, seed) training run leaves in DIR/cells (gob), enough to
// rebuild every table and plot without training again.
type CellResult struct {
	Dataset      string             `json:"dataset"`
	Model        string             `json:"model"`
	Seed         int                `json:"seed"`
	Hash         string             `json:"hash"` // of the cell's full configuration, for resume
	MSE, MAE     float64            `json:"-"`
	Metrics      map[string]float64 `json:"metrics"`
	Params       int                `json:"params"`
	TrainSeconds float64            `json:"train_seconds"`
	Epochs       int                `json:"epochs"`
	Stopped      string             `json:"stopped"`
	Config       json.RawMessage    `json:"config"` // model config
	Train        TrainOptions       `json:"train"`
	History      []nn.EpochRecord   `json:"history"`
	// Forecast holds the first few test trajectories' forecasts, (K, T, D) row-major.
	Forecast []float64 `json:"forecast"`
	// Weights holds, for WARP models, θ_t of the first test trajectory for a few weights,
	// (T, len(WeightNames)) row-major.
	Weights     []float64 `json:"weights,omitempty"`
	WeightNames []string  `json:"weight_names,omitempty"`
	// Reused is set when the cell was finished by an earlier run in the same folder.
	Reused bool `json:"-"`
}

// loadedData is a dataset of the suite, generated or read from the cache.
type loadedData struct {
	cfg              DatasetConfig
	ds               *datasets.Dataset
	train, val, test *nn.Sequences
	mean, std        []float64
	hash             string
	persMSE, persMAE float64
	// within marks the test trajectories whose parameters all lie within the train split's
	// ranges (datasets.WithinTrainRanges); nil when that split is not possible.
	within []bool
	// rangeTest holds the test trajectories within and beyond those ranges, and persRange
	// persistence's MSE on each, by metric name (MetricInRange, MetricBeyondRange).
	rangeTest map[string]*nn.Sequences
	persRange map[string]float64
}

// Run trains and evaluates every cell of s that DIR does not already hold, then writes the
// results, tables, plots and README. Interrupting ctx stops after writing what is finished.
func (s *Suite) Run(ctx context.Context, dir string, opt RunOptions) error {
	start := time.Now()
	for _, sub := range []string{"", "data", "cells", "plots"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			return fmt.Errorf("benchmarks: %s: %w", dir, err)
		}
	}
	prog := newProgress(opt)
	data := make([]*loadedData, 0, len(s.Datasets))
	for _, dc := range s.Datasets {
		ld, err := loadData(ctx, dir, dc, opt.Workers, prog)
		if err != nil {
			return err
		}
		data = append(data, ld)
	}
	type cellJob struct {
		ld    *loadedData
		model ModelConfig
		seed  int
	}
	var jobs []cellJob
	for _, ld := range data {
		for _, m := range s.Models {
			if m.Kind == "warp-phys" && ld.cfg.Prior == "" {
				continue // no known physics for this dataset
			}
			for seed := range s.Seeds {
				jobs = append(jobs, cellJob{ld, m, seed})
			}
		}
	}
	cells, interrupted, err := s.runJobs(ctx, dir, len(jobs), func(i int) (*loadedData, ModelConfig, int) {
		return jobs[i].ld, jobs[i].model, jobs[i].seed
	}, opt, prog, start)
	if err != nil {
		return err
	}
	if err := s.writeOutputs(dir, data, cells, time.Since(start), interrupted); err != nil {
		return err
	}
	if interrupted {
		return fmt.Errorf("benchmarks: interrupted after %d of %d cells; rerun the same command to resume: %w", len(cells), len(jobs), context.Canceled)
	}
	return nil
}

// loadData generates a dataset at the suite's sizes, or reads it from DIR/data when a file
// with the same spec hash is there.
func loadData(ctx context.Context, dir string, dc DatasetConfig, workers int, prog *progress) (*loadedData, error) {
	spec, err := datasets.Builtin(dc.Builtin)
	if err != nil {
		return nil, fmt.Errorf("benchmarks: dataset %s: %w", dc.Name, err)
	}
	for split, n := range map[string]int{"train": dc.NTrain, "val": dc.NVal, "test": dc.NTest} {
		if err := spec.SetSize(split, n); err != nil {
			return nil, fmt.Errorf("benchmarks: dataset %s: %w", dc.Name, err)
		}
	}
	text, err := spec.YAML()
	if err != nil {
		return nil, fmt.Errorf("benchmarks: dataset %s: %w", dc.Name, err)
	}
	hash := shortHash(text, warpkit.Version)
	path := filepath.Join(dir, "data", dc.Name+"-"+hash+".h5")
	var ds *datasets.Dataset
	if _, statErr := os.Stat(path); statErr == nil {
		if ds, err = datasets.Open(path); err != nil {
			return nil, fmt.Errorf("benchmarks: cached dataset: %w (delete it to regenerate)", err)
		}
	} else {
		prog.note("generating %s (%d train, %d val, %d test)", dc.Name, dc.NTrain, dc.NVal, dc.NTest)
		if ds, err = datasets.Generate(ctx, spec, datasets.GenerateOptions{Workers: workers}); err != nil {
			return nil, fmt.Errorf("benchmarks: dataset %s: %w", dc.Name, err)
		}
		if err := datasets.Write(ds, path, datasets.WriteOptions{}); err != nil {
			return nil, fmt.Errorf("benchmarks: dataset %s: %w", dc.Name, err)
		}
	}
	ld := &loadedData{cfg: dc, ds: ds, hash: hash}
	get := func(name string) (*nn.Sequences, error) {
		sp, ok := ds.Splits[name]
		if !ok {
			return nil, nil
		}
		return &nn.Sequences{N: sp.N, T: sp.T, D: sp.D, X: sp.X, Times: sp.Times}, nil
	}
	if ld.train, err = get("train"); err != nil || ld.train == nil {
		return nil, fmt.Errorf("benchmarks: dataset %s has no train split", dc.Name)
	}
	ld.val, _ = get("val")
	if ld.test, _ = get("test"); ld.test == nil {
		return nil, fmt.Errorf("benchmarks: dataset %s has no test split", dc.Name)
	}
	ld.mean, ld.std = channelStats(ld.train)
	if ld.persMSE, ld.persMAE, err = nn.PersistenceErrors(ld.test, dc.Context); err != nil {
		return nil, fmt.Errorf("benchmarks: dataset %s: %w", dc.Name, err)
	}
	if within := ds.WithinTrainRanges("test"); within != nil && slices.Contains(within, true) && slices.Contains(within, false) {
		ld.within, ld.rangeTest, ld.persRange = within, map[string]*nn.Sequences{}, map[string]float64{}
		for metric, want := range rangeSides {
			ld.rangeTest[metric] = ld.test.Select(within, want)
			if ld.persRange[metric], _, err = nn.PersistenceErrors(ld.rangeTest[metric], dc.Context); err != nil {
				return nil, fmt.Errorf("benchmarks: dataset %s: %w", dc.Name, err)
			}
		}
	}
	return ld, nil
}

// channelStats are the per-channel mean and standard deviation of a split, as datasets
// computes them, with a constant channel's std read as 1 (as `warpkit train` does).
func channelStats(s *nn.Sequences) (mean, std []float64) {
	n := datasets.ComputeNormalization(&datasets.Split{N: s.N, T: s.T, D: s.D, X: s.X})
	return n.Mean, n.ScaleStd()
}

func shortHash(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:12]
}

// modelConfig is the JSON config of model m on dataset ld with the given hidden size (ignored
// by WARP) and seed.
func modelConfig(m ModelConfig, ld *loadedData, hidden, seed int) (json.RawMessage, error) {
	cfg := map[string]any{}
	for k, v := range m.Config {
		cfg[k] = v
	}
	cfg["seed"] = seed + 1
	if strings.HasPrefix(m.Kind, "warp") {
		cfg["dim"] = ld.train.D
		if m.Kind == "warp-phys" {
			prior, err := priorFor(ld.cfg.Prior)
			if err != nil {
				return nil, err
			}
			cfg["prior"] = prior.Spec()
		} else {
			cfg["mean"], cfg["std"] = ld.mean, ld.std
		}
	} else {
		cfg["kind"] = m.Kind
		cfg["d"] = ld.train.D
		cfg["hidden"] = hidden
		cfg["mean"], cfg["std"] = ld.mean, ld.std
		if _, set := cfg["residual"]; !set {
			cfg["residual"] = true
		}
	}
	return json.Marshal(cfg)
}

// priorFor builds the named built-in prior: the most accurate step each offers.
func priorFor(name string) (physics.Prior, error) {
	switch name {
	case "msd":
		// The exact flow of the linear system: no integration error, and a training step
		// about 28% cheaper than RK4's.
		return physics.MSD(physics.MSDOptions{Integrator: "exact"})
	case "lv":
		return physics.LV(physics.LVOptions{})
	case "sine":
		return physics.Sine(physics.SineOptions{})
	}
	return nil, fmt.Errorf("benchmarks: no built-in prior %q (valid: msd, lv, sine)", name)
}

// buildModel builds m for ld. A "hidden": "match" option picks the hidden size whose
// parameter count is closest to WARP's on the same data.
func (s *Suite) buildModel(m ModelConfig, ld *loadedData, seed int) (nn.SequenceModel, json.RawMessage, error) {
	hidden := 0
	switch h := m.Config["hidden"].(type) {
	case int:
		hidden = h
	case float64:
		hidden = int(h)
	case string:
		if h != MatchParams {
			return nil, nil, fmt.Errorf("benchmarks: model %s: hidden %q (want a number or %q)", m.Name, h, MatchParams)
		}
		target, err := s.warpParams(ld)
		if err != nil {
			return nil, nil, err
		}
		if hidden, err = closestHidden(m, ld, target); err != nil {
			return nil, nil, err
		}
	}
	raw, err := modelConfig(m, ld, hidden, seed)
	if err != nil {
		return nil, nil, err
	}
	model, err := nn.Build(m.Kind, raw)
	if err != nil {
		return nil, nil, fmt.Errorf("benchmarks: model %s on %s: %w", m.Name, ld.cfg.Name, err)
	}
	return model, raw, nil
}

// warpParams is the parameter count of the suite's plain WARP on ld (the matching target).
func (s *Suite) warpParams(ld *loadedData) (int, error) {
	for _, m := range append(slices.Clone(s.Models), dynamicsModels(12, 1)...) {
		if m.Kind != "warp" {
			continue
		}
		raw, err := modelConfig(m, ld, 0, 0)
		if err != nil {
			return 0, err
		}
		model, err := nn.Build("warp", raw)
		if err != nil {
			return 0, fmt.Errorf("benchmarks: warp on %s: %w", ld.cfg.Name, err)
		}
		return nn.CountParams(model.Params()), nil
	}
	return 0, errors.New("benchmarks: no warp model to match parameter counts against")
}

// closestHidden searches hidden sizes for the parameter count nearest to target.
func closestHidden(m ModelConfig, ld *loadedData, target int) (int, error) {
	best, bestDiff := 0, math.MaxInt
	for h := 2; h <= 1024; h++ {
		raw, err := modelConfig(m, ld, h, 0)
		if err != nil {
			return 0, err
		}
		model, err := nn.Build(m.Kind, raw)
		if err != nil {
			return 0, fmt.Errorf("benchmarks: model %s: %w", m.Name, err)
		}
		n := nn.CountParams(model.Params())
		if d := abs(n - target); d < bestDiff {
			best, bestDiff = h, d
		}
		if n > target {
			break
		}
	}
	return best, nil
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// runCell trains one cell, or returns the finished result already in DIR (cached = true). It
// returns nil without error when ctx was cancelled during training.
func (s *Suite) runCell(ctx context.Context, dir string, ld *loadedData, m ModelConfig, seed int) (*CellResult, bool, error) {
	model, raw, err := s.buildModel(m, ld, seed)
	if err != nil {
		return nil, false, err
	}
	topt := s.Train
	if ld.cfg.Budget != 0 {
		topt.TimeBudget = ld.cfg.Budget
	}
	tj, _ := json.Marshal(topt)
	hash := shortHash(ld.hash, m.Kind, string(raw), string(tj), fmt.Sprint(ld.cfg.Context))
	path := filepath.Join(dir, "cells", cellName(ld.cfg.Name, m.Name, seed)+".gob")
	if b, err := os.ReadFile(path); err == nil {
		var c CellResult
		if gob.NewDecoder(bytes.NewReader(b)).Decode(&c) == nil && c.Hash == hash {
			c.MSE, c.MAE = c.Metrics["mse"], c.Metrics["mae"]
			c.Reused = true
			return &c, true, nil
		}
	}
	cfg := nn.TrainConfig{
		Epochs: topt.Epochs, BatchSize: min(topt.BatchSize, ld.train.N), LR: topt.LR, Schedule: topt.Schedule,
		Clip: topt.Clip, Context: ld.cfg.Context, Seed: uint64(seed) + 1, TimeBudget: topt.TimeBudget, Quiet: true,
		Loss: nn.LossOptions{ForcingProb: topt.ForcingProb, Context: ld.cfg.Context},
	}
	// Keep the weights of the best validated epoch ourselves: when a run diverges (the NaN guard
	// stops Fit with an error), the cell is still evaluated, from those weights, and the
	// divergence is recorded instead of sinking the whole suite.
	best := snapshot(model.Params())
	bestVal := math.Inf(1)
	cfg.OnEpoch = func(r nn.EpochRecord) {
		if r.Validated && r.ValMSE < bestVal {
			bestVal = r.ValMSE
			copyWeights(best, model.Params())
		}
	}
	t0 := time.Now()
	res, err := nn.Fit(ctx, model, ld.train, ld.val, cfg)
	secs := time.Since(t0).Seconds()
	stopped := ""
	switch {
	case err != nil && res != nil && ctx.Err() == nil:
		restoreWeights(model.Params(), best)
		stopped = "diverged (" + err.Error() + "); evaluated with the best weights before it"
	case err != nil:
		return nil, false, fmt.Errorf("benchmarks: %s on %s seed %d: %w", m.Name, ld.cfg.Name, seed, err)
	case res.Stopped == "interrupted":
		return nil, false, nil
	default:
		stopped = res.Stopped
	}
	pred, err := model.Forecast(ld.test, ld.cfg.Context)
	if err != nil {
		return nil, false, fmt.Errorf("benchmarks: %s on %s: forecast: %w", m.Name, ld.cfg.Name, err)
	}
	mse, mae, err := nn.ForecastErrors(pred, ld.test, ld.cfg.Context)
	if err != nil {
		return nil, false, err
	}
	metrics := map[string]float64{"mse": mse, "mae": mae}
	if ld.within != nil {
		for metric, want := range rangeSides {
			if metrics[metric], _, err = nn.ForecastErrors(pred.Select(ld.within, want), ld.rangeTest[metric], ld.cfg.Context); err != nil {
				return nil, false, err
			}
		}
	}
	k := min(keepForecasts, pred.N)
	c := &CellResult{
		Dataset: ld.cfg.Name, Model: m.Name, Seed: seed, Hash: hash, MSE: mse, MAE: mae,
		Metrics: metrics,
		Params:  nn.CountParams(model.Params()), TrainSeconds: secs, Epochs: len(res.History), Stopped: stopped,
		Config: raw, Train: topt, History: res.History,
		Forecast: slices.Clone(pred.X[:k*pred.T*pred.D]),
	}
	if wm, ok := model.(*warp.Model); ok {
		one := &nn.Sequences{N: 1, T: ld.test.T, D: ld.test.D, X: ld.test.X[:ld.test.T*ld.test.D], Times: ld.test.Times}
		theta, err := wm.Weights(one, ld.cfg.Context)
		if err != nil {
			return nil, false, fmt.Errorf("benchmarks: %s on %s: weights: %w", m.Name, ld.cfg.Name, err)
		}
		names := wm.WeightNames()
		keep := min(8, len(names))
		c.WeightNames = names[:keep]
		for t := 0; t < one.T; t++ {
			c.Weights = append(c.Weights, theta[t*len(names):t*len(names)+keep]...)
		}
	}
	// gob, not JSON: a diverged cell's metrics and forecasts may be NaN, which JSON cannot hold.
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(c); err != nil {
		return nil, false, fmt.Errorf("benchmarks: %s: %w", path, err)
	}
	if err := writeFileAtomic(path, buf.Bytes()); err != nil {
		return nil, false, err
	}
	return c, false, nil
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

// runJobs trains n cells on opt.Parallel goroutines and returns the finished ones in job
// order. On cancellation it returns the cells finished so far with interrupted set.
func (s *Suite) runJobs(ctx context.Context, dir string, n int, job func(int) (*loadedData, ModelConfig, int), opt RunOptions, prog *progress, start time.Time) ([]*CellResult, bool, error) {
	par := opt.Parallel
	if par <= 0 {
		par = max(1, runtime.NumCPU())
	}
	results := make([]*CellResult, n)
	errs := make([]error, n)
	next := make(chan int)
	var wg sync.WaitGroup
	var mu sync.Mutex
	done := 0
	for range par {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				ld, m, seed := job(i)
				c, cached, err := s.runCell(ctx, dir, ld, m, seed)
				mu.Lock()
				results[i], errs[i] = c, err
				if c != nil {
					done++
					prog.cell(done, n, c, cached, start)
				}
				mu.Unlock()
			}
		}()
	}
	failed := false
	for i := 0; i < n && ctx.Err() == nil && !failed; i++ {
		next <- i
		mu.Lock()
		for _, e := range errs {
			failed = failed || e != nil
		}
		mu.Unlock()
	}
	close(next)
	wg.Wait()
	var cells []*CellResult
	interrupted := false
	for i := range n {
		if errs[i] != nil {
			return nil, false, errs[i]
		}
		if results[i] == nil {
			interrupted = true
			continue
		}
		cells = append(cells, results[i])
	}
	return cells, interrupted, nil
}

func snapshot(ps []*nn.Param) [][]float64 {
	out := make([][]float64, len(ps))
	for i, p := range ps {
		out[i] = slices.Clone(p.Data)
	}
	return out
}

func copyWeights(dst [][]float64, ps []*nn.Param) {
	for i, p := range ps {
		copy(dst[i], p.Data)
	}
}

func restoreWeights(ps []*nn.Param, src [][]float64) {
	for i, p := range ps {
		copy(p.Data, src[i])
	}
}
