package h5

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// readAll reads every object, attribute and value in f and returns the first error.
func readAll(f *File) error {
	// A damaged file may link a group into itself; visit each group once.
	seen := map[uint64]bool{}
	var walk func(g *Group, depth int) error
	walk = func(g *Group, depth int) error {
		if depth > 16 || seen[g.Addr()] {
			return nil
		}
		seen[g.Addr()] = true
		if _, err := g.Attrs(); err != nil {
			return err
		}
		for _, name := range g.Datasets() {
			ds, err := g.Dataset(name)
			if err != nil {
				return err
			}
			if _, err := ds.Attrs(); err != nil {
				return err
			}
			if ds.Dtype() == "string" {
				_, err = ds.ReadStrings()
			} else {
				_, err = ds.ReadFloat64()
			}
			if err != nil {
				return err
			}
		}
		for _, name := range g.Groups() {
			c, err := g.Group(name)
			if err != nil {
				return err
			}
			if err := walk(c, depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	return walk(f.Root(), 0)
}

// openBytes opens b and reads everything in it.
func openBytes(b []byte) error {
	f, err := OpenReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return err
	}
	return readAll(f)
}

// seedFiles returns the committed test files: h5py-made and warpkit-made.
func seedFiles(t testing.TB) map[string][]byte {
	t.Helper()
	names, err := filepath.Glob(filepath.Join("testdata", "*.h5"))
	if err != nil || len(names) == 0 {
		t.Fatalf("no testdata/*.h5 files (%v)", err)
	}
	out := map[string][]byte{}
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		out[n] = b
	}
	return out
}

func TestSeedFilesReadCleanly(t *testing.T) {
	for name, b := range seedFiles(t) {
		if strings.Contains(name, "unsupported") {
			continue
		}
		if err := openBytes(b); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestTruncatedFilesFail(t *testing.T) {
	for name, b := range seedFiles(t) {
		for _, n := range []int{0, 7, 50, 95, len(b) / 2, len(b) - 1} {
			if err := openBytes(b[:n]); err == nil {
				t.Errorf("%s cut to %d bytes: no error", name, n)
			}
		}
		// Every cut must at least return without panicking.
		step := max(1, len(b)/400)
		for n := 0; n < len(b); n += step {
			openBytes(b[:n])
		}
	}
}

func TestFlippedBytesDoNotPanic(t *testing.T) {
	for name, b := range seedFiles(t) {
		step := max(1, len(b)/300)
		for i := 0; i < len(b); i += step {
			for _, mask := range []byte{0x01, 0x80, 0xff} {
				c := bytes.Clone(b)
				c[i] ^= mask
				openBytes(c) // an error or wrong values are fine; a panic is not
			}
		}
		c := bytes.Clone(b)
		c[bytes.Index(c, signature)+1] ^= 0xff
		if err := openBytes(c); err == nil || !strings.Contains(err.Error(), "signature") {
			t.Errorf("%s with a damaged signature: %v", name, err)
		}
	}
}

// openTestdata reads testdata/name and opens it from memory, so a test can damage a copy of b.
func openTestdata(t *testing.T, name string) ([]byte, *File) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	f, err := OpenReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	return b, f
}

func TestErrorsNameFileAndObject(t *testing.T) {
	b, f := openTestdata(t, "h5py_chunked.h5")
	if _, err := f.Root().Dataset("nope/x"); err == nil || !strings.Contains(err.Error(), "/nope") {
		t.Errorf("missing group: %v", err)
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "cut.h5")
	if err := os.WriteFile(p, b[:len(b)-3000], 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := Open(p)
	if err == nil {
		err = readAll(f)
	}
	if err == nil || !strings.Contains(err.Error(), p) {
		t.Errorf("truncated file: error %v does not name %s", err, p)
	}
}

func TestUnsupportedFeaturesAreNamed(t *testing.T) {
	path := filepath.Join("testdata", "h5py_unsupported.h5")
	f, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	_, err = f.Root().Dataset("opaque")
	wantErr(t, err, path, "/opaque", "datatype class 5 not supported")
	_, err = f.Root().Dataset("compound")
	wantErr(t, err, path, "/compound", "datatype class 6 not supported")
}

func wantErr(t *testing.T, err error, parts ...string) {
	t.Helper()
	if err == nil {
		t.Errorf("no error, want one mentioning %q", parts)
		return
	}
	for _, p := range parts {
		if !strings.Contains(err.Error(), p) {
			t.Errorf("error %q lacks %q", err, p)
		}
	}
}

// TestFletcher32DetectsCorruption flips one data byte inside a checksummed chunk that
// h5py wrote: the checksum that matched before must now fail.
func TestFletcher32DetectsCorruption(t *testing.T) {
	b, f := openTestdata(t, "h5py_chunked.h5")
	ds, err := f.Root().Dataset("fletcher")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ds.ReadFloat64(); err != nil {
		t.Fatalf("intact file: %v", err)
	}
	refs, err := ds.chunkRefs(32)
	if err != nil || len(refs) == 0 {
		t.Fatalf("chunk index: %v (%d chunks)", err, len(refs))
	}
	c := bytes.Clone(b)
	c[refs[0].addr+3] ^= 0x10
	f, err = OpenReader(bytes.NewReader(c), int64(len(c)))
	if err != nil {
		t.Fatal(err)
	}
	ds, err = f.Root().Dataset("fletcher")
	if err != nil {
		t.Fatal(err)
	}
	_, err = ds.ReadFloat64()
	wantErr(t, err, "/fletcher", "fletcher32: checksum")
}

// TestForgedSizeIsRefused makes dataspaces claim 2^40 more rows: the reader must
// refuse before allocating, naming the dataset, for contiguous and chunked layouts.
func TestForgedSizeIsRefused(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "warpkit_small.h5"))
	if err != nil {
		t.Fatal(err)
	}
	dims := (&enc{})
	for _, d := range []uint64{3, 5, 2, 3, 5, 2} { // /train/trajectories: dims, max dims
		dims.u64(d)
	}
	// Both datasets under /train have this shape; patch each: 3 rows become 3 + 2^40.
	c := bytes.Clone(b)
	n := 0
	for i := bytes.Index(c, dims.b); i >= 0; i = bytes.Index(c, dims.b) {
		c[i+5] = 1
		n++
	}
	if n != 2 {
		t.Fatalf("found %d dataspaces of shape (3, 5, 2), want 2", n)
	}
	f, err := OpenReader(bytes.NewReader(c), int64(len(c)))
	if err != nil {
		t.Fatal(err)
	}
	ds, err := f.Root().Dataset("train/trajectories")
	if err != nil {
		t.Fatal(err)
	}
	if got := ds.Shape(); got[0] != 3+1<<40 {
		t.Fatalf("patched shape %v", got)
	}
	_, err = ds.ReadFloat64()
	wantErr(t, err, "/train/trajectories", "larger than this")
	ds, err = f.Root().Dataset("train/packed")
	if err != nil {
		t.Fatal(err)
	}
	_, err = ds.ReadFloat64()
	wantErr(t, err, "/train/packed", "larger than this")
}
