package datasets

import (
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/warpkit/warpkit/internal/clienttest"
)

// These tests read warpkit's HDF5 files with independent implementations (h5py, h5dump) and
// compare every value bit for bit with what was written. The table and NumPy formats are
// checked against Arrow JS, DuckDB and numpy in their own packages.

func clientData(t *testing.T) *Dataset {
	s := smallMSD(t, 4, 2)
	return gen(t, s, GenerateOptions{})
}

type h5dump struct {
	Attrs    map[string]map[string]any `json:"attrs"`
	Groups   []string                  `json:"groups"`
	Datasets map[string]struct {
		Shape       []int     `json:"shape"`
		Dtype       string    `json:"dtype"`
		Chunks      []int     `json:"chunks"`
		Compression *string   `json:"compression"`
		Values      []float64 `json:"values"`
	} `json:"datasets"`
}

func TestH5pyAndH5dumpReadHDF5(t *testing.T) {
	py := clienttest.RequirePython(t, "h5py", "numpy")
	d := clientData(t)
	for _, compress := range []bool{false, true} {
		path := filepath.Join(t.TempDir(), "d.h5")
		if err := Write(d, path, WriteOptions{Compress: compress}); err != nil {
			t.Fatal(err)
		}
		var got h5dump
		clienttest.RunJSON(t, &got, py, "testdata/dump_h5py.py", path)
		for _, name := range d.SplitNames() {
			s := d.Splits[name]
			for key, want := range map[string][]float64{"trajectories": s.X, "t": s.Times, "params": s.Params, "y0": s.Y0} {
				ds := got.Datasets[name+"/"+key]
				clienttest.SameBits(t, "h5py "+name+"/"+key, ds.Values, want)
				if key == "trajectories" {
					if !slices.Equal(ds.Shape, []int{s.N, s.T, s.D}) || ds.Dtype != "float64" {
						t.Fatalf("h5py sees %v %s", ds.Shape, ds.Dtype)
					}
					if compress && (ds.Compression == nil || *ds.Compression != "gzip") {
						t.Fatalf("compressed file not gzip: %v", ds.Compression)
					}
				}
			}
		}
		clienttest.SameBits(t, "normalization/mean", got.Datasets["normalization/mean"].Values, d.Norm.Mean)
		if got.Attrs["spec"]["str"] != d.Provenance["spec"] || got.Attrs["rtol"]["str"] != "1e-08" {
			t.Fatalf("attributes as h5py reads them: spec %v rtol %v", got.Attrs["spec"], got.Attrs["rtol"])
		}
		if st, _ := got.Attrs["states"]["strs"].([]any); len(st) != 2 || st[0] != "x" || st[1] != "v" {
			t.Fatalf("states attribute: %v", got.Attrs["states"])
		}
	}
	h5d := clienttest.RequireCommand(t, "h5dump")
	path := filepath.Join(t.TempDir(), "d.h5")
	if err := Write(d, path, WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(h5d, "-H", path).CombinedOutput()
	if err != nil {
		t.Fatalf("h5dump: %v\n%s", err, out)
	}
	for _, want := range []string{`GROUP "train"`, `GROUP "test"`, `DATASET "trajectories"`, "DATASPACE  SIMPLE { ( 4, 256, 2 ) / ( 4, 256, 2 ) }", "H5T_IEEE_F64LE", `ATTRIBUTE "spec"`, `GROUP "normalization"`} {
		if !strings.Contains(string(out), want) {
			t.Errorf("h5dump -H lacks %q", want)
		}
	}
}

// A user's dataset written by h5py (contiguous or chunked+gzip, float32 or float64) opens and
// converts to Arrow with its values intact.
func TestH5pyWrittenConvertsToArrow(t *testing.T) {
	py := clienttest.RequirePython(t, "h5py", "numpy")
	for _, layout := range []string{"contiguous", "gzip"} {
		for _, dtype := range []string{"float64", "float32"} {
			dir := t.TempDir()
			path := filepath.Join(dir, "user.h5")
			var want struct{ Train, Test, T, Params []float64 }
			clienttest.RunJSON(t, &want, py, "testdata/make_h5py_dataset.py", path, layout, dtype)
			d, err := Open(path)
			if err != nil {
				t.Fatalf("%s %s: %v", layout, dtype, err)
			}
			arrow := filepath.Join(dir, "user.arrow")
			if err := Write(d, arrow, WriteOptions{}); err != nil {
				t.Fatal(err)
			}
			a, err := Open(arrow)
			if err != nil {
				t.Fatal(err)
			}
			what := layout + " " + dtype
			clienttest.SameBits(t, what+" train", a.Splits["train"].X, want.Train)
			clienttest.SameBits(t, what+" test", a.Splits["test"].X, want.Test)
			clienttest.SameBits(t, what+" t", a.Splits["test"].Times, want.T)
			clienttest.SameBits(t, what+" params", a.Splits["train"].Params, want.Params)
			if a.Splits["test"].Params != nil || !slices.Equal(a.States, []string{"a", "b", "c"}) || a.Provenance["note"] != "made by h5py" {
				t.Fatalf("%s: params %v states %v provenance %v", what, a.Splits["test"].Params, a.States, a.Provenance)
			}
		}
	}
}
