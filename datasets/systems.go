package datasets

import "github.com/warpkit/warpkit/ode"

// lookupSystem finds a library system by name (ode.Lookup lists the valid names on error).
func lookupSystem(name string) (*ode.System, error) { return ode.Lookup(name) }
