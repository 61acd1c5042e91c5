package experiment

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/warpkit/warpkit/datasets"
	"github.com/warpkit/warpkit/internal/registry"
	"github.com/warpkit/warpkit/nn"
	"github.com/warpkit/warpkit/nn/rnn"
	"github.com/warpkit/warpkit/physics"
	"github.com/warpkit/warpkit/warp"
)

// DataInfo is what building a model needs to know of its data.
type DataInfo struct {
	Name      string    // dataset name, for the customary context (DefaultContext)
	D, T      int       // channels and time points per trajectory
	Mean, Std []float64 // per-channel statistics of the training trajectories
	States    []string  // state names (they make a WARP-Phys prior obvious)
}

// Builder builds a model of one kind from a settled run configuration (see Settle).
type Builder func(cfg *RunConfig, data DataInfo) (nn.SequenceModel, error)

var builders registry.Map[Builder]

// Register makes a model kind buildable from a run configuration. The baselines and WARP are
// registered by this package; a program adds its own kinds (they then take defaults/base.yaml
// for their training defaults).
func Register(kind string, b Builder) { builders.Set(kind, b) }

// Kinds lists the buildable model kinds, sorted.
func Kinds() []string { return builders.Names() }

func knownKind(kind string) bool {
	_, ok := builders.Get(kind)
	return ok
}

func init() {
	for _, k := range rnn.Kinds {
		Register(k, buildRNN)
	}
	Register("warp", buildWARP)
	Register("warp-phys", buildWARP)
}

// Settle fills the options whose default depends on the data (context, the baselines'
// readout, WARP's root input, WARP-Phys's prior), so that the configuration a run records
// says everything, and checks them against the data.
func (c *RunConfig) Settle(data DataInfo) error {
	if c.Context == 0 {
		c.Context = DefaultContext(data.Name, data.T)
	}
	if c.Context >= data.T {
		return &FieldError{Key: "context", Msg: fmt.Sprintf("%d must be below the trajectories' %d time points", c.Context, data.T)}
	}
	switch {
	case isRNNKind(c.Kind):
		if c.Residual == nil {
			r := rnn.DefaultResidual(c.Kind)
			c.Residual = &r
		}
	case isWARPKind(c.Kind):
		if c.RootInput == "" {
			c.RootInput = "tau"
			if c.Kind == "warp" {
				c.RootInput = "tau+prev"
			}
		}
		if c.Kind == "warp-phys" && c.Prior == "" {
			if c.Prior = DefaultPrior(data.States); c.Prior == "" {
				return &FieldError{Key: "prior", Msg: fmt.Sprintf("required for states %v (valid: msd, sine, lv, or %s<ode system>)", data.States, physics.SystemPrefix)}
			}
		}
	}
	return nil
}

// DefaultContext is the customary number of true steps before a forecast on a dataset: 100
// on the WARP paper's MSD and Lotka-Volterra datasets (as its experiments use), otherwise 1,
// and always below the trajectories' length.
func DefaultContext(name string, t int) int {
	c := 1
	switch name {
	case "msd", "msd-zero", "lv", "lv-repeat":
		c = 100
	}
	return max(1, min(c, t-1))
}

