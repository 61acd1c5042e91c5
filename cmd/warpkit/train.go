package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/warpkit/warpkit"
	"github.com/warpkit/warpkit/nn"
)

func init() {
	register(command{name: "train", summary: "train a model (WARP or a baseline) on a dataset into a run folder", run: runTrain})
}

// trainFlags are the flags every model kind shares.
type trainFlags struct {
	model, data, out, schedule, loss string
	hidden, layers, epochs, batch    int
	context, valEvery, warmup        int
	patience, skipNonFinite          int
	lr, forcing, clip, wd, minLR     float64
	seed                             uint64
	budget                           time.Duration
	resume, force, quiet             bool
}

func defineTrainFlags(fs interface {
	StringVar(*string, string, string, string)
	IntVar(*int, string, int, string)
	Float64Var(*float64, string, float64, string)
	Uint64Var(*uint64, string, uint64, string)
	DurationVar(*time.Duration, string, time.Duration, string)
	BoolVar(*bool, string, bool, string)
}) *trainFlags {
	f := &trainFlags{}
	fs.StringVar(&f.model, "model", "", fmt.Sprintf("model kind (valid: %v)", trainableKinds()))
	fs.StringVar(&f.data, "data", "", "dataset file (train split required; val split used for validation when present)")
	fs.StringVar(&f.out, "out", "", "run folder to create")
	fs.IntVar(&f.hidden, "hidden", 64, "hidden width")
	fs.IntVar(&f.layers, "layers", 1, "number of layers")
	fs.IntVar(&f.epochs, "epochs", 10, "passes over the training split")
	fs.IntVar(&f.batch, "batch", 32, "trajectories per optimiser step")
	fs.Float64Var(&f.lr, "lr", 1e-3, "learning rate")
	fs.Float64Var(&f.forcing, "forcing-prob", 0.25, "probability of feeding the true state in autoregressive training")
	fs.IntVar(&f.context, "context", 1, "true steps always fed in training and before the validation forecast runs on its own")
	fs.Uint64Var(&f.seed, "seed", 0, "seed for initialisation, shuffling and teacher forcing")
	fs.DurationVar(&f.budget, "time-budget", 0, "wall-clock training limit, e.g. 10m (0: none)")
	fs.IntVar(&f.valEvery, "val-every", 1, "validate every K epochs")
	fs.Float64Var(&f.clip, "clip", 1, "global gradient-norm limit (0: no clipping)")
	fs.IntVar(&f.skipNonFinite, "skip-nonfinite", 0, "batches in a row with a non-finite loss or gradient to skip before training stops (0: stop at the first)")
	fs.StringVar(&f.schedule, "schedule", "constant", "learning-rate schedule: constant, cosine or plateau")
	fs.IntVar(&f.warmup, "warmup-steps", 0, "linear warm-up steps of the cosine schedule")
	fs.Float64Var(&f.minLR, "min-lr", 0, "floor of the cosine and plateau schedules")
	fs.IntVar(&f.patience, "plateau-patience", 10, "validations without improvement before the plateau schedule halves the rate")
	fs.Float64Var(&f.wd, "weight-decay", 0, "decoupled weight decay (AdamW); 0 trains with Adam")
	fs.StringVar(&f.loss, "loss", "mse", "training loss: mse, mae or nll (models with a std output)")
	fs.BoolVar(&f.resume, "resume", false, "continue the run in --out from its last saved state")
	fs.BoolVar(&f.force, "force", false, "overwrite an existing --out")
	fs.BoolVar(&f.quiet, "quiet", false, "no progress bar")
	return f
}

func (f *trainFlags) check() error {
	bad := func(flag string, v any, why string) error {
		return fmt.Errorf("train: --%s %v: %w: %s", flag, v, errUsage, why)
	}
	switch {
	case f.data == "":
		return fmt.Errorf("train: --data: %w: required", errUsage)
	case f.out == "":
		return fmt.Errorf("train: --out: %w: required", errUsage)
	case f.model == "" && !f.resume:
		return fmt.Errorf("train: --model: %w: required (valid: %v)", errUsage, trainableKinds())
	case f.hidden <= 0:
		return bad("hidden", f.hidden, "must be positive")
	case f.layers <= 0:
		return bad("layers", f.layers, "must be positive")
	case f.epochs <= 0:
		return bad("epochs", f.epochs, "must be positive")
	case f.batch <= 0:
		return bad("batch", f.batch, "must be positive")
	case !(f.lr > 0):
		return bad("lr", f.lr, "must be positive")
	case !(f.forcing >= 0 && f.forcing <= 1):
		return bad("forcing-prob", f.forcing, "must be in [0, 1]")
	case f.context < 1:
		return bad("context", f.context, "must be at least 1")
	case f.valEvery <= 0:
		return bad("val-every", f.valEvery, "must be positive")
	case !(f.clip >= 0):
		return bad("clip", f.clip, "must be ≥ 0")
	case f.skipNonFinite < 0:
		return bad("skip-nonfinite", f.skipNonFinite, "must be ≥ 0")
	case !(f.wd >= 0):
		return bad("weight-decay", f.wd, "must be ≥ 0")
	case f.budget < 0:
		return bad("time-budget", f.budget, "must be ≥ 0")
	case f.schedule != "constant" && f.schedule != "cosine" && f.schedule != "plateau":
		return bad("schedule", f.schedule, "valid: constant, cosine, plateau")
	case f.loss != "mse" && f.loss != "mae" && f.loss != "nll":
		return bad("loss", f.loss, "valid: mse, mae, nll")
	case f.resume && f.force:
		return fmt.Errorf("train: %w: --resume and --force exclude each other", errUsage)
	}
	return nil
}

