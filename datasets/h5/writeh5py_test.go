package h5

import (
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/warpkit/warpkit/internal/clienttest"
)

// wantDataset is what a test wrote, to compare with what h5py reads back.
type wantDataset struct {
	shape    []int
	data     any
	opts     *DatasetOptions
	dtype    string
	chunks   []int // nil: contiguous
	gzip     int
	shuffle  bool
	attrs    map[string]any
	elements []string
}

func ramp(n int, scale float64) []float64 {
	v := make([]float64, n)
	for i := range v {
		v[i] = math.Sin(0.37*float64(i))*scale + 1e-3*float64(i)
	}
	return v
}

// writeSample writes a file exercising every writer feature and returns, by path,
// what each dataset should hold and the attributes of each object.
func writeSample(t *testing.T, path string) (map[string]*wantDataset, map[string]map[string]any) {
	t.Helper()
	f, err := Create(path)
	if err != nil {
		t.Fatal(err)
	}
	root := f.Root()
	rootAttrs := map[string]any{
		"title":   "warpkit ✓ dataset",
		"states":  []string{"x", "v", ""},
		"dt":      0.01,
		"params":  []float64{0.5, -1.25, 1e-300},
		"seed":    int64(-42),
		"counts":  []int64{1, 2, math.MaxInt64},
		"n":       7,
		"ns":      []int{3, 4},
		"f32":     float32(1.5),
		"i32s":    []int32{-1, 1},
		"empty":   "",
		"replace": "first",
	}
	for _, k := range keys(rootAttrs) {
		if err := root.SetAttr(k, rootAttrs[k]); err != nil {
			t.Fatal(err)
		}
	}
	if err := root.SetAttr("replace", "second"); err != nil {
		t.Fatal(err)
	}
	rootAttrs["replace"] = "second"
	rootAttrs["n"] = int64(7)
	rootAttrs["ns"] = []int64{3, 4}

	train, err := root.CreateGroup("train")
	if err != nil {
		t.Fatal(err)
	}
	sub, err := train.CreateGroup("sub")
	if err != nil {
		t.Fatal(err)
	}
	if err := sub.SetAttr("note", "nested"); err != nil {
		t.Fatal(err)
	}
	if _, err := root.CreateGroup("empty_group"); err != nil {
		t.Fatal(err)
	}
	want := map[string]*wantDataset{
		"/train/x":       {shape: []int{5, 7, 2}, data: ramp(70, 3)},
		"/train/x32":     {shape: []int{3, 4}, data: f32(ramp(12, 2))},
		"/train/ids":     {shape: []int{4}, data: []int64{math.MinInt64, -1, 0, math.MaxInt64}},
		"/train/i32":     {shape: []int{2, 2}, data: []int32{math.MinInt32, -5, 5, math.MaxInt32}},
		"/train/sub/sc":  {shape: []int{}, data: []float64{6.25}},
		"/empty":         {shape: []int{0, 3}, data: []float64{}},
		"/empty_gzip":    {shape: []int{4, 0}, data: []float32{}, opts: &DatasetOptions{Chunk: []int{2, 1}, Deflate: 3}},
		"/chunked":       {shape: []int{9, 7, 2}, data: ramp(126, 1), opts: &DatasetOptions{Chunk: []int{4, 3, 2}, Deflate: 6, Attrs: map[string]any{"unit": "m", "scale": 2.0}}, chunks: []int{4, 3, 2}, gzip: 6},
		"/shuffled":      {shape: []int{50, 3}, data: f32(ramp(150, 5)), opts: &DatasetOptions{Chunk: []int{16, 3}, Deflate: 1, Shuffle: true}, chunks: []int{16, 3}, gzip: 1, shuffle: true},
		"/default_chunk": {shape: []int{600, 256, 2}, data: ramp(600*256*2, 1), opts: &DatasetOptions{Deflate: 4}, chunks: []int{150, 256, 2}, gzip: 4},
		"/deep":          {shape: []int{500}, data: ramp(500, 1), opts: &DatasetOptions{Chunk: []int{3}}, chunks: []int{3}},
		// 4500 chunks: more than 64*64, so the chunk B-tree has three levels.
		"/deeper": {shape: []int{4500}, data: iota32(4500), opts: &DatasetOptions{Chunk: []int{1}}, chunks: []int{1}},
	}
	many, err := root.CreateGroup("many")
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 300; i++ { // past one B-tree node of symbol-table nodes
		want[fmt.Sprintf("/many/d%03d", i)] = &wantDataset{shape: []int{1}, data: []int32{int32(i)}}
	}
	for _, p := range keys(want) {
		w := want[p]
		g := root
		dir, name := filepath.Split(p)
		if dir != "/" {
			g, err = root.Group(dir)
			if err != nil {
				t.Fatal(err)
			}
		}
		if err := g.WriteDataset(name, w.shape, w.data, w.opts); err != nil {
			t.Fatal(err)
		}
		if w.opts != nil {
			w.attrs = w.opts.Attrs
		}
		_, w.dtype, w.elements = describe(w.data)
	}
	_ = many
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return want, map[string]map[string]any{"/": rootAttrs, "/train/sub": {"note": "nested"}}
}

