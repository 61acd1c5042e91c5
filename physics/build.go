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
