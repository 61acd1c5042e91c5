package solvers

import (
	"errors"
	"fmt"
	"math"

	"github.com/warpkit/warpkit/ode"
)

// Problem is one initial value problem: integrate System from (T0, Y0) to T1 with parameters P.
type Problem struct {
	System *ode.System
	Y0     []float64 // initial state; nil means System.Y0
	P      []float64 // parameters; nil means the system's defaults
	T0, T1 float64   // T1 < T0 integrates backwards
}

// Options tune a solve. The zero value asks for scipy's default tolerances and output at
// every accepted step.
type Options struct {
	RTol, ATol       float64   // scalar tolerances; zero means 1e-3 / 1e-6 (scipy's defaults)
	RTolVec, ATolVec []float64 // per-component tolerances; override the scalars when set
	Dt               float64   // step of the fixed-step methods (required for them)
	H0, HMax         float64   // initial step (0: Hairer's automatic choice) and largest step (0: none)
	MaxSteps         int       // 0 means DefaultMaxSteps; exceeding it is an error
	// Times are the output times, monotone in the direction of integration and inside
	// [T0, T1]; nil means every accepted step (and T0).
	Times  []float64
	Events []Event
	// FixedStep makes an adaptive method take steps of exactly Dt with step-size control
	// disabled (the last step is shortened to land on T1). Meant for convergence studies.
	FixedStep bool
}

// DefaultMaxSteps bounds the number of steps (accepted and rejected) when Options.MaxSteps is 0.
const DefaultMaxSteps = 1_000_000

// Event is a function of the state whose zeros are located during integration.
type Event struct {
	Name string
	// G must be continuous in t along the solution; a zero is reported where it changes sign.
	G func(t float64, y []float64) float64
	// Direction selects crossings: 0 any, +1 rising (G goes from negative to positive),
	// -1 falling.
	Direction int
	// Terminal stops the integration at the first crossing.
	Terminal bool
}

// EventHit is a located zero of an event function.
type EventHit struct {
	Name string
	T    float64
	Y    []float64
}

// Stats counts the work a solve did.
type Stats struct {
	RHSEvals, JacEvals, Accepted, Rejected, Decompositions int
}

func (s *Stats) add(o Stats) {
	s.RHSEvals += o.RHSEvals
	s.JacEvals += o.JacEvals
	s.Accepted += o.Accepted
	s.Rejected += o.Rejected
	s.Decompositions += o.Decompositions
}

// Solution is a computed trajectory.
type Solution struct {
	T          []float64
	Y          []float64 // len(T)*D, row-major: Y[i*D+j] is state j at T[i]
	D          int
	Stats      Stats
	Events     []EventHit
	Terminated bool // a terminal event stopped the integration before T1
}

// At returns the state at output index i (a view into Y).
func (s *Solution) At(i int) []float64 { return s.Y[i*s.D : (i+1)*s.D] }

// UniformTimes returns n equally spaced times from t0 to t1 inclusive (t1 exactly).
func UniformTimes(t0, t1 float64, n int) []float64 {
	if n <= 0 {
		return nil
	}
	if n == 1 {
		return []float64{t0}
	}
	ts := make([]float64, n)
	for i := range ts {
		ts[i] = t0 + (t1-t0)*float64(i)/float64(n-1)
	}
	ts[n-1] = t1
	return ts
}

// config is Options checked against a problem, with defaults filled in.
type config struct {
	rtol, atol []float64
	dt, h0     float64
	hmax       float64
	maxSteps   int
	times      []float64
	fixed      bool // take steps of dt without control
}

// minRTol is the smallest relative tolerance accepted: below it the error estimate is
// dominated by rounding and the controller cannot work.
const minRTol = 1e-14

func checkTol(name string, v float64, i int) error {
	where := name
	if i >= 0 {
		where = fmt.Sprintf("%s[%d]", name, i)
	}
	if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
		return fmt.Errorf("solvers: %s = %g: must be finite and non-negative", where, v)
	}
	if name == "rtol" && v < minRTol {
		return fmt.Errorf("solvers: %s = %g: below the smallest useful relative tolerance %g", where, v, minRTol)
	}
	return nil
}

