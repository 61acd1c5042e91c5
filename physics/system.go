package physics

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"

	"github.com/warpkit/warpkit/ode"
)

// Predicted names one system parameter that the network predicts, and how its raw output is
// mapped into the parameter's domain.
type Predicted struct {
	Name string `json:"name"`
	// Transform maps the raw output to the parameter. When its Kind is empty the default is a
	// sigmoid into the system's [Min, Max] for that parameter, widened by Options.Widen.
	Transform Transform `json:"transform"`
}

// Options says how FromSystem turns a system into a prior. Every parameter of the system must
// be either predicted or fixed, never both, unless FixDefaults fills the rest.
type Options struct {
	// Predict lists the parameters the network predicts, in the order of its raw outputs.
	Predict []Predicted `json:"predict"`
	// Fixed holds the value of every parameter that is not predicted.
	Fixed map[string]float64 `json:"fixed,omitempty"`
	// FixDefaults fixes every parameter that is neither predicted nor in Fixed at its Default.
	FixDefaults bool `json:"fix_defaults,omitempty"`
	// Integrator is euler, midpoint or rk4 (default rk4).
	Integrator string `json:"integrator,omitempty"`
	// Substeps splits dt into this many equal steps of the integrator (default 1).
	Substeps int `json:"substeps,omitempty"`
	// Widen widens a default sigmoid range by this fraction of its width on each side
	// (see WidenRange); 0 uses the system's range as it is.
	Widen float64 `json:"widen,omitempty"`
	// TimeScale is the physical duration that normalised time tau = 1 stands for (default 1),
	// and TimeOffset the physical time at tau = 0; only non-autonomous systems care. The step
	// runs from TimeOffset + TimeScale·tau − dt to TimeOffset + TimeScale·tau.
	TimeScale  float64 `json:"time_scale,omitempty"`
	TimeOffset float64 `json:"time_offset,omitempty"`
	// Derivatives chooses how the step's Jacobians are computed: DerivComplexStep pushes a
	// complex perturbation through the complex128 field, one integrator step per input;
	// DerivAnalytic differentiates the integrator's stages with the system's JacY and JacP
	// (faster: one pass); DerivAuto (the default) takes analytic when both are set. Both are
	// exact to rounding; analytic trusts JacY and JacP to be right.
	Derivatives string `json:"derivatives,omitempty"`
}

// Ways to compute a step's derivatives (Options.Derivatives).
const (
	DerivAuto        = "auto"
	DerivComplexStep = "complex-step"
	DerivAnalytic    = "analytic"
)

// SystemPrefix starts the name of a prior built from an ode.System: "system:<system name>".
const SystemPrefix = "system:"

// systemPrior is an ode.System turned into a prior; immutable after FromSystem.
type systemPrior struct {
	sys      *ode.System
	cfg      SystemOptions // resolved: every default filled in, FixDefaults and Widen applied
	m        method
	predIdx  []int       // system parameter index of each raw output
	tr       []Transform // transform of each raw output
	base     []float64   // full parameter vector with fixed values in place
	rawNames []string    // names of the raw outputs
	name     string      // Name(); "system:<name>" unless a built-in renames it
	spec     func() Spec // Spec(); nil means the system spec
	f64      ode.Func[float64]
	c128     ode.Func[complex128]
}

