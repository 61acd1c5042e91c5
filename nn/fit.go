package nn

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"time"

	"github.com/warpkit/warpkit/internal/progress"
)

// StateFile holds everything a resumed run needs: current and best weights, optimiser moments,
// and the loop state (epoch, batch, step, rng, schedule, history) as JSON metadata.
const StateFile = "train_state.safetensors"

// trainState is the loop's position, saved so a resumed run continues bit for bit.
type trainState struct {
	Epoch     int           `json:"epoch"` // 0-based epoch in progress
	Batch     int           `json:"batch"` // next batch of that epoch
	Step      int           `json:"step"`  // optimiser steps taken
	EpochRNG  []byte        `json:"epoch_rng"`
	RNG       []byte        `json:"rng"`
	LossSum   float64       `json:"loss_sum"`           // partial epoch: sum of batch losses so far
	Skipped   int           `json:"skipped,omitempty"`  // partial epoch: batches skipped so far
	SkipRun   int           `json:"skip_run,omitempty"` // non-finite batches in a row, up to now
	EpochSecs float64       `json:"epoch_seconds"`
	Schedule  Schedule      `json:"schedule"`
	History   []EpochRecord `json:"history"`
	HasBest   bool          `json:"has_best"`
	BestValue float64       `json:"best_value"`
	BestEpoch int           `json:"best_epoch"`
	AdamSteps int           `json:"adam_steps"`
	SinceBest int           `json:"since_best,omitempty"` // validations since the best one (early stopping)
}

// ErrNonFinite is wrapped by Fit's error when a non-finite loss or gradient stopped training.
var ErrNonFinite = errors.New("training diverged")

// fitter is one training run in progress.
type fitter struct {
	model      SequenceModel
	params     []*Param
	train, val *Sequences
	cfg        TrainConfig
	opt        *Adam
	pcg        *rand.PCG
	rng        *rand.Rand
	st         trainState
	best       [][]float64 // best weights so far
	prog       progress.Recorder
}

// Fit trains model on train with Adam, shuffled mini-batches from cfg.Seed, gradient clipping
// and the learning-rate schedule, validating the forecast MSE after cfg.Context on val every
// cfg.ValEvery epochs and keeping the best weights (by validation MSE, or by training loss when
// val is nil): on return the model holds them. Training ends at the first of cfg's limits
// (epochs, steps, time budget) or after cfg.Patience validations without a new best. A run
// that reaches its step limit within an epoch ends that epoch there, validating it like any
// other. A non-finite loss or gradient stops training with an error (wrapping ErrNonFinite)
// naming the epoch and batch, and the result, Stopped "non-finite": the model then holds the
// best weights so far, and checkpoints already written stay as they were.
// Cancelling ctx saves the state (with Dir set) and returns cleanly with Stopped
// "interrupted".
func Fit(ctx context.Context, model SequenceModel, train, val *Sequences, cfg TrainConfig) (*FitResult, error) {
	cfg = cfg.withDefaults()
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	if err := CheckSequences(train, "fit: train", SequenceRules{}); err != nil {
		return nil, fmt.Errorf("nn: %w", err)
	}
	if val != nil {
		if err := CheckSequences(val, "fit: val", SequenceRules{}); err != nil {
			return nil, fmt.Errorf("nn: %w", err)
		}
		if val.D != train.D {
			return nil, fmt.Errorf("nn: fit: val has %d states, train %d", val.D, train.D)
		}
		if cfg.Context >= val.T {
			return nil, fmt.Errorf("nn: fit: Context %d must be below the validation length %d", cfg.Context, val.T)
		}
	}
	f := &fitter{model: model, params: model.Params(), train: train, val: val, cfg: cfg, prog: progress.New(cfg.Progress, cfg.Quiet)}
	f.prog.Init()
	defer f.prog.Done()
	var err error
	f.opt, err = NewAdam(f.params, AdamConfig{WeightDecay: cfg.WeightDecay, Decoupled: cfg.Optimizer == "adamw"})
	if err != nil {
		return nil, fmt.Errorf("nn: fit: %w", err)
	}
	sched, err := NewSchedule(cfg.Schedule, cfg.LR)
	if err != nil {
		return nil, fmt.Errorf("nn: fit: %w", err)
	}
	sched.MinLR, sched.WarmupSteps = cfg.MinLR, cfg.WarmupSteps
	sched.Patience, sched.Factor = cfg.PlateauPatience, cfg.PlateauFactor
	sched.TotalSteps = cfg.Epochs * f.batchesPerEpoch()
	if cfg.Steps > 0 && (sched.TotalSteps == 0 || cfg.Steps < sched.TotalSteps) {
		sched.TotalSteps = cfg.Steps
	}
	f.st.Schedule = *sched
	f.pcg = rand.NewPCG(cfg.Seed, 0x7261696e) // second word fixed: one seed names one run
	f.rng = rand.New(f.pcg)
	if cfg.Resume {
		if err := f.load(); err != nil {
			return nil, err
		}
	}
	return f.run(ctx)
}

