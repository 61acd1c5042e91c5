package npy

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/warpkit/warpkit/datasets/traj"
	"github.com/warpkit/warpkit/datasets/traj/trajtest"
)

// The bytes numpy 1.24 writes for np.save(f, np.array([[1.5, -2.0]])) (version 1.0, header
// padded so the data start at byte 64).
var numpyOneByTwo = "\x93NUMPY\x01\x00v\x00{'descr': '<f8', 'fortran_order': False, 'shape': (1, 2), }" +
	strings.Repeat(" ", 58) + "\n" +
	"\x00\x00\x00\x00\x00\x00\xf8\x3f\x00\x00\x00\x00\x00\x00\x00\xc0"

func TestWriteMatchesNumpy(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, []int{1, 2}, []float64{1.5, -2}); err != nil {
		t.Fatal(err)
	}
	if buf.String() != numpyOneByTwo {
		t.Fatalf("got %q\nwant %q", buf.String(), numpyOneByTwo)
	}
	if err := Write(&buf, []int{3}, []float64{1}); err == nil {
		t.Error("shape (3,) with 1 value accepted")
	}
}

func TestReadHeaderForms(t *testing.T) {
	for _, c := range []struct {
		header string
		want   Header
		err    string
	}{
		{`{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }`, Header{Descr: "<f8", Shape: []int{2, 3}}, ""},
		{`{"shape": (4,), "fortran_order": True, "descr": ">i4"}`, Header{Descr: ">i4", Shape: []int{4}, Fortran: true}, ""},
		{`{'descr': '<U7', 'fortran_order': False, 'shape': (), }`, Header{Descr: "<U7", Shape: []int{}}, ""},
		{`{'descr': '<f8', 'shape': (2L, 3L)}`, Header{Descr: "<f8", Shape: []int{2, 3}}, ""},
		{`{'descr': '<f8', 'fortran_order': False}`, Header{}, "lacks descr or shape"},
		{`{'descr': '<f8', 'shape': (-1,)}`, Header{}, `bad dimension "-1"`},
		{`{'descr': '<f8', 'shape': (1,), 'extra': 1}`, Header{}, `unexpected key "extra"`},
		{`['descr']`, Header{}, "is not a dict"},
	} {
		b := append([]byte(Magic+"\x01\x00"), byte(len(c.header)), 0)
		b = append(b, c.header...)
		h, err := ReadHeader(bytes.NewReader(b), int64(len(b)))
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%s: error %v, want %q", c.header, err, c.err)
			}
			continue
		}
		if err != nil || h.Descr != c.want.Descr || !slices.Equal(h.Shape, c.want.Shape) || h.Fortran != c.want.Fortran {
			t.Errorf("%s: %+v, %v; want %+v", c.header, h, err, c.want)
		}
	}
}

// A Fortran-ordered big-endian int16 array reads back in C order: element [i][j] of a 2×3
// array stored column by column sits at 2·j + i.
func TestReadFortranBigEndian(t *testing.T) {
	h := `{'descr': '>i2', 'fortran_order': True, 'shape': (2, 3), }`
	b := append([]byte(Magic+"\x01\x00"), byte(len(h)), 0)
	b = append(b, h...)
	for _, v := range []int16{0, 10, 1, 11, 2, -12} { // column-major [[0 1 2] [10 11 -12]]
		b = append(b, byte(uint16(v)>>8), byte(v))
	}
	a, err := Read(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	if want := []float64{0, 1, 2, 10, 11, -12}; !slices.Equal(a.F64, want) {
		t.Fatalf("got %v, want %v", a.F64, want)
	}
}

func TestRoundTripNPZ(t *testing.T) {
	for _, d := range []*traj.Set{trajtest.HandMade(), trajtest.Tiny()} {
		for _, deflate := range []bool{false, true} {
			var buf bytes.Buffer
			if err := WriteNPZ(&buf, d, deflate); err != nil {
				t.Fatal(err)
			}
			got, err := ReadNPZ(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
			if err != nil {
				t.Fatal(err)
			}
			trajtest.Equal(t, d.Name+" npz", d, got)
		}
	}
}

// An npy set round-trips through its sidecar and through any of its members; a refused
// overwrite leaves every file as it was.
func TestRoundTripSet(t *testing.T) {
	dir := t.TempDir()
	d := trajtest.HandMade()
	prefix := filepath.Join(dir, "run")
	if err := WriteSet(d, prefix, false); err != nil {
		t.Fatal(err)
	}
	got, err := ReadSet(prefix + ".json")
	if err != nil {
		t.Fatal(err)
	}
	trajtest.Equal(t, "npy set", d, got)
	member := prefix + "_test_y0.npy"
	b, err := os.ReadFile(member)
	if err != nil {
		t.Fatal(err)
	}
	got, err = ReadFile(bytes.NewReader(b), int64(len(b)), member)
	if err != nil {
		t.Fatal(err)
	}
	trajtest.Equal(t, "npy set via a member", d, got)

	files, _ := filepath.Glob(filepath.Join(dir, "*"))
	if len(files) != 8 { // train: 4 arrays, test: 3 (no params), the sidecar
		t.Fatalf("files %v", files)
	}
	if err := WriteSet(trajtest.Tiny(), prefix, false); err == nil || !strings.Contains(err.Error(), "run_train.npy: exists") {
		t.Fatalf("overwrite without force: %v", err)
	}
	got, err = ReadSet(prefix + ".json")
	if err != nil {
		t.Fatal(err)
	}
	trajtest.Equal(t, "npy set after a refused overwrite", d, got)
}

// A lone array is split train of a dataset named by its file, on a uniform grid; a (T, D)
// array is one trajectory.
func TestReadLoneArray(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, []int{3, 2}, []float64{1, 2, 3, 4, 5, 6}); err != nil {
		t.Fatal(err)
	}
	got, err := ReadFile(bytes.NewReader(buf.Bytes()), int64(buf.Len()), "/nowhere/my_data.npy")
	if err != nil {
		t.Fatal(err)
	}
	want := &traj.Set{
		Meta:   traj.Meta{Provenance: map[string]string{"times.train": "not stored; assumed uniform on [0, 1]"}},
		Splits: []*traj.Split{{Name: "train", N: 1, T: 3, D: 2, X: []float64{1, 2, 3, 4, 5, 6}, Times: []float64{0, 0.5, 1}}},
	}
	trajtest.Equal(t, "lone array", want, got)
}