// DefaultPrior names the prior a dataset's states make obvious, or "" when they don't.
func DefaultPrior(states []string) string {
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

// Build settles cfg against the data (see Settle) and builds its model, freshly initialised
// from cfg.Seed.
func Build(cfg *RunConfig, data DataInfo) (nn.SequenceModel, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if err := cfg.Settle(data); err != nil {
		return nil, err
	}
	b, _ := builders.Get(cfg.Kind) // Validate checked the kind
	return b(cfg, data)
}

func buildRNN(c *RunConfig, data DataInfo) (nn.SequenceModel, error) {
	cfg := rnn.Config{Kind: c.Kind, D: data.D, Hidden: c.Hidden, Layers: c.Layers, Residual: c.Residual != nil && *c.Residual,
		Mean: data.Mean, Std: data.Std, Seed: c.Seed}
	if c.Kind == "lru" {
		cfg.RMin, cfg.RMax, cfg.MaxPhase = c.RMin, c.RMax, c.MaxPhase
	}
	if err := cfg.Validate(); err != nil {
		return nil, err // rnn names the key
	}
	return rnn.New(cfg)
}

// WARPConfig is the warp.Config a run configuration describes on the given data.
func WARPConfig(c *RunConfig, data DataInfo) (warp.Config, error) {
	cfg := warp.Config{Dim: data.D, RootWidth: c.RootWidth, RootDepth: c.RootDepth, Activation: c.Activation, RootInput: c.RootInput,
		Init: c.Init, Transition: c.Transition, Rank: c.Rank, AInit: c.AInit, TimeChan: c.TimeChan, Stochastic: c.Stochastic,
		Squash: c.Squash, ClipC: c.ClipC, Alpha: c.Alpha, Bias: c.Bias, Scale: c.Scale, Beta: c.Beta,
		ALRScale: c.ALRScale, AClip: c.AClip, ParamSmooth: c.ParamSmooth, Seed: c.Seed}
	if c.RootWidth < 1 {
		return cfg, &FieldError{Key: "root_width", Msg: fmt.Sprintf("must be at least 1, got %d", c.RootWidth)}
	}
	if c.Standardize {
		cfg.Mean, cfg.Std = data.Mean, data.Std
	}
	if c.Kind != "warp-phys" {
		return cfg, nil
	}
	name := c.Prior
	system := strings.HasPrefix(name, physics.SystemPrefix)
	if !system && !slices.Contains([]string{"msd", "sine", "lv"}, name) {
		return cfg, &FieldError{Key: "prior", Msg: fmt.Sprintf("unknown prior %q (valid: msd, sine, lv, or %s<ode system> with prior_options)", name, physics.SystemPrefix)}
	}
	if system && len(c.PriorOptions) == 0 {
		return cfg, &FieldError{Key: "prior_options", Msg: fmt.Sprintf("a system prior needs its options naming the predicted parameters, e.g. {system: %s, predict: [{name: k, transform: {kind: softplus}}], integrator: rk4}", strings.TrimPrefix(name, physics.SystemPrefix))}
	}
	if c.Spec != "" {
		if !system {
			return cfg, &FieldError{Key: "spec", Msg: "only with a " + physics.SystemPrefix + "NAME prior"}
		}
		spec, err := datasets.LoadSpec(c.Spec)
		if err == nil {
			err = spec.RegisterSystem()
		}
		if err != nil {
			return cfg, &FieldError{Key: "spec", Msg: err.Error()}
		}
	}
	cfg.Prior = &physics.Spec{Name: name}
	if system {
		raw, err := json.Marshal(c.PriorOptions)
		if err != nil {
			return cfg, &FieldError{Key: "prior_options", Msg: err.Error()}
		}
		// SystemSpec accepts options written by hand (predict, fixed, integrator), filling in
		// each predicted parameter's default transform from the system's ranges.
		spec, err := physics.SystemSpec(name, raw)
		if err != nil {
			return cfg, &FieldError{Key: "prior_options", Msg: err.Error()}
		}
		cfg.Prior = &spec
	} else if len(c.PriorOptions) > 0 {
		raw, err := json.Marshal(c.PriorOptions)
		if err != nil {
			return cfg, &FieldError{Key: "prior_options", Msg: err.Error()}
		}
		cfg.Prior.Config = raw
		// Build here so a misspelt field or a bad value is reported against the key.
		if _, err := physics.Build(*cfg.Prior); err != nil {
			return cfg, &FieldError{Key: "prior_options", Msg: err.Error()}
		}
	}
	return cfg, nil
}

func buildWARP(c *RunConfig, data DataInfo) (nn.SequenceModel, error) {
	cfg, err := WARPConfig(c, data)
	if err != nil {
		return nil, err
	}
	return warp.New(cfg)
}