// FromSystem makes a prior from any ode system: the network predicts the parameters named in
// opts.Predict (each through its transform), the others stay at their fixed values, and the
// prediction is one integrator step of the system from the previous state. The Jacobians of
// the step come from the complex128 instance of the system's vector field by the complex-step
// method, through the whole integrator step, so they are exact to rounding.
//
// To rebuild the prior from its Spec (for instance when loading a checkpoint), the system must
// be known to ode.Lookup: register a system of your own with ode.Register before calling Build.
func FromSystem(sys *ode.System, opts Options) (Prior, error) {
	if sys == nil {
		return nil, errors.New("physics: FromSystem: nil system")
	}
	if err := sys.Validate(); err != nil {
		return nil, fmt.Errorf("physics: FromSystem: %w", err)
	}
	m, err := parseMethod(opts.Integrator)
	if err != nil {
		return nil, fmt.Errorf("physics: system %q: %w", sys.Name, err)
	}
	cfg := SystemOptions{System: sys.Name, Options: Options{Integrator: m.String(), Substeps: opts.Substeps, TimeScale: opts.TimeScale, TimeOffset: opts.TimeOffset}}
	if cfg.Substeps == 0 {
		cfg.Substeps = 1
	}
	if cfg.Substeps < 0 {
		return nil, fmt.Errorf("physics: system %q: substeps %d must be positive", sys.Name, opts.Substeps)
	}
	if cfg.TimeScale == 0 {
		cfg.TimeScale = 1
	}
	if math.IsNaN(cfg.TimeScale) || math.IsInf(cfg.TimeScale, 0) || math.IsNaN(cfg.TimeOffset) || math.IsInf(cfg.TimeOffset, 0) {
		return nil, fmt.Errorf("physics: system %q: time scale %g and offset %g must be finite", sys.Name, opts.TimeScale, opts.TimeOffset)
	}
	if opts.Widen < 0 || math.IsNaN(opts.Widen) || math.IsInf(opts.Widen, 0) {
		return nil, fmt.Errorf("physics: system %q: widen %g must be a finite fraction ≥ 0", sys.Name, opts.Widen)
	}
	if sys.C128 == nil && (sys.JacY == nil || sys.JacP == nil) {
		return nil, fmt.Errorf("physics: FromSystem: system %q has no complex128 vector field (C128) and no JacY and JacP, one of which the step's derivatives need", sys.Name)
	}
	if sys.C128 == nil && opts.Derivatives == DerivComplexStep {
		return nil, fmt.Errorf("physics: FromSystem: system %q has no complex128 vector field (C128), needed for complex-step derivatives", sys.Name)
	}
	switch opts.Derivatives {
	case "", DerivAuto:
		cfg.Derivatives = DerivComplexStep
		if sys.JacY != nil && sys.JacP != nil {
			cfg.Derivatives = DerivAnalytic
		}
	case DerivComplexStep:
		cfg.Derivatives = DerivComplexStep
	case DerivAnalytic:
		if sys.JacY == nil || sys.JacP == nil {
			return nil, fmt.Errorf("physics: system %q: analytic derivatives need both JacY and JacP", sys.Name)
		}
		cfg.Derivatives = DerivAnalytic
	default:
		return nil, fmt.Errorf("physics: system %q: unknown derivatives %q (want %s, %s or %s)", sys.Name, opts.Derivatives, DerivAuto, DerivComplexStep, DerivAnalytic)
	}
	if len(opts.Predict) == 0 {
		return nil, fmt.Errorf("physics: system %q: no predicted parameters (valid: %v)", sys.Name, sys.ParamNames())
	}
	predicted := map[string]bool{}
	for _, pr := range opts.Predict {
		i, err := sys.ParamIndex(pr.Name)
		if err != nil {
			return nil, fmt.Errorf("physics: predicted parameter: %w", err)
		}
		if predicted[pr.Name] {
			return nil, fmt.Errorf("physics: system %q: parameter %q is predicted twice", sys.Name, pr.Name)
		}
		predicted[pr.Name] = true
		tr := pr.Transform
		if tr.Kind == "" {
			q := sys.Params[i]
			if !(q.Min < q.Max) || math.IsInf(q.Min, 0) || math.IsInf(q.Max, 0) {
				return nil, fmt.Errorf("physics: system %q: parameter %q has no finite range [%g, %g] for a default sigmoid; give it a transform", sys.Name, pr.Name, q.Min, q.Max)
			}
			lo, hi := WidenRange(q.Min, q.Max, opts.Widen)
			tr = Sigmoid(lo, hi)
		}
		if err := tr.Validate(); err != nil {
			return nil, fmt.Errorf("physics: system %q: parameter %q: %w", sys.Name, pr.Name, err)
		}
		cfg.Predict = append(cfg.Predict, Predicted{Name: pr.Name, Transform: tr})
	}
	// Report misnamed or overlapping fixed values in a stable order.
	fixedNames := slices.Sorted(maps.Keys(opts.Fixed))
	cfg.Fixed = map[string]float64{}
	for _, n := range fixedNames {
		if _, err := sys.ParamIndex(n); err != nil {
			return nil, fmt.Errorf("physics: fixed parameter: %w", err)
		}
		if predicted[n] {
			return nil, fmt.Errorf("physics: system %q: parameter %q is both predicted and fixed", sys.Name, n)
		}
		v := opts.Fixed[n]
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("physics: system %q: fixed parameter %q has non-finite value %g", sys.Name, n, v)
		}
		cfg.Fixed[n] = v
	}
	var missing []string
	for _, q := range sys.Params {
		if predicted[q.Name] {
			continue
		}
		if _, ok := cfg.Fixed[q.Name]; ok {
			continue
		}
		if opts.FixDefaults {
			cfg.Fixed[q.Name] = q.Default
			continue
		}
		missing = append(missing, q.Name)
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("physics: system %q: parameters %s are neither predicted nor fixed (give values in Fixed, or set FixDefaults)", sys.Name, strings.Join(quoteAll(missing), ", "))
	}
	return newSystemPrior(sys, cfg, m)
}

func quoteAll(s []string) []string {
	q := make([]string, len(s))
	for i, v := range s {
		q[i] = fmt.Sprintf("%q", v)
	}
	return q
}