// resolve validates opts for a problem of dimension d on [t0, t1] with method m.
func resolve(opts *Options, d int, t0, t1 float64, m Method, c *config) error {
	if _, err := ParseMethod(string(m)); err != nil {
		return err
	}
	if math.IsNaN(t0) || math.IsInf(t0, 0) || math.IsNaN(t1) || math.IsInf(t1, 0) {
		return fmt.Errorf("solvers: time interval [%g, %g] is not finite", t0, t1)
	}
	c.rtol = fillTol(c.rtol, d, opts.RTol, 1e-3, opts.RTolVec)
	c.atol = fillTol(c.atol, d, opts.ATol, 1e-6, opts.ATolVec)
	if opts.RTolVec != nil && len(opts.RTolVec) != d {
		return fmt.Errorf("solvers: RTolVec has %d values, want %d", len(opts.RTolVec), d)
	}
	if opts.ATolVec != nil && len(opts.ATolVec) != d {
		return fmt.Errorf("solvers: ATolVec has %d values, want %d", len(opts.ATolVec), d)
	}
	if !m.Fixed() || opts.FixedStep {
		for i := range d {
			idx := -1
			if opts.RTolVec != nil {
				idx = i
			}
			if err := checkTol("rtol", c.rtol[i], idx); err != nil {
				return err
			}
			idx = -1
			if opts.ATolVec != nil {
				idx = i
			}
			if err := checkTol("atol", c.atol[i], idx); err != nil {
				return err
			}
		}
	}
	c.fixed = m.Fixed() || opts.FixedStep
	c.dt = opts.Dt
	if c.fixed {
		if !(opts.Dt > 0) || math.IsInf(opts.Dt, 0) {
			return fmt.Errorf("solvers: method %s with fixed steps needs a positive finite Dt (got %g)", m, opts.Dt)
		}
	}
	if math.IsNaN(opts.H0) || opts.H0 < 0 || math.IsInf(opts.H0, 0) {
		return fmt.Errorf("solvers: H0 = %g: must be finite and non-negative", opts.H0)
	}
	if math.IsNaN(opts.HMax) || opts.HMax < 0 {
		return fmt.Errorf("solvers: HMax = %g: must be non-negative", opts.HMax)
	}
	c.h0 = opts.H0
	c.hmax = opts.HMax
	if c.hmax == 0 {
		c.hmax = math.Inf(1)
	}
	if opts.MaxSteps < 0 {
		return fmt.Errorf("solvers: MaxSteps = %d: must be non-negative", opts.MaxSteps)
	}
	c.maxSteps = opts.MaxSteps
	if c.maxSteps == 0 {
		c.maxSteps = DefaultMaxSteps
	}
	if err := checkTimes(opts.Times, t0, t1); err != nil {
		return err
	}
	c.times = opts.Times
	for i, e := range opts.Events {
		if e.G == nil {
			return fmt.Errorf("solvers: event %d (%q) has no function G", i, e.Name)
		}
		if e.Direction < -1 || e.Direction > 1 {
			return fmt.Errorf("solvers: event %q: Direction %d must be -1, 0 or +1", e.Name, e.Direction)
		}
	}
	return nil
}

func fillTol(dst []float64, d int, scalar, def float64, vec []float64) []float64 {
	if cap(dst) >= d {
		dst = dst[:d]
	} else {
		dst = make([]float64, d)
	}
	if vec != nil && len(vec) == d {
		copy(dst, vec)
		return dst
	}
	v := scalar
	if v == 0 {
		v = def
	}
	for i := range dst {
		dst[i] = v
	}
	return dst
}

func checkTimes(ts []float64, t0, t1 float64) error {
	lo, hi := min(t0, t1), max(t0, t1)
	dir := 1.0
	if t1 < t0 {
		dir = -1
	}
	for i, t := range ts {
		if math.IsNaN(t) || t < lo || t > hi {
			return fmt.Errorf("solvers: Times[%d] = %g lies outside [%g, %g]", i, t, t0, t1)
		}
		if i > 0 && (t-ts[i-1])*dir < 0 {
			return fmt.Errorf("solvers: Times[%d] = %g after %g: output times must be monotone from T0 towards T1", i, t, ts[i-1])
		}
	}
	return nil
}

// problemArgs returns y0 and p for a problem, checking their lengths.
func problemArgs(sys *ode.System, y0, p []float64) ([]float64, []float64, error) {
	if sys == nil {
		return nil, nil, errors.New("solvers: problem has no system")
	}
	if sys.F64 == nil {
		return nil, nil, fmt.Errorf("solvers: system %q has no float64 vector field", sys.Name)
	}
	if sys.Dim() == 0 {
		return nil, nil, fmt.Errorf("solvers: system %q has no states", sys.Name)
	}
	if y0 == nil {
		y0 = sys.Y0
	}
	if p == nil {
		p = sys.DefaultParams()
	}
	if err := sys.CheckArgs(y0, p); err != nil {
		return nil, nil, fmt.Errorf("solvers: %w", err)
	}
	for i, v := range y0 {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, nil, fmt.Errorf("solvers: system %q: y0[%d] (%s) = %g is not finite", sys.Name, i, sys.States[i], v)
		}
	}
	return y0, p, nil
}
