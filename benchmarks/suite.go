package benchmarks

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/warpkit/warpkit/experiment"
)

// Budget is how long one cell trains: exactly one of Epochs, Steps (optimiser steps) or Time
// (wall clock). Epochs and steps name the same training on every machine; a time budget gives
// a faster or busier machine a different number of steps, so its results are machine-dependent
// and the outputs say so.
type Budget struct {
	Epochs int           `json:"epochs,omitempty"`
	Steps  int           `json:"steps,omitempty"`
	Time   time.Duration `json:"time,omitempty"`
}

// IsZero reports whether no budget is set.
func (b Budget) IsZero() bool { return b == Budget{} }

// MachineDependent reports whether the budget is wall clock, so results differ between machines.
func (b Budget) MachineDependent() bool { return b.Time > 0 }

// String says the budget in words, marking a wall-clock one as machine-dependent.
func (b Budget) String() string {
	switch {
	case b.Steps > 0:
		return fmt.Sprintf("%d steps", b.Steps)
	case b.Epochs > 0:
		return fmt.Sprintf("%d epochs", b.Epochs)
	case b.Time > 0:
		return fmt.Sprintf("%s wall clock (machine-dependent)", b.Time)
	}
	return "none"
}

func (b Budget) validate() error {
	n := 0
	for _, set := range []bool{b.Epochs != 0, b.Steps != 0, b.Time != 0} {
		if set {
			n++
		}
	}
	switch {
	case n != 1:
		return fmt.Errorf("give exactly one of epochs, steps or time, got %d", n)
	case b.Epochs < 0 || b.Steps < 0 || b.Time < 0:
		return fmt.Errorf("must be positive")
	}
	return nil
}

// DatasetConfig is one dataset of a suite: a built-in or a spec file resized for the suite,
// the forecast context its evaluation uses, and the resolved configuration of every model on
// it.
type DatasetConfig struct {
	Name    string `json:"name"`              // identifier in results ("msd", "sine-small", ...)
	Builtin string `json:"builtin,omitempty"` // datasets.Builtin name it is generated from
	// Spec is a dataset spec file (datasets.LoadSpec), as an absolute path once loaded, and
	// SpecText its content when the suite was read: runs and reports use the text, so a
	// shard or a report on another machine needs the suite file only, and the cache key holds
	// the content, not the path.
	Spec     string `json:"spec,omitempty"`
	SpecText string `json:"spec_text,omitempty"`
	NTrain   int    `json:"n_train"`
	NVal     int    `json:"n_val"`
	NTest    int    `json:"n_test"`
	Context  int    `json:"context"` // true steps given before the model forecasts alone
	Points   int    `json:"points"`  // time points per trajectory (from the spec)
	States   int    `json:"states"`  // channels per time point (from the spec's system)
	// Sweep groups datasets that differ only in training-set size (the SINE data-efficiency
	// curve); empty for the others.
	Sweep string `json:"sweep,omitempty"`
	// Prior is the physics prior WARP-Phys models without a prior of their own use on this
	// dataset (msd, lv, sine or system:NAME); when neither names one, warp-phys is not run here.
	Prior string `json:"prior,omitempty"`
	// Budget is the dataset's own budget, when the suite file gives one.
	Budget *Budget `json:"budget,omitempty"`
	// Runs holds, by model label, each model's configuration on this dataset; a model that
	// does not run here (a warp-phys without a prior) has none.
	Runs map[string]*CellConfig `json:"runs"`
}

// CellConfig is what a model trains with on one dataset: the run configuration resolved from
// the model kind's shipped defaults, the suite's training options, the dataset's and the model
// entry's (the budget and the seed are set per cell), and the budget.
type CellConfig struct {
	Run    *experiment.RunConfig `json:"run"`
	Budget Budget                `json:"budget"`
	// MatchHidden asks for the hidden size whose parameter count is closest to the match
	// target's on the same data ("hidden: match").
	MatchHidden bool `json:"match_hidden,omitempty"`
}

// ModelConfig is one model of a suite under its label.
type ModelConfig struct {
	Name string `json:"name"` // label: identifier in results ("warp-phys", "gru-wide", ...)
	Kind string `json:"kind"` // model kind it is built as
	// Datasets restricts the model to these datasets (names or sweeps); empty: all.
	Datasets []string `json:"datasets,omitempty"`
}