func (f *fitter) batchesPerEpoch() int {
	return (f.train.N + f.cfg.BatchSize - 1) / f.cfg.BatchSize
}

func (f *fitter) run(ctx context.Context) (*FitResult, error) {
	cfg := f.cfg
	nb := f.batchesPerEpoch()
	start := time.Now()
	stepsAtStart := f.st.Step
	var batch *Sequences
	stopped := "epochs"
	perm := make([]int, f.train.N)
	lossOpt := cfg.Loss
	for cfg.Epochs == 0 || f.st.Epoch < cfg.Epochs {
		epochStart := time.Now().Add(-time.Duration(f.st.EpochSecs * float64(time.Second)))
		if err := f.permutation(perm); err != nil {
			return nil, err
		}
		for f.st.Batch < nb {
			b := f.st.Batch
			lo, hi := b*cfg.BatchSize, min((b+1)*cfg.BatchSize, f.train.N)
			batch = Gather(batch, f.train, perm[lo:hi])
			ZeroGrad(f.params)
			loss, err := f.model.Loss(batch, lossOpt, f.rng)
			if err != nil {
				return f.result(stopped), fmt.Errorf("nn: fit: epoch %d batch %d: %w", f.st.Epoch+1, b+1, err)
			}
			var bad string
			if math.IsNaN(loss) || math.IsInf(loss, 0) {
				bad = fmt.Sprintf("loss is %g", loss)
			} else if norm := ClipGradNorm(f.params, cfg.Clip); math.IsNaN(norm) || math.IsInf(norm, 0) {
				bad = fmt.Sprintf("gradient norm is %g", norm)
			}
			if bad != "" {
				if f.st.SkipRun >= cfg.SkipNonFinite {
					msg := "last good checkpoint kept"
					if cfg.SkipNonFinite > 0 {
						msg = fmt.Sprintf("after %d skipped batches in a row; last good checkpoint kept", f.st.SkipRun)
					}
					f.restoreBest()
					return f.result("non-finite"), fmt.Errorf("nn: fit: epoch %d batch %d: %s (%s): %w", f.st.Epoch+1, b+1, bad, msg, ErrNonFinite)
				}
				f.st.SkipRun++
				f.st.Skipped++
			} else {
				f.opt.Step(f.st.Schedule.LR(f.st.Step))
				f.st.Step++
				f.st.LossSum += loss
				f.st.SkipRun = 0
			}
			f.st.Batch++
			f.st.RNG, _ = f.pcg.MarshalBinary()
			f.prog.Record(batchEvent(f.st.Epoch+1, cfg.Epochs, f.st.Batch, nb, f.st.LossSum/float64(max(f.st.Batch-f.st.Skipped, 1)), f.eta(start, stepsAtStart, nb)))
			if cfg.Steps > 0 && f.st.Step >= cfg.Steps {
				stopped = "steps"
				break // the epoch ends here and is validated
			}
			if f.st.Batch < nb {
				if reason := f.stopReason(ctx, start); reason != "" {
					f.st.EpochSecs = time.Since(epochStart).Seconds()
					return f.stop(reason)
				}
			}
		}
		// The mean over the batches that trained; NaN when every one was skipped.
		ran := f.st.Batch // nb, or fewer when the step limit ended the epoch
		rec := EpochRecord{Epoch: f.st.Epoch + 1, TrainLoss: f.st.LossSum / float64(ran-f.st.Skipped), LR: f.st.Schedule.LR(max(f.st.Step-1, 0)), Skipped: f.st.Skipped}
		if f.st.Skipped == ran {
			rec.TrainLoss = math.NaN()
		}
		metric := rec.TrainLoss
		last := f.st.Epoch+1 == cfg.Epochs || stopped == "steps"
		if f.val != nil && ((f.st.Epoch+1)%cfg.ValEvery == 0 || last) {
			mse, err := f.validate()
			if err != nil {
				return f.result(stopped), fmt.Errorf("nn: fit: epoch %d: validation: %w", f.st.Epoch+1, err)
			}
			rec.Validated, rec.ValMSE, metric = true, mse, mse
			f.st.Schedule.Observe(mse)
		} else if f.val != nil {
			metric = math.NaN() // not validated: cannot compete for best
		} else {
			f.st.Schedule.Observe(metric)
		}
		// Only finite metrics compete: a diverged forecast (NaN, Inf) is never the best model.
		validated := f.val == nil || rec.Validated
		if !math.IsNaN(metric) && !math.IsInf(metric, 0) && (!f.st.HasBest || metric < f.st.BestValue) {
			f.st.HasBest, f.st.BestValue, f.st.BestEpoch, f.st.SinceBest = true, metric, rec.Epoch, 0
			f.keepBest()
			if cfg.Dir != "" {
				if err := SaveModel(filepath.Join(cfg.Dir, ModelFile), f.model); err != nil {
					return f.result(stopped), fmt.Errorf("nn: fit: %w", err)
				}
			}
		} else if validated {
			f.st.SinceBest++
		}
		rec.Seconds = time.Since(epochStart).Seconds()
		f.st.History = append(f.st.History, rec)
		f.st.Epoch++
		f.st.Batch, f.st.LossSum, f.st.EpochSecs, f.st.Skipped = 0, 0, 0, 0
		if err := f.save(); err != nil {
			return f.result(stopped), err
		}
		f.prog.Record(epochEvent(rec, cfg.Epochs))
		if cfg.OnEpoch != nil {
			cfg.OnEpoch(rec)
		}
		if cfg.OnHistory != nil {
			cfg.OnHistory(append([]EpochRecord(nil), f.st.History...))
		}
		if stopped == "steps" {
			break
		}
		if cfg.Patience > 0 && f.st.SinceBest >= cfg.Patience {
			stopped = "early stopping"
			break
		}
		if cfg.Epochs == 0 || f.st.Epoch < cfg.Epochs {
			if reason := f.stopReason(ctx, start); reason != "" {
				return f.stop(reason)
			}
		}
	}
	f.restoreBest()
	return f.result(stopped), nil
}

