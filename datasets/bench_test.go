package datasets

import (
	"context"
	"path/filepath"
	"testing"
)

// paperMSD is the paper's MSD at the authors' tolerances (scipy's defaults).
func paperMSD(b *testing.B) *Spec {
	s, err := Builtin("msd")
	if err != nil {
		b.Fatal(err)
	}
	s.RTol, s.ATol = 1e-3, 1e-6
	return s
}

func reportTraj(b *testing.B, n int) {
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "traj/s")
}

// BenchmarkGenerateMSDPaper is the 20480 + 4096 trajectory MSD generation alone.
func BenchmarkGenerateMSDPaper(b *testing.B) {
	s := paperMSD(b)
	for b.Loop() {
		if _, err := Generate(context.Background(), s, GenerateOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	reportTraj(b, 24576)
}

// BenchmarkGenerateWriteMSDPaper is what `warpkit gen --dataset msd --rtol 1e-3 --atol 1e-6
// --out d.h5` does: generation and the HDF5 write (100 MB).
func BenchmarkGenerateWriteMSDPaper(b *testing.B) {
	s := paperMSD(b)
	path := filepath.Join(b.TempDir(), "d.h5")
	for b.Loop() {
		d, err := Generate(context.Background(), s, GenerateOptions{})
		if err != nil {
			b.Fatal(err)
		}
		if err := Write(d, path, WriteOptions{Force: true}); err != nil {
			b.Fatal(err)
		}
	}
	reportTraj(b, 24576)
}

// BenchmarkWrite measures each format's writer on the paper-size MSD data.
func BenchmarkWrite(b *testing.B) {
	d, bytes := paperData(b)
	for _, f := range []Format{FormatHDF5, FormatNPZ, FormatArrow, FormatParquet} {
		b.Run(string(f), func(b *testing.B) {
			path := filepath.Join(b.TempDir(), "d."+string(f))
			b.SetBytes(bytes)
			for b.Loop() {
				if err := Write(d, path, WriteOptions{Format: f, Force: true}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkOpen measures each format's reader on the paper-size MSD data.
func BenchmarkOpen(b *testing.B) {
	d, bytes := paperData(b)
	for _, f := range []Format{FormatHDF5, FormatNPZ, FormatArrow, FormatParquet} {
		path := filepath.Join(b.TempDir(), "d."+string(f))
		if err := Write(d, path, WriteOptions{Format: f}); err != nil {
			b.Fatal(err)
		}
		b.Run(string(f), func(b *testing.B) {
			b.SetBytes(bytes)
			for b.Loop() {
				if _, err := Open(path); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// paperData generates the paper-size MSD data and counts its float64 bytes.
func paperData(b *testing.B) (*Dataset, int64) {
	d, err := Generate(context.Background(), paperMSD(b), GenerateOptions{})
	if err != nil {
		b.Fatal(err)
	}
	bytes := int64(0)
	for _, s := range d.Splits {
		bytes += int64(len(s.X) * 8)
	}
	return d, bytes
}
