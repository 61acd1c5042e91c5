package npy

import (
	"bytes"
	"testing"

	"github.com/warpkit/warpkit/datasets/traj/trajtest"
)

// The readers take files from users; damaged input must give an error, never a panic or an
// allocation the file cannot back. Seeds are files the writers produce; the corpus the fuzzer
// found interesting is committed under testdata/fuzz and runs with every go test. Run
// FuzzReadNPZ with a bounded minimizer (-fuzzminimizetime 200x), as the table targets in
// datasets/tablefile explain.

func FuzzRead(f *testing.F) {
	var buf bytes.Buffer
	Write(&buf, []int{1, 3, 2}, []float64{1, 2, 3, 4, 5, 6})
	f.Add(buf.Bytes())
	buf.Reset()
	WriteString(&buf, `{"name":"x"}`)
	f.Add(buf.Bytes())
	f.Add([]byte("\x93NUMPY\x01\x00\x46\x00{'descr': '>f4', 'fortran_order': True, 'shape': (2, 2, 1), }          \n\x00\x00\x00\x00\x3f\x80\x00\x00\x40\x00\x00\x00\x40\x40\x00\x00"))
	f.Fuzz(func(t *testing.T, b []byte) {
		a, err := Read(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			return
		}
		if n := product(a.Shape); (a.F64 != nil && len(a.F64) != n) || (a.Str != nil && len(a.Str) != n) {
			t.Fatalf("shape %v but %d/%d values", a.Shape, len(a.F64), len(a.Str))
		}
		if d, err := ReadFile(bytes.NewReader(b), int64(len(b)), "fuzz.npy"); err == nil {
			trajtest.CheckShapes(t, d)
		}
	})
}

// npzSeeds is HandMade and Tiny as .npz, the second deflated.
func npzSeeds(t testing.TB) [][]byte { return trajtest.Encoded(t, WriteNPZ) }

func FuzzReadNPZ(f *testing.F) {
	for _, b := range npzSeeds(f) {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if d, err := ReadNPZ(bytes.NewReader(b), int64(len(b))); err == nil {
			trajtest.CheckShapes(t, d)
		}
	})
}

func TestDamagedNPZGivesErrors(t *testing.T) {
	trajtest.Damage(t, npzSeeds(t), 1500, func(b []byte) error {
		_, err := ReadNPZ(bytes.NewReader(b), int64(len(b)))
		return err
	})
}
