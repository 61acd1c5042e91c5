package datasets

import (
	"encoding/json"
	"fmt"
)

// meta is what every format stores beside the arrays: names, provenance and normalisation.
// It travels as JSON (npz, npy sidecar) or as key/value metadata (Arrow, Parquet, HDF5).
type meta struct {
	Name       string            `json:"name"`
	States     []string          `json:"states"`
	ParamNames []string          `json:"param_names"`
	Provenance map[string]string `json:"provenance"`
	Norm       *Normalization    `json:"normalization,omitempty"`
}

func metaOf(d *Dataset) meta {
	return meta{Name: d.Name, States: d.States, ParamNames: d.ParamNames, Provenance: d.Provenance, Norm: d.Norm}
}

func (m meta) apply(d *Dataset) {
	d.Name, d.States, d.ParamNames, d.Provenance, d.Norm = m.Name, m.States, m.ParamNames, m.Provenance, m.Norm
	if d.ParamNames == nil {
		d.ParamNames = []string{}
	}
	if d.Provenance == nil {
		d.Provenance = map[string]string{}
	}
}

func parseMeta(what string, b []byte) (meta, error) {
	var m meta
	if err := json.Unmarshal(b, &m); err != nil {
		return m, fmt.Errorf("%s: metadata: %w", what, err)
	}
	return m, nil
}