// eta estimates the time left from the pace so far and the limits that are set; 0 when none
// bounds the run (a time budget alone, or early stopping alone, bounds it to the budget).
func (f *fitter) eta(start time.Time, stepsAtStart, nb int) time.Duration {
	cfg := f.cfg
	elapsed := time.Since(start)
	perStep := float64(elapsed) / float64(max(f.st.Step-stepsAtStart, 1))
	left := math.Inf(1)
	if cfg.Epochs > 0 {
		left = float64(nb*(cfg.Epochs-f.st.Epoch) - f.st.Batch)
	}
	if cfg.Steps > 0 {
		left = min(left, float64(cfg.Steps-f.st.Step))
	}
	eta := time.Duration(0)
	if !math.IsInf(left, 1) {
		eta = time.Duration(perStep * left)
	}
	if cfg.TimeBudget > 0 && (eta == 0 || cfg.TimeBudget-elapsed < eta) {
		eta = cfg.TimeBudget - elapsed
	}
	return eta
}

func (f *fitter) stopReason(ctx context.Context, start time.Time) string {
	if ctx.Err() != nil {
		return "interrupted"
	}
	if f.cfg.TimeBudget > 0 && time.Since(start) >= f.cfg.TimeBudget {
		return "time budget"
	}
	return ""
}

// stop saves the loop state and returns with the best weights in the model.
func (f *fitter) stop(reason string) (*FitResult, error) {
	if err := f.save(); err != nil {
		return f.result(reason), err
	}
	f.restoreBest()
	return f.result(reason), nil
}

// permutation draws the epoch's shuffle. At an epoch's start it records the rng state first,
// so a run resumed mid-epoch redraws the same order and then restores the rng's later state.
func (f *fitter) permutation(perm []int) error {
	if f.st.Batch == 0 {
		f.st.EpochRNG, _ = f.pcg.MarshalBinary()
		f.fillPerm(perm)
		return nil
	}
	if err := f.pcg.UnmarshalBinary(f.st.EpochRNG); err != nil {
		return fmt.Errorf("nn: fit: resume: epoch rng: %w", err)
	}
	f.fillPerm(perm)
	if err := f.pcg.UnmarshalBinary(f.st.RNG); err != nil {
		return fmt.Errorf("nn: fit: resume: rng: %w", err)
	}
	return nil
}

func (f *fitter) fillPerm(perm []int) {
	for i := range perm {
		perm[i] = i
	}
	f.rng.Shuffle(len(perm), func(i, j int) { perm[i], perm[j] = perm[j], perm[i] })
}

