package datasets

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"os"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/warpkit/warpkit/ode"
	"github.com/warpkit/warpkit/ode/equations"
)

// Kinds of generator a spec may ask for.
const (
	KindODE      = "ode"       // integrate an ode system (the default)
	KindSine     = "sine"      // closed form sin(2π f t + φ); no solver
	KindLVRepeat = "lv-repeat" // repeat-copy task built from Lotka-Volterra trajectories
)

// Spec describes a dataset completely: the system, the time grid, the solver, the seed and the
// splits with their parameter and initial-state distributions. A spec is data: it is written
// as YAML into every file produced, and Generate(spec) with the same spec gives the same bytes.
//
// In YAML, system is either a library system's name or a mapping that defines a system by its
// equations (see package ode/equations); the mapping is kept in the file's provenance, so the
// system can be rebuilt from the file alone (RegisterSystem).
type Spec struct {
	Name   string      `yaml:"name"`
	Kind   string      `yaml:"kind,omitempty"` // KindODE (default), KindSine or KindLVRepeat
	System string      `yaml:"-"`              // an ode library name; ignored when Sys or Equations is set
	T0     float64     `yaml:"t0"`
	T1     float64     `yaml:"t1"`
	Points int         `yaml:"points"` // time points, uniform on [T0, T1] inclusive
	Method string      `yaml:"method,omitempty"`
	RTol   float64     `yaml:"rtol,omitempty"`
	ATol   float64     `yaml:"atol,omitempty"`
	Seed   uint64      `yaml:"seed"`
	Repeat *RepeatSpec `yaml:"repeat,omitempty"` // KindLVRepeat only
	Splits []SplitSpec `yaml:"splits"`

	// Equations is a system given by its equations (YAML: system as a mapping); it takes
	// precedence over System. It is shared by clones and must not change once set.
	Equations *equations.Definition `yaml:"-"`
	// Sys is a caller's own system (from Go); it takes precedence over Equations and System.
	Sys *ode.System `yaml:"-"`
}

// specFields is Spec without its YAML methods, for the default field handling inside them.
type specFields Spec

// systemField is the YAML system key: a library name or an equations mapping.
type systemField struct {
	name string
	def  *equations.Definition
}

// UnmarshalYAML reads a name, or else a definition (whose errors name line, equation and column).
func (f *systemField) UnmarshalYAML(unmarshal func(any) error) error {
	if err := unmarshal(&f.name); err == nil {
		return nil
	}
	f.def = new(equations.Definition)
	return unmarshal(f.def)
}

// UnmarshalYAML reads a spec. It goes through the decoder's own unmarshal function, so the
// strict decoder of ParseSpec still rejects unknown keys, here and inside system.
func (s *Spec) UnmarshalYAML(unmarshal func(any) error) error {
	var w struct {
		specFields `yaml:",inline"`
		System     systemField `yaml:"system"`
	}
	if err := unmarshal(&w); err != nil {
		return err
	}
	*s = Spec(w.specFields)
	s.System, s.Equations = w.System.name, w.System.def
	if s.Equations != nil {
		s.System = s.Equations.Name
	}
	return nil
}

// MarshalYAML writes the fields in order with system after kind: a name, or the equations.
func (s Spec) MarshalYAML() (any, error) {
	var n yaml.Node
	if err := n.Encode(specFields(s)); err != nil {
		return nil, err
	}
	var v yaml.Node
	switch {
	case s.Equations != nil:
		if err := v.Encode(s.Equations); err != nil {
			return nil, err
		}
	case s.System != "":
		v = yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s.System}
	default:
		return &n, nil
	}
	at := 2 // after name
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == "kind" {
			at = i + 2
		}
	}
	at = min(at, len(n.Content))
	key := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: "system"}
	n.Content = append(n.Content[:at], append([]*yaml.Node{key, &v}, n.Content[at:]...)...)
	return &n, nil
}

