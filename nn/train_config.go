package nn

import (
	"fmt"
	"io"
	"math"
	"time"
)

// TrainConfig says how Fit trains a model. Zero values take the documented defaults.
type TrainConfig struct {
	// Epochs, Steps and TimeBudget are limits; training stops at the first one reached. Zero
	// is no limit, except that with all three zero Epochs is 10.
	Epochs    int     `json:"epochs"`          // passes over the training set
	Steps     int     `json:"steps,omitempty"` // optimiser steps (skipped batches do not count)
	BatchSize int     `json:"batch_size"`      // trajectories per step (default 32; the last batch may be smaller)
	LR        float64 `json:"lr"`              // base learning rate (default 1e-3)
	Schedule  string  `json:"schedule"`        // "constant" (default), "cosine" or "plateau"
	// WarmupSteps and MinLR shape the cosine schedule; MinLR also floors plateau reductions.
	WarmupSteps int     `json:"warmup_steps"`
	MinLR       float64 `json:"min_lr"`
	// PlateauPatience and PlateauFactor tune reduce-on-plateau (defaults 10 and 0.5); it
	// watches the validation metric.
	PlateauPatience int     `json:"plateau_patience"`
	PlateauFactor   float64 `json:"plateau_factor"`
	// Optimizer is "adam" (default; WeightDecay as L2 in the gradient) or "adamw" (decoupled).
	Optimizer   string  `json:"optimizer"`
	WeightDecay float64 `json:"weight_decay"`
	Clip        float64 `json:"clip"` // global gradient-norm limit; 0 disables clipping
	// SkipNonFinite is how many batches in a row may have a non-finite loss or gradient and be
	// skipped (no optimiser step; the weights stay as they were) before training stops with an
	// error; 0 stops at the first. One extreme batch can overflow a model's free-running
	// forecast (a physics prior whose parameters are unbounded) while the weights are sound.
	SkipNonFinite int `json:"skip_nonfinite,omitempty"`

	Loss LossOptions `json:"loss"` // passed to the model's Loss

	// Context is the number of true steps the validation forecast starts from.
	Context int `json:"context"`
	// ValEvery validates every that many epochs (default 1); the last epoch always is.
	ValEvery int `json:"val_every"`
	// Patience, when positive, stops training (early stopping) after that many validations
	// without a new best (epochs, without a validation set).
	Patience int `json:"patience,omitempty"`

	Seed       uint64        `json:"seed"`        // shuffling and the model's teacher-forcing draws
	TimeBudget time.Duration `json:"time_budget"` // wall-clock limit of this call (a resume starts a new one); 0: none

	// Dir, when set, receives checkpoints: the best model (ModelFile), the latest weights,
	// optimiser moments and loop state after every epoch and on interruption.
	Dir string `json:"-"`
	// Resume continues from the state in Dir. A resumed run gives the same bytes as an
	// uninterrupted one (time budgets aside).
	Resume bool `json:"-"`

	// Progress receives a progress bar when it is a terminal and Quiet is false.
	Progress io.Writer `json:"-"`
	Quiet    bool      `json:"-"`
	// OnEpoch, when set, is called after each finished epoch (to write loss files as they grow).
	OnEpoch func(EpochRecord) `json:"-"`
	// OnHistory, when set, is called after each finished epoch with the whole history so far,
	// resumed epochs included (to rewrite loss files that survive a killed process).
	OnHistory func([]EpochRecord) `json:"-"`
}

func (c TrainConfig) withDefaults() TrainConfig {
	if c.Epochs == 0 && c.Steps == 0 && c.TimeBudget == 0 {
		c.Epochs = 10
	}
	if c.BatchSize == 0 {
		c.BatchSize = 32
	}
	if c.LR == 0 {
		c.LR = 1e-3
	}
	if c.ValEvery == 0 {
		c.ValEvery = 1
	}
	if c.Optimizer == "" {
		c.Optimizer = "adam"
	}
	if c.PlateauPatience == 0 {
		c.PlateauPatience = 10
	}
	if c.PlateauFactor == 0 {
		c.PlateauFactor = 0.5
	}
	return c
}

func (c TrainConfig) validate() error {
	bad := func(field string, v any, want string) error {
		return fmt.Errorf("nn: fit: %s = %v: %s", field, v, want)
	}
	switch {
	case c.Epochs < 0:
		return bad("Epochs", c.Epochs, "must be positive")
	case c.Steps < 0:
		return bad("Steps", c.Steps, "must be ≥ 0")
	case c.Patience < 0:
		return bad("Patience", c.Patience, "must be ≥ 0")
	case c.BatchSize < 0:
		return bad("BatchSize", c.BatchSize, "must be positive")
	case !(c.LR > 0) || math.IsInf(c.LR, 0):
		return bad("LR", c.LR, "must be positive and finite")
	case c.ValEvery < 0:
		return bad("ValEvery", c.ValEvery, "must be positive")
	case c.Clip < 0 || math.IsNaN(c.Clip):
		return bad("Clip", c.Clip, "must be ≥ 0")
	case c.SkipNonFinite < 0:
		return bad("SkipNonFinite", c.SkipNonFinite, "must be ≥ 0")
	case c.WeightDecay < 0 || math.IsNaN(c.WeightDecay):
		return bad("WeightDecay", c.WeightDecay, "must be ≥ 0")
	case c.Context < 0:
		return bad("Context", c.Context, "must be ≥ 0")
	case c.TimeBudget < 0:
		return bad("TimeBudget", c.TimeBudget, "must be ≥ 0")
	case c.Optimizer != "adam" && c.Optimizer != "adamw":
		return bad("Optimizer", c.Optimizer, "valid: adam, adamw")
	case c.Loss.ForcingProb < 0 || c.Loss.ForcingProb > 1 || math.IsNaN(c.Loss.ForcingProb):
		return bad("Loss.ForcingProb", c.Loss.ForcingProb, "must be in [0, 1]")
	case c.Resume && c.Dir == "":
		return bad("Resume", c.Resume, "needs Dir")
	}
	return nil
}

// EpochRecord is one line of the training history.
type EpochRecord struct {
	Epoch     int     `json:"epoch"`             // 1-based
	TrainLoss float64 `json:"train_loss"`        // mean batch loss over the epoch
	Validated bool    `json:"validated"`         // whether ValMSE was measured this epoch
	ValMSE    float64 `json:"val_mse"`           // forecast MSE on the validation set after Context
	LR        float64 `json:"lr"`                // learning rate of the epoch's last step
	Skipped   int     `json:"skipped,omitempty"` // batches skipped for a non-finite loss or gradient (see SkipNonFinite)
	Seconds   float64 `json:"seconds"`           // wall-clock time of the epoch (training and validation)
}

// FitResult summarises a training run.
type FitResult struct {
	History   []EpochRecord
	BestEpoch int     // 1-based epoch whose weights the model holds on return; 0 if none
	BestValue float64 // its validation MSE (or training loss without a validation set)
	Steps     int     // optimiser steps taken in total
	// Stopped says why training ended: "epochs", "steps", "time budget", "early stopping",
	// "non-finite" (with Fit's error) or "interrupted".
	Stopped string
}
