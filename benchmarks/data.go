package benchmarks

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/warpkit/warpkit"
	"github.com/warpkit/warpkit/datasets"
	"github.com/warpkit/warpkit/experiment"
	"github.com/warpkit/warpkit/nn"
	"github.com/warpkit/warpkit/ode"
	"github.com/warpkit/warpkit/physics"
	"github.com/warpkit/warpkit/warp"
)

// loadedData is a dataset of the suite, generated or read from the cache, prepared for
// training (per validation fraction) and for evaluation.
type loadedData struct {
	cfg  *DatasetConfig
	ds   *datasets.Dataset
	path string      // the file it was read from or generated into (DIR/data/NAME-HASH.h5)
	sys  *ode.System // the system the spec integrates (for system: priors)
	hash string
	ts   *experiment.TestSet
	test *nn.Sequences // ts.Seq
	mu   sync.Mutex
	// prepared holds experiment.NewData by validation fraction (cells share one).
	prepared map[float64]*experiment.Data
	// target is the match target's parameter count here, once known (0 before).
	target int
}

// data is the dataset opened for training with the given validation fraction.
func (ld *loadedData) data(valSplit float64) (*experiment.Data, error) {
	ld.mu.Lock()
	defer ld.mu.Unlock()
	if d, ok := ld.prepared[valSplit]; ok {
		return d, nil
	}
	d, err := experiment.NewData(ld.ds, valSplit)
	if err != nil {
		return nil, fmt.Errorf("benchmarks: dataset %s: %w", ld.cfg.Name, err)
	}
	ld.prepared[valSplit] = d
	return d, nil
}

// info is what building a model needs to know of the data.
func (ld *loadedData) info(d *experiment.Data) experiment.DataInfo {
	in := d.Info()
	in.Name = ld.cfg.Name
	return in
}

