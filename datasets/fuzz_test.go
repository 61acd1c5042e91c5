package datasets

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// The readers take files from users; damaged input must give an error, never a panic or an
// allocation the file cannot back. Seeds are files the writers produce; the corpus the fuzzer
// found interesting is committed under testdata/fuzz and runs with every go test.
//
// Run the NPZ, Arrow and Parquet targets with a bounded minimizer, for instance
//
//	go test -run '^$' -fuzz '^FuzzOpenParquet$' -fuzztime 60s -fuzzminimizetime 200x ./datasets
//
// With the default (60 s per new input), each exec of a minimization compares coverage over
// the large arrow-go and parquet instrumentation, so minimizing takes minutes while the
// status line shows 0 execs/s (golang/go#51484); bounded, they run at about 2,000 execs/s here.

func seedFiles(f *testing.F, format Format) {
	dir := f.TempDir()
	for i, d := range []*Dataset{handMade(), tinyDataset()} {
		path := filepath.Join(dir, string(rune('a'+i))+"."+string(format))
		if err := Write(d, path, WriteOptions{Format: format, Compress: i == 1}); err != nil {
			f.Fatal(err)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
}

// tinyDataset is a one-trajectory dataset without parameters or y0, to keep seeds small.
func tinyDataset() *Dataset {
	d := &Dataset{Name: "tiny", States: []string{"x"}, Splits: map[string]*Split{
		"train": {Name: "train", N: 1, T: 3, D: 1, X: []float64{1, 2, 3}, Times: []float64{0, 0.5, 1}},
	}}
	d.Normalize()
	return d
}

func FuzzOpenNPY(f *testing.F) {
	var buf bytes.Buffer
	writeNPY(&buf, []int{1, 3, 2}, []float64{1, 2, 3, 4, 5, 6})
	f.Add(buf.Bytes())
	buf.Reset()
	writeNPYString(&buf, `{"name":"x"}`)
	f.Add(buf.Bytes())
	f.Add([]byte("\x93NUMPY\x01\x00\x46\x00{'descr': '>f4', 'fortran_order': True, 'shape': (2, 2, 1), }          \n\x00\x00\x00\x00\x3f\x80\x00\x00\x40\x00\x00\x00\x40\x40\x00\x00"))
	f.Fuzz(func(t *testing.T, b []byte) {
		a, err := readNPY(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			return
		}
		if n := product(a.Shape); (a.F64 != nil && len(a.F64) != n) || (a.Str != nil && len(a.Str) != n) {
			t.Fatalf("shape %v but %d/%d values", a.Shape, len(a.F64), len(a.Str))
		}
		if d, err := readNPYFile(bytes.NewReader(b), int64(len(b)), "fuzz.npy"); err == nil {
			d.Check()
		}
	})
}

func FuzzOpenNPZ(f *testing.F) {
	seedFiles(f, FormatNPZ)
	f.Fuzz(func(t *testing.T, b []byte) {
		if d, err := readNPZ(bytes.NewReader(b), int64(len(b)), "fuzz.npz"); err == nil {
			d.Check()
		}
	})
}

func FuzzOpenArrow(f *testing.F) {
	seedFiles(f, FormatArrow)
	f.Fuzz(func(t *testing.T, b []byte) {
		if d, err := readArrow(bytes.NewReader(b), int64(len(b)), "fuzz.arrow"); err == nil {
			d.Check()
		}
	})
}

func FuzzOpenParquet(f *testing.F) {
	seedFiles(f, FormatParquet)
	f.Fuzz(func(t *testing.T, b []byte) {
		if d, err := readParquet(bytes.NewReader(b), int64(len(b)), "fuzz.parquet"); err == nil {
			d.Check()
		}
	})
}