// SplitSpec is one split: its size and the distributions its trajectories are drawn from.
// Parameters and states not named keep the system's default value.
type SplitSpec struct {
	Name   string          `yaml:"name"`
	N      int             `yaml:"n"`
	Params map[string]Dist `yaml:"params,omitempty"`
	Y0     map[string]Dist `yaml:"y0,omitempty"`
}

// RepeatSpec shapes the repeat-copy task: each trajectory's first L steps (L uniform on
// [MinCycle, MaxCycle]) are repeated, each copy followed by Gap steps of zeros, until the time
// grid is full.
type RepeatSpec struct {
	MinCycle int `yaml:"min_cycle"`
	MaxCycle int `yaml:"max_cycle"`
	Gap      int `yaml:"gap"`
}

// Default solver settings. The method is the paper's (RK45 is Dormand-Prince 5(4)), but the
// tolerances are tighter than scipy's 1e-3/1e-6, so that the stored parameters reproduce the
// trajectories to about 1e-6 (MSD: 5e-7 against the closed form); pass rtol 1e-3, atol 1e-6
// for the authors' exact settings.
const (
	DefaultMethod = "dp5"
	DefaultRTol   = 1e-8
	DefaultATol   = 1e-10
)

// ParseSpec reads a YAML spec, rejecting unknown fields so a misspelt key is not ignored.
// Distributions are strings such as uniform(0.02,0.04); in a flow-style map they must be
// quoted ({m: "uniform(0.02,0.04)"}) because YAML splits flow maps at commas. Call Validate
// (LoadSpec does) for errors that name the field.
func ParseSpec(data []byte) (*Spec, error) {
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	dec.KnownFields(true)
	var s Spec
	if err := dec.Decode(&s); err != nil {
		return nil, fmt.Errorf("datasets: spec: %w", err)
	}
	return &s, nil
}

// LoadSpec reads and validates a YAML spec file.
func LoadSpec(path string) (*Spec, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("datasets: spec: %w", err)
	}
	s, err := ParseSpec(data)
	if err != nil {
		return nil, fmt.Errorf("datasets: %s: %w", path, err)
	}
	if err := s.Validate(); err != nil {
		return nil, fmt.Errorf("datasets: %s: %w", path, err)
	}
	return s, nil
}

// YAML renders the spec with the solver defaults filled in, so the stored text says exactly
// what was run.
func (s *Spec) YAML() (string, error) {
	c := s.Clone()
	c.fillDefaults()
	if c.Sys != nil {
		c.System = c.Sys.Name // a caller's own system is named, though only Go can rebuild it
	}
	b, err := yaml.Marshal(c)
	if err != nil {
		return "", fmt.Errorf("datasets: spec %s: %w", s.Name, err)
	}
	return string(b), nil
}

// Clone returns a deep copy (the system pointer is shared: systems are immutable).
func (s *Spec) Clone() *Spec {
	c := *s
	if s.Repeat != nil {
		r := *s.Repeat
		c.Repeat = &r
	}
	c.Splits = make([]SplitSpec, len(s.Splits))
	for i, sp := range s.Splits {
		c.Splits[i] = SplitSpec{Name: sp.Name, N: sp.N, Params: cloneDists(sp.Params), Y0: cloneDists(sp.Y0)}
	}
	return &c
}

