package datasets

import (
	"fmt"
	"math/rand/v2"

	"github.com/warpkit/warpkit/ode"
)

// Dist wraps an ode.Dist so that a spec reads and writes distributions as the text a user types
// ("uniform(0.02,0.04)", "loguniform(1e-3,1)", "normal(0,0.1)", "fixed(1)" or a bare number).
type Dist struct {
	ode.Dist
	bad error // a parse error kept until Validate, which can name the field
}

// D wraps an ode distribution for a Spec.
func D(d ode.Dist) Dist { return Dist{Dist: d} }

// ParseDist parses a distribution with ode.ParseDist.
func ParseDist(s string) (Dist, error) {
	d, err := ode.ParseDist(s)
	if err != nil {
		return Dist{}, err
	}
	return Dist{Dist: d}, nil
}

// MarshalYAML writes the textual form, so specs read like the paper's tables.
func (d Dist) MarshalYAML() (any, error) {
	if d.Dist == nil {
		return nil, fmt.Errorf("datasets: empty distribution")
	}
	return d.String(), nil
}

// UnmarshalYAML accepts the textual form or a bare number.
func (d *Dist) UnmarshalYAML(unmarshal func(any) error) error {
	var s string
	if err := unmarshal(&s); err != nil {
		return err
	}
	v, err := ParseDist(s)
	if err != nil {
		*d = Dist{bad: err}
		return nil
	}
	*d = v
	return nil
}

// check reports a missing or malformed distribution.
func (d Dist) check() error {
	if d.bad != nil {
		return d.bad
	}
	if d.Dist == nil {
		return fmt.Errorf("missing distribution")
	}
	return d.Validate()
}

// sample draws one value; a missing distribution keeps def.
func (d Dist) sample(r *rand.Rand, def float64) float64 {
	if d.Dist == nil {
		return def
	}
	return d.Sample(r)
}
