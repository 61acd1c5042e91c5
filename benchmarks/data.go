package benchmarks

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/warpkit/warpkit"
	"github.com/warpkit/warpkit/datasets"
	"github.com/warpkit/warpkit/nn"
	"github.com/warpkit/warpkit/ode"
	"github.com/warpkit/warpkit/physics"
	"github.com/warpkit/warpkit/warp"
)

// loadedData is a dataset of the suite, generated or read from the cache.
type loadedData struct {
	cfg              *DatasetConfig
	ds               *datasets.Dataset
	sys              *ode.System // the system the spec integrates (for system: priors)
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

// datasetSpec is the dataset's spec at the suite's sizes.
func datasetSpec(dc *DatasetConfig) (*datasets.Spec, error) {
	var spec *datasets.Spec
	var err error
	if dc.Spec != "" {
		spec, err = datasets.LoadSpec(dc.Spec)
	} else {
		spec, err = datasets.Builtin(dc.Builtin)
	}
	if err != nil {
		return nil, fmt.Errorf("benchmarks: dataset %s: %w", dc.Name, err)
	}
	for _, sz := range []struct {
		split string
		n     int
	}{{"train", dc.NTrain}, {"val", dc.NVal}, {"test", dc.NTest}} {
		if err := spec.SetSize(sz.split, sz.n); err != nil {
			return nil, fmt.Errorf("benchmarks: dataset %s: %w", dc.Name, err)
		}
	}
	return spec, nil
}

// loadData reads the dataset from the first of dirs holding it (DIR/data/NAME-HASH.h5, the hash
// being the spec's), or generates it into writeDir. Generation goes to a temporary name that
// is then linked to the final one; when another run got there first, its file is kept and
// this one dropped, so runs sharing a folder never fail on a file that exists.
func loadData(ctx context.Context, dirs []string, writeDir string, dc *DatasetConfig, workers int, prog *progress) (*loadedData, error) {
	spec, err := datasetSpec(dc)
	if err != nil {
		return nil, err
	}
	text, err := spec.YAML()
	if err != nil {
		return nil, fmt.Errorf("benchmarks: dataset %s: %w", dc.Name, err)
	}
	hash := shortHash(text, warpkit.Version)
	base := dc.Name + "-" + hash + ".h5"
	var ds *datasets.Dataset
	for _, d := range dirs {
		path := filepath.Join(d, dataDir, base)
		if _, statErr := os.Stat(path); statErr == nil {
			if ds, err = datasets.Open(path); err != nil {
				return nil, fmt.Errorf("benchmarks: cached dataset: %w (delete it to regenerate)", err)
			}
			break
		}
	}
	if ds == nil {
		prog.note("generating %s (%d train, %d val, %d test)", dc.Name, dc.NTrain, dc.NVal, dc.NTest)
		if ds, err = datasets.Generate(ctx, spec, datasets.GenerateOptions{Workers: workers}); err != nil {
			return nil, fmt.Errorf("benchmarks: dataset %s: %w", dc.Name, err)
		}
		if err := os.MkdirAll(filepath.Join(writeDir, dataDir), 0o755); err != nil {
			return nil, fmt.Errorf("benchmarks: %w", err)
		}
		if err := placeData(ds, filepath.Join(writeDir, dataDir, base)); err != nil {
			return nil, fmt.Errorf("benchmarks: dataset %s: %w", dc.Name, err)
		}
	}
	ld := &loadedData{cfg: dc, ds: ds, hash: hash}
	if ld.sys, err = spec.Resolve(); err != nil {
		return nil, fmt.Errorf("benchmarks: dataset %s: %w", dc.Name, err)
	}
	get := func(name string) *nn.Sequences {
		sp, ok := ds.Splits[name]
		if !ok {
			return nil
		}
		return &nn.Sequences{N: sp.N, T: sp.T, D: sp.D, X: sp.X, Times: sp.Times}
	}
	if ld.train = get("train"); ld.train == nil {
		return nil, fmt.Errorf("benchmarks: dataset %s has no train split", dc.Name)
	}
	ld.val = get("val")
	if ld.test = get("test"); ld.test == nil {
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

// placeData writes ds under a temporary name beside path and links it to path. If path
// exists by then (another run generated the same spec, which gives the same data), that file
// stays and the temporary one is removed. Where the file system has no hard links, the
// temporary file is renamed over path instead: the content is the same either way.
func placeData(ds *datasets.Dataset, path string) error {
	tmp := filepath.Join(filepath.Dir(path), fmt.Sprintf(".%s.tmp-%d-%08x.h5", filepath.Base(path), os.Getpid(), rand.Uint32()))
	if err := datasets.Write(ds, tmp, datasets.WriteOptions{}); err != nil {
		os.Remove(tmp)
		return err
	}
	defer os.Remove(tmp)
	err := os.Link(tmp, path)
	if err == nil || errors.Is(err, os.ErrExist) {
		return nil
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// channelStats are the per-channel mean and standard deviation of a split, as datasets
// computes them, with a constant channel's std read as 1 (as `warpkit train` does).
func channelStats(s *nn.Sequences) (mean, std []float64) {
	n := datasets.ComputeNormalization(&datasets.Split{N: s.N, T: s.T, D: s.D, X: s.X})
	return n.Mean, n.ScaleStd()
}

// systemPriorOptions are a system: prior's options as a suite file gives them (prior_options);
// predicted parameters without a transform get a sigmoid into the system's range.
type systemPriorOptions struct {
	System      string              `json:"system"`
	Predict     []physics.Predicted `json:"predict"`
	Fixed       map[string]float64  `json:"fixed"`
	FixDefaults bool                `json:"fix_defaults"`
	Integrator  string              `json:"integrator"`
	Substeps    int                 `json:"substeps"`
	Widen       float64             `json:"widen"`
	TimeScale   float64             `json:"time_scale"`
	TimeOffset  float64             `json:"time_offset"`
	Derivatives string              `json:"derivatives"`
}

// priorFor builds the prior of WARP-Phys model m on ld: the model's own, else the dataset's.
// Built-in priors without options take the most accurate step each offers; a system:NAME
// prior is made by physics.FromSystem from the dataset's own system when it has that name
// (a system defined by equations in a spec file), else from the ode library.
func priorFor(m *ModelConfig, ld *loadedData) (physics.Prior, error) {
	name, opts := ld.cfg.Prior, ld.cfg.PriorOptions
	if m.Prior != "" {
		name, opts = m.Prior, nil
	}
	if len(m.PriorOptions) > 0 {
		opts = m.PriorOptions
	}
	fail := func(err error) (physics.Prior, error) {
		return nil, fmt.Errorf("benchmarks: %s on %s: prior %s: %w", m.Name, ld.cfg.Name, name, err)
	}
	var p physics.Prior
	var err error
	switch sysName, isSystem := strings.CutPrefix(name, physics.SystemPrefix); {
	case isSystem:
		var o systemPriorOptions
		dec := json.NewDecoder(bytes.NewReader(opts))
		dec.DisallowUnknownFields()
		if len(opts) == 0 {
			return fail(errors.New("needs prior_options naming the predicted parameters, e.g. {predict: [{name: k}], fixed: {m: 1}}"))
		}
		if err := dec.Decode(&o); err != nil {
			return fail(fmt.Errorf("prior_options: %w", err))
		}
		if o.System != "" && o.System != sysName {
			return fail(fmt.Errorf("prior_options name system %q", o.System))
		}
		sys := ld.sys
		if sys == nil || sys.Name != sysName {
			if sys, err = ode.Lookup(sysName); err != nil {
				return fail(err)
			}
		}
		p, err = physics.FromSystem(sys, physics.Options{Predict: o.Predict, Fixed: o.Fixed, FixDefaults: o.FixDefaults,
			Integrator: o.Integrator, Substeps: o.Substeps, Widen: o.Widen, TimeScale: o.TimeScale, TimeOffset: o.TimeOffset, Derivatives: o.Derivatives})
	case len(opts) > 0:
		p, err = physics.Build(physics.Spec{Name: name, Config: opts})
	case name == "msd":
		// The exact flow of the linear system: no integration error, and a training step
		// about 28% cheaper than RK4's.
		p, err = physics.MSD(physics.MSDOptions{Integrator: "exact"})
	case name == "lv":
		p, err = physics.LV(physics.LVOptions{})
	case name == "sine":
		p, err = physics.Sine(physics.SineOptions{})
	default:
		return fail(errors.New("unknown prior (valid: msd, lv, sine, system:NAME)"))
	}
	if err != nil {
		return fail(err)
	}
	if p.Dim() != ld.train.D {
		return fail(fmt.Errorf("the prior has %d states, the dataset %d (restrict the model with datasets: [...])", p.Dim(), ld.train.D))
	}
	return p, nil
}

// modelConfig is the JSON config of model m on dataset ld with the given hidden size (ignored
// by WARP), seed and prior (WARP-Phys only).
func modelConfig(m *ModelConfig, ld *loadedData, hidden, seed int, prior physics.Prior) (json.RawMessage, error) {
	cfg := map[string]any{}
	for k, v := range m.Config {
		cfg[k] = v
	}
	cfg["seed"] = seed + 1
	if strings.HasPrefix(m.Kind, "warp") {
		cfg["dim"] = ld.train.D
		if m.Kind == "warp-phys" {
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

// build makes the model from its JSON config; WARP-Phys gets its prior as a value, so a system
// defined in a spec file needs no registration.
func build(m *ModelConfig, raw json.RawMessage, prior physics.Prior) (nn.SequenceModel, error) {
	if m.Kind != "warp-phys" {
		return nn.Build(m.Kind, raw)
	}
	var cfg warp.Config
	if err := json.Unmarshal(raw, &cfg); err != nil {
		return nil, err
	}
	return warp.NewWithPrior(cfg, prior)
}

// buildModel builds m for ld. A "hidden": "match" option picks the hidden size whose
// parameter count is closest to the suite's plain WARP's on the same data.
func (s *Suite) buildModel(m *ModelConfig, ld *loadedData, seed int) (nn.SequenceModel, json.RawMessage, error) {
	var prior physics.Prior
	if m.Kind == "warp-phys" {
		var err error
		if prior, err = priorFor(m, ld); err != nil {
			return nil, nil, err
		}
	}
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
	raw, err := modelConfig(m, ld, hidden, seed, prior)
	if err != nil {
		return nil, nil, err
	}
	model, err := build(m, raw, prior)
	if err != nil {
		return nil, nil, fmt.Errorf("benchmarks: model %s on %s: %w", m.Name, ld.cfg.Name, err)
	}
	return model, raw, nil
}

// MatchParams as a model's "hidden" option asks the runner to pick the hidden size whose
// parameter count is closest to WARP's on the same dataset.
const MatchParams = "match"

// warpParams is the parameter count of the suite's plain WARP on ld (the matching target).
func (s *Suite) warpParams(ld *loadedData) (int, error) {
	if s.MatchTarget == nil {
		return 0, errors.New("benchmarks: no warp model to match parameter counts against")
	}
	m := s.MatchTarget
	if o, ok := ld.cfg.Overrides[m.Name]; ok {
		m = &o
	}
	raw, err := modelConfig(m, ld, 0, 0, nil)
	if err != nil {
		return 0, err
	}
	model, err := nn.Build("warp", raw)
	if err != nil {
		return 0, fmt.Errorf("benchmarks: warp on %s: %w", ld.cfg.Name, err)
	}
	return nn.CountParams(model.Params()), nil
}

// closestHidden searches hidden sizes for the parameter count nearest to target.
func closestHidden(m *ModelConfig, ld *loadedData, target int) (int, error) {
	best, bestDiff := 0, math.MaxInt
	for h := 2; h <= 1024; h++ {
		raw, err := modelConfig(m, ld, h, 0, nil)
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