// Suite is a full comparison: every model on every dataset for every seed.
type Suite struct {
	Name string `json:"name"`
	// Preset is the name of the built-in suite file it came from; empty for a user's file.
	Preset string `json:"preset,omitempty"`
	// Source is the suite file read (a path, or preset:NAME).
	Source   string          `json:"source"`
	Datasets []DatasetConfig `json:"datasets"`
	Models   []ModelConfig   `json:"models"`
	Seeds    []int           `json:"seeds"`
	Budget   Budget          `json:"budget"` // suite-wide; datasets and models may set their own
	// ParamTolerance is the relative spread of parameter counts the suite accepts between models
	// on one dataset; Run reports the measured spread in the run's README.
	ParamTolerance float64 `json:"param_tolerance"`
	// MatchTarget is the label of the model whose parameter count "hidden: match" matches on
	// each dataset: the suite file's first plain WARP (kept when --models leaves it out).
	MatchTarget string `json:"match_target,omitempty"`
}

// Labels are the suite's model labels in table order.
func (s *Suite) Labels() []string {
	out := make([]string, len(s.Models))
	for i, m := range s.Models {
		out[i] = m.Name
	}
	return out
}

// MachineDependent reports whether any cell of the suite trains under a wall-clock budget.
func (s *Suite) MachineDependent() bool {
	for _, c := range s.Cells() {
		if c.Budget.MachineDependent() {
			return true
		}
	}
	return false
}

// Cell is one (dataset, model, seed) training run of a suite.
type Cell struct {
	Dataset, Model, Kind string
	Seed                 int
	Budget               Budget
	Run                  *experiment.RunConfig // shared with the suite: copy before changing
	MatchHidden          bool
	ds                   *DatasetConfig
}

// Name is the cell's file-system name.
func (c Cell) Name() string { return cellName(c.Dataset, c.Model, c.Seed) }

// cellName is the file-system name of one (dataset, model, seed) cell.
func cellName(ds, model string, seed int) string {
	return fmt.Sprintf("%s__%s__seed%d", ds, model, seed)
}

// Cells lists the suite's cells in a fixed order: dataset, then model, then seed.
func (s *Suite) Cells() []Cell {
	var out []Cell
	for i := range s.Datasets {
		d := &s.Datasets[i]
		for _, m := range s.Models {
			if len(m.Datasets) > 0 && !slices.Contains(m.Datasets, d.Name) && (d.Sweep == "" || !slices.Contains(m.Datasets, d.Sweep)) {
				continue
			}
			cc := d.Runs[m.Name]
			if cc == nil {
				continue
			}
			for _, seed := range s.Seeds {
				out = append(out, Cell{Dataset: d.Name, Model: m.Name, Kind: m.Kind, Seed: seed, Budget: cc.Budget,
					Run: cc.Run, MatchHidden: cc.MatchHidden, ds: d})
			}
		}
	}
	return out
}

// Filter keeps only the named datasets and models (nil keeps all) and sets the seeds to
// 0..seeds-1 (0 keeps the suite's). Unknown names are errors listing the valid ones.
func (s *Suite) Filter(datasets, models []string, seeds int) error {
	if len(datasets) > 0 {
		var keep []DatasetConfig
		var valid []string
		for _, d := range s.Datasets {
			valid = append(valid, d.Name)
			if slices.Contains(datasets, d.Name) || slices.Contains(datasets, d.Sweep) {
				keep = append(keep, d)
			}
		}
		for _, want := range datasets {
			if !slices.ContainsFunc(s.Datasets, func(d DatasetConfig) bool { return d.Name == want || d.Sweep == want }) {
				return fmt.Errorf("--datasets: unknown dataset %q (valid: %s, or a sweep's name for the whole sweep)", want, strings.Join(valid, ", "))
			}
		}
		s.Datasets = keep
	}
	if len(models) > 0 {
		var keep []ModelConfig
		for _, m := range s.Models {
			if slices.Contains(models, m.Name) {
				keep = append(keep, m)
			}
		}
		for _, want := range models {
			if !slices.Contains(s.Labels(), want) {
				return fmt.Errorf("--models: unknown model %q (valid: %s)", want, strings.Join(s.Labels(), ", "))
			}
		}
		s.Models = keep
	}
	if seeds < 0 {
		return fmt.Errorf("--seeds: must be positive, got %d", seeds)
	}
	if seeds > 0 {
		s.Seeds = nil
		for i := range seeds {
			s.Seeds = append(s.Seeds, i)
		}
	}
	return nil
}