func iota32(n int) []int32 {
	v := make([]int32, n)
	for i := range v {
		v[i] = int32(i*7 - n)
	}
	return v
}

func f32(v []float64) []float32 {
	out := make([]float32, len(v))
	for i, x := range v {
		out[i] = float32(x)
	}
	return out
}

// describe gives the dump's value kind, numpy dtype and element strings for data.
func describe(data any) (string, string, []string) {
	switch v := data.(type) {
	case []float64:
		return "float", "float64", mapf(v, fmtFloat)
	case []float32:
		return "float", "float32", mapf(v, func(x float32) string { return fmtFloat(float64(x)) })
	case []int64:
		return "int", "int64", mapf(v, fmtInt)
	case []int32:
		return "int", "int32", mapf(v, func(x int32) string { return fmtInt(int64(x)) })
	}
	panic(fmt.Sprintf("describe: %T", data))
}

func TestWriteReadByH5py(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sample.h5")
	want, attrs := writeSample(t, path)
	py := h5pyDump(t, path)
	groups := []string{"/", "/train", "/train/sub", "/empty_group", "/many"}
	if len(py) != len(want)+len(groups) {
		t.Errorf("h5py sees %d objects, wrote %d", len(py), len(want)+len(groups))
	}
	for _, g := range groups {
		if py[g].Kind != "group" {
			t.Errorf("%s: h5py sees kind %q", g, py[g].Kind)
		}
	}
	for p, a := range attrs {
		checkAttrs(t, p, a, py[p].Attrs)
	}
	for p, w := range want {
		o, ok := py[p]
		if !ok || o.Kind != "dataset" {
			t.Errorf("%s: h5py sees %+v", p, o.Kind)
			continue
		}
		if !reflect.DeepEqual(o.Shape, w.shape) {
			t.Errorf("%s: h5py shape %v, wrote %v", p, o.Shape, w.shape)
		}
		if o.Dtype != w.dtype {
			t.Errorf("%s: h5py dtype %s, wrote %s", p, o.Dtype, w.dtype)
		}
		got, err := pyElems(o.VKind, o.Values)
		if err != nil {
			t.Fatal(err)
		}
		if err := sameElems(got, w.elements); err != nil {
			t.Errorf("%s: %v", p, err)
		}
		if !reflect.DeepEqual(o.Chunks, w.chunks) {
			t.Errorf("%s: h5py chunks %v, wrote %v", p, o.Chunks, w.chunks)
		}
		if w.gzip > 0 && (o.Compression == nil || *o.Compression != "gzip" || o.CompressionOpts == nil || *o.CompressionOpts != w.gzip) {
			t.Errorf("%s: h5py compression %v %v, wrote gzip %d", p, o.Compression, o.CompressionOpts, w.gzip)
		}
		if w.gzip == 0 && o.Compression != nil {
			t.Errorf("%s: h5py reports compression %q, wrote none", p, *o.Compression)
		}
		if o.Shuffle != w.shuffle {
			t.Errorf("%s: h5py shuffle %v, wrote %v", p, o.Shuffle, w.shuffle)
		}
		checkAttrs(t, p, w.attrs, o.Attrs)
	}
}

// TestH5pyAppendsToWarpkitFile has the HDF5 library itself grow a warpkit file (new
// group members force the symbol table's heap and B-tree to grow), then checks that
// both h5py and this package read the result alike.
func TestH5pyAppendsToWarpkitFile(t *testing.T) {
	py := clienttest.RequirePython(t, "h5py", "numpy")
	path := filepath.Join(t.TempDir(), "small.h5")
	b, err := os.ReadFile(filepath.Join("testdata", "warpkit_small.h5"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	script := `
import sys, h5py, numpy as np
with h5py.File(sys.argv[1], "a") as f:
    f.attrs["appended"] = "yes"
    for i in range(20):
        f["train"].create_dataset("extra%02d" % i, data=np.arange(i + 1, dtype="<f8"))
    del f["train/trajectories"]
`
	if out, err := exec.Command(py, "-c", script, path).CombinedOutput(); err != nil {
		t.Fatalf("h5py could not append: %v\n%s", err, out)
	}
	checkAgainstH5py(t, path, nil)
}
