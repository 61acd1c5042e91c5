package gemm

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"
)

// addATBRef is AddATB's definition written out element by element: per element, chunks
// of addATBChunk rows, each a fused chain from zero added to C.
func addATBRef(p *problem) []float64 {
	c := append([]float64(nil), p.c...)
	for i := 0; i < p.m; i++ {
		for j := 0; j < p.n; j++ {
			for p0 := 0; p0 < p.k; p0 += addATBChunk {
				var s float64
				for l := p0; l < min(p0+addATBChunk, p.k); l++ {
					s = math.FMA(p.a[l*p.lda+i], p.b[l*p.ldb+j], s)
				}
				c[i*p.ldc+j] += s
			}
		}
	}
	return c
}

// TestAddATB checks AddATB against the triple loop (C + AᵀB) and, bit for bit, against its
// definition, with the Go and the assembly tiles (with every kernel this machine runs), over
// edge tiles, several chunks, padded operands whose gaps hold NaN and a sentinel in C's
// gaps; and a product past smallMax (Dgemm's route) against the triple loop.
func TestAddATB(t *testing.T) {
	eachKernel(t, testAddATB)
}

func testAddATB(t *testing.T) {
	rng := rand.New(rand.NewPCG(27, 28))
	for _, s := range [][3]int{{1, 1, 1}, {3, 5, 2}, {4, 8, 9}, {5, 9, 256}, {43, 43, 257}, {43, 43, 8160}, {64, 63, 600}, {17, 2, 33}, {70, 20, 50}} {
		m, n, k := s[0], s[1], s[2]
		for _, pad := range []int{0, 3} {
			p := newProblem(rng, true, false, m, n, k, pad, 1, 1)
			want, bound := p.naive()
			got := append([]float64(nil), p.c...)
			AddATB(m, n, k, p.a, p.lda, p.b, p.ldb, got, p.ldc)
			compare(t, "AddATB", p, got, want, bound)
			if m > smallMax || n > smallMax {
				continue
			}
			ref := addATBRef(p)
			sameBits(t, "AddATB against its definition", p, got, ref)
			goGot := append([]float64(nil), p.c...)
			addATB(true, m, n, k, p.a, p.lda, p.b, p.ldb, goGot, p.ldc)
			sameBits(t, "addATB with the Go tile", p, goGot, ref)
		}
	}
}

// TestAddATBChecks checks that inconsistent arguments are reported and that AddATB panics
// on them.
func TestAddATBChecks(t *testing.T) {
	a, b, c := make([]float64, 6), make([]float64, 6), make([]float64, 4)
	if err := CheckAddATB(2, 2, 3, a, 2, b, 2, c, 2); err != nil {
		t.Errorf("consistent arguments: %v", err)
	}
	if err := CheckAddATB(2, 2, 4, a, 2, b, 2, c, 2); !errors.Is(err, ErrShape) {
		t.Errorf("A too short: err = %v, want ErrShape", err)
	}
	mustPanic(t, "AddATB with a short A", func() { AddATB(2, 2, 4, a, 2, b, 2, c, 2) })
}
