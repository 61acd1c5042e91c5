// Package ode describes dynamical systems dy/dt = f(t, y, p) as data: named states, named
// parameters with defaults and physical ranges, and a vector field written once, generically,
// so that it runs on float64 for speed and on complex128 for exact complex-step derivatives.
//
// ode knows nothing about stepping; see package solvers for integrators.
package ode

import (
	"errors"
	"fmt"
	"math"
)

// Number is the set of scalar types a vector field is written over. A field written for Number
// is instantiated twice: float64 for integration, complex128 for complex-step derivatives.
type Number interface {
	float64 | complex128
}

// Func is a vector field: it writes f(t, y, p) into dy. It must not retain y, p or dy, must not
// allocate in the hot path, and must be safe to call from several goroutines at once.
type Func[T Number] func(t T, y, p, dy []T)

// JacFunc writes an analytic Jacobian into jac, row-major with len(y) rows: for ∂f/∂y it is
// len(y)×len(y), for ∂f/∂p it is len(y)×len(p).
type JacFunc func(t float64, y, p, jac []float64)

// Param describes one parameter of a system.
type Param struct {
	Name    string  // identifier used on the command line and in files
	Default float64 // value used when the caller gives none
	Min     float64 // lower end of the typical range (inclusive)
	Max     float64 // upper end of the typical range (inclusive)
	Domain  Domain  // hard validity: values outside it are rejected, whatever the range says
	Doc     string  // one line: meaning and unit
}

// Domain is the set of values a parameter may physically take. Min and Max give a typical
// range (used for sampling defaults and for squashing network outputs); Domain is the hard rule
// (a mass must be positive, a damping non-negative).
type Domain int

// The parameter domains.
const (
	Real        Domain = iota // any finite value
	Positive                  // > 0
	NonNegative               // >= 0
)

// String names the domain as written in error messages.
func (d Domain) String() string {
	switch d {
	case Positive:
		return "positive"
	case NonNegative:
		return "non-negative"
	default:
		return "real"
	}
}

// Check reports an error naming the parameter when v is not finite or outside its domain.
func (q Param) Check(v float64) error {
	bad := math.IsNaN(v) || math.IsInf(v, 0) ||
		(q.Domain == Positive && v <= 0) || (q.Domain == NonNegative && v < 0)
	if bad {
		return fmt.Errorf("ode: parameter %q = %g: must be a finite %s number", q.Name, v, q.Domain)
	}
	return nil
}

// System is a dynamical system dy/dt = f(t, y, p) described as data.
//
// F64 and C128 are the same generic function instantiated twice, for example
//
//	func msd[T ode.Number](t T, y, p, dy []T) { dy[0] = y[1]; dy[1] = -(p[2]*y[1] + p[1]*y[0]) / p[0] }
//	sys := &ode.System{Name: "msd", States: []string{"x", "v"}, Params: ..., F64: msd[float64], C128: msd[complex128]}
//
// so the float64 path is fast and the complex128 path gives derivatives exact to rounding.
type System struct {
	Name   string     // identifier, lower case, e.g. "msd"
	Doc    string     // one paragraph: the equations and where the system comes from
	States []string   // state names, in the order of y
	Params []Param    // parameters, in the order of p
	Y0     []float64  // default initial state
	TSpan  [2]float64 // a sensible default time interval
	Stiff  bool       // true when explicit methods are a poor choice

	F64  Func[float64]    // the vector field on float64 (required)
	C128 Func[complex128] // the same vector field on complex128 (required for complex-step derivatives)
	JacY JacFunc          // optional analytic ∂f/∂y; preferred over complex step when set
	JacP JacFunc          // optional analytic ∂f/∂p; preferred over complex step when set
}

// Dim is the number of states.
func (s *System) Dim() int { return len(s.States) }

// NParams is the number of parameters.
func (s *System) NParams() int { return len(s.Params) }

// DefaultParams returns a fresh slice of the parameters' default values.
func (s *System) DefaultParams() []float64 {
	p := make([]float64, len(s.Params))
	for i, q := range s.Params {
		p[i] = q.Default
	}
	return p
}

// ParamNames returns the parameter names in order.
func (s *System) ParamNames() []string {
	n := make([]string, len(s.Params))
	for i, q := range s.Params {
		n[i] = q.Name
	}
	return n
}

// ParamIndex returns the position of the named parameter, or an error listing the valid names.
func (s *System) ParamIndex(name string) (int, error) {
	for i, q := range s.Params {
		if q.Name == name {
			return i, nil
		}
	}
	return -1, fmt.Errorf("ode: system %q has no parameter %q (valid: %v)", s.Name, name, s.ParamNames())
}

// StateIndex returns the position of the named state, or an error listing the valid names.
func (s *System) StateIndex(name string) (int, error) {
	for i, n := range s.States {
		if n == name {
			return i, nil
		}
	}
	return -1, fmt.Errorf("ode: system %q has no state %q (valid: %v)", s.Name, name, s.States)
}

// Validate reports the first inconsistency in the description: missing name or field,
// duplicate names, a default outside its range, or a default initial state of the wrong length.
func (s *System) Validate() error {
	if s == nil {
		return errors.New("ode: nil system")
	}
	if s.Name == "" {
		return errors.New("ode: system has no name")
	}
	if len(s.States) == 0 {
		return fmt.Errorf("ode: system %q has no states", s.Name)
	}
	if s.F64 == nil {
		return fmt.Errorf("ode: system %q has no float64 vector field (F64)", s.Name)
	}
	seen := map[string]bool{}
	for _, n := range s.States {
		if n == "" || seen[n] {
			return fmt.Errorf("ode: system %q: empty or duplicate state name %q", s.Name, n)
		}
		seen[n] = true
	}
	seen = map[string]bool{}
	for _, q := range s.Params {
		if q.Name == "" || seen[q.Name] {
			return fmt.Errorf("ode: system %q: empty or duplicate parameter name %q", s.Name, q.Name)
		}
		seen[q.Name] = true
		if err := q.Check(q.Default); err != nil {
			return fmt.Errorf("ode: system %q: default: %w", s.Name, err)
		}
		if q.Min > q.Max || q.Default < q.Min || q.Default > q.Max {
			return fmt.Errorf("ode: system %q: parameter %q default %g outside its range [%g, %g]", s.Name, q.Name, q.Default, q.Min, q.Max)
		}
	}
	if s.Y0 != nil && len(s.Y0) != len(s.States) {
		return fmt.Errorf("ode: system %q: default y0 has %d values, want %d", s.Name, len(s.Y0), len(s.States))
	}
	return nil
}

// CheckArgs reports a clear error when y or p have the wrong length for the system, when a value
// is not finite, or when a parameter lies outside its domain.
func (s *System) CheckArgs(y, p []float64) error {
	if len(y) != len(s.States) {
		return fmt.Errorf("ode: system %q: y has %d values, want %d (%v)", s.Name, len(y), len(s.States), s.States)
	}
	if len(p) != len(s.Params) {
		return fmt.Errorf("ode: system %q: p has %d values, want %d (%v)", s.Name, len(p), len(s.Params), s.ParamNames())
	}
	for i, v := range y {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("ode: system %q: state %q = %g is not finite", s.Name, s.States[i], v)
		}
	}
	for i, q := range s.Params {
		if err := q.Check(p[i]); err != nil {
			return fmt.Errorf("ode: system %q: %w", s.Name, err)
		}
	}
	return nil
}
