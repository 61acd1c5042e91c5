// Package traj is the content of a dataset file as warpkit's file formats see it: splits of
// (N, T, D) trajectories with their time grids, parameters and initial states, and the names,
// provenance and normalisation stored beside them. It is the one data model the format
// packages (datasets/tablefile, datasets/npy) read and write, so that none of them depends on
// package datasets, which adapts a Set to and from its Dataset.
package traj

import (
	"encoding/json"
	"fmt"
)

// Split is one split of a dataset: N trajectories of T time points and D states in the
// (N, T, D) row-major layout, with the parameters and initial state that produced each one.
type Split struct {
	Name    string    // "train", "val", "test", ...
	N, T, D int       // shape of X
	X       []float64 // trajectories, len N*T*D
	Times   []float64 // time grid, len T
	Params  []float64 // per-trajectory parameters, len N*P (P = len(ParamNames)); may be nil
	Y0      []float64 // per-trajectory initial states, len N*D; may be nil
}

// Norm holds per-state statistics of the training split, stored with the data so every
// consumer normalises the same way. Its fields and their JSON are those of
// datasets.Normalization, which converts to it.
type Norm struct {
	Min, Max  []float64
	Mean, Std []float64
}

// Meta is what the table and NumPy formats store beside the arrays: names, provenance and
// normalisation. It travels as JSON (npz, the npy sidecar, the Arrow and Parquet schema
// metadata), in this encoding.
type Meta struct {
	Name       string            `json:"name"`
	States     []string          `json:"states"`
	ParamNames []string          `json:"param_names"`
	Provenance map[string]string `json:"provenance"`
	Norm       *Norm             `json:"normalization,omitempty"`
}

// ParseMeta decodes the JSON of a Meta.
func ParseMeta(b []byte) (Meta, error) {
	var m Meta
	if err := json.Unmarshal(b, &m); err != nil {
		return m, fmt.Errorf("metadata: %w", err)
	}
	return m, nil
}

// Set is a dataset as a file holds it. Writers lay the splits out in the order given;
// readers return them in the order the file holds them. What a user's file leaves out
// (names, normalisation) is nil, for the caller to fill in.
type Set struct {
	Meta
	Splits []*Split
}

// UniformGrid is n points evenly spaced on [0, 1], the grid a file without times is read on.
func UniformGrid(n int) []float64 {
	t := make([]float64, n)
	for i := range t {
		if n > 1 {
			t[i] = float64(i) / float64(n-1)
		}
	}
	return t
}

// AssumeUniformTimes gives s the uniform grid on [0, 1] for a file that stores no times, and
// records in prov that it did.
func AssumeUniformTimes(s *Split, prov map[string]string) {
	s.Times = UniformGrid(s.T)
	prov["times."+s.Name] = "not stored; assumed uniform on [0, 1]"
}

// Names is prefix0, prefix1, …: names for the n states or parameters a file leaves unnamed.
func Names(prefix string, n int) []string {
	s := make([]string, n)
	for i := range s {
		s[i] = fmt.Sprintf("%s%d", prefix, i)
	}
	return s
}
