package physics

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/warpkit/warpkit/ode"
)

// Build rebuilds a prior from its Spec, as stored in a checkpoint: "msd", "sine", "lv", or
// "system:<name>" for a prior made by FromSystem. A system prior finds its system through
// ode.Lookup, so a system of your own must be registered with ode.Register (for instance in
// your program's init) before a checkpoint that uses it is loaded.
func Build(spec Spec) (Prior, error) {
	cfg := spec.Config
	if len(bytes.TrimSpace(cfg)) == 0 {
		cfg = json.RawMessage("{}")
	}
	switch {
	case spec.Name == "msd":
		var o MSDOptions
		if err := decodeStrict(cfg, &o); err != nil {
			return nil, fmt.Errorf("physics: spec %q: config: %w", spec.Name, err)
		}
		return MSD(o)
	case spec.Name == "sine":
		var o SineOptions
		if err := decodeStrict(cfg, &o); err != nil {
			return nil, fmt.Errorf("physics: spec %q: config: %w", spec.Name, err)
		}
		return Sine(o)
	case spec.Name == "lv":
		var o LVOptions
		if err := decodeStrict(cfg, &o); err != nil {
			return nil, fmt.Errorf("physics: spec %q: config: %w", spec.Name, err)
		}
		return LV(o)
	case strings.HasPrefix(spec.Name, SystemPrefix):
		var c systemConfig
		if err := decodeStrict(cfg, &c); err != nil {
			return nil, fmt.Errorf("physics: spec %q: config: %w", spec.Name, err)
		}
		name := strings.TrimPrefix(spec.Name, SystemPrefix)
		if c.System != name {
			return nil, fmt.Errorf("physics: spec %q: config names system %q", spec.Name, c.System)
		}
		sys, err := ode.Lookup(name)
		if err != nil {
			return nil, fmt.Errorf("physics: spec %q (register your own systems with ode.Register before loading): %w", spec.Name, err)
		}
		for i, pr := range c.Predict {
			if pr.Transform.Kind == "" {
				return nil, fmt.Errorf("physics: spec %q: predicted parameter %d (%q) has no transform", spec.Name, i, pr.Name)
			}
		}
		p, err := FromSystem(sys, Options{Predict: c.Predict, Fixed: c.Fixed, Integrator: c.Integrator,
			Substeps: c.Substeps, TimeScale: c.TimeScale, TimeOffset: c.TimeOffset, Derivatives: c.Derivatives})
		if err != nil {
			return nil, fmt.Errorf("physics: spec %q: %w", spec.Name, err)
		}
		return p, nil
	case spec.Name == "":
		return nil, errors.New("physics: spec has no name")
	default:
		return nil, fmt.Errorf("physics: unknown prior %q (want msd, sine, lv or %s<ode system name>)", spec.Name, SystemPrefix)
	}
}

// decodeStrict decodes JSON and rejects unknown fields, so a misspelt option in a hand-written
// spec is an error rather than silently a default.
func decodeStrict(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}

// SystemOptions is how a person writes the options of a "system:NAME" prior, as JSON on the
// command line (--prior-options) or in a file: Options with names for its fields. A predicted
// parameter without a transform gets the default sigmoid over the system's range. The form a
// checkpoint stores (Spec.Config of a system prior) is also accepted, so a stored config can be
// given back as it is.
type SystemOptions struct {
	System      string             `json:"system,omitempty"` // when given, must be NAME
	Predict     []Predicted        `json:"predict"`
	Fixed       map[string]float64 `json:"fixed,omitempty"`
	FixDefaults bool               `json:"fix_defaults,omitempty"`
	Integrator  string             `json:"integrator,omitempty"`
	Substeps    int                `json:"substeps,omitempty"`
	Widen       float64            `json:"widen,omitempty"`
	TimeScale   float64            `json:"time_scale,omitempty"`
	TimeOffset  float64            `json:"time_offset,omitempty"`
	Derivatives string             `json:"derivatives,omitempty"`
}

// SystemSpec resolves a "system:NAME" prior with options given as SystemOptions JSON into the
// Spec that Build rebuilds (every default filled in, so later changes to the system's ranges do
// not change a stored prior). The system is found with ode.Lookup: a system defined by
// equations must be registered first (datasets.RegisterSystem does it for a dataset's own).
func SystemSpec(name string, options json.RawMessage) (Spec, error) {
	sysName, ok := strings.CutPrefix(name, SystemPrefix)
	if !ok {
		return Spec{}, fmt.Errorf("physics: prior %q is not a %sNAME prior", name, SystemPrefix)
	}
	sys, err := ode.Lookup(sysName)
	if err != nil {
		return Spec{}, fmt.Errorf("physics: prior %q: %w", name, err)
	}
	p, err := SystemPrior(sys, options)
	if err != nil {
		return Spec{}, err
	}
	return p.Spec(), nil
}

// SystemPrior builds the prior on sys from options given as SystemOptions JSON (strictly:
// an unknown field is an error), for a caller that holds the system itself rather than its
// name in the library.
func SystemPrior(sys *ode.System, options json.RawMessage) (Prior, error) {
	name := SystemPrefix + sys.Name
	if len(bytes.TrimSpace(options)) == 0 {
		options = json.RawMessage("{}")
	}
	var o SystemOptions
	if err := decodeStrict(options, &o); err != nil {
		return nil, fmt.Errorf("physics: prior %q: options: %w", name, err)
	}
	if o.System != "" && o.System != sys.Name {
		return nil, fmt.Errorf("physics: prior %q: options name system %q", name, o.System)
	}
	p, err := FromSystem(sys, Options{Predict: o.Predict, Fixed: o.Fixed, FixDefaults: o.FixDefaults, Integrator: o.Integrator,
		Substeps: o.Substeps, Widen: o.Widen, TimeScale: o.TimeScale, TimeOffset: o.TimeOffset, Derivatives: o.Derivatives})
	if err != nil {
		return nil, fmt.Errorf("physics: prior %q: %w", name, err)
	}
	return p, nil
}