// datasetSpec is the dataset's spec at the suite's sizes.
func datasetSpec(dc *DatasetConfig) (*datasets.Spec, error) {
	var spec *datasets.Spec
	var err error
	if dc.Spec != "" {
		if spec, err = datasets.ParseSpec([]byte(dc.SpecText)); err == nil {
			err = spec.Validate()
		}
		if err != nil {
			err = fmt.Errorf("%s: %w", dc.Spec, err)
		}
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
func loadData(ctx context.Context, dirs []string, writeDir string, dc *DatasetConfig, workers int, prog *runProgress) (*loadedData, error) {
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
	var path string
	for _, d := range dirs {
		path = filepath.Join(d, dataDir, base)
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
		path = filepath.Join(writeDir, dataDir, base)
		if err := placeData(ds, path); err != nil {
			return nil, fmt.Errorf("benchmarks: dataset %s: %w", dc.Name, err)
		}
	}
	ld := &loadedData{cfg: dc, ds: ds, path: path, hash: hash, prepared: map[float64]*experiment.Data{}}
	if ld.sys, err = spec.Resolve(); err != nil {
		return nil, fmt.Errorf("benchmarks: dataset %s: %w", dc.Name, err)
	}
	if ld.ts, err = experiment.NewTestSet(ds, "test", dc.Context); err != nil {
		return nil, fmt.Errorf("benchmarks: dataset %s: %w", dc.Name, err)
	}
	ld.test = ld.ts.Seq
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

// priorFor builds the prior of a WARP-Phys configuration on ld. Built-in priors without
// options take the most accurate step each offers; a system:NAME prior is made by
// physics.FromSystem from the dataset's own system when it has that name (a system defined by
// equations in a spec file), else from the ode library, and predicted parameters without a
// transform get a sigmoid into the system's range.
func priorFor(cfg *experiment.RunConfig, ld *loadedData) (physics.Prior, error) {
	name := cfg.Prior
	var opts []byte
	if len(cfg.PriorOptions) > 0 {
		var err error
		if opts, err = json.Marshal(cfg.PriorOptions); err != nil {
			return nil, err
		}
	}
	fail := func(err error) (physics.Prior, error) {
		return nil, fmt.Errorf("prior %s: %w", name, err)
	}
	var p physics.Prior
	var err error
	switch sysName, isSystem := strings.CutPrefix(name, physics.SystemPrefix); {
	case isSystem:
		if len(opts) == 0 {
			return fail(errors.New("needs prior_options naming the predicted parameters, e.g. {predict: [{name: k}], fixed: {m: 1}}"))
		}
		sys := ld.sys
		if sys == nil || sys.Name != sysName {
			if sys, err = ode.Lookup(sysName); err != nil {
				return fail(err)
			}
		}
		p, err = physics.SystemPrior(sys, opts)
	case len(opts) > 0:
		p, err = physics.Build(physics.Spec{Name: name, Config: opts})
	case name == "msd":
		// The exact flow of the linear system: no integration error, and a training step
		// cheaper than RK4's (benchmarks/RESULTS.md, "Exact flow against RK4").
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
	if p.Dim() != ld.ts.Seq.D {
		return fail(fmt.Errorf("the prior has %d states, the dataset %d (restrict the model with datasets: [...])", p.Dim(), ld.ts.Seq.D))
	}
	return p, nil
}

// build settles cfg against the data and builds its model. WARP-Phys gets its prior as a value
// (warp.NewWithPrior), so a system defined in a spec file needs no registration.
func build(cfg *experiment.RunConfig, ld *loadedData, info experiment.DataInfo) (nn.SequenceModel, error) {
	if cfg.Kind != "warp-phys" {
		return experiment.Build(cfg, info)
	}
	prior, err := priorFor(cfg, ld)
	if err != nil {
		return nil, err
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if err := cfg.Settle(info); err != nil {
		return nil, err
	}
	plain := *cfg // WARPConfig without the prior; the prior comes as a value
	plain.Kind, plain.Prior, plain.PriorOptions = "warp", "", nil
	wc, err := experiment.WARPConfig(&plain, info)
	if err != nil {
		return nil, err
	}
	return warp.NewWithPrior(wc, prior)
}

// MatchParams as a model's "hidden" option asks the runner to pick the hidden size whose
// parameter count is closest to the suite's plain WARP's on the same dataset.
const MatchParams = "match"

// matchTarget is the parameter count of the suite's match target on ld.
func (s *Suite) matchTarget(ld *loadedData, info experiment.DataInfo) (int, error) {
	ld.mu.Lock()
	known := ld.target
	ld.mu.Unlock()
	if known > 0 {
		return known, nil
	}
	cc := ld.cfg.Runs[s.MatchTarget]
	if cc == nil {
		return 0, fmt.Errorf("benchmarks: no warp model to match parameter counts against on %s", ld.cfg.Name)
	}
	cfg := *cc.Run
	model, err := build(&cfg, ld, info)
	if err != nil {
		return 0, fmt.Errorf("benchmarks: %s on %s: %w", s.MatchTarget, ld.cfg.Name, err)
	}
	n := nn.CountParams(model.Params())
	ld.mu.Lock()
	ld.target = n
	ld.mu.Unlock()
	return n, nil
}

// closestHidden is the hidden size whose parameter count is nearest to target (the smaller
// one on a tie). Counts grow with the hidden size, so a binary search finds it in a few builds
// even at the paper's sizes (millions of parameters).
func closestHidden(cfg experiment.RunConfig, ld *loadedData, info experiment.DataInfo, target int) (int, error) {
	count := func(h int) (int, error) {
		cfg.Hidden = h
		model, err := build(&cfg, ld, info)
		if err != nil {
			return 0, err
		}
		return nn.CountParams(model.Params()), nil
	}
	// Double until the count reaches the target (never building a model much larger than
	// the target), then bisect: the smallest hidden size with count ≥ target lies in (lo, hi].
	lo, hi := 1, 2
	for ; hi < 1<<16; lo, hi = hi, 2*hi {
		n, err := count(hi)
		if err != nil {
			return 0, err
		}
		if n >= target {
			break
		}
	}
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		n, err := count(mid)
		if err != nil {
			return 0, err
		}
		if n >= target {
			hi = mid
		} else {
			lo = mid
		}
	}
	above, err := count(hi)
	if err != nil {
		return 0, err
	}
	if hi == 1 {
		return hi, nil
	}
	below, err := count(hi - 1)
	if err != nil {
		return 0, err
	}
	if target-below <= above-target {
		return hi - 1, nil
	}
	return hi, nil
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
