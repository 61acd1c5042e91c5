package gemm

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/blas/gonum"
	"gonum.org/v1/gonum/mat"
)

// TestUseWithGonumMat installs Implementation as gonum's BLAS and checks mat.Dense.Mul
// (which calls Dgemm with transposes for Tᵀ views) against a naive product.
func TestUseWithGonumMat(t *testing.T) {
	blas64.Use(Implementation{})
	t.Cleanup(func() { blas64.Use(gonum.Implementation{}) })
	rng := rand.New(rand.NewPCG(21, 22))
	for _, sz := range [][3]int{{1, 1, 1}, {7, 5, 3}, {64, 33, 80}, {130, 70, 300}} {
		m, n, k := sz[0], sz[1], sz[2]
		a := mat.NewDense(m, k, randSlice(rng, m*k))
		bt := mat.NewDense(n, k, randSlice(rng, n*k)) // used as bᵀ, so Mul sees a transpose
		var c mat.Dense
		c.Mul(a, bt.T())
		for i := 0; i < m; i++ {
			for j := 0; j < n; j++ {
				var want, scale float64
				for l := 0; l < k; l++ {
					want += a.At(i, l) * bt.At(j, l)
					scale += math.Abs(a.At(i, l) * bt.At(j, l))
				}
				if d := math.Abs(c.At(i, j) - want); d > 1e-12*scale {
					t.Fatalf("%dx%dx%d: c[%d,%d] = %v, want %v", m, n, k, i, j, c.At(i, j), want)
				}
			}
		}
	}
}

func TestImplementationRejectsBadTranspose(t *testing.T) {
	defer func() {
		if r := recover(); r == nil {
			t.Fatal("no panic for an illegal transpose")
		}
	}()
	c := make([]float64, 1)
	Implementation{}.Dgemm('x', 'N', 1, 1, 1, 1, c, 1, c, 1, 0, c, 1)
}
