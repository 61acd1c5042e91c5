package tablefile

import (
	"bytes"
	"io"
	"testing"

	"github.com/warpkit/warpkit/datasets/traj"
	"github.com/warpkit/warpkit/datasets/traj/trajtest"
)

// The readers take files from users; damaged input must give an error, never a panic or an
// allocation the file cannot back. Seeds are files the writers produce; the corpus the fuzzer
// found interesting is committed under testdata/fuzz and runs with every go test. Run a target
// with a bounded minimizer, for instance
//
//	go test -run '^$' -fuzz '^FuzzReadParquet$' -fuzztime 60s -fuzzminimizetime 200x ./datasets/tablefile
//
// With the default (60 s per new input), each exec of a minimization compares coverage over
// the large arrow-go and parquet instrumentation, so minimizing takes minutes while the
// status line shows 0 execs/s (golang/go#51484); bounded, they run at about 2,000 execs/s here.

func seeds(f *testing.F, write func(w io.Writer, d *traj.Set, compress bool) error) {
	for _, b := range trajtest.Encoded(f, write) {
		f.Add(b)
	}
}

func FuzzReadArrow(f *testing.F) {
	seeds(f, func(w io.Writer, d *traj.Set, _ bool) error { return WriteArrow(w, d) })
	f.Fuzz(func(t *testing.T, b []byte) {
		if d, err := ReadArrow(bytes.NewReader(b), int64(len(b))); err == nil {
			trajtest.CheckShapes(t, d)
		}
	})
}

func FuzzReadParquet(f *testing.F) {
	seeds(f, WriteParquet)
	f.Fuzz(func(t *testing.T, b []byte) {
		if d, err := ReadParquet(bytes.NewReader(b), int64(len(b))); err == nil {
			trajtest.CheckShapes(t, d)
		}
	})
}

// TestDamagedFilesGiveErrors found an unbounded allocation in the Arrow schema decoder reached
// through Parquet's ARROW:schema metadata.
func TestDamagedFilesGiveErrors(t *testing.T) {
	for _, c := range []struct {
		name  string
		write func(io.Writer, *traj.Set, bool) error
		read  func(io.ReaderAt, int64) (*traj.Set, error)
	}{
		{"arrow", func(w io.Writer, d *traj.Set, _ bool) error { return WriteArrow(w, d) }, ReadArrow},
		{"parquet", WriteParquet, ReadParquet},
	} {
		t.Run(c.name, func(t *testing.T) {
			trajtest.Damage(t, trajtest.Encoded(t, c.write), 1500, func(b []byte) error {
				_, err := c.read(bytes.NewReader(b), int64(len(b)))
				return err
			})
		})
	}
}
