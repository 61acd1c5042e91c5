package ode

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
)

// Dist is a distribution of a parameter or an initial-state component. Sampling draws from an
// explicit generator, so the same seed gives the same values everywhere.
type Dist interface {
	// Sample draws one value.
	Sample(r *rand.Rand) float64
	// Support is the smallest interval holding every possible sample (infinite ends allowed).
	Support() (lo, hi float64)
	// Validate reports a malformed distribution (lo > hi, negative spread, NaN).
	Validate() error
	// String is the text ParseDist reads back, e.g. "uniform(0.02,0.04)".
	String() string
}

// Fixed always gives V.
type Fixed struct{ V float64 }

// Uniform is uniform on [Lo, Hi].
type Uniform struct{ Lo, Hi float64 }

// LogUniform has a uniform logarithm on [Lo, Hi], 0 < Lo ≤ Hi: for rates spanning decades.
type LogUniform struct{ Lo, Hi float64 }

// Normal is Gaussian with mean Mean and standard deviation Std.
type Normal struct{ Mean, Std float64 }

// Sample implements Dist.
func (d Fixed) Sample(*rand.Rand) float64 { return d.V }

// Sample implements Dist.
func (d Uniform) Sample(r *rand.Rand) float64 { return d.Lo + (d.Hi-d.Lo)*r.Float64() }

// Sample implements Dist.
func (d LogUniform) Sample(r *rand.Rand) float64 {
	return math.Exp(math.Log(d.Lo) + (math.Log(d.Hi)-math.Log(d.Lo))*r.Float64())
}

// Sample implements Dist.
func (d Normal) Sample(r *rand.Rand) float64 { return d.Mean + d.Std*r.NormFloat64() }

// Support implements Dist.
func (d Fixed) Support() (float64, float64) { return d.V, d.V }

// Support implements Dist.
func (d Uniform) Support() (float64, float64) { return d.Lo, d.Hi }

// Support implements Dist.
func (d LogUniform) Support() (float64, float64) { return d.Lo, d.Hi }

// Support implements Dist.
func (d Normal) Support() (float64, float64) {
	if d.Std == 0 {
		return d.Mean, d.Mean
	}
	return math.Inf(-1), math.Inf(1)
}

func finite(xs ...float64) bool {
	for _, x := range xs {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return false
		}
	}
	return true
}

// Validate implements Dist.
func (d Fixed) Validate() error {
	if !finite(d.V) {
		return fmt.Errorf("fixed(%g): value is not finite", d.V)
	}
	return nil
}

// Validate implements Dist.
func (d Uniform) Validate() error {
	if !finite(d.Lo, d.Hi) || d.Lo > d.Hi {
		return fmt.Errorf("uniform(%g,%g): need finite min <= max", d.Lo, d.Hi)
	}
	return nil
}

// Validate implements Dist.
func (d LogUniform) Validate() error {
	if !finite(d.Lo, d.Hi) || d.Lo <= 0 || d.Lo > d.Hi {
		return fmt.Errorf("loguniform(%g,%g): need 0 < min <= max", d.Lo, d.Hi)
	}
	return nil
}

// Validate implements Dist.
func (d Normal) Validate() error {
	if !finite(d.Mean, d.Std) || d.Std < 0 {
		return fmt.Errorf("normal(%g,%g): need a finite mean and std >= 0", d.Mean, d.Std)
	}
	return nil
}

func fmtG(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// String implements Dist.
func (d Fixed) String() string { return "fixed(" + fmtG(d.V) + ")" }

// String implements Dist.
func (d Uniform) String() string { return "uniform(" + fmtG(d.Lo) + "," + fmtG(d.Hi) + ")" }

// String implements Dist.
func (d LogUniform) String() string { return "loguniform(" + fmtG(d.Lo) + "," + fmtG(d.Hi) + ")" }

// String implements Dist.
func (d Normal) String() string { return "normal(" + fmtG(d.Mean) + "," + fmtG(d.Std) + ")" }

// ParseDist reads a distribution: a bare number (fixed), or fixed(v), uniform(lo,hi),
// loguniform(lo,hi) (also log-uniform), normal(mean,std). The result is validated.
func ParseDist(text string) (Dist, error) {
	s := strings.TrimSpace(text)
	if v, err := strconv.ParseFloat(s, 64); err == nil {
		d := Fixed{v}
		return d, d.Validate()
	}
	open := strings.IndexByte(s, '(')
	if open < 0 || !strings.HasSuffix(s, ")") {
		return nil, fmt.Errorf("ode: distribution %q: want a number or name(args), e.g. uniform(0.02,0.04)", text)
	}
	name := strings.ToLower(strings.TrimSpace(s[:open]))
	var args []float64
	for _, a := range strings.Split(s[open+1:len(s)-1], ",") {
		v, err := strconv.ParseFloat(strings.TrimSpace(a), 64)
		if err != nil {
			return nil, fmt.Errorf("ode: distribution %q: argument %q is not a number", text, strings.TrimSpace(a))
		}
		args = append(args, v)
	}
	want := 2
	var d Dist
	switch name {
	case "fixed", "const":
		want = 1
		if len(args) == 1 {
			d = Fixed{args[0]}
		}
	case "uniform", "u":
		if len(args) == 2 {
			d = Uniform{args[0], args[1]}
		}
	case "loguniform", "log-uniform", "logu":
		if len(args) == 2 {
			d = LogUniform{args[0], args[1]}
		}
	case "normal", "gaussian", "n":
		if len(args) == 2 {
			d = Normal{args[0], args[1]}
		}
	default:
		return nil, fmt.Errorf("ode: distribution %q: unknown kind %q (valid: fixed, uniform, loguniform, normal)", text, name)
	}
	if d == nil {
		return nil, fmt.Errorf("ode: distribution %q: %s takes %d arguments, got %d", text, name, want, len(args))
	}
	if err := d.Validate(); err != nil {
		return nil, fmt.Errorf("ode: distribution %q: %w", text, err)
	}
	return d, nil
}

// CheckDist reports an error naming the parameter when d can draw values outside q's domain
// (a uniform over negative masses, a normal for a positive rate).
func (q Param) CheckDist(d Dist) error {
	if err := d.Validate(); err != nil {
		return fmt.Errorf("ode: parameter %q: %w", q.Name, err)
	}
	lo, hi := d.Support()
	if err := q.Check(lo); err != nil {
		return fmt.Errorf("ode: parameter %q: distribution %s reaches %g, outside the %s domain", q.Name, d, lo, q.Domain)
	}
	if err := q.Check(hi); err != nil {
		return fmt.Errorf("ode: parameter %q: distribution %s reaches %g, outside the %s domain", q.Name, d, hi, q.Domain)
	}
	return nil
}
