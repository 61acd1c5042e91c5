package warp

import "github.com/warpkit/warpkit/physics"

// buildPrior rebuilds a prior from its spec; a seam so the builder has one call site.
func buildPrior(spec physics.Spec) (physics.Prior, error) { return physics.Build(spec) }
