package rnn

import (
	"encoding/json"
	"fmt"
	"math"

	"github.com/warpkit/warpkit/nn"
)

// Config is a baseline's architecture; it is JSON-encodable and New rebuilds the same model
// from it (weights come from a checkpoint, or from Seed for a fresh model).
type Config struct {
	Kind   string `json:"kind"`   // "gru", "lstm" or "lru"
	D      int    `json:"d"`      // channels of the data
	Hidden int    `json:"hidden"` // hidden size (LRU: complex state size and width between layers)
	Layers int    `json:"layers"` // stacked recurrent layers, ≥ 1
	// Residual makes the readout predict the increment: x̂_{t+1} = x_t + W h_t + b. On
	// mass-spring-damper forecasts it was as good or better for every kind once trained long
	// enough, though short runs favoured the direct readout for GRU and LSTM; DefaultResidual
	// follows the longer runs (see benchmarks/RESULTS.md).
	Residual bool      `json:"residual"`
	Mean     []float64 `json:"mean,omitempty"` // per-channel input/output standardisation
	Std      []float64 `json:"std,omitempty"`
	Seed     uint64    `json:"seed"` // weight initialisation
	// LRU ring initialisation: |λ| uniform on the ring r_min ≤ |λ| ≤ r_max (by area) and
	// arg λ uniform in [0, MaxPhase]. Zero values take DefaultRMin, DefaultRMax and
	// DefaultMaxPhase (RMin stays 0 when RMax is given).
	RMin     float64 `json:"r_min,omitempty"`
	RMax     float64 `json:"r_max,omitempty"`
	MaxPhase float64 `json:"max_phase,omitempty"`
}

// Defaults of the LRU ring initialisation.
const (
	DefaultRMin     = 0.4
	DefaultRMax     = 0.99
	DefaultMaxPhase = 2 * math.Pi
)

// Kinds are the model kinds this package registers.
var Kinds = []string{"gru", "lstm", "lru"}

// DefaultResidual is the readout that forecast as well or better for the kind in the
// comparison described at Config.Residual: residual for all three.
func DefaultResidual(kind string) bool { return true }

// DefaultConfig is a one-layer model of the given kind with its better readout.
func DefaultConfig(kind string, d, hidden int) Config {
	return Config{Kind: kind, D: d, Hidden: hidden, Layers: 1, Residual: DefaultResidual(kind)}
}

func (c Config) withDefaults() Config {
	if c.Kind == "lru" {
		if c.RMax == 0 {
			c.RMax = DefaultRMax
			if c.RMin == 0 {
				c.RMin = DefaultRMin
			}
		}
		if c.MaxPhase == 0 {
			c.MaxPhase = DefaultMaxPhase
		}
	}
	return c
}

// Validate reports the first field of c that cannot build a model.
func (c Config) Validate() error {
	switch {
	case c.Kind != "gru" && c.Kind != "lstm" && c.Kind != "lru":
		return fmt.Errorf("kind: %q is not one of %v", c.Kind, Kinds)
	case c.D < 1:
		return fmt.Errorf("d: %d channels, need at least 1", c.D)
	case c.Hidden < 1:
		return fmt.Errorf("hidden: %d, need at least 1", c.Hidden)
	case c.Layers < 1:
		return fmt.Errorf("layers: %d, need at least 1", c.Layers)
	case c.Mean != nil && len(c.Mean) != c.D:
		return fmt.Errorf("mean: %d values for %d channels", len(c.Mean), c.D)
	case c.Std != nil && len(c.Std) != c.D:
		return fmt.Errorf("std: %d values for %d channels", len(c.Std), c.D)
	}
	for i, s := range c.Std {
		if !(s > 0) || math.IsInf(s, 0) {
			return fmt.Errorf("std[%d]: %v, need a positive finite value", i, s)
		}
	}
	for i, m := range c.Mean {
		if math.IsNaN(m) || math.IsInf(m, 0) {
			return fmt.Errorf("mean[%d]: %v, need a finite value", i, m)
		}
	}
	if c.Kind == "lru" {
		if !(c.RMin >= 0 && c.RMin <= c.RMax && c.RMax < 1) {
			return fmt.Errorf("r_min, r_max: %v, %v, need 0 ≤ r_min ≤ r_max < 1", c.RMin, c.RMax)
		}
		if !(c.MaxPhase > 0) || math.IsInf(c.MaxPhase, 0) {
			return fmt.Errorf("max_phase: %v, need a positive finite value", c.MaxPhase)
		}
	}
	return nil
}

func init() {
	for _, k := range Kinds {
		kind := k
		nn.Register(kind, func(raw json.RawMessage) (nn.SequenceModel, error) {
			var c Config
			if err := json.Unmarshal(raw, &c); err != nil {
				return nil, fmt.Errorf("rnn: %s config: %w", kind, err)
			}
			if c.Kind == "" {
				c.Kind = kind
			}
			if c.Kind != kind {
				return nil, fmt.Errorf("rnn: %s config: kind: %q does not match", kind, c.Kind)
			}
			return New(c)
		})
	}
}
