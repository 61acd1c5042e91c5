package warp

import (
	"fmt"
	"math"

	"github.com/warpkit/warpkit/physics"
)

// Config describes a WARP architecture. It is JSON-encodable; together with a checkpoint's
// weights it rebuilds the same model (New, or nn.Build with kind "warp"/"warp-phys").
// Zero values take the defaults documented on each field.
type Config struct {
	Dim int `json:"dim"` // channels d of the data (required)

	RootWidth  int    `json:"root_width"` // hidden width of the root network (default 16)
	RootDepth  int    `json:"root_depth"` // number of hidden layers (default 2)
	Activation string `json:"activation"` // swish (default), relu or tanh
	RootInput  string `json:"root_input"` // "tau" (default) or "tau+prev"
	Init       string `json:"init"`       // hyper0, hyper1 (default), hyper2 or free
	Transition string `json:"transition"` // dense (default), diagonal or lowrank
	Rank       int    `json:"rank"`       // rank r of a lowrank transition (default 8)
	// AInit is A's initial value: identity (default), or spread, whose diagonal (dense and
	// diagonal transitions) holds decay factors with time constants log-spaced from 2 to 1000
	// steps, so that θ starts as a bank of filters of the history instead of its running sum;
	// or rotations (dense only): 2×2 blocks of damped rotations (0.01 to 0.5 rad and 20 to 1000
	// steps), a bank of resonators whose responses tell an oscillation's frequency.
	AInit    string `json:"a_init,omitempty"`
	TimeChan bool   `json:"time_channel"` // append τ to x before differencing

	Stochastic bool    `json:"stochastic"` // root also outputs a standard deviation per channel
	MinStd     float64 `json:"min_std"`    // lower bound on that deviation (default 1e-3)

	// Squash is applied to the root's mean outputs (before a prior, if any): none, tanh, clip
	// (to ±ClipC), scaled (Alpha·tanh((y−Bias)/Scale)+Beta) or softclip (identity within
	// ±ClipC/2, saturating smoothly to ±ClipC). The default is softclip with ClipC =
	// DefaultSoftClip for plain WARP and none for WARP-Phys (whose prior bounds its
	// parameters itself). Plain WARP's outputs are in standardised units, so the bound is in
	// standard deviations of the data: without one, an autoregressive forecast's errors fed
	// back through B grow the weights, which grow the next output, and training ends in NaN.
	Squash string  `json:"squash"`
	ClipC  float64 `json:"clip_c,omitempty"`
	Alpha  float64 `json:"alpha,omitempty"`
	Bias   float64 `json:"bias,omitempty"`
	Scale  float64 `json:"scale,omitempty"`
	Beta   float64 `json:"beta,omitempty"`

	// ALRScale multiplies the learning rate of the transition's parameters (default 1e-2):
	// an Adam step moves every entry of A by about the rate, which an identity-start A
	// amplifies over T steps.
	ALRScale float64 `json:"a_lr_scale"`
	// AClip, when positive, clips every entry of the transition's parameters to ±AClip at the
	// start of each Loss call (a projection after the optimiser's previous step).
	AClip float64 `json:"a_clip,omitempty"`

	// Mean and Std (len Dim, or empty) standardise the inputs (x_0 for φ, the increments and
	// the root's previous-observation input). Plain WARP also maps its outputs back with them;
	// WARP-Phys hands the prior physical states and never standardises them.
	Mean []float64 `json:"mean,omitempty"`
	Std  []float64 `json:"std,omitempty"`

	// Prior, when set, makes the model WARP-Phys.
	Prior *physics.Spec `json:"prior,omitempty"`

	// ParamSmooth, when positive (WARP-Phys only), adds to the training loss ParamSmooth times
	// the mean squared change of the prior's raw outputs between consecutive steps. The known
	// system's parameters are constant along a trajectory; without the penalty the decoder is
	// free to move them with the oscillation's phase, using the prior as a flexible one-step
	// integrator rather than identifying the system (see Model.PriorParams). On MSD it did not
	// help: the inferred parameters already hold steady in distribution, and they swing on
	// trajectories faster than any in training, which the penalty, learnt on smooth training
	// trajectories, does not reach (see benchmarks/RESULTS.md).
	ParamSmooth float64 `json:"param_smooth,omitempty"`

	// ParallelScan computes teacher-forced weight sequences by a parallel prefix scan
	// instead of the sequential one (same numbers; the scan does log2 T more work).
	ParallelScan bool `json:"parallel_scan,omitempty"`

	Seed uint64 `json:"seed"` // initialisation seed
}

