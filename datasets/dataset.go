// Package datasets defines warpkit's datasets: the paper's (MSD, MSD-Zero, LV, LV-repeat, SINE,
// Lorenz-63) and user-defined ones, their generation with the solvers, splits, normalisation,
// and the files they live in. Open and Write are the one way in and out of a file, by
// extension or magic bytes, for every format: HDF5 (through package datasets/h5), Arrow IPC and
// Parquet (datasets/tablefile), NumPy npz and npy sets (datasets/npy).
package datasets

import (
	"fmt"
	"maps"
	"slices"

	"github.com/warpkit/warpkit/datasets/traj"
)

// Split is one split of a dataset: N trajectories of T time points and D states in the
// (N, T, D) row-major layout, with the parameters and initial state that produced each one.
// It is defined in package traj, which the format packages share, so that a Dataset's splits
// go to and from files without copies.
type Split = traj.Split

// Normalization holds per-state statistics computed on the training split and stored with the
// data, so every consumer normalises the same way.
type Normalization struct {
	Min, Max  []float64 // per state, for min-max scaling to [-1, 1]
	Mean, Std []float64 // per state, for z-scores
}

// Dataset is a set of named splits sharing states, parameters and provenance.
type Dataset struct {
	Name       string            // dataset identifier, e.g. "msd"
	States     []string          // state names, len D
	ParamNames []string          // parameter names, len P
	Splits     map[string]*Split // by name
	Norm       *Normalization    // from the train split; nil when there is none
	Provenance map[string]string // system, solver, tolerances, seed, warpkit version, spec (YAML/JSON)
}

// Split returns the named split or an error listing the ones present.
func (d *Dataset) Split(name string) (*Split, error) {
	if s, ok := d.Splits[name]; ok {
		return s, nil
	}
	return nil, fmt.Errorf("datasets: %s: no split %q (present: %v)", d.Name, name, d.SplitNames())
}

// SplitNames lists the splits present, sorted.
func (d *Dataset) SplitNames() []string {
	return slices.Sorted(maps.Keys(d.Splits))
}