func (f *trainFlags) trainConfig() nn.TrainConfig {
	c := nn.TrainConfig{
		Epochs: f.epochs, BatchSize: f.batch, LR: f.lr, Schedule: f.schedule, WarmupSteps: f.warmup,
		MinLR: f.minLR, PlateauPatience: f.patience, WeightDecay: f.wd, Clip: f.clip, SkipNonFinite: f.skipNonFinite,
		Loss: nn.LossOptions{ForcingProb: f.forcing, Loss: f.loss, Context: f.context}, Context: f.context,
		ValEvery: f.valEvery, Seed: f.seed, TimeBudget: f.budget, Optimizer: "adam",
	}
	if f.wd > 0 {
		c.Optimizer = "adamw"
	}
	return c
}

func runTrain(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("train", "--model KIND --data FILE --out RUNDIR [flags]", stderr)
	f := defineTrainFlags(fs)
	build := defineModelFlags(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := f.check(); err != nil {
		return err
	}
	d, err := openDataset(f.data)
	if err != nil {
		return fmt.Errorf("train: %w", err)
	}
	train, err := splitSequences(d, "train")
	if err != nil {
		return fmt.Errorf("train: --data %s: %w", f.data, err)
	}
	var val *nn.Sequences
	if _, ok := d.Splits["val"]; ok {
		if val, err = splitSequences(d, "val"); err != nil {
			return fmt.Errorf("train: --data %s: %w", f.data, err)
		}
		if val.D != train.D {
			return fmt.Errorf("train: --data %s: val has %d states, train %d", f.data, val.D, train.D)
		}
		if f.context >= val.T {
			return fmt.Errorf("train: --context %d: %w: must be below the validation length %d", f.context, errUsage, val.T)
		}
	}
	mean, std := channelStats(train)

	var model nn.SequenceModel
	if f.resume {
		rc, err := readRunConfig(f.out)
		if err != nil {
			return fmt.Errorf("train: --resume: %w", err)
		}
		if f.model != "" && f.model != rc.Kind {
			return fmt.Errorf("train: --model %s: %w: the run in %s trains %s", f.model, errUsage, f.out, rc.Kind)
		}
		// Resuming on other data would silently break the bit-exact continuation.
		if rc.Data.TrainN != train.N || rc.Data.T != train.T {
			return fmt.Errorf("train: --data %s: train split is %d×%d, the run in %s was trained on %d×%d (%s)",
				f.data, train.N, train.T, f.out, rc.Data.TrainN, rc.Data.T, rc.Data.Path)
		}
		if model, err = nn.Build(rc.Kind, rc.Config); err != nil {
			return fmt.Errorf("train: --resume %s: %w", f.out, err)
		}
		if _, err := os.Stat(filepath.Join(f.out, nn.StateFile)); err != nil {
			return fmt.Errorf("train: --resume: %w", err)
		}
	} else {
		model, err = build(f.model, modelCommon{D: train.D, Hidden: f.hidden, Layers: f.layers, Seed: f.seed, Mean: mean, Std: std, States: d.States})
		if err != nil {
			return fmt.Errorf("train: %w", err)
		}
		if err := prepareRunDir(f.out, f.force); err != nil {
			return fmt.Errorf("train: %w", err)
		}
	}

	cfg := f.trainConfig()
	extra := map[string]any{
		"warpkit_version": warpkit.Version,
		"train":           cfg,
		"common": map[string]any{"d": train.D, "hidden": f.hidden, "layers": f.layers, "seed": f.seed,
			"mean": mean, "std": std, "states": d.States},
		"data": map[string]any{
			"path": f.data, "name": d.Name, "states": d.States, "provenance": d.Provenance,
			"train_n": train.N, "val_n": valN(val), "T": train.T,
		},
	}
	if f.resume {
		// Keep what the first run recorded (its data statistics, flags of the model family);
		// only the training settings change.
		prev, err := readConfigMap(f.out)
		if err != nil {
			return fmt.Errorf("train: --resume: %w", err)
		}
		prev["train"] = cfg
		extra = prev
	}
	if err := nn.WriteConfig(f.out, model, extra); err != nil {
		return fmt.Errorf("train: %w", err)
	}
	cfg.Dir, cfg.Resume, cfg.Progress, cfg.Quiet = f.out, f.resume, stderr, f.quiet
	var lossErr error // the first failure to write loss files; training goes on regardless
	cfg.OnHistory = func(h []nn.EpochRecord) {
		if err := writeLosses(f.out, h); err != nil && lossErr == nil {
			lossErr = err
		}
	}
	res, fitErr := nn.Fit(ctx, model, train, val, cfg)
	if res != nil {
		if err := writeLosses(f.out, res.History); err != nil {
			return errors.Join(fitErr, fmt.Errorf("train: %w", err))
		}
	}
	if fitErr != nil {
		return fmt.Errorf("train: %w", fitErr)
	}
	if lossErr != nil {
		return fmt.Errorf("train: %w", lossErr)
	}
	what := "val_mse"
	if val == nil {
		what = "train_loss"
	}
	if res.Stopped == "interrupted" {
		return fmt.Errorf("train: interrupted after %d epochs; state saved, continue with --resume --out %s", len(res.History), f.out)
	}
	fmt.Fprintf(stdout, "trained %s (%d params) for %d epochs, %d steps (stopped: %s); best epoch %d %s %.6g; run folder %s\n",
		model.Kind(), nn.CountParams(model.Params()), len(res.History), res.Steps, res.Stopped, res.BestEpoch, what, res.BestValue, f.out)
	return nil
}

func valN(v *nn.Sequences) int {
	if v == nil {
		return 0
	}
	return v.N
}
