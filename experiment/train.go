package experiment

import (
	"context"
	"io"
	"slices"
	"time"

	"github.com/warpkit/warpkit/nn"
)

// TrainOptions are what a training run does besides learning: where it checkpoints and how
// it reports.
type TrainOptions struct {
	// Dir, when set, receives nn.Fit's checkpoints (the best model and the resumable state).
	Dir    string
	Resume bool // continue from the state in Dir
	// Progress receives a progress bar when it is a terminal and Quiet is false.
	Progress io.Writer
	Quiet    bool
	// OnHistory is called after each epoch with the whole history so far.
	OnHistory func([]nn.EpochRecord)
	// Model, when set, is trained instead of a fresh Build(cfg, data.Info()).
	Model nn.SequenceModel
}

// Result is a finished training run.
type Result struct {
	Model nn.SequenceModel // holding the best weights
	Fit   *nn.FitResult    // history, steps, best epoch, why it stopped
	// Best is a copy of the best weights, one slice per entry of Model.Params() (the model's
	// own weights when no epoch finished).
	Best    [][]float64
	Seconds float64 // wall clock of the training
}

// FitConfig is the nn.TrainConfig a run configuration describes (without its side channels).
func FitConfig(c *RunConfig) nn.TrainConfig {
	t := nn.TrainConfig{
		Epochs: c.Epochs, Steps: c.Steps, TimeBudget: c.TimeBudget, Patience: c.Patience,
		BatchSize: c.BatchSize, LR: c.LR, Schedule: c.Schedule, WarmupSteps: c.WarmupSteps,
		MinLR: c.MinLR, PlateauPatience: c.PlateauPatience, WeightDecay: c.WeightDecay, Clip: c.Clip,
		SkipNonFinite: c.SkipNonFinite, Context: c.Context, ValEvery: c.ValEvery, Seed: c.Seed,
		Loss:      nn.LossOptions{ForcingProb: c.ForcingProb, Loss: c.Loss, Context: c.Context},
		Optimizer: "adam",
	}
	if c.WeightDecay > 0 {
		t.Optimizer = "adamw"
	}
	return t
}

// Train builds cfg's model on data (settling cfg in place, see Settle) and trains it through
// nn.Fit, validating on data.Val. The result's model holds the best weights: those of the
// lowest validation MSE (lowest training loss without validation data). When a non-finite
// loss or gradient stops training, Train returns the result so far together with an error
// wrapping nn.ErrNonFinite: the model then holds the best weights before the divergence, and
// a caller may still evaluate it. An interrupted ctx returns the result with Fit.Stopped
// "interrupted" and no error.
func Train(ctx context.Context, cfg *RunConfig, data *Data, opt TrainOptions) (*Result, error) {
	model := opt.Model
	if model == nil {
		var err error
		if model, err = Build(cfg, data.Info()); err != nil {
			return nil, err
		}
	} else if err := cfg.Settle(data.Info()); err != nil {
		return nil, err
	}
	tc := FitConfig(cfg)
	tc.BatchSize = min(tc.BatchSize, data.Train.N)
	tc.Dir, tc.Resume, tc.Progress, tc.Quiet, tc.OnHistory = opt.Dir, opt.Resume, opt.Progress, opt.Quiet, opt.OnHistory
	t0 := time.Now()
	res, err := nn.Fit(ctx, model, data.Train, data.Val, tc)
	if res == nil {
		return nil, err
	}
	r := &Result{Model: model, Fit: res, Seconds: time.Since(t0).Seconds()}
	for _, p := range model.Params() {
		r.Best = append(r.Best, slices.Clone(p.Data))
	}
	return r, err
}
