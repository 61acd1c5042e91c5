package h5

import (
	"path/filepath"
	"testing"
)

// The paper's MSD training split: 20480 trajectories of 256 steps and 2 states.
var benchShape = []int{20480, 256, 2}

func benchData() []float64 {
	return ramp(benchShape[0]*benchShape[1]*benchShape[2], 1)
}

func writeBench(b *testing.B, path string, x []float64, opts *DatasetOptions) {
	f, err := Create(path)
	if err != nil {
		b.Fatal(err)
	}
	if err := f.Root().WriteDataset("x", benchShape, x, opts); err != nil {
		b.Fatal(err)
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkWriteContiguous writes an 80 MiB float64 dataset (MB/s of values).
func BenchmarkWriteContiguous(b *testing.B) {
	x := benchData()
	path := filepath.Join(b.TempDir(), "bench.h5")
	b.SetBytes(int64(8 * len(x)))
	for b.Loop() {
		writeBench(b, path, x, nil)
	}
}

// BenchmarkReadContiguous reads it back as float64.
func BenchmarkReadContiguous(b *testing.B) {
	x := benchData()
	path := filepath.Join(b.TempDir(), "bench.h5")
	writeBench(b, path, x, nil)
	benchRead(b, path, len(x))
}

// BenchmarkWriteDeflate writes the same data chunked with shuffle and deflate level 1.
func BenchmarkWriteDeflate(b *testing.B) {
	x := benchData()
	path := filepath.Join(b.TempDir(), "bench.h5")
	b.SetBytes(int64(8 * len(x)))
	for b.Loop() {
		writeBench(b, path, x, &DatasetOptions{Deflate: 1, Shuffle: true})
	}
}

// BenchmarkReadDeflate reads the chunked, compressed dataset.
func BenchmarkReadDeflate(b *testing.B) {
	x := benchData()
	path := filepath.Join(b.TempDir(), "bench.h5")
	writeBench(b, path, x, &DatasetOptions{Deflate: 1, Shuffle: true})
	benchRead(b, path, len(x))
}

// benchRead times opening path and reading its n-value dataset "x" as float64.
func benchRead(b *testing.B, path string, n int) {
	b.SetBytes(int64(8 * n))
	for b.Loop() {
		f, err := Open(path)
		if err != nil {
			b.Fatal(err)
		}
		ds, err := f.Root().Dataset("x")
		if err != nil {
			b.Fatal(err)
		}
		if _, err := ds.ReadFloat64(); err != nil {
			b.Fatal(err)
		}
		f.Close()
	}
}
