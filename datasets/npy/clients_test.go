package npy

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/warpkit/warpkit/datasets/traj"
	"github.com/warpkit/warpkit/datasets/traj/trajtest"
	"github.com/warpkit/warpkit/internal/clienttest"
)

// These tests read warpkit's files with numpy and compare every value bit for bit with what
// was written, and read files numpy wrote.

type npArray struct {
	Shape  []int     `json:"shape"`
	Dtype  string    `json:"dtype"`
	Values []float64 `json:"values"`
	Str    *string   `json:"str"`
}

func TestNumpyReadsNPZAndNPY(t *testing.T) {
	py := clienttest.RequirePython(t, "numpy")
	d := trajtest.HandMade()
	dir := t.TempDir()
	npz := filepath.Join(dir, "d.npz")
	f, err := os.Create(npz)
	if err != nil {
		t.Fatal(err)
	}
	if err := WriteNPZ(f, d, true); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if err := WriteSet(d, filepath.Join(dir, "set"), false); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "set_*.npy"))
	var got map[string]map[string]npArray
	clienttest.RunJSON(t, &got, py, append([]string{"testdata/dump_numpy.py", npz}, files...)...)
	z := got["d.npz"]
	arrays := 0
	for _, s := range d.Splits {
		for key, want := range map[string][]float64{"trajectories": s.X, "t": s.Times, "params": s.Params, "y0": s.Y0} {
			a, ok := z[s.Name+"_"+key]
			if want == nil {
				if ok {
					t.Fatalf("npz has %s_%s, which the set lacks", s.Name, key)
				}
				continue
			}
			arrays++
			if a.Dtype != "float64" {
				t.Fatalf("%s_%s dtype %q", s.Name, key, a.Dtype)
			}
			clienttest.SameBits(t, "npz "+s.Name+"_"+key, a.Values, want)
			m := got["set_"+s.Name+setSuffix[key]+".npy"][""]
			clienttest.SameBits(t, "npy "+s.Name+" "+key, m.Values, want)
		}
		if sh := z[s.Name+"_trajectories"].Shape; !slices.Equal(sh, []int{s.N, s.T, s.D}) {
			t.Fatalf("shape %v", sh)
		}
	}
	if arrays != len(files) || len(z) != arrays+1 {
		t.Fatalf("%d arrays written, numpy sees %d in the npz and %d npy files", arrays, len(z), len(files))
	}
	p := z["provenance"].Str
	if p == nil {
		t.Fatal("no provenance string")
	}
	var m traj.Meta
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
	read := func(name string) *traj.Set {
		path := filepath.Join(dir, name)
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		d, err := ReadFile(bytes.NewReader(b), int64(len(b)), path)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	for _, f := range []string{"c.npy", "f.npy", "be.npy"} {
		clienttest.SameBits(t, f, read(f).Splits[0].X, want)
	}
	for i, v := range read("f4.npy").Splits[0].X {
		if v != float64(float32(want[i])) {
			t.Fatalf("f4[%d] = %v", i, v)
		}
	}
	b, err := os.ReadFile(filepath.Join(dir, "u.npz"))
	if err != nil {
		t.Fatal(err)
	}
	u, err := ReadNPZ(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	if len(u.Splits) != 2 || u.Splits[0].Name != "run1" || u.Splits[1].Name != "run2" || u.Splits[1].N != 1 {
		t.Fatalf("user npz splits %+v", u.Splits)
	}
	clienttest.SameBits(t, "run1", u.Splits[0].X, want)
}
