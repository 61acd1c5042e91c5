package benchmarks

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
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

// DatasetConfig is one dataset of a suite: a built-in or a spec file resized for the suite, and
// the forecast context its evaluation uses.
type DatasetConfig struct {
	Name    string `json:"name"`              // identifier in results ("msd", "sine-small", ...)
	Builtin string `json:"builtin,omitempty"` // datasets.Builtin name it is generated from
	// Spec is a dataset spec file (datasets.LoadSpec), as an absolute path once loaded; the
	// cache key holds its content, not its path.
	Spec    string `json:"spec,omitempty"`
	NTrain  int    `json:"n_train"`
	NVal    int    `json:"n_val"`
	NTest   int    `json:"n_test"`
	Context int    `json:"context"` // true steps given before the model forecasts alone
	Points  int    `json:"points"`  // time points per trajectory (from the spec)
	// Sweep groups datasets that differ only in training-set size (the SINE data-efficiency
	// curve); empty for the others.
	Sweep string `json:"sweep,omitempty"`
	// Prior is the physics prior WARP-Phys models without a prior of their own use on this
	// dataset (msd, lv, sine or system:NAME); when neither names one, warp-phys is not run here.
	Prior        string          `json:"prior,omitempty"`
	PriorOptions json.RawMessage `json:"prior_options,omitempty"`
	// Budget, when set, replaces the suite's budget on this dataset (a model's own budget
	// still wins); Train holds the training options set here for every model (as JSON of
	// TrainOptions' fields), under the models' own.
	Budget *Budget         `json:"budget,omitempty"`
	Train  json.RawMessage `json:"train,omitempty"`
	// Overrides holds, by model label, the model's entry as it is on this dataset when the
	// suite changes it here (another hidden size, batch or budget, as in the paper's configs).
	Overrides map[string]ModelConfig `json:"overrides,omitempty"`
}

// ModelConfig is one model of a suite under its label: its kind, the architecture options
// beyond those taken from the data (channels, normalisation, seed), and its own training
// options and budget where they differ from the suite's.
type ModelConfig struct {
	Name   string         `json:"name"`   // label: identifier in results ("warp-phys", "gru-wide", ...)
	Kind   string         `json:"kind"`   // nn model kind it is built as
	Config map[string]any `json:"config"` // merged into the model's JSON config
	// Prior and PriorOptions override the dataset's for WARP-Phys.
	Prior        string          `json:"prior,omitempty"`
	PriorOptions json.RawMessage `json:"prior_options,omitempty"`
	// Train holds the training options this model sets differently from the suite (as JSON
	// of TrainOptions' fields), Budget its budget.
	Train  json.RawMessage `json:"train,omitempty"`
	Budget *Budget         `json:"budget,omitempty"`
	// Datasets restricts the model to these datasets (names or sweeps); empty: all.
	Datasets []string `json:"datasets,omitempty"`
}

// TrainOptions is the optimiser setup of a cell. A suite gives one for all cells; a model may
// change any field for its own cells.
type TrainOptions struct {
	BatchSize       int     `json:"batch_size" yaml:"batch"`
	LR              float64 `json:"lr" yaml:"lr"`
	ForcingProb     float64 `json:"forcing_prob" yaml:"forcing_prob"`
	Clip            float64 `json:"clip" yaml:"clip"`
	Schedule        string  `json:"schedule" yaml:"schedule"`
	Optimizer       string  `json:"optimizer,omitempty" yaml:"optimizer"`
	WeightDecay     float64 `json:"weight_decay,omitempty" yaml:"weight_decay"`
	PlateauPatience int     `json:"plateau_patience,omitempty" yaml:"plateau_patience"`
	PlateauFactor   float64 `json:"plateau_factor,omitempty" yaml:"plateau_factor"`
	WarmupSteps     int     `json:"warmup_steps,omitempty" yaml:"warmup_steps"`
	MinLR           float64 `json:"min_lr,omitempty" yaml:"min_lr"`
	ValEvery        int     `json:"val_every,omitempty" yaml:"val_every"`
	SkipNonFinite   int     `json:"skip_nonfinite,omitempty" yaml:"skip_nonfinite"`
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
	Budget   Budget          `json:"budget"`
	Train    TrainOptions    `json:"train"`
	// ParamTolerance is the relative spread of parameter counts the suite accepts between models
	// on one dataset; Run reports the measured spread in the run's README.
	ParamTolerance float64 `json:"param_tolerance"`
	// MatchTarget is the model whose parameter count a "hidden: match" option matches on each
	// dataset: the suite file's first plain WARP (kept when --models leaves it out).
	MatchTarget *ModelConfig `json:"match_target,omitempty"`
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

// Cell is one (dataset, model, seed) training run of a suite, with its resolved budget and
// training options.
type Cell struct {
	Dataset, Model string
	Seed           int
	Budget         Budget
	Train          TrainOptions
	ds             *DatasetConfig
	model          *ModelConfig
}

// Name is the cell's file-system name.
func (c Cell) Name() string { return cellName(c.Dataset, c.Model, c.Seed) }

// cellName is the file-system name of one (dataset, model, seed) cell.
func cellName(ds, model string, seed int) string {
	return fmt.Sprintf("%s__%s__seed%d", ds, model, seed)
}

// Cells lists the suite's cells in a fixed order: dataset, then model, then seed. A warp-phys
// model runs only where it or the dataset names a prior.
func (s *Suite) Cells() []Cell {
	var out []Cell
	for i := range s.Datasets {
		d := &s.Datasets[i]
		for j := range s.Models {
			m := &s.Models[j]
			if o, ok := d.Overrides[m.Name]; ok {
				m = &o
			}
			if len(m.Datasets) > 0 && !slices.Contains(m.Datasets, d.Name) && (d.Sweep == "" || !slices.Contains(m.Datasets, d.Sweep)) {
				continue
			}
			if m.Kind == "warp-phys" && m.Prior == "" && d.Prior == "" {
				continue // no known physics for this dataset
			}
			budget := s.Budget
			switch {
			case m.Budget != nil:
				budget = *m.Budget
			case d.Budget != nil:
				budget = *d.Budget
			}
			train := s.Train
			for _, over := range []json.RawMessage{d.Train, m.Train} {
				if len(over) > 0 {
					_ = json.Unmarshal(over, &train) // checked when the suite was read
				}
			}
			for _, seed := range s.Seeds {
				out = append(out, Cell{Dataset: d.Name, Model: m.Name, Seed: seed, Budget: budget, Train: train, ds: d, model: m})
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
