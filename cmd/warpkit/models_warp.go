package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/warpkit/warpkit/datasets"
	"github.com/warpkit/warpkit/nn"
	"github.com/warpkit/warpkit/physics"
	"github.com/warpkit/warpkit/warp"
)

func init() {
	registerModels([]string{"warp", "warp-phys"}, warpFlags)
}

// warpFlags defines WARP's options on the train flag set.
func warpFlags(fs *flag.FlagSet) func(kind string, c modelCommon) (nn.SequenceModel, error) {
	width := fs.Int("root-width", 16, "WARP: hidden width of the root network")
	depth := fs.Int("root-depth", 2, "WARP: hidden layers of the root network")
	act := fs.String("root-activation", "swish", "WARP: root activation: swish, relu or tanh")
	input := fs.String("root-input", "", "WARP: root input: tau (normalised time, the paper's) or tau+prev (time and the previous observation); default tau+prev for warp (on MSD, 2048 trajectories, 5 min: test MSE 3.2 against 11.2 with tau) and tau for warp-phys, whose prior already steps from the previous state")
	initKind := fs.String("init", "hyper1", "WARP: initial weights: hyper0, hyper1, hyper2 (hypernetwork of x_0 with 0-2 hidden layers) or free")
	trans := fs.String("transition", "dense", "WARP: transition A: dense, diagonal or lowrank:R")
	timeChan := fs.Bool("time-channel", false, "WARP: append normalised time to the input before differencing")
	stoch := fs.Bool("stochastic", false, "WARP: also predict a standard deviation (Gaussian NLL, sampled feedback)")
	squash := fs.String("squash", "", "WARP: output squashing: none, tanh, clip:C, softclip[:C] (identity within ±C/2, smoothly bounded by ±C) or scaled:ALPHA,B,A,BETA (ALPHA·tanh((y−B)/A)+BETA); default: the model's (softclip:8 for warp, none for warp-phys)")
	aLR := fs.Float64("a-lr-scale", 1e-2, "WARP: learning-rate multiplier of the transition A")
	smooth := fs.Float64("param-smooth", 0, "WARP-Phys: weight of a penalty on the change of the prior's raw outputs between steps (0: none), pushing the decoder toward constant physical parameters along a trajectory")
	aClip := fs.Float64("a-clip", 0, "WARP: clip every entry of A to ±this before each step (0: off)")
	aInit := fs.String("a-init", "identity", "WARP: initial transition A: identity, spread (decays with log-spaced time constants: a filter bank of the history) or rotations (dense A as damped 2×2 resonators)")
	standardize := fs.Bool("warp-standardize", true, "WARP: standardise inputs (and plain WARP's outputs) with the train mean/std")
	prior := fs.String("prior", "", "WARP-Phys: physics prior msd, sine or lv (default: from the dataset's states when obvious)")
	priorOpts := fs.String("prior-options", "", `WARP-Phys: the prior's options as JSON, e.g. '{"integrator":"exact","transform":"exp"}' for msd, '{"predict":[{"name":"delta"}],"fixed":{"alpha":-1},"fix_defaults":true,"integrator":"rk4"}' for a system prior (fields: physics.MSDOptions, SineOptions, LVOptions, SystemOptions)`)
	priorSpec := fs.String("spec", "", "WARP-Phys: dataset spec file whose system: equations define the system that --prior system:NAME names (default: the spec stored in --data)")
	return func(kind string, c modelCommon) (nn.SequenceModel, error) {
		cfg := warp.Config{Dim: c.D, RootWidth: *width, RootDepth: *depth, Activation: *act, RootInput: *input,
			Init: *initKind, TimeChan: *timeChan, Stochastic: *stoch, ALRScale: *aLR, AClip: *aClip, ParamSmooth: *smooth, AInit: *aInit, Seed: c.Seed}
		if *width < 1 {
			return nil, fmt.Errorf("--root-width: %w: must be at least 1, got %d", errUsage, *width)
		}
		if *depth < 0 {
			return nil, fmt.Errorf("--root-depth: %w: must be non-negative, got %d", errUsage, *depth)
		}
		var err error
		if cfg.Transition, cfg.Rank, err = parseTransition(*trans); err != nil {
			return nil, err
		}
		if err := parseSquash(*squash, &cfg); err != nil {
			return nil, err
		}
		if *standardize {
			cfg.Mean, cfg.Std = c.Mean, c.Std
		}
		if cfg.RootInput == "" {
			cfg.RootInput = "tau"
			if kind == "warp" {
				cfg.RootInput = "tau+prev"
			}
		}
		switch kind {
		case "warp":
			if *prior != "" || *priorOpts != "" {
				return nil, fmt.Errorf("--prior, --prior-options: %w: only for --model warp-phys", errUsage)
			}
		case "warp-phys":
			name := *prior
			if name == "" {
				if name = defaultPrior(c.States); name == "" {
					return nil, fmt.Errorf("--prior: %w: required for states %v (valid: msd, sine, lv)", errUsage, c.States)
				}
			}
			system := strings.HasPrefix(name, physics.SystemPrefix)
			if !system && !slices.Contains([]string{"msd", "sine", "lv"}, name) {
				return nil, fmt.Errorf("--prior: %w: unknown prior %q (valid: msd, sine, lv, or %s<ode system> with --prior-options)", errUsage, name, physics.SystemPrefix)
			}
			if system && *priorOpts == "" {
				return nil, fmt.Errorf("--prior %s: %w: a system prior needs --prior-options naming the predicted parameters, e.g. '{\"predict\":[{\"name\":\"k\"}],\"fix_defaults\":true,\"integrator\":\"rk4\"}'", name, errUsage)
			}
			if *priorSpec != "" {
				if !system {
					return nil, fmt.Errorf("--spec: %w: only with --prior %sNAME", errUsage, physics.SystemPrefix)
				}
				spec, err := datasets.LoadSpec(*priorSpec)
				if err != nil {
					return nil, fmt.Errorf("--spec: %w", err)
				}
				if err := spec.RegisterSystem(); err != nil {
					return nil, fmt.Errorf("--spec: %w", err)
				}
			}
			cfg.Prior = &physics.Spec{Name: name}
			if system {
				spec, err := physics.SystemSpec(name, json.RawMessage(*priorOpts))
				if err != nil {
					return nil, fmt.Errorf("--prior-options: %w: %w", errUsage, err)
				}
				cfg.Prior = &spec
			} else if *priorOpts != "" {
				cfg.Prior.Config = json.RawMessage(*priorOpts)
				// Build here so a misspelt field or a bad value is reported against the flag.
				if _, err := physics.Build(*cfg.Prior); err != nil {
					return nil, fmt.Errorf("--prior-options: %w: %w", errUsage, err)
				}
			}
		default:
			return nil, fmt.Errorf("--model: %w: %q is not a WARP kind", errUsage, kind)
		}
		m, err := warp.New(cfg)
		if err != nil {
			return nil, fmt.Errorf("--model %s: %w", kind, err)
		}
		return m, nil
	}
}

