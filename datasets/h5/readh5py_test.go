package h5

import (
	"maps"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// walkGo lists every object under g by full path with its kind, as this package sees
// it. Like h5py's visititems it visits each group once, in name order, so a hard link
// back to an ancestor is not followed.
func walkGo(t *testing.T, g *Group, out map[string]string, seen map[uint64]bool) {
	t.Helper()
	out[g.Name()] = "group"
	seen[g.Addr()] = true
	for _, d := range g.Datasets() {
		out[joinPath(g.Name(), d)] = "dataset"
	}
	for _, name := range g.Groups() {
		c, err := g.Group(name)
		if err != nil {
			t.Fatal(err)
		}
		if !seen[c.Addr()] {
			walkGo(t, c, out, seen)
		}
	}
}

// checkAgainstH5py compares everything this package reads from path with h5py's view.
// skip lists object paths whose reading is expected to fail with an error containing
// the given text (features this package does not support).
func checkAgainstH5py(t *testing.T, path string, skip map[string]string) {
	py := h5pyDump(t, path)
	f, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got := map[string]string{}
	walkGo(t, f.Root(), got, map[uint64]bool{})
	want := map[string]string{}
	for p, o := range py {
		want[p] = o.Kind
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("objects differ:\n go   %v\n h5py %v", keys(got), keys(want))
	}
	for p, o := range py {
		var attrs map[string]any
		var err error
		if o.Kind == "group" {
			g, gerr := f.Root().Group(p)
			if p == "/" {
				g, gerr = f.Root(), nil
			}
			if gerr != nil {
				t.Errorf("%s: %v", p, gerr)
				continue
			}
			attrs, err = g.Attrs()
		} else {
			ds, derr := f.Root().Dataset(p)
			if derr != nil {
				t.Errorf("%s: %v", p, derr)
				continue
			}
			attrs, err = ds.Attrs()
			if msg, ok := skip[p]; ok {
				_, rerr := ds.ReadFloat64()
				if rerr == nil || !strings.Contains(rerr.Error(), msg) {
					t.Errorf("%s: want an error containing %q, got %v", p, msg, rerr)
				}
			} else {
				checkDataset(t, p, ds, o)
			}
		}
		if err != nil {
			t.Errorf("%s attributes: %v", p, err)
			continue
		}
		checkAttrs(t, p, attrs, o.Attrs)
	}
}

func keys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }

func checkAttrs(t *testing.T, p string, got map[string]any, want map[string]pyAttr) {
	t.Helper()
	if !reflect.DeepEqual(keys(got), keys(want)) {
		t.Errorf("%s: attributes %v, h5py has %v", p, keys(got), keys(want))
	}
	for name, w := range want {
		g, ok := got[name]
		if !ok {
			continue
		}
		kind, scalar, elems, err := flatten(g)
		if err != nil {
			t.Errorf("%s@%s: %v", p, name, err)
			continue
		}
		welems, err := pyElems(w.Kind, w.V)
		if err != nil {
			t.Fatal(err)
		}
		if kind != w.Kind || scalar != w.Scalar {
			t.Errorf("%s@%s: kind %s scalar %v, h5py says %s scalar %v", p, name, kind, scalar, w.Kind, w.Scalar)
		}
		if err := sameElems(elems, welems); err != nil {
			t.Errorf("%s@%s: %v", p, name, err)
		}
	}
}

func checkDataset(t *testing.T, p string, ds *Dataset, o pyObject) {
	t.Helper()
	if !reflect.DeepEqual(ds.Shape(), o.Shape) && !(len(ds.Shape()) == 0 && len(o.Shape) == 0) {
		t.Errorf("%s: shape %v, h5py %v", p, ds.Shape(), o.Shape)
	}
	if ds.Dtype() != o.Dtype {
		t.Errorf("%s: dtype %s, h5py %s", p, ds.Dtype(), o.Dtype)
	}
	if !reflect.DeepEqual(ds.Chunks(), o.Chunks) {
		t.Errorf("%s: chunks %v, h5py %v", p, ds.Chunks(), o.Chunks)
	}
	filters := strings.Join(ds.Filters(), ",")
	if gz := o.Compression != nil && *o.Compression == "gzip"; gz != strings.Contains(filters, "deflate") || o.Shuffle != strings.Contains(filters, "shuffle") {
		t.Errorf("%s: filters %q, h5py compression %v shuffle %v", p, filters, o.Compression, o.Shuffle)
	}
	want, err := pyElems(o.VKind, o.Values)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	switch o.VKind {
	case "str":
		got, err = ds.ReadStrings()
	case "float":
		var v []float64
		v, err = ds.ReadFloat64()
		got = mapf(v, fmtFloat)
	case "int":
		var v []int64
		v, err = ds.ReadInt64()
		got = mapf(v, func(i int64) string { return formatInt(i, ds.Dtype()) })
	}
	if err != nil {
		t.Errorf("%s: %v", p, err)
		return
	}
	if err := sameElems(got, want); err != nil {
		t.Errorf("%s: %v", p, err)
	}
}

// formatInt prints uint64 values above MaxInt64 the way numpy does.
func formatInt(i int64, dtype string) string {
	if dtype == "uint64" {
		return fmtUint(uint64(i))
	}
	return fmtInt(i)
}

// TestReadLikeH5py reads each file h5py wrote (and one warpkit wrote) and compares every object
// with what h5py read from it.
func TestReadLikeH5py(t *testing.T) {
	for _, name := range []string{
		"h5py_contiguous", "h5py_chunked", "h5py_latest", "warpkit_small", "h5py_userblock",
		"h5py_earray", "h5py_dense",
	} {
		t.Run(name, func(t *testing.T) {
			checkAgainstH5py(t, filepath.Join("testdata", name+".h5"), nil)
		})
	}
}
