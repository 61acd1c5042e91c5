package experiment

import (
	"fmt"
	"math"
	"reflect"
	"strings"
	"time"
)

// RunConfig is the complete description of one training run: the model and its architecture,
// the data, and how it is trained. Its YAML form is a flat mapping whose keys are the
// snake_case names below (the same names the model's JSON config and nn.TrainConfig use where
// they exist); `warpkit train --config FILE` reads it and every run folder records it as
// config.yaml. Options of other model kinds are ignored by a kind, so one file can hold a
// comparison's shared settings.
//
// Budgets: Epochs, Steps and TimeBudget are limits, 0 meaning none; training stops at the
// first one reached, or when Patience validations pass without improvement. The four form one
// group against a model's shipped defaults: when the user (a file or flags) sets any of them,
// the defaults' budget and early stopping are dropped as a whole, so a user who asks for ten
// minutes of training gets ten minutes, not also the default's epoch limit or patience.
type RunConfig struct {
	// Kind is the model kind: gru, lstm, lru, warp or warp-phys.
	Kind string `yaml:"kind" json:"kind"`

	// Baselines (gru, lstm, lru).
	Hidden int `yaml:"hidden" json:"hidden" for:"rnn"` // hidden size
	Layers int `yaml:"layers" json:"layers" for:"rnn"` // stacked recurrent layers
	// Residual makes the readout predict the increment; unset takes the kind's default
	// (rnn.DefaultResidual).
	Residual *bool   `yaml:"residual" json:"residual,omitempty" for:"rnn"`
	RMin     float64 `yaml:"r_min" json:"r_min,omitempty" for:"lru"`         // lru: smallest |λ| of the ring initialisation
	RMax     float64 `yaml:"r_max" json:"r_max,omitempty" for:"lru"`         // lru: largest |λ| (< 1)
	MaxPhase float64 `yaml:"max_phase" json:"max_phase,omitempty" for:"lru"` // lru: largest arg λ

	// WARP and WARP-Phys (see warp.Config for what each does).
	RootWidth  int    `yaml:"root_width" json:"root_width" for:"warp"`
	RootDepth  int    `yaml:"root_depth" json:"root_depth" for:"warp"`
	Activation string `yaml:"activation" json:"activation" for:"warp"` // swish, relu or tanh
	// RootInput is tau or tau+prev; empty takes tau+prev for warp and tau for warp-phys.
	RootInput  string  `yaml:"root_input" json:"root_input" for:"warp"`
	Init       string  `yaml:"init" json:"init" for:"warp"`             // hyper0, hyper1, hyper2 or free
	Transition string  `yaml:"transition" json:"transition" for:"warp"` // dense, diagonal or lowrank
	Rank       int     `yaml:"rank" json:"rank,omitempty" for:"warp"`   // lowrank: rank of A
	AInit      string  `yaml:"a_init" json:"a_init" for:"warp"`         // identity, spread or rotations
	ALRScale   float64 `yaml:"a_lr_scale" json:"a_lr_scale" for:"warp"`
	AClip      float64 `yaml:"a_clip" json:"a_clip,omitempty" for:"warp"`
	TimeChan   bool    `yaml:"time_channel" json:"time_channel,omitempty" for:"warp"`
	Stochastic bool    `yaml:"stochastic" json:"stochastic,omitempty" for:"warp"`
	// Squash is none, tanh, clip, softclip or scaled, with ClipC (clip, softclip) or Alpha, Bias,
	// Scale, Beta (scaled); empty takes the model's default.
	Squash string  `yaml:"squash" json:"squash,omitempty" for:"warp"`
	ClipC  float64 `yaml:"clip_c" json:"clip_c,omitempty" for:"warp"`
	Alpha  float64 `yaml:"alpha" json:"alpha,omitempty" for:"warp"`
	Bias   float64 `yaml:"bias" json:"bias,omitempty" for:"warp"`
	Scale  float64 `yaml:"scale" json:"scale,omitempty" for:"warp"`
	Beta   float64 `yaml:"beta" json:"beta,omitempty" for:"warp"`
	// Standardize scales WARP's inputs (and plain WARP's outputs) by the train split's
	// statistics.
	Standardize bool    `yaml:"standardize" json:"standardize" for:"warp"`
	ParamSmooth float64 `yaml:"param_smooth" json:"param_smooth,omitempty" for:"warp-phys"` // warp-phys
	// Prior is WARP-Phys's physics prior: msd, sine, lv or system:NAME; empty takes the one the
	// dataset's states make obvious.
	Prior string `yaml:"prior" json:"prior,omitempty" for:"warp-phys"`
	// PriorOptions are the prior's options (physics.MSDOptions, SineOptions, LVOptions, or a
	// system prior's predict/fixed/integrator).
	PriorOptions map[string]any `yaml:"prior_options" json:"prior_options,omitempty" for:"warp-phys"`
	// Spec is a dataset spec file whose system: equations define the system a system:NAME
	// prior names, for data whose file does not carry them (a file generated from such a spec
	// does, and registers them when opened).
	Spec string `yaml:"spec" json:"spec,omitempty" for:"warp-phys"`

	// Data is the dataset file (train split required; its val split, when present, validates).
	Data string `yaml:"data" json:"data,omitempty"`
	// Context is the number of true steps fed before the forecast runs on its own, in training
	// and validation; 0 takes the dataset's customary one (DefaultContext).
	Context int `yaml:"context" json:"context"`
	// ValSplit is the fraction of the train split held out for validation when the file has no
	// val split (the same trajectories for every seed); 0 validates on nothing and keeps the
	// weights of the lowest training loss.
	ValSplit float64 `yaml:"val_split" json:"val_split"`
	Seed     uint64  `yaml:"seed" json:"seed"` // initialisation, shuffling and teacher forcing

	Epochs int `yaml:"epochs" json:"epochs"` // passes over the training split (0: no limit)
	Steps  int `yaml:"steps" json:"steps"`   // optimiser steps (0: no limit)
	// TimeBudget is a wall-clock limit (0: none). It makes the run depend on the machine.
	TimeBudget time.Duration `yaml:"time_budget" json:"time_budget"`
	// Patience stops training after that many validations without a new best (0: never).
	Patience        int     `yaml:"patience" json:"patience"`
	BatchSize       int     `yaml:"batch_size" json:"batch_size"`
	LR              float64 `yaml:"lr" json:"lr"`
	Schedule        string  `yaml:"schedule" json:"schedule"` // constant, cosine or plateau
	WarmupSteps     int     `yaml:"warmup_steps" json:"warmup_steps"`
	MinLR           float64 `yaml:"min_lr" json:"min_lr"`
	PlateauPatience int     `yaml:"plateau_patience" json:"plateau_patience"`
	WeightDecay     float64 `yaml:"weight_decay" json:"weight_decay"` // decoupled (AdamW) when positive
	Clip            float64 `yaml:"clip" json:"clip"`                 // global gradient-norm limit (0: none)
	ForcingProb     float64 `yaml:"forcing_prob" json:"forcing_prob"`
	Loss            string  `yaml:"loss" json:"loss"` // mse, mae or nll
	ValEvery        int     `yaml:"val_every" json:"val_every"`
	SkipNonFinite   int     `yaml:"skip_nonfinite" json:"skip_nonfinite"`

	// WarpkitVersion is the version that wrote the configuration (informational).
	WarpkitVersion string `yaml:"warpkit_version,omitempty" json:"warpkit_version,omitempty"`
}

