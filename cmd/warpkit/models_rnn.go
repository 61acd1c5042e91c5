package main

import (
	"flag"
	"fmt"
	"strconv"

	"github.com/warpkit/warpkit/nn"
	"github.com/warpkit/warpkit/nn/rnn"
)

// The baselines' own flags; the architecture's size comes from --hidden and --layers.
func init() {
	registerModels(rnn.Kinds, func(fs *flag.FlagSet) func(string, modelCommon) (nn.SequenceModel, error) {
		residual := &autoBool{}
		fs.Var(residual, "residual", "gru/lstm/lru: predict the increment, x̂_{t+1} = x_t + readout(h_t): true, false or auto (the kind's measured better one, rnn.DefaultResidual: currently on for all)")
		rMin := fs.Float64("lru-rmin", rnn.DefaultRMin, "lru: smallest |λ| of the ring initialisation")
		rMax := fs.Float64("lru-rmax", rnn.DefaultRMax, "lru: largest |λ| of the ring initialisation (< 1)")
		phase := fs.Float64("lru-max-phase", rnn.DefaultMaxPhase, "lru: largest arg λ of the ring initialisation")
		return func(kind string, c modelCommon) (nn.SequenceModel, error) {
			cfg := rnn.Config{Kind: kind, D: c.D, Hidden: c.Hidden, Layers: c.Layers, Residual: residual.value(rnn.DefaultResidual(kind)),
				Mean: c.Mean, Std: c.Std, Seed: c.Seed}
			if kind == "lru" {
				cfg.RMin, cfg.RMax, cfg.MaxPhase = *rMin, *rMax, *phase
				switch {
				case !(*rMin >= 0 && *rMin <= *rMax):
					return nil, fmt.Errorf("--lru-rmin %v: %w: need 0 ≤ --lru-rmin ≤ --lru-rmax (%v)", *rMin, errUsage, *rMax)
				case !(*rMax > 0 && *rMax < 1):
					return nil, fmt.Errorf("--lru-rmax %v: %w: need 0 < --lru-rmax < 1", *rMax, errUsage)
				case !(*phase > 0):
					return nil, fmt.Errorf("--lru-max-phase %v: %w: need a positive value", *phase, errUsage)
				}
			}
			m, err := rnn.New(cfg)
			if err != nil {
				return nil, fmt.Errorf("--model %s: %w", kind, err)
			}
			return m, nil
		}
	})
}

// autoBool is a boolean flag that can also be left to a per-kind default ("auto").
type autoBool struct {
	set, v bool
}

func (b *autoBool) String() string {
	if b == nil || !b.set {
		return "auto"
	}
	return strconv.FormatBool(b.v)
}

func (b *autoBool) Set(s string) error {
	if s == "auto" {
		b.set = false
		return nil
	}
	v, err := strconv.ParseBool(s)
	if err != nil {
		return fmt.Errorf("want true, false or auto")
	}
	b.set, b.v = true, v
	return nil
}

// IsBoolFlag lets --residual alone mean --residual=true.
func (b *autoBool) IsBoolFlag() bool { return true }

func (b *autoBool) value(auto bool) bool {
	if !b.set {
		return auto
	}
	return b.v
}
