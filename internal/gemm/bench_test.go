package gemm

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/warpkit/warpkit/internal/cpu"
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

// benchKernel is the micro-kernel the benchmarks use: the one Dgemm uses, which
// WARPKIT_KERNEL (go, avx2, avx512) chooses to compare kernels on the same machine.
func benchKernel(b *testing.B) *kernel {
	if err := cpu.Err(); err != nil {
		b.Fatal(err)
	}
	return active
}

// BenchmarkDgemm reports GFLOP/s for this package (with Threads() goroutines, and with
// one) beside gonum's Dgemm on the same operands.
func BenchmarkDgemm(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 1))
	kern := benchKernel(b)
	for _, s := range benchShapes {
		// Operands are made inside the shape's own sub-benchmark, so filtering with -bench
		// skips generating the large ones.
		b.Run(s.name, func(b *testing.B) {
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
			for _, nt := range []int{0, 1} {
				name := fmt.Sprintf("gemm-%s-threads=%d", kern.name, max(nt, Threads()*boolInt(nt == 0)))
				b.Run(name, func(b *testing.B) {
					withThreads(b, nt)
					b.ReportAllocs()
					timeFlops(b, flops, func() { dgemm(kern, s.transA, s.transB, s.m, s.n, s.k, 1, a, lda, bb, ldb, 0.5, c, s.n) })
				})
			}
			tA, tB := blas.NoTrans, blas.NoTrans
			if s.transA {
				tA = blas.Trans
			}
			if s.transB {
				tB = blas.Trans
			}
			b.Run("gonum", func(b *testing.B) {
				timeFlops(b, flops, func() { gonum.Implementation{}.Dgemm(tA, tB, s.m, s.n, s.k, 1, a, lda, bb, ldb, 0.5, c, s.n) })
			})
		})
	}
}

func boolInt(v bool) int {
	if v {
		return 1
	}
	return 0
}

// BenchmarkSmall covers the tiny products where call overhead, not arithmetic, decides.
func BenchmarkSmall(b *testing.B) {
	rng := rand.New(rand.NewPCG(4, 4))
	for _, sz := range [][3]int{{4, 4, 4}, {8, 8, 8}, {16, 16, 16}, {32, 32, 32}, {256, 2, 66}, {256, 2, 340}, {256, 3, 340}, {1, 192, 66}, {2, 192, 66}, {3, 192, 66}, {4, 192, 66}, {6, 192, 66}} {
		m, n, k := sz[0], sz[1], sz[2]
		a, bb, c := randSlice(rng, m*k), randSlice(rng, k*n), randSlice(rng, m*n)
		flops := 2 * float64(m*n*k)
		b.Run(fmt.Sprintf("%dx%dx%d/gemm", m, n, k), func(b *testing.B) {
			timeFlops(b, flops, func() { Dgemm(false, false, m, n, k, 1, a, k, bb, n, 0, c, n) })
		})
		b.Run(fmt.Sprintf("%dx%dx%d/gonum", m, n, k), func(b *testing.B) {
			timeFlops(b, flops, func() { gonum.Implementation{}.Dgemm(blas.NoTrans, blas.NoTrans, m, n, k, 1, a, k, bb, n, 0, c, n) })
		})
	}
}

// BenchmarkSgemm compares Sgemm with gonum's float32 Sgemm on two of the shapes above.
func BenchmarkSgemm(b *testing.B) {
	rng := rand.New(rand.NewPCG(5, 5))
	for _, sz := range [][3]int{{256, 192, 66}, {512, 512, 512}} {
		m, n, k := sz[0], sz[1], sz[2]
		a, bb, c := to32(randSlice(rng, m*k)), to32(randSlice(rng, k*n)), to32(randSlice(rng, m*n))
		flops := 2 * float64(m*n*k)
		b.Run(fmt.Sprintf("%dx%dx%d/gemm", m, n, k), func(b *testing.B) {
			timeFlops(b, flops, func() { Sgemm(false, false, m, n, k, 1, a, k, bb, n, 0, c, n) })
		})
		b.Run(fmt.Sprintf("%dx%dx%d/gonum", m, n, k), func(b *testing.B) {
			timeFlops(b, flops, func() { gonum.Implementation{}.Sgemm(blas.NoTrans, blas.NoTrans, m, n, k, 1, a, k, bb, n, 0, c, n) })
		})
	}
}
