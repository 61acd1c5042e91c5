package ode

import (
	"fmt"

	"github.com/warpkit/warpkit/internal/registry"
)

// The library is a registry of systems by name. The built-in systems are registered at init;
// a user registers their own with Register so that files and checkpoints naming it can be
// rebuilt (Lookup is how datasets and physics priors find a system again).
var library registry.Map[*System]

// Register adds a system to the library. It fails on an invalid description or a name that is
// already taken.
func Register(s *System) error {
	if err := s.Validate(); err != nil {
		return err
	}
	if !library.Add(s.Name, s.Clone()) {
		return fmt.Errorf("ode: a system named %q is already registered", s.Name)
	}
	return nil
}

// mustRegister is for the built-in systems, whose descriptions are checked by the tests.
func mustRegister(s *System) {
	if err := Register(s); err != nil {
		panic(err)
	}
}

// Lookup returns a copy of the named system, or an error listing the valid names.
func Lookup(name string) (*System, error) {
	s, ok := library.Get(name)
	if !ok {
		return nil, fmt.Errorf("ode: unknown system %q (valid: %v)", name, Names())
	}
	return s.Clone(), nil
}

// Names lists the registered systems, sorted.
func Names() []string { return library.Names() }

// Clone returns a copy whose slices the caller may change without touching the original. The
// functions are shared; they are values without state.
func (s *System) Clone() *System {
	c := *s
	c.States = append([]string(nil), s.States...)
	c.Params = append([]Param(nil), s.Params...)
	c.Y0 = append([]float64(nil), s.Y0...)
	return &c
}
