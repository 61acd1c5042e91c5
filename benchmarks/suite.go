package benchmarks

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// DatasetConfig is one dataset of a suite: a built-in spec resized for the preset, and the
// forecast context its evaluation uses.
type DatasetConfig struct {
	Name    string `json:"name"`    // identifier in results ("msd", "sine-small", ...)
	Builtin string `json:"builtin"` // datasets.Builtin name it is generated from
	NTrain  int    `json:"n_train"`
	NVal    int    `json:"n_val"`
	NTest   int    `json:"n_test"`
	Context int    `json:"context"` // true steps given before the model forecasts alone
	// Sweep groups datasets that differ only in training-set size (the SINE data-efficiency
	// curve); empty for the others.
	Sweep string `json:"sweep,omitempty"`
	// Prior is the physics prior WARP-Phys uses on this dataset; empty when there is none (then
	// warp-phys is not run on it).
	Prior string `json:"prior,omitempty"`
	// Budget, when set, replaces the suite's per-cell time budget on this dataset.
	Budget time.Duration `json:"budget,omitempty"`
}

// ModelConfig is one model of a suite: its kind and the architecture options beyond those
// taken from the data (channels, normalisation, seed).
type ModelConfig struct {
	Name   string         `json:"name"`   // identifier in results ("warp", "warp-phys", "gru", ...)
	Kind   string         `json:"kind"`   // nn model kind it is built as
	Config map[string]any `json:"config"` // merged into the model's JSON config
}

// TrainOptions is the training budget and optimiser setup shared by every cell of a suite: all
// models get identical data, context, budget and training, and differ only in architecture.
type TrainOptions struct {
	Epochs      int           `json:"epochs"`
	TimeBudget  time.Duration `json:"time_budget"` // per cell, wall clock
	BatchSize   int           `json:"batch_size"`
	LR          float64       `json:"lr"`
	ForcingProb float64       `json:"forcing_prob"`
	Clip        float64       `json:"clip"`
	Schedule    string        `json:"schedule"`
}

// Suite is a full comparison: every model on every dataset for every seed.
type Suite struct {
	Name     string          `json:"name"`
	Preset   string          `json:"preset"`
	Datasets []DatasetConfig `json:"datasets"`
	Models   []ModelConfig   `json:"models"`
	Seeds    int             `json:"seeds"`
	Train    TrainOptions    `json:"train"`
	// ParamTolerance is the relative spread of parameter counts the suite accepts between models
	// on one dataset; Run reports the measured spread in the run's README.
	ParamTolerance float64 `json:"param_tolerance"`
}

// ModelNames are the models of the dynamics suite in table order.
var ModelNames = []string{"warp", "warp-phys", "gru", "lstm", "lru"}

// Presets lists the preset names.
func Presets() []string { return []string{"quick", "msd10m", "paper"} }

// NewSuite returns the named suite at the named preset.
func NewSuite(suite, preset string) (*Suite, error) {
	if suite != "dynamics" {
		return nil, fmt.Errorf("benchmarks: unknown suite %q (valid: dynamics)", suite)
	}
	switch preset {
	case "quick":
		return quickDynamics(), nil
	case "msd10m":
		return msd10mDynamics(), nil
	case "paper":
		return paperDynamics(), nil
	}
	return nil, fmt.Errorf("benchmarks: unknown preset %q (valid: %s)", preset, strings.Join(Presets(), ", "))
}

// sineSizes are the paper's SINE training-set sizes by name.
var sineSizes = []struct {
	name string
	n    int
}{{"tiny", 1}, {"small", 10}, {"medium", 100}, {"large", 1000}, {"huge", 10000}}

// Filter keeps only the named datasets and models (nil keeps all) and sets the seed count
// (0 keeps the preset's). Unknown names are errors listing the valid ones.
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
				return fmt.Errorf("--datasets: unknown dataset %q (valid: %s, or sine for the whole sweep)", want, strings.Join(valid, ", "))
			}
		}
		s.Datasets = keep
	}
	if len(models) > 0 {
		var keep []ModelConfig
		var valid []string
		for _, m := range s.Models {
			valid = append(valid, m.Name)
			if slices.Contains(models, m.Name) {
				keep = append(keep, m)
			}
		}
		for _, want := range models {
			if !slices.Contains(valid, want) {
				return fmt.Errorf("--models: unknown model %q (valid: %s)", want, strings.Join(valid, ", "))
			}
		}
		s.Models = keep
	}
	if seeds < 0 {
		return fmt.Errorf("--seeds: must be positive, got %d", seeds)
	}
	if seeds > 0 {
		s.Seeds = seeds
	}
	return nil
}