func (f *fitter) validate() (float64, error) {
	pred, err := f.model.Forecast(f.val, f.cfg.Context)
	if err != nil {
		return 0, err
	}
	mse, _, err := ForecastErrors(pred, f.val, f.cfg.Context)
	return mse, err
}

func (f *fitter) keepBest() {
	if f.best == nil {
		f.best = make([][]float64, len(f.params))
	}
	for i, p := range f.params {
		f.best[i] = append(f.best[i][:0], p.Data...)
	}
}

func (f *fitter) restoreBest() {
	if f.best == nil {
		return
	}
	for i, p := range f.params {
		copy(p.Data, f.best[i])
	}
}

func (f *fitter) result(stopped string) *FitResult {
	r := &FitResult{History: append([]EpochRecord(nil), f.st.History...), Steps: f.st.Step, Stopped: stopped}
	if f.st.HasBest {
		r.BestEpoch, r.BestValue = f.st.BestEpoch, f.st.BestValue
	}
	return r
}

// save writes the state file (current weights, best weights, moments, loop state) in one
// atomic write, so a resume never mixes two moments in time.
func (f *fitter) save() error {
	if f.cfg.Dir == "" {
		return nil
	}
	f.st.AdamSteps = f.opt.Steps
	if f.st.RNG == nil {
		f.st.RNG, _ = f.pcg.MarshalBinary()
	}
	sj, err := json.Marshal(f.st)
	if err != nil {
		return fmt.Errorf("nn: fit: state: %w", err)
	}
	var ts []Tensor
	for i, p := range f.params {
		ts = append(ts,
			Tensor{Name: "param/" + p.Name, Shape: p.Shape, Data: p.Data},
			Tensor{Name: "adam.m/" + p.Name, Shape: p.Shape, Data: f.opt.M[i]},
			Tensor{Name: "adam.v/" + p.Name, Shape: p.Shape, Data: f.opt.V[i]})
		if f.best != nil {
			ts = append(ts, Tensor{Name: "best/" + p.Name, Shape: p.Shape, Data: f.best[i]})
		}
	}
	return WriteSafetensors(filepath.Join(f.cfg.Dir, StateFile), ts, map[string]string{"state": string(sj), "kind": f.model.Kind()})
}

func (f *fitter) load() error {
	path := filepath.Join(f.cfg.Dir, StateFile)
	if _, err := os.Stat(path); err != nil {
		return fmt.Errorf("nn: fit: resume: %w", err)
	}
	ts, meta, err := ReadSafetensors(path)
	if err != nil {
		return fmt.Errorf("nn: fit: resume: %w", err)
	}
	if k := meta["kind"]; k != f.model.Kind() {
		return fmt.Errorf("nn: fit: resume: %s holds a %q model, training a %q", path, k, f.model.Kind())
	}
	var st trainState
	if err := json.Unmarshal([]byte(meta["state"]), &st); err != nil {
		return fmt.Errorf("nn: fit: resume: %s: state: %w", path, err)
	}
	byName := map[string]Tensor{}
	for _, t := range ts {
		byName[t.Name] = t
	}
	get := func(prefix string, p *Param) ([]float64, error) {
		t, ok := byName[prefix+p.Name]
		if !ok || !sameShape(t.Shape, p.Shape) {
			return nil, fmt.Errorf("nn: fit: resume: %s: tensor %s%s missing or of another shape than %v", path, prefix, p.Name, p.Shape)
		}
		return t.Data, nil
	}
	for i, p := range f.params {
		d, err := get("param/", p)
		if err != nil {
			return err
		}
		copy(p.Data, d)
		if f.opt.M[i], err = get("adam.m/", p); err != nil {
			return err
		}
		if f.opt.V[i], err = get("adam.v/", p); err != nil {
			return err
		}
		if st.HasBest {
			b, err := get("best/", p)
			if err != nil {
				return err
			}
			if f.best == nil {
				f.best = make([][]float64, len(f.params))
			}
			f.best[i] = b
		}
	}
	f.opt.Steps = st.AdamSteps
	// The schedule's horizon follows this run's Epochs, so a resume may extend training.
	st.Schedule.TotalSteps = f.st.Schedule.TotalSteps
	if st.Batch == 0 {
		if err := f.pcg.UnmarshalBinary(st.RNG); err != nil {
			return fmt.Errorf("nn: fit: resume: rng: %w", err)
		}
	}
	f.st = st
	return nil
}