// DefaultSoftClip is plain WARP's default output bound in standard deviations of the data:
// twice the half-width 4 over which softclip is the identity, and standardised trajectories of
// the built-in systems stay within about ±4.
const DefaultSoftClip = 8

// withDefaults fills zero fields with the documented defaults.
func (c Config) withDefaults() Config {
	if c.RootWidth == 0 {
		c.RootWidth = 16
	}
	if c.RootDepth == 0 {
		c.RootDepth = 2
	}
	if c.Activation == "" {
		c.Activation = "swish"
	}
	if c.RootInput == "" {
		c.RootInput = "tau"
	}
	if c.Init == "" {
		c.Init = "hyper1"
	}
	if c.Transition == "" {
		c.Transition = "dense"
	}
	if c.Transition == "lowrank" && c.Rank == 0 {
		c.Rank = 8
	}
	if c.MinStd == 0 {
		c.MinStd = 1e-3
	}
	if c.Squash == "" {
		c.Squash = "none"
		if c.Prior == nil {
			c.Squash = "softclip"
			if c.ClipC == 0 {
				c.ClipC = DefaultSoftClip
			}
		}
	}
	if c.ALRScale == 0 {
		c.ALRScale = 1e-2
	}
	return c
}

// validate reports the first bad field by its JSON name.
func (c Config) validate() error {
	bad := func(field string, format string, args ...any) error {
		return fmt.Errorf("warp: config %s: %s", field, fmt.Sprintf(format, args...))
	}
	if c.Dim < 1 {
		return bad("dim", "must be at least 1, got %d", c.Dim)
	}
	if c.RootWidth < 1 {
		return bad("root_width", "must be at least 1, got %d", c.RootWidth)
	}
	if c.RootDepth < 0 {
		return bad("root_depth", "must be non-negative, got %d", c.RootDepth)
	}
	if _, err := parseActivation(c.Activation); err != nil {
		return bad("activation", "%v", err)
	}
	if c.RootInput != "tau" && c.RootInput != "tau+prev" {
		return bad("root_input", "want tau or tau+prev, got %q", c.RootInput)
	}
	switch c.Init {
	case "hyper0", "hyper1", "hyper2", "free":
	default:
		return bad("init", "want hyper0, hyper1, hyper2 or free, got %q", c.Init)
	}
	switch c.AInit {
	case "", "identity":
	case "spread":
		if c.Transition == "lowrank" {
			return bad("a_init", "spread needs a dense or diagonal transition, not lowrank")
		}
	case "rotations":
		if c.Transition != "dense" {
			return bad("a_init", "rotations needs a dense transition, not %s", c.Transition)
		}
	default:
		return bad("a_init", "want identity, spread or rotations, got %q", c.AInit)
	}
	switch c.Transition {
	case "dense", "diagonal":
	case "lowrank":
		if c.Rank < 1 {
			return bad("rank", "must be at least 1 for a lowrank transition, got %d", c.Rank)
		}
	default:
		return bad("transition", "want dense, diagonal or lowrank, got %q", c.Transition)
	}
	if !(c.MinStd > 0) || math.IsInf(c.MinStd, 0) {
		return bad("min_std", "must be positive and finite, got %g", c.MinStd)
	}
	if _, err := c.squasher(); err != nil {
		return err
	}
	if !(c.ALRScale > 0) || math.IsInf(c.ALRScale, 0) {
		return bad("a_lr_scale", "must be positive and finite, got %g", c.ALRScale)
	}
	if c.ParamSmooth < 0 || math.IsNaN(c.ParamSmooth) || math.IsInf(c.ParamSmooth, 0) {
		return bad("param_smooth", "must be non-negative and finite, got %g", c.ParamSmooth)
	}
	if c.ParamSmooth > 0 && c.Prior == nil {
		return bad("param_smooth", "penalises a physics prior's parameters; this model has no prior")
	}
	if c.AClip < 0 || math.IsNaN(c.AClip) {
		return bad("a_clip", "must be non-negative, got %g", c.AClip)
	}
	if len(c.Mean) != len(c.Std) || (len(c.Mean) != 0 && len(c.Mean) != c.Dim) {
		return bad("mean/std", "want both empty or both of length dim=%d, got %d and %d", c.Dim, len(c.Mean), len(c.Std))
	}
	for i, s := range c.Std {
		if !(s > 0) || math.IsInf(s, 0) {
			return bad("std", "entry %d must be positive and finite, got %g", i, s)
		}
		if math.IsNaN(c.Mean[i]) || math.IsInf(c.Mean[i], 0) {
			return bad("mean", "entry %d must be finite, got %g", i, c.Mean[i])
		}
	}
	return nil
}
