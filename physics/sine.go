package physics

import (
	"fmt"
	"math"
)

// SineOptions configures the sine prior.
type SineOptions struct {
	// Freq is the known frequency f in cycles per unit of normalised time (default 1).
	Freq float64 `json:"freq"`
	// Phase maps the raw output to the phase φ (default Identity: the phase is unbounded and
	// periodic, so no squashing is needed).
	Phase Transform `json:"phase"`
}

// Sine returns the sine prior (name "sine", one state): the network predicts a phase φ and the
// prediction is sin(2π f τ + φ) at the normalised time τ of the predicted point. The previous
// state is not used, so ∂next/∂prev = 0.
func Sine(opts SineOptions) (Prior, error) {
	if opts.Freq == 0 {
		opts.Freq = 1
	}
	if math.IsNaN(opts.Freq) || math.IsInf(opts.Freq, 0) {
		return nil, fmt.Errorf("physics: sine: frequency %g is not finite", opts.Freq)
	}
	if opts.Phase.Kind == "" {
		opts.Phase = Identity()
	}
	if err := opts.Phase.Validate(); err != nil {
		return nil, fmt.Errorf("physics: sine: phase: %w", err)
	}
	return &sinePrior{o: opts}, nil
}

// sinePrior holds no scratch, so it is its own stepper.
type sinePrior struct{ o SineOptions }

func (p *sinePrior) Name() string        { return "sine" }
func (p *sinePrior) Dim() int            { return 1 }
func (p *sinePrior) NumRaw() int         { return 1 }
func (p *sinePrior) RawNames() []string  { return []string{"phi"} }
func (p *sinePrior) NewStepper() Stepper { return p }

func (p *sinePrior) Spec() Spec { return optionsSpec("sine", p.o)() }

func (p *sinePrior) Params(raw, params []float64) { params[0], _ = p.o.Phase.Apply(raw[0]) }

func (p *sinePrior) Step(tau, _ float64, _, raw, next, dPrev, dRaw []float64) {
	phi, dphi := p.o.Phase.Apply(raw[0])
	arg := 2*math.Pi*p.o.Freq*tau + phi
	next[0] = math.Sin(arg)
	if dPrev != nil {
		dPrev[0] = 0
	}
	if dRaw != nil {
		dRaw[0] = math.Cos(arg) * dphi
	}
}
