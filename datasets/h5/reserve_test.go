package h5

import (
	"bytes"
	"math"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// A reserved dataset filled in pieces, out of order and from several goroutines, gives a file
// whose bytes equal the one WriteDataset writes with the whole array (and whose layout h5py
// reads, see TestWriteReadByH5py), with datasets before and after it in the same places.
func TestReserveFloat64MatchesWriteDataset(t *testing.T) {
	const N, T, D = 7, 33, 3
	x := make([]float64, N*T*D)
	for i := range x {
		x[i] = math.Sin(float64(i)) * 1e3
	}
	before, after := []float64{1, 2, 3}, []int32{4, 5}
	write := func(path string, fill func(g *Group) error) []byte {
		t.Helper()
		return writeFile(t, path, func(root *Group) error {
			g, err := root.CreateGroup("train")
			if err != nil {
				return err
			}
			if err := g.WriteDataset("t", []int{3}, before, nil); err != nil {
				return err
			}
			if err := fill(g); err != nil {
				return err
			}
			return g.WriteDataset("n", []int{2}, after, nil)
		})
	}
	dir := t.TempDir()
	attrs := map[string]any{"units": "m", "scale": 2.5}
	whole := write(filepath.Join(dir, "whole.h5"), func(g *Group) error {
		return g.WriteDataset("trajectories", []int{N, T, D}, x, &DatasetOptions{Attrs: attrs})
	})
	pieces := write(filepath.Join(dir, "pieces.h5"), func(g *Group) error {
		fl, err := g.ReserveFloat64("trajectories", []int{N, T, D}, attrs)
		if err != nil {
			return err
		}
		var wg sync.WaitGroup
		errs := make([]error, N)
		for n := N - 1; n >= 0; n-- { // last trajectory first
			wg.Go(func() { errs[n] = fl.WriteAt(x[n*T*D:(n+1)*T*D], n*T*D) })
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				return err
			}
		}
		return nil
	})
	if !bytes.Equal(whole, pieces) {
		t.Fatalf("reserved and filled: %d bytes differ from WriteDataset's %d", len(pieces), len(whole))
	}
	f, err := Open(filepath.Join(dir, "pieces.h5"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ds, err := f.Root().Dataset("train/trajectories")
	if err != nil {
		t.Fatal(err)
	}
	got, err := ds.ReadFloat64()
	if err != nil {
		t.Fatal(err)
	}
	for i := range x {
		if got[i] != x[i] {
			t.Fatalf("value %d: %g, want %g", i, got[i], x[i])
		}
	}
}

func TestReserveFloat64Errors(t *testing.T) {
	f, err := Create(filepath.Join(t.TempDir(), "e.h5"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Abort()
	fl, err := f.Root().ReserveFloat64("x", []int{2, 3}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, off := range []int{-1, 5, 7} {
		if err := fl.WriteAt([]float64{1, 2}, off); err == nil || !strings.Contains(err.Error(), "/x") {
			t.Errorf("WriteAt 2 values at %d of 6: error %v, want one naming /x", off, err)
		}
	}
	if _, err := f.Root().ReserveFloat64("x", []int{1}, nil); err == nil || !strings.Contains(err.Error(), "exists") {
		t.Errorf("duplicate name: %v", err)
	}
	if _, err := f.Root().ReserveFloat64("y", []int{-1}, nil); err == nil || !strings.Contains(err.Error(), "negative") {
		t.Errorf("negative dimension: %v", err)
	}
}
