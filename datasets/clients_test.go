package datasets

import (
	"encoding/json"
	"math"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/warpkit/warpkit/internal/clienttest"
)

// These tests read warpkit's files with independent implementations (numpy, h5py, h5dump,
// Arrow JS, DuckDB) and compare every value bit for bit with what was written.

func sameBits(t *testing.T, what string, got, want []float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d values, want %d", what, len(got), len(want))
	}
	for i := range got {
		if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
			t.Fatalf("%s[%d] = %v, want %v", what, i, got[i], want[i])
		}
	}
}

func clientData(t *testing.T) *Dataset {
	s := smallMSD(t, 4, 2)
	return gen(t, s, GenerateOptions{})
}

type npArray struct {
	Shape  []int     `json:"shape"`
	Dtype  string    `json:"dtype"`
	Values []float64 `json:"values"`
	Str    *string   `json:"str"`
}

func TestNumpyReadsNPZAndNPY(t *testing.T) {
	py := clienttest.RequirePython(t, "numpy")
	d := clientData(t)
	d.Provenance["note"] = "ünïcode ✓"
	dir := t.TempDir()
	npz := filepath.Join(dir, "d.npz")
	if err := Write(d, npz, WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := Write(d, filepath.Join(dir, "set")+"/", WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "set", "*.npy"))
	var got map[string]map[string]npArray
	clienttest.RunJSON(t, &got, py, append([]string{"testdata/dump_numpy.py", npz}, files...)...)
	z := got["d.npz"]
	for _, name := range d.SplitNames() {
		s := d.Splits[name]
		for key, want := range map[string][]float64{"trajectories": s.X, "t": s.Times, "params": s.Params, "y0": s.Y0} {
			a := z[name+"_"+key]
			if a.Dtype != "float64" {
				t.Fatalf("%s_%s dtype %q", name, key, a.Dtype)
			}
			sameBits(t, "npz "+name+"_"+key, a.Values, want)
			f := got[d.Name+"_"+name+map[string]string{"trajectories": "", "t": "_t", "params": "_params", "y0": "_y0"}[key]+".npy"][""]
			sameBits(t, "npy "+name+" "+key, f.Values, want)
		}
		if sh := z[name+"_trajectories"].Shape; !slices.Equal(sh, []int{s.N, s.T, s.D}) {
			t.Fatalf("shape %v", sh)
		}
	}
	p := z["provenance"].Str
	if p == nil {
		t.Fatal("no provenance string")
	}
	var m meta
	if err := json.Unmarshal([]byte(*p), &m); err != nil {
		t.Fatal(err)
	}
	if m.Provenance["note"] != "ünïcode ✓" || m.Provenance["spec"] != d.Provenance["spec"] || !slices.Equal(m.States, d.States) {
		t.Fatalf("provenance as numpy reads it: %+v", m)
	}
}

// Files numpy writes (including Fortran order, float32 and big-endian) read back as numpy says.
func TestReadNumpyWrittenNPY(t *testing.T) {
	py := clienttest.RequirePython(t, "numpy")
	dir := t.TempDir()
	script := `
import numpy as np, sys, json
d = sys.argv[1]
a = np.arange(24, dtype=np.float64).reshape(2, 3, 4) / 7
np.save(d + "/c.npy", a)
np.save(d + "/f.npy", np.asfortranarray(a))
np.save(d + "/f4.npy", a.astype(np.float32))
np.save(d + "/be.npy", a.astype(">f8"))
np.savez(d + "/u.npz", run1=a, run2=a[:1] * 2)
print(json.dumps(a.ravel().tolist()))`
	var want []float64
	clienttest.RunJSON(t, &want, py, "-c", script, dir)
	for _, f := range []string{"c.npy", "f.npy", "be.npy"} {
		d, err := Open(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		sameBits(t, f, d.Splits["train"].X, want)
	}
	d, err := Open(filepath.Join(dir, "f4.npy"))
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range d.Splits["train"].X {
		if v != float64(float32(want[i])) {
			t.Fatalf("f4[%d] = %v", i, v)
		}
	}
	u, err := Open(filepath.Join(dir, "u.npz"))
	if err != nil {
		t.Fatal(err)
	}
	if got := u.SplitNames(); !slices.Equal(got, []string{"run1", "run2"}) || u.Splits["run2"].N != 1 {
		t.Fatalf("user npz splits %v", got)
	}
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
				sameBits(t, "h5py "+name+"/"+key, ds.Values, want)
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
		sameBits(t, "normalization/mean", got.Datasets["normalization/mean"].Values, d.Norm.Mean)
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
			sameBits(t, what+" train", a.Splits["train"].X, want.Train)
			sameBits(t, what+" test", a.Splits["test"].X, want.Test)
			sameBits(t, what+" t", a.Splits["test"].Times, want.T)
			sameBits(t, what+" params", a.Splits["train"].Params, want.Params)
			if a.Splits["test"].Params != nil || !slices.Equal(a.States, []string{"a", "b", "c"}) || a.Provenance["note"] != "made by h5py" {
				t.Fatalf("%s: params %v states %v provenance %v", what, a.Splits["test"].Params, a.States, a.Provenance)
			}
		}
	}
}

