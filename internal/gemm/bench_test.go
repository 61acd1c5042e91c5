package gemm

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
)

// benchShapes are the products warpkit's training steps are made of.
var benchShapes = []struct {
	name           string
	transA, transB bool
	m, n, k        int
}{
	{"gru-step-256x192x66", false, false, 256, 192, 66},
	{"gru-dx-256x64x192-tB", false, true, 256, 64, 192},
	{"gru-dw-192x64x256-tA", true, false, 192, 64, 256},
	{"warp-256x340x340", false, false, 256, 340, 340},
	{"warp-dA-340x340x65536-tA", true, false, 340, 340, 65536},
	{"square-512", false, false, 512, 512, 512},
}

func randSlice(rng *rand.Rand, n int) []float64 {
	s := make([]float64, n)
	for i := range s {
		s[i] = 2*rng.Float64() - 1
	}
	return s
}

// BenchmarkDgemm reports GFLOP/s for this package (with Threads() goroutines, and with
// one) beside gonum's Dgemm on the same operands.
func BenchmarkDgemm(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 1))
	for _, s := range benchShapes {
		a := randSlice(rng, s.m*s.k)
		bb := randSlice(rng, s.k*s.n)
		c := randSlice(rng, s.m*s.n)
		lda, ldb := s.k, s.n
		if s.transA {
			lda = s.m
		}
		if s.transB {
			ldb = s.k
		}
		flops := 2 * float64(s.m) * float64(s.n) * float64(s.k)
		report := func(b *testing.B) {
			b.ReportMetric(flops*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		}
		for _, nt := range []int{0, 1} {
			name := fmt.Sprintf("%s/gemm-%s-threads=%d", s.name, kernelName(), max(nt, Threads()*boolInt(nt == 0)))
			b.Run(name, func(b *testing.B) {
				withThreads(b, nt)
				b.ReportAllocs()
				for b.Loop() {
					Dgemm(s.transA, s.transB, s.m, s.n, s.k, 1, a, lda, bb, ldb, 0.5, c, s.n)
				}
				report(b)
			})
		}
		tA, tB := blas.NoTrans, blas.NoTrans
		if s.transA {
			tA = blas.Trans
		}
		if s.transB {
			tB = blas.Trans
		}
		b.Run(s.name+"/gonum", func(b *testing.B) {
			for b.Loop() {
				gonum.Implementation{}.Dgemm(tA, tB, s.m, s.n, s.k, 1, a, lda, bb, ldb, 0.5, c, s.n)
			}
			report(b)
		})
	}
}

func boolInt(v bool) int {
	if v {
		return 1
	}
	return 0
}
