package h5

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
)

// TestRoundTrip reads the sample back with this package. It complements, and does
// not replace, the h5py and h5dump checks: it runs where those clients are missing.
func TestRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sample.h5")
	want, attrs := writeSample(t, path)
	f, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for p, w := range want {
		ds, err := f.Root().Dataset(p)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(ds.Shape(), w.shape) || ds.Dtype() != w.dtype {
			t.Errorf("%s: shape %v dtype %s, wrote %v %s", p, ds.Shape(), ds.Dtype(), w.shape, w.dtype)
		}
		v, err := ds.ReadFloat64()
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		if w.dtype == "int64" || w.dtype == "int32" {
			iv, err := ds.ReadInt64()
			if err != nil {
				t.Fatal(err)
			}
			got = mapf(iv, fmtInt)
		} else {
			got = mapf(v, fmtFloat)
		}
		if err := sameElems(got, w.elements); err != nil {
			t.Errorf("%s: %v", p, err)
		}
	}
	root, err := f.Root().Attrs()
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range attrs["/"] {
		_, _, we, _ := flatten(v)
		_, _, ge, err := flatten(root[k])
		if err != nil || sameElems(ge, we) != nil {
			t.Errorf("attribute %s: got %v, wrote %v", k, root[k], v)
		}
	}
}

func TestCloseRenamesAbortRemoves(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.h5")
	f, err := Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Root().WriteDataset("x", []int{2}, []float64{1, 2}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("final file exists before Close: %v", err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); err != nil {
		t.Errorf("after Close: %v", err)
	}
	g, err := Create(filepath.Join(dir, "aborted.h5"))
	if err != nil {
		t.Fatal(err)
	}
	g.Abort()
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("after Abort the folder holds %d entries, want only out.h5", len(entries))
	}
	if err := f.Root().SetAttr("late", 1.0); err == nil {
		t.Error("SetAttr after Close succeeded")
	}
}

func TestWriteRejectsBadInput(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bad.h5")
	f, err := Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Abort()
	root := f.Root()
	if err := root.WriteDataset("ok", []int{1}, []float64{1}, nil); err != nil {
		t.Fatal(err)
	}
	big := strings.Repeat("x", 70000)
	cases := []struct {
		name string
		err  error
		want string
	}{
		{"shape", root.WriteDataset("a", []int{2, 2}, []float64{1, 2, 3}, nil), "needs 4 values"},
		{"type", root.WriteDataset("a", []int{1}, []string{"x"}, nil), "not supported"},
		{"duplicate", root.WriteDataset("ok", []int{1}, []float64{1}, nil), "already exists"},
		{"slash", root.WriteDataset("a/b", []int{1}, []float64{1}, nil), "contains '/'"},
		{"negative", root.WriteDataset("a", []int{-1}, []float64{}, nil), "negative"},
		{"chunk", root.WriteDataset("a", []int{2}, []float64{1, 2}, &DatasetOptions{Chunk: []int{3}}), "within shape"},
		{"level", root.WriteDataset("a", []int{2}, []float64{1, 2}, &DatasetOptions{Deflate: 10}), "deflate level"},
		{"attr type", root.SetAttr("a", map[string]int{}), "not supported"},
		{"attr size", root.SetAttr("a", big), ""},
		{"attr name", root.SetAttr("", 1.0), "empty"},
	}
	for _, c := range cases[:len(cases)-2] {
		if c.err == nil || !strings.Contains(c.err.Error(), c.want) || !strings.Contains(c.err.Error(), path) {
			t.Errorf("%s: error %v, want one naming %s and containing %q", c.name, c.err, path, c.want)
		}
	}
	if c := cases[len(cases)-1]; c.err == nil {
		t.Errorf("%s: no error", c.name)
	}
	// A string attribute lives in the global heap, so size alone is no obstacle; an
	// oversized numeric array is refused at Close, naming the object.
	if err := root.SetAttr("huge", make([]float64, 9000)); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err == nil || !strings.Contains(err.Error(), "huge") {
		t.Errorf("Close with a 72 KB attribute: %v", err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("failed Close left %s behind: %v", path, err)
	}
}

// writeFile creates path, lets fill write into its root group, closes it and returns its bytes,
// failing the test on any error.
func writeFile(t *testing.T, path string, fill func(root *Group) error) []byte {
	t.Helper()
	f, err := Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := fill(f.Root()); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestSameBytesAnyGoroutineCount: chunks are compressed in parallel, yet the file must
// not depend on how many goroutines did it.
func TestSameBytesAnyGoroutineCount(t *testing.T) {
	dir := t.TempDir()
	var files [][]byte
	for _, procs := range []int{1, 3} {
		old := runtime.GOMAXPROCS(procs)
		b := writeFile(t, filepath.Join(dir, fmt.Sprintf("p%d.h5", procs)), func(root *Group) error {
			return root.WriteDataset("x", []int{40, 30, 2}, ramp(2400, 1), &DatasetOptions{Chunk: []int{7, 30, 2}, Deflate: 5, Shuffle: true})
		})
		runtime.GOMAXPROCS(old)
		files = append(files, b)
	}
	if !bytes.Equal(files[0], files[1]) {
		t.Error("files written with 1 and 3 goroutines differ")
	}
}
