// Package physics turns known dynamics into a differentiable prior for WARP's decoder
// (WARP-Phys): the root network outputs raw values, a prior maps them to the parameters of a
// known system (kept in their physical domain) and advances the previous state one step with an
// integrator, giving the prediction. The derivatives of that step with respect to the previous
// state and the raw outputs come from the system's generic definition by the complex-step
// method (or an analytic Jacobian), so gradients flow into the network.
//
// Built-in priors are MSD (mass-spring-damper, RK4 or the exact flow), Sine and LV
// (Lotka-Volterra); FromSystem makes a prior from any ode.System, including one a user writes
// in their own package (see ExampleFromSystem and examples/customprior). Build rebuilds any of
// them from its Spec; a user's system must be registered with ode.Register first, since Build
// finds it by name through ode.Lookup.
//
// Step does not check slice lengths (it runs N·T times per batch); call CheckStep once when
// setting up buffers.
package physics

import (
	"encoding/json"
	"fmt"

	"github.com/warpkit/warpkit/ode"
)

// Prior is a known system plugged into WARP's decoder. A Prior is immutable and safe for
// concurrent use; per-goroutine scratch lives in the Steppers it makes.
type Prior interface {
	// Name identifies the prior ("msd", "sine", "lv", or "system:<ode system name>").
	Name() string
	// Dim is the number of states d the prior predicts (the data's channel count).
	Dim() int
	// NumRaw is how many raw outputs the root network must produce for the prior.
	NumRaw() int
	// RawNames names the raw outputs after their physical meaning (e.g. "m", "k", "c").
	RawNames() []string
	// NewStepper returns a stepper with its own scratch space, for one goroutine.
	NewStepper() Stepper
	// Spec returns what Build needs to rebuild the same prior (stored in checkpoints).
	Spec() Spec
}

// Stepper evaluates a prior without allocating. Not safe for concurrent use.
type Stepper interface {
	// Step writes the prediction next (len Dim) from the previous state prev (len Dim) and the
	// raw network outputs raw (len NumRaw), at normalised time tau of the predicted point and
	// physical time step dt. When dPrev (Dim×Dim) and dRaw (Dim×NumRaw) are non-nil it also
	// writes the row-major Jacobians ∂next/∂prev and ∂next/∂raw.
	Step(tau, dt float64, prev, raw, next, dPrev, dRaw []float64)
	// Params writes the physical parameters that raw maps to (len NumRaw), for inspection.
	Params(raw, params []float64)
}

// Spec is the serialisable description of a prior.
type Spec struct {
	Name   string          `json:"name"`
	Config json.RawMessage `json:"config,omitempty"`
}

// builtinPrior is FromSystem under the name of one of the package's own priors (lv, msd), whose
// Spec is spec rather than the generic system spec, so that Build rebuilds it through the same
// constructor and options.
func builtinPrior(name string, spec func() Spec, sys *ode.System, o Options) (Prior, error) {
	p, err := FromSystem(sys, o)
	if err != nil {
		return nil, fmt.Errorf("physics: %s: %w", name, err)
	}
	sp := p.(*systemPrior)
	sp.name, sp.spec = name, spec
	return sp, nil
}

// optionsSpec is the Spec of one of the package's own priors: its name and its options, with
// the defaults filled in, as JSON.
func optionsSpec(name string, opts any) func() Spec {
	return func() Spec {
		b, _ := json.Marshal(opts)
		return Spec{Name: name, Config: b}
	}
}