type jsTable struct {
	NumRows  int               `json:"numRows"`
	Columns  map[string][]any  `json:"columns"`
	Metadata map[string]string `json:"metadata"`
}

// checkLongTable compares a table read by a foreign reader with the dataset, row by row in
// the order split (as given), traj, step.
func checkLongTable(t *testing.T, who string, got jsTable, d *Dataset, splits []string) {
	t.Helper()
	row := 0
	num := func(col string) float64 {
		v, ok := got.Columns[col][row].(float64)
		if !ok {
			t.Fatalf("%s: column %s row %d = %v", who, col, row, got.Columns[col][row])
		}
		return v
	}
	for _, name := range splits {
		s := d.Splits[name]
		P := len(d.ParamNames)
		for i := range s.N {
			for k := range s.T {
				if got.Columns["split"][row] != name || num("traj") != float64(i) || num("step") != float64(k) || num("t") != s.Times[k] {
					t.Fatalf("%s: row %d keys %v %v %v %v", who, row, got.Columns["split"][row], got.Columns["traj"][row], got.Columns["step"][row], got.Columns["t"][row])
				}
				for j, st := range d.States {
					if v := num(st); math.Float64bits(v) != math.Float64bits(s.X[(i*s.T+k)*s.D+j]) {
						t.Fatalf("%s: %s row %d: %v want %v", who, st, row, v, s.X[(i*s.T+k)*s.D+j])
					}
				}
				for p, pn := range d.ParamNames {
					if v := num(pn); v != s.Params[i*P+p] {
						t.Fatalf("%s: %s row %d: %v", who, pn, row, v)
					}
				}
				row++
			}
		}
	}
	if got.NumRows != row {
		t.Fatalf("%s: %d rows, want %d", who, got.NumRows, row)
	}
	if got.Metadata["spec"] != d.Provenance["spec"] || got.Metadata["system"] != "msd" {
		t.Fatalf("%s: metadata spec/system: %q %q", who, got.Metadata["system"], got.Metadata["spec"])
	}
}

func TestArrowJSReadsArrow(t *testing.T) {
	node, dir := clienttest.JSClients(t, "apache-arrow")
	d := clientData(t)
	path := filepath.Join(t.TempDir(), "d.arrow")
	if err := Write(d, path, WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	var got jsTable
	clienttest.RunJSON(t, &got, node, filepath.Join(dir, "read_arrow.mjs"), path)
	checkLongTable(t, "arrow js", got, d, []string{"train", "test"})
}

func TestDuckDBReadsParquet(t *testing.T) {
	node, dir := clienttest.JSClients(t, "@duckdb/node-api")
	d := clientData(t)
	path := filepath.Join(t.TempDir(), "d.parquet")
	if err := Write(d, path, WriteOptions{Compress: true}); err != nil {
		t.Fatal(err)
	}
	var got jsTable
	clienttest.RunJSON(t, &got, node, filepath.Join(dir, "read_parquet.mjs"), path, "split, traj, step")
	checkLongTable(t, "duckdb", got, d, []string{"test", "train"})
}

// Parquet shards of one run, in one folder, read as one table in DuckDB and as one dataset
// in warpkit, equal to the unsharded run.
func TestParquetShardFolder(t *testing.T) {
	s := smallMSD(t, 7, 3)
	whole := gen(t, s, GenerateOptions{})
	dir := t.TempDir()
	for i := range 3 {
		part := gen(t, s, GenerateOptions{Shard: Shard{Index: i, Count: 3}})
		if err := Write(part, filepath.Join(dir, "part-"+string(rune('0'+i))+".parquet"), WriteOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	m, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	equalDatasets(t, "parquet shard folder", whole, m)
	node, js := clienttest.JSClients(t, "@duckdb/node-api")
	var got jsTable
	clienttest.RunJSON(t, &got, node, filepath.Join(js, "read_parquet.mjs"), filepath.Join(dir, "*.parquet"), "split, traj, step")
	checkLongTable(t, "duckdb shard folder", got, whole, []string{"test", "train"})
}
