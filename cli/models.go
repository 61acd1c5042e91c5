package cli

import (
	"flag"
	"fmt"
	"strconv"
	"strings"

	"github.com/warpkit/warpkit/experiment"
)

// optionFlag is a `warpkit train` flag that sets keys of the run configuration
// (experiment.RunConfig): the flag and the key carry the same option, so a run is the same
// whether its options come from --config FILE or from flags.
type optionFlag struct {
	name, key, usage string
	isBool           bool // may stand alone (--stochastic means --stochastic=true)
	// split, when set, reads a flag whose text holds several keys (--transition lowrank:4).
	split func(string) (map[string]string, error)
}

// optionFlags are train's flags that set run options, in help order. Their defaults are the
// model's shipped configuration (experiment/defaults/KIND.yaml); --print-config shows them.
var optionFlags = []optionFlag{
	{name: "model", key: "kind", usage: "model kind (valid: " + strings.Join(experiment.Kinds(), ", ") + ")"},
	{name: "data", key: "data", usage: "dataset file (train split required; its val split validates, else --val-split of train is held out)"},
	{name: "context", key: "context", usage: "true steps always fed in training and before the validation forecast runs on its own (default: the dataset's customary one, 100 on MSD and LV, else 1)"},
	{name: "seed", key: "seed", usage: "seed for initialisation, shuffling and teacher forcing (default 0)"},
	{name: "epochs", key: "epochs", usage: "budget: passes over the training split (0: no limit). Any of --epochs, --steps, --time-budget and --patience replaces the model's default budget and early stopping as a whole"},
	{name: "steps", key: "steps", usage: "budget: optimiser steps (0: no limit)"},
	{name: "time-budget", key: "time_budget", usage: "budget: wall-clock limit, e.g. 10m (0: none); the run then depends on the machine"},
	{name: "patience", key: "patience", usage: "early stopping: validations without a new best before training stops (0: never); part of the budget"},
	{name: "val-split", key: "val_split", usage: "fraction of the train split held out for validation when the file has no val split (0: none)"},
	{name: "batch", key: "batch_size", usage: "trajectories per optimiser step"},
	{name: "lr", key: "lr", usage: "learning rate"},
	{name: "forcing-prob", key: "forcing_prob", usage: "probability of feeding the true state in autoregressive training after the context"},
	{name: "val-every", key: "val_every", usage: "validate every K epochs"},
	{name: "clip", key: "clip", usage: "global gradient-norm limit (0: no clipping)"},
	{name: "skip-nonfinite", key: "skip_nonfinite", usage: "batches in a row with a non-finite loss or gradient to skip before training stops (0: stop at the first)"},
	{name: "schedule", key: "schedule", usage: "learning-rate schedule: constant, cosine or plateau"},
	{name: "warmup-steps", key: "warmup_steps", usage: "linear warm-up steps of the cosine schedule"},
	{name: "min-lr", key: "min_lr", usage: "floor of the cosine and plateau schedules"},
	{name: "plateau-patience", key: "plateau_patience", usage: "validations without improvement before the plateau schedule halves the rate"},
	{name: "weight-decay", key: "weight_decay", usage: "decoupled weight decay (AdamW); 0 trains with Adam"},
	{name: "loss", key: "loss", usage: "training loss: mse, mae or nll (models with a std output)"},

	{name: "hidden", key: "hidden", usage: "gru/lstm/lru: hidden width"},
	{name: "layers", key: "layers", usage: "gru/lstm/lru: number of layers"},
	{name: "residual", key: "residual", usage: "gru/lstm/lru: predict the increment, x̂_{t+1} = x_t + readout(h_t): true, false or auto (the kind's measured better one, rnn.DefaultResidual: currently on for all; benchmarks/RESULTS.md)"},
	{name: "lru-rmin", key: "r_min", usage: "lru: smallest |λ| of the ring initialisation"},
	{name: "lru-rmax", key: "r_max", usage: "lru: largest |λ| of the ring initialisation (< 1)"},
	{name: "lru-max-phase", key: "max_phase", usage: "lru: largest arg λ of the ring initialisation"},

	{name: "root-width", key: "root_width", usage: "WARP: hidden width of the root network"},
	{name: "root-depth", key: "root_depth", usage: "WARP: hidden layers of the root network"},
	{name: "root-activation", key: "activation", usage: "WARP: root activation: swish, relu or tanh"},
	{name: "root-input", key: "root_input", usage: "WARP: root input: tau (normalised time, the paper's) or tau+prev (time and the previous observation); default tau+prev for warp and tau for warp-phys, whose prior already steps from the previous state"},
	{name: "init", key: "init", usage: "WARP: initial weights: hyper0, hyper1, hyper2 (hypernetwork of x_0 with 0-2 hidden layers) or free"},
	{name: "transition", key: "transition", split: splitTransition, usage: "WARP: transition A: dense, diagonal or lowrank:R"},
	{name: "time-channel", key: "time_channel", isBool: true, usage: "WARP: append normalised time to the input before differencing"},
	{name: "stochastic", key: "stochastic", isBool: true, usage: "WARP: also predict a standard deviation (Gaussian NLL, sampled feedback)"},
	{name: "squash", key: "squash", split: splitSquash, usage: "WARP: output squashing: none, tanh, clip:C, softclip[:C] (identity within ±C/2, smoothly bounded by ±C) or scaled:ALPHA,B,A,BETA (ALPHA·tanh((y−B)/A)+BETA); default: the model's (softclip:8 for warp, none for warp-phys)"},
	{name: "a-lr-scale", key: "a_lr_scale", usage: "WARP: learning-rate multiplier of the transition A"},
	{name: "a-clip", key: "a_clip", usage: "WARP: clip every entry of A to ±this before each step (0: off)"},
	{name: "a-init", key: "a_init", usage: "WARP: initial transition A: identity, spread (decays with log-spaced time constants: a filter bank of the history) or rotations (dense A as damped 2×2 resonators)"},
	{name: "warp-standardize", key: "standardize", isBool: true, usage: "WARP: standardise inputs (and plain WARP's outputs) with the train mean/std"},
	{name: "param-smooth", key: "param_smooth", usage: "WARP-Phys: weight of a penalty on the change of the prior's raw outputs between steps (0: none), pushing the decoder toward constant physical parameters along a trajectory"},
	{name: "prior", key: "prior", usage: "WARP-Phys: physics prior msd, sine, lv or system:NAME (default: from the dataset's states when obvious)"},
	{name: "prior-options", key: "prior_options", usage: `WARP-Phys: the prior's options as JSON or YAML, e.g. '{"integrator":"exact","transform":"exp"}' for msd, '{"predict":[{"name":"delta"}],"fixed":{"alpha":-1},"integrator":"rk4"}' for a system prior (fields: physics.MSDOptions, SineOptions, LVOptions, SystemOptions)`},
	{name: "spec", key: "spec", usage: "WARP-Phys: dataset spec file whose system: equations define the system that --prior system:NAME names (default: the spec stored in --data)"},
}