func cloneDists(m map[string]Dist) map[string]Dist {
	if m == nil {
		return nil
	}
	c := make(map[string]Dist, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}

func (s *Spec) fillDefaults() {
	if s.Kind == "" {
		s.Kind = KindODE
	}
	if s.Kind == KindSine {
		s.Method, s.RTol, s.ATol = "", 0, 0 // closed form: no solver is involved
		return
	}
	if s.Method == "" {
		s.Method = DefaultMethod
	}
	if s.RTol == 0 {
		s.RTol = DefaultRTol
	}
	if s.ATol == 0 {
		s.ATol = DefaultATol
	}
}

// Scale multiplies every split's size by f (at least one trajectory each), for small versions.
func (s *Spec) Scale(f float64) error {
	if !(f > 0) || math.IsInf(f, 0) {
		return fmt.Errorf("datasets: scale: want a positive number, got %g", f)
	}
	for i := range s.Splits {
		s.Splits[i].N = max(1, int(math.Round(float64(s.Splits[i].N)*f)))
	}
	return nil
}

// SetSize sets one split's size; n = 0 drops the split.
func (s *Spec) SetSize(split string, n int) error {
	if n < 0 {
		return fmt.Errorf("datasets: %s split size: want >= 0, got %d", split, n)
	}
	for i := range s.Splits {
		if s.Splits[i].Name == split {
			if n == 0 {
				s.Splits = append(s.Splits[:i], s.Splits[i+1:]...)
			} else {
				s.Splits[i].N = n
			}
			return nil
		}
	}
	if n == 0 {
		return nil
	}
	if len(s.Splits) == 0 {
		return fmt.Errorf("datasets: %s split size: spec has no split to copy distributions from", split)
	}
	// A new split (say val) borrows the train split's distributions, or the first split's.
	src := s.Splits[0]
	for _, sp := range s.Splits {
		if sp.Name == "train" {
			src = sp
		}
	}
	s.Splits = append(s.Splits, SplitSpec{Name: split, N: n, Params: cloneDists(src.Params), Y0: cloneDists(src.Y0)})
	return nil
}

// Resolve returns the system the spec integrates (or describes, for the sine).
func (s *Spec) Resolve() (*ode.System, error) {
	if s.Sys != nil {
		return s.Sys, nil
	}
	kind := s.Kind
	if kind == "" {
		kind = KindODE
	}
	if s.Equations != nil {
		if kind != KindODE {
			return nil, fmt.Errorf("system: kind %s needs its own system; equations are for kind %s", kind, KindODE)
		}
		sys, err := s.Equations.System()
		if err != nil {
			return nil, fmt.Errorf("system: %w", err)
		}
		return sys, nil
	}
	if kind == KindSine {
		if s.System != "" && s.System != "sine" {
			return nil, fmt.Errorf("system: kind sine takes no system (got %q)", s.System)
		}
		return lookupSystem("sine")
	}
	if s.System == "" {
		return nil, errors.New("system: missing")
	}
	sys, err := lookupSystem(s.System)
	if err != nil {
		return nil, fmt.Errorf("system: %w", err)
	}
	return sys, nil
}

// Validate reports the first problem in the spec, naming the field.
func (s *Spec) Validate() error {
	if err := s.validate(); err != nil {
		name := s.Name
		if name == "" {
			name = "spec"
		}
		return fmt.Errorf("datasets: %s: %w", name, err)
	}
	return nil
}

func (s *Spec) validate() error {
	if s.Name == "" {
		return errors.New("name: missing")
	}
	switch s.Kind {
	case "", KindODE, KindSine, KindLVRepeat:
	default:
		return fmt.Errorf("kind: unknown %q (valid: %s, %s, %s)", s.Kind, KindODE, KindSine, KindLVRepeat)
	}
	sys, err := s.Resolve()
	if err != nil {
		return err
	}
	if err := sys.Validate(); err != nil {
		return fmt.Errorf("system: %w", err)
	}
	if s.Points < 2 {
		return fmt.Errorf("points: want at least 2, got %d", s.Points)
	}
	if math.IsNaN(s.T0) || math.IsNaN(s.T1) || math.IsInf(s.T0, 0) || math.IsInf(s.T1, 0) || s.T0 == s.T1 {
		return fmt.Errorf("t0, t1: want finite and different, got %g, %g", s.T0, s.T1)
	}
	if s.Kind != KindSine {
		if s.Method != "" {
			if err := checkMethod(s.Method); err != nil {
				return fmt.Errorf("method: %w", err)
			}
		}
		if s.RTol < 0 || math.IsNaN(s.RTol) || math.IsInf(s.RTol, 0) {
			return fmt.Errorf("rtol: want a finite number >= 0, got %g", s.RTol)
		}
		if s.ATol < 0 || math.IsNaN(s.ATol) || math.IsInf(s.ATol, 0) {
			return fmt.Errorf("atol: want a finite number >= 0, got %g", s.ATol)
		}
	}
	if s.Kind == KindLVRepeat {
		r := s.Repeat
		if r == nil {
			return errors.New("repeat: missing for kind lv-repeat")
		}
		if r.MinCycle < 1 || r.MinCycle > r.MaxCycle || r.MaxCycle > s.Points || r.Gap < 0 {
			return fmt.Errorf("repeat: want 1 <= min_cycle <= max_cycle <= points and gap >= 0, got %d, %d, %d", r.MinCycle, r.MaxCycle, r.Gap)
		}
	} else if s.Repeat != nil {
		return fmt.Errorf("repeat: only for kind %s", KindLVRepeat)
	}
	if len(s.Splits) == 0 {
		return errors.New("splits: none")
	}
	seen := map[string]bool{}
	for _, sp := range s.Splits {
		if sp.Name == "" || seen[sp.Name] || strings.ContainsAny(sp.Name, "/.\x00 ") {
			return fmt.Errorf("splits: empty, duplicate or unusable split name %q", sp.Name)
		}
		seen[sp.Name] = true
		if sp.N < 1 {
			return fmt.Errorf("splits.%s.n: want at least 1, got %d", sp.Name, sp.N)
		}
		for _, name := range slices.Sorted(maps.Keys(sp.Params)) {
			i, err := sys.ParamIndex(name)
			if err != nil {
				return fmt.Errorf("splits.%s.params.%s: %w", sp.Name, name, err)
			}
			if err := checkRange(sp.Params[name], sys.Params[i]); err != nil {
				return fmt.Errorf("splits.%s.params.%s: %w", sp.Name, name, err)
			}
		}
		if s.Kind == KindSine && len(sp.Y0) > 0 {
			return fmt.Errorf("splits.%s.y0: the sine's initial value follows from phi; give none", sp.Name)
		}
		for _, name := range slices.Sorted(maps.Keys(sp.Y0)) {
			if _, err := sys.StateIndex(name); err != nil {
				return fmt.Errorf("splits.%s.y0.%s: %w", sp.Name, name, err)
			}
			if err := sp.Y0[name].check(); err != nil {
				return fmt.Errorf("splits.%s.y0.%s: %w", sp.Name, name, err)
			}
		}
	}
	return nil
}

// checkRange rejects a distribution that can leave the parameter's physical domain, such as a
// negative mass (the typical range Min..Max is advice, not a rule: the test splits leave it).
func checkRange(d Dist, p ode.Param) error {
	if err := d.check(); err != nil {
		return err
	}
	return p.CheckDist(d.Dist)
}

// RegisterSystem adds the spec's equation system, if it has one, to the ode library, so that
// lookups by name (a "system:NAME" physics prior, a checkpoint that uses one) find it.
// Registering the same equations again is not an error; different equations under a name
// already taken are.
func (s *Spec) RegisterSystem() error {
	if s.Equations == nil || s.Sys != nil {
		return nil
	}
	if _, err := equations.Register(s.Equations); err != nil {
		return fmt.Errorf("datasets: %s: %w", s.Name, err)
	}
	return nil
}

// SpecFromProvenance reads back the spec a dataset file was generated from (its provenance
// key "spec"). A file with no stored spec (converted from elsewhere) gives an error.
func SpecFromProvenance(provenance map[string]string) (*Spec, error) {
	text, ok := provenance["spec"]
	if !ok {
		return nil, errors.New("datasets: the file's provenance holds no spec")
	}
	s, err := ParseSpec([]byte(text))
	if err != nil {
		return nil, fmt.Errorf("datasets: provenance: %w", err)
	}
	return s, nil
}

// RegisterSystem registers the equation system of the spec stored in a dataset's provenance,
// when it defines one; provenance without a spec, or with a library system, is left alone.
// Commands call it on every dataset they open, so a file made from equations is enough to
// train and load a "system:NAME" prior.
func RegisterSystem(provenance map[string]string) error {
	if _, ok := provenance["spec"]; !ok {
		return nil
	}
	s, err := SpecFromProvenance(provenance)
	if err != nil {
		return err
	}
	return s.RegisterSystem()
}
