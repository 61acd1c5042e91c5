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
		p, err := storedSystemPrior(spec.Name, cfg)
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
// command line (--prior-options) or in a file: Options, named after their fields, and the name
// of the system. A predicted parameter without a transform gets the default sigmoid over the
// system's range. It is also the form a checkpoint stores (Spec.Config of a system prior),
// resolved: the system named, every transform and fixed value explicit, FixDefaults and Widen
// applied and so left out. A stored config can thus be given back as it is.
type SystemOptions struct {
	System string `json:"system,omitempty"` // when given, must be NAME
	Options
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
	p, err := FromSystem(sys, o.Options)
	if err != nil {
		return nil, fmt.Errorf("physics: prior %q: %w", name, err)
	}
	return p, nil
}

// storedSystemPrior rebuilds a system prior from the config its Spec stored, which must name
// its system and give every transform: a default filled in now could differ from the one the
// model was trained with, if the system's ranges changed since.
func storedSystemPrior(name string, config json.RawMessage) (Prior, error) {
	sysName := strings.TrimPrefix(name, SystemPrefix)
	var o SystemOptions
	if err := decodeStrict(config, &o); err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	if o.System != sysName {
		return nil, fmt.Errorf("config names system %q", o.System)
	}
	for i, pr := range o.Predict {
		if pr.Transform.Kind == "" {
			return nil, fmt.Errorf("predicted parameter %d (%q) has no transform", i, pr.Name)
		}
	}
	sys, err := ode.Lookup(sysName)
	if err != nil {
		return nil, fmt.Errorf("register your own systems with ode.Register before loading: %w", err)
	}
	return FromSystem(sys, o.Options)
}