// rawFlag holds a flag's text as given; the run configuration reads it (experiment.Layer.Set).
type rawFlag struct {
	text   string
	isBool bool
}

func (f *rawFlag) String() string { return f.text }
func (f *rawFlag) Set(s string) error {
	// No option's value starts with --: the value was left out and the next flag taken for it
	// (--residual --steps 10).
	if !f.isBool && strings.HasPrefix(s, "--") {
		return fmt.Errorf("missing value (%s is a flag)", s)
	}
	f.text = s
	return nil
}
func (f *rawFlag) IsBoolFlag() bool { return f.isBool }

// defineOptionFlags defines optionFlags on fs and returns a function that turns the flags
// given on the command line into a configuration layer, each value named by its flag in
// errors.
func defineOptionFlags(fs *flag.FlagSet) func() (*experiment.Layer, error) {
	byName := map[string]optionFlag{}
	for _, o := range optionFlags {
		byName[o.name] = o
		// The key, backquoted, is also the value's placeholder in the help: -batch batch_size.
		usage := o.usage + " (key `" + o.key + "`)"
		if o.isBool {
			usage = o.usage + " (key " + o.key + ")"
		}
		fs.Var(&rawFlag{isBool: o.isBool}, o.name, usage)
	}
	return func() (*experiment.Layer, error) {
		l := &experiment.Layer{}
		var err error
		fs.Visit(func(f *flag.Flag) {
			o, ok := byName[f.Name]
			if !ok || err != nil {
				return
			}
			where := "--" + o.name
			kv := map[string]string{o.key: f.Value.String()}
			if o.split != nil {
				if kv, err = o.split(f.Value.String()); err != nil {
					err = fmt.Errorf("%s: %w: %w", where, errUsage, err)
					return
				}
			}
			for k, v := range kv {
				if err = l.Set(k, v, where); err != nil {
					return
				}
			}
		})
		return l, err
	}
}

// splitTransition reads dense, diagonal or lowrank:R.
func splitTransition(s string) (map[string]string, error) {
	switch s {
	case "dense", "diagonal":
		return map[string]string{"transition": s}, nil
	}
	if r, ok := strings.CutPrefix(s, "lowrank:"); ok {
		if n, err := strconv.Atoi(r); err == nil && n >= 1 {
			return map[string]string{"transition": "lowrank", "rank": r}, nil
		}
	}
	return nil, fmt.Errorf("want dense, diagonal or lowrank:R with R ≥ 1, got %q", s)
}

// splitSquash reads none, tanh, clip:C, softclip[:C] or scaled:ALPHA,B,A,BETA.
func splitSquash(s string) (map[string]string, error) {
	bad := fmt.Errorf("want none, tanh, clip:C, softclip[:C] or scaled:ALPHA,B,A,BETA, got %q", s)
	name, args, _ := strings.Cut(s, ":")
	var vals []string
	if args != "" {
		for _, f := range strings.Split(args, ",") {
			f = strings.TrimSpace(f)
			if _, err := strconv.ParseFloat(f, 64); err != nil {
				return nil, bad
			}
			vals = append(vals, f)
		}
	}
	kv := map[string]string{"squash": name}
	switch {
	case name == "" && len(vals) == 0: // the model's default
	case (name == "none" || name == "tanh" || name == "softclip") && len(vals) == 0:
	case (name == "softclip" || name == "clip") && len(vals) == 1:
		kv["clip_c"] = vals[0]
	case name == "scaled" && len(vals) == 4:
		kv["alpha"], kv["bias"], kv["scale"], kv["beta"] = vals[0], vals[1], vals[2], vals[3]
	default:
		return nil, bad
	}
	return kv, nil
}
