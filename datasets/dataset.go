// Package datasets defines warpkit's datasets: the paper's (MSD, MSD-Zero, LV, LV-repeat, SINE,
// Lorenz-63) and user-defined ones, their generation with the solvers, splits, normalisation,
// and the files they live in (HDF5 via datasets/h5, Arrow IPC, Parquet, NumPy).
package datasets

import (
	"fmt"
	"sort"
)

// Split is one split of a dataset: N trajectories of T time points and D states in the
// (N, T, D) row-major layout, with the parameters and initial state that produced each one.
type Split struct {
	Name    string    // "train", "val", "test", ...
	N, T, D int       // shape of X
	X       []float64 // trajectories, len N*T*D
	Times   []float64 // time grid, len T
	Params  []float64 // per-trajectory parameters, len N*P (P = len(Dataset.ParamNames)); may be nil
	Y0      []float64 // per-trajectory initial states, len N*D; may be nil
}

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
	names := make([]string, 0, len(d.Splits))
	for n := range d.Splits {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}
