// Package registry is the one name → value table behind warpkit's registries (ode's systems,
// nn's checkpoint builders, experiment's model builders): safe for concurrent use, since
// programs register from init functions and look up from any goroutine, and listing its names
// sorted, since they end up in error messages and help texts that must not change from run to
// run.
package registry

import (
	"maps"
	"slices"
	"sync"
)

// Map is a registry; its zero value is empty and ready to use.
type Map[T any] struct {
	mu sync.RWMutex
	m  map[string]T
}

// Add stores v under name unless the name is taken, and reports whether it stored it: each
// registry decides what a second registration means (an error, a panic).
func (r *Map[T]) Add(name string, v T) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, dup := r.m[name]; dup {
		return false
	}
	r.setLocked(name, v)
	return true
}

// Set stores v under name, replacing any earlier value.
func (r *Map[T]) Set(name string, v T) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.setLocked(name, v)
}

func (r *Map[T]) setLocked(name string, v T) {
	if r.m == nil {
		r.m = map[string]T{}
	}
	r.m[name] = v
}

// Get returns the value stored under name and whether there is one.
func (r *Map[T]) Get(name string) (T, bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	v, ok := r.m[name]
	return v, ok
}

// Names lists the registered names, sorted.
func (r *Map[T]) Names() []string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return slices.Sorted(maps.Keys(r.m))
}
