package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/warpkit/warpkit/experiment"
	"github.com/warpkit/warpkit/nn"
)

func init() {
	register(command{name: "train", summary: "train a model (WARP or a baseline) on a dataset into a run folder", run: runTrain})
}

// usageError marks a configuration error as the user's, exiting 2, without adding words to
// a message that already names the file and line or the flag.
type usageError struct{ error }

func (e usageError) Is(target error) bool { return target == errUsage }
func (e usageError) Unwrap() error        { return e.error }

func runTrain(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("train", "--model KIND --data FILE --out RUNDIR [flags]\n       warpkit train --config RUN.yaml --out RUNDIR [flags]\n\n"+
		"Every option is also a key of a YAML run configuration (--config), shown as the flag's value name\n"+
		"below. Defaults are the model kind's shipped configuration; --print-config shows the effective one.", stderr)
	configPath := fs.String("config", "", "run configuration `file` (YAML; a run folder's config.yaml trains that run again); flags given override its keys")
	out := fs.String("out", "", "run `folder` to create")
	resume := fs.Bool("resume", false, "continue the run in --out from its last saved state")
	force := fs.Bool("force", false, "overwrite an existing --out")
	quiet := fs.Bool("quiet", false, "no progress bar")
	printConfig := fs.Bool("print-config", false, "print the effective configuration as YAML and exit without training")
	flagLayer := defineOptionFlags(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	switch {
	case *out == "" && !*printConfig:
		return fmt.Errorf("train: --out: %w: required", errUsage)
	case *resume && *force:
		return fmt.Errorf("train: %w: --resume and --force exclude each other", errUsage)
	}
	flags, err := flagLayer()
	if err != nil {
		return fmt.Errorf("train: %w", err)
	}
	// Layers, later ones overriding earlier ones: the run being resumed, --config, flags.
	var layers []*experiment.Layer
	if *resume {
		l, err := experiment.ReadLayer(filepath.Join(*out, experiment.ConfigYAML))
		if err != nil {
			return fmt.Errorf("train: --resume: %w", err)
		}
		layers = append(layers, l)
	}
	if *configPath != "" {
		l, err := experiment.ReadLayer(*configPath)
		if err != nil {
			return fmt.Errorf("train: --config: %w", usageError{err})
		}
		layers = append(layers, l)
	}
	layers = append(layers, flags)
	cfg, err := experiment.Resolve(layers...)
	if err != nil {
		if !flags.Has("kind") && *configPath == "" && !*resume {
			return fmt.Errorf("train: --model: %w: required (valid: %v)", errUsage, experiment.Kinds())
		}
		return fmt.Errorf("train: %w", usageError{err})
	}
	if cfg.Data == "" && *printConfig {
		return printYAML(stdout, cfg) // the data would settle the context, root input and prior
	}
	if cfg.Data == "" {
		return fmt.Errorf("train: --data: %w: required", errUsage)
	}
	ds, err := openDataset(cfg.Data)
	if err != nil {
		return fmt.Errorf("train: %w", err)
	}
	data, err := experiment.NewData(ds, cfg.ValSplit)
	if err != nil {
		return fmt.Errorf("train: --data %s: %w", cfg.Data, err)
	}
	model, err := experiment.Build(cfg, data.Info())
	if err != nil {
		return fmt.Errorf("train: %w", usageError{experiment.Locate(err, layers...)})
	}
	if *printConfig {
		return printYAML(stdout, cfg)
	}
	if *resume {
		run, err := experiment.ReadRun(*out)
		if err != nil {
			return fmt.Errorf("train: --resume: %w", err)
		}
		if k := run.Kind; k != cfg.Kind {
			return fmt.Errorf("train: --model %s: %w: the run in %s trains %s", cfg.Kind, errUsage, *out, k)
		}
		// Resuming on other data would silently break the bit-exact continuation.
		if run.Data.TrainN != data.Train.N || run.Data.T != data.Train.T {
			return fmt.Errorf("train: --data %s: train split is %d×%d, the run in %s was trained on %d×%d (%s)",
				cfg.Data, data.Train.N, data.Train.T, *out, run.Data.TrainN, run.Data.T, run.Data.Path)
		}
		if _, err := os.Stat(filepath.Join(*out, nn.StateFile)); err != nil {
			return fmt.Errorf("train: --resume: %w", err)
		}
	} else if err := prepareRunDir(*out, *force); err != nil {
		return fmt.Errorf("train: %w", err)
	}
	if err := experiment.WriteRunConfig(*out, cfg, model, data); err != nil {
		return fmt.Errorf("train: %w", err)
	}
	var lossErr error // the first failure to write loss files; training goes on regardless
	res, fitErr := experiment.Train(ctx, cfg, data, experiment.TrainOptions{
		Dir: *out, Resume: *resume, Progress: stderr, Quiet: *quiet, Model: model,
		OnHistory: func(h []nn.EpochRecord) {
			if err := writeLosses(*out, h); err != nil && lossErr == nil {
				lossErr = err
			}
		},
	})
	if res != nil {
		if err := writeLosses(*out, res.Fit.History); err != nil {
			return errors.Join(fitErr, fmt.Errorf("train: %w", err))
		}
	}
	if errors.Is(fitErr, nn.ErrNonFinite) && res.Fit.BestEpoch > 0 {
		return fmt.Errorf("train: %w; the best weights, of epoch %d, are in %s", fitErr, res.Fit.BestEpoch, filepath.Join(*out, nn.ModelFile))
	}
	if fitErr != nil {
		return fmt.Errorf("train: %w", fitErr)
	}
	if lossErr != nil {
		return fmt.Errorf("train: %w", lossErr)
	}
	fr := res.Fit
	if fr.Stopped == "interrupted" {
		return fmt.Errorf("train: interrupted after %d epochs; state saved, continue with --resume --out %s", len(fr.History), *out)
	}
	// Weights are written only at an epoch whose validation error is finite; a run where no
	// epoch had one has nothing to forecast with, which must not read as success.
	if _, err := os.Stat(filepath.Join(*out, nn.ModelFile)); errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("train: no epoch of %d gave a finite validation error, so no model was written to %s (losses.csv has the history); try a lower --lr, --clip or another configuration", len(fr.History), *out)
	}
	what := "val_mse"
	if data.Val == nil {
		what = "train_loss"
	}
	fmt.Fprintf(stdout, "trained %s (%d params) for %d epochs, %d steps in %.0fs (stopped: %s); best epoch %d %s %.6g; run folder %s\n",
		model.Kind(), nn.CountParams(model.Params()), len(fr.History), fr.Steps, res.Seconds, fr.Stopped, fr.BestEpoch, what, fr.BestValue, *out)
	if cfg.MachineDependent() {
		fmt.Fprintln(stdout, "the budget was wall clock: another machine would train for a different number of steps (see config.yaml)")
	}
	return nil
}

func printYAML(w io.Writer, cfg *experiment.RunConfig) error {
	y, err := cfg.MarshalYAML()
	if err != nil {
		return fmt.Errorf("train: %w", err)
	}
	_, err = w.Write(y)
	return err
}