// parseTransition reads dense, diagonal or lowrank:R.
func parseTransition(s string) (string, int, error) {
	switch s {
	case "dense", "diagonal":
		return s, 0, nil
	}
	if r, ok := strings.CutPrefix(s, "lowrank:"); ok {
		n, err := strconv.Atoi(r)
		if err == nil && n >= 1 {
			return "lowrank", n, nil
		}
	}
	return "", 0, fmt.Errorf("--transition: %w: want dense, diagonal or lowrank:R with R ≥ 1, got %q", errUsage, s)
}

// parseSquash reads none, tanh, clip:C or scaled:ALPHA,B,A,BETA into cfg.
func parseSquash(s string, cfg *warp.Config) error {
	bad := func() error {
		return fmt.Errorf("--squash: %w: want none, tanh, clip:C, softclip[:C] or scaled:ALPHA,B,A,BETA, got %q", errUsage, s)
	}
	name, args, _ := strings.Cut(s, ":")
	var vals []float64
	if args != "" {
		for _, f := range strings.Split(args, ",") {
			v, err := strconv.ParseFloat(strings.TrimSpace(f), 64)
			if err != nil {
				return bad()
			}
			vals = append(vals, v)
		}
	}
	cfg.Squash = name
	switch {
	case name == "" && len(vals) == 0: // the model's default
	case (name == "none" || name == "tanh" || name == "softclip") && len(vals) == 0:
	case name == "softclip" && len(vals) == 1:
		cfg.ClipC = vals[0]
	case name == "clip" && len(vals) == 1:
		cfg.ClipC = vals[0]
	case name == "scaled" && len(vals) == 4:
		cfg.Alpha, cfg.Bias, cfg.Scale, cfg.Beta = vals[0], vals[1], vals[2], vals[3]
	default:
		return bad()
	}
	return nil
}

// defaultPrior names the prior a dataset's states make obvious, or "" when they don't.
func defaultPrior(states []string) string {
	switch strings.Join(states, ",") {
	case "x,v":
		return "msd"
	case "prey,pred":
		return "lv"
	case "x":
		return "sine"
	}
	return ""
}
