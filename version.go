// Package warpkit is the root of the warpkit module: a Go toolkit for simulating dynamical
// systems and training WARP (weight-space linear recurrent networks) and its baselines on them.
//
// The work lives in the sub-packages (ode, solvers, datasets, nn, warp, physics, benchmarks);
// this package only carries facts shared by all of them, such as the version written into
// every file's provenance.
package warpkit

// Version is the warpkit version recorded in the provenance of every file warpkit writes.
const Version = "0.1.0"