// budgetKeys are the keys that form the budget group (see RunConfig).
var budgetKeys = []string{"epochs", "steps", "time_budget", "patience"}

// MachineDependent reports whether the run's result depends on the machine's speed: it has a
// wall-clock budget.
func (c *RunConfig) MachineDependent() bool { return c.TimeBudget > 0 }

// FieldError is a bad value in a run configuration, named by its key.
type FieldError struct {
	Key string
	Msg string
}

func (e *FieldError) Error() string { return e.Key + ": " + e.Msg }

// Validate reports the first option that cannot train a model, naming its key. Options that
// need the data (context against the length, the prior's states) are checked when the model
// is built.
func (c *RunConfig) Validate() error {
	bad := func(key, format string, args ...any) error {
		return &FieldError{Key: key, Msg: fmt.Sprintf(format, args...)}
	}
	finite := func(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
	// A size that does not apply to the kind is 0; one that does must be usable, so the
	// error names the key here rather than coming from the model's constructor without it.
	rnnKind, warpKind := isRNNKind(c.Kind), isWARPKind(c.Kind)
	switch {
	case c.Kind == "":
		return bad("kind", "required (valid: %s)", strings.Join(Kinds(), ", "))
	case !knownKind(c.Kind):
		return bad("kind", "unknown model %q (valid: %s)", c.Kind, strings.Join(Kinds(), ", "))
	case c.Hidden < 0 || rnnKind && c.Hidden < 1:
		return bad("hidden", "must be at least 1, got %d", c.Hidden)
	case c.Layers < 0 || rnnKind && c.Layers < 1:
		return bad("layers", "must be at least 1, got %d", c.Layers)
	case c.RootWidth < 0 || warpKind && c.RootWidth < 1:
		return bad("root_width", "must be at least 1, got %d", c.RootWidth)
	case c.RootDepth < 0:
		return bad("root_depth", "must be ≥ 0, got %d", c.RootDepth)
	case c.Rank < 0:
		return bad("rank", "must be at least 1 (0: 8 for a lowrank transition), got %d", c.Rank)
	case c.Context < 0:
		return bad("context", "must be at least 1 (0: the dataset's default), got %d", c.Context)
	case !(c.ValSplit >= 0 && c.ValSplit < 1):
		return bad("val_split", "must be in [0, 1), got %v", c.ValSplit)
	case c.Epochs < 0:
		return bad("epochs", "must be ≥ 0 (0: no limit), got %d", c.Epochs)
	case c.Steps < 0:
		return bad("steps", "must be ≥ 0 (0: no limit), got %d", c.Steps)
	case c.TimeBudget < 0:
		return bad("time_budget", "must be ≥ 0 (0: no limit), got %v", c.TimeBudget)
	case c.Epochs == 0 && c.Steps == 0 && c.TimeBudget == 0:
		return bad("epochs", "no budget: set epochs, steps or time_budget")
	case c.Patience < 0:
		return bad("patience", "must be ≥ 0 (0: no early stopping), got %d", c.Patience)
	case c.BatchSize < 1:
		return bad("batch_size", "must be positive, got %d", c.BatchSize)
	case !(c.LR > 0) || !finite(c.LR):
		return bad("lr", "must be positive and finite, got %v", c.LR)
	case c.Schedule != "constant" && c.Schedule != "cosine" && c.Schedule != "plateau":
		return bad("schedule", "unknown schedule %q (valid: constant, cosine, plateau)", c.Schedule)
	case c.Schedule == "cosine" && c.Epochs == 0 && c.Steps == 0:
		return bad("schedule", "cosine needs a horizon: set epochs or steps")
	case c.WarmupSteps < 0:
		return bad("warmup_steps", "must be ≥ 0, got %d", c.WarmupSteps)
	case !(c.MinLR >= 0) || !finite(c.MinLR):
		return bad("min_lr", "must be ≥ 0, got %v", c.MinLR)
	case c.PlateauPatience < 0:
		return bad("plateau_patience", "must be ≥ 0, got %d", c.PlateauPatience)
	case !(c.WeightDecay >= 0) || !finite(c.WeightDecay):
		return bad("weight_decay", "must be ≥ 0, got %v", c.WeightDecay)
	case !(c.Clip >= 0) || !finite(c.Clip):
		return bad("clip", "must be ≥ 0 (0: no clipping), got %v", c.Clip)
	case !(c.ForcingProb >= 0 && c.ForcingProb <= 1):
		return bad("forcing_prob", "must be in [0, 1], got %v", c.ForcingProb)
	case c.Loss != "mse" && c.Loss != "mae" && c.Loss != "nll":
		return bad("loss", "unknown loss %q (valid: mse, mae, nll)", c.Loss)
	case c.ValEvery < 1:
		return bad("val_every", "must be positive, got %d", c.ValEvery)
	case c.SkipNonFinite < 0:
		return bad("skip_nonfinite", "must be ≥ 0, got %d", c.SkipNonFinite)
	}
	for key, v := range map[string]float64{"r_min": c.RMin, "r_max": c.RMax, "max_phase": c.MaxPhase, "a_lr_scale": c.ALRScale,
		"a_clip": c.AClip, "clip_c": c.ClipC, "alpha": c.Alpha, "bias": c.Bias, "scale": c.Scale, "beta": c.Beta, "param_smooth": c.ParamSmooth} {
		if !finite(v) {
			return bad(key, "must be finite, got %v", v)
		}
	}
	if c.Prior != "" && c.Kind != "warp-phys" {
		return bad("prior", "only for kind warp-phys, not %s", c.Kind)
	}
	if len(c.PriorOptions) > 0 && c.Kind != "warp-phys" {
		return bad("prior_options", "only for kind warp-phys, not %s", c.Kind)
	}
	return nil
}

// Keys lists every key of a run configuration, in the order config.yaml writes them.
func Keys() []string {
	t := reflect.TypeFor[RunConfig]()
	keys := make([]string, 0, t.NumField())
	for i := range t.NumField() {
		keys = append(keys, yamlKey(t.Field(i)))
	}
	return keys
}

func yamlKey(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
	return name
}