// newSystemPrior assembles a prior from a resolved, checked config.
func newSystemPrior(sys *ode.System, cfg SystemOptions, m method) (*systemPrior, error) {
	p := &systemPrior{sys: sys, cfg: cfg, m: m, f64: sys.F64, c128: sys.C128, name: SystemPrefix + sys.Name}
	p.base = make([]float64, sys.NParams())
	for n, v := range cfg.Fixed {
		i, err := sys.ParamIndex(n)
		if err != nil {
			return nil, fmt.Errorf("physics: fixed parameter: %w", err)
		}
		p.base[i] = v
	}
	for _, pr := range cfg.Predict {
		i, err := sys.ParamIndex(pr.Name)
		if err != nil {
			return nil, fmt.Errorf("physics: predicted parameter: %w", err)
		}
		p.predIdx = append(p.predIdx, i)
		p.tr = append(p.tr, pr.Transform)
		p.rawNames = append(p.rawNames, pr.Name)
	}
	return p, nil
}

func (p *systemPrior) Name() string       { return p.name }
func (p *systemPrior) Dim() int           { return p.sys.Dim() }
func (p *systemPrior) NumRaw() int        { return len(p.predIdx) }
func (p *systemPrior) RawNames() []string { return append([]string(nil), p.rawNames...) }

func (p *systemPrior) Spec() Spec {
	if p.spec != nil {
		return p.spec()
	}
	b, err := json.Marshal(p.cfg)
	if err != nil {
		// A config of strings, numbers and maps always marshals; keep the spec usable anyway.
		return Spec{Name: p.name}
	}
	return Spec{Name: p.name, Config: b}
}

func (p *systemPrior) NewStepper() Stepper {
	d, np := p.sys.Dim(), p.sys.NParams()
	s := &systemStepper{p: p}
	s.par = make([]float64, np)
	s.dpar = make([]float64, len(p.predIdx))
	s.work = make([]float64, workLen(d))
	s.yc = make([]complex128, d)
	s.pc = make([]complex128, np)
	s.outc = make([]complex128, d)
	s.workc = make([]complex128, workLen(d))
	if p.cfg.Derivatives == DerivAnalytic {
		s.ts = newTangentScratch(d, np, d+len(p.predIdx))
		s.dParAll = make([]float64, d*len(p.predIdx))
	}
	return s
}

// csH is the complex-step size. Any tiny h works because no difference is taken: the
// derivative is Im f(x+ih)/h with an error O(h²·f‴), far below rounding for h = 1e-20.
const csH = 1e-20

// systemStepper holds one goroutine's scratch for a systemPrior.
type systemStepper struct {
	p     *systemPrior
	par   []float64 // physical parameters (fixed and predicted)
	dpar  []float64 // d parameter / d raw for each raw output
	work  []float64
	yc    []complex128
	pc    []complex128
	outc  []complex128
	workc []complex128
	// Analytic derivatives only.
	ts      *tangentScratch
	dParAll []float64 // ∂next/∂param of the predicted parameters, d × NumRaw
}

func (s *systemStepper) Params(raw, params []float64) {
	for j, tr := range s.p.tr {
		params[j], _ = tr.Apply(raw[j])
	}
}

// t0 is the physical time the step starts from.
func (s *systemStepper) t0(tau, dt float64) float64 {
	return s.p.cfg.TimeOffset + s.p.cfg.TimeScale*tau - dt
}

func (s *systemStepper) Step(tau, dt float64, prev, raw, next, dPrev, dRaw []float64) {
	p := s.p
	copy(s.par, p.base)
	for j, i := range p.predIdx {
		s.par[i], s.dpar[j] = p.tr[j].Apply(raw[j])
	}
	t0 := s.t0(tau, dt)
	advance(p.m, p.cfg.Substeps, p.f64, t0, dt, prev, s.par, next, s.work)
	if dPrev == nil && dRaw == nil {
		return
	}
	d, nr := len(prev), len(p.predIdx)
	if s.ts != nil {
		p.tangentStep(s.ts, t0, dt, prev, s.par, dPrev, s.dParAll)
		if dRaw != nil {
			for i := range d {
				for j := range nr {
					dRaw[i*nr+j] = s.dParAll[i*nr+j] * s.dpar[j]
				}
			}
		}
		return
	}
	reset := func() {
		for i, v := range prev {
			s.yc[i] = complex(v, 0)
		}
		for i, v := range s.par {
			s.pc[i] = complex(v, 0)
		}
	}
	if dPrev != nil {
		for j := range d {
			reset()
			s.yc[j] += complex(0, csH)
			advance(p.m, p.cfg.Substeps, p.c128, t0, dt, s.yc, s.pc, s.outc, s.workc)
			for i := range d {
				dPrev[i*d+j] = imag(s.outc[i]) / csH
			}
		}
	}
	if dRaw != nil {
		for j, pi := range p.predIdx {
			reset()
			s.pc[pi] += complex(0, csH)
			advance(p.m, p.cfg.Substeps, p.c128, t0, dt, s.yc, s.pc, s.outc, s.workc)
			// Chain rule through the transform: ∂next/∂raw = ∂next/∂param · dparam/draw.
			for i := range d {
				dRaw[i*nr+j] = imag(s.outc[i]) / csH * s.dpar[j]
			}
		}
	}
}
