package gemm

import (
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
)

// Implementation is gonum's native BLAS with Dgemm and Sgemm replaced by this package's,
// so blas64.Use(gemm.Implementation{}) speeds up every gonum/mat product.
type Implementation struct {
	gonum.Implementation
}

// Dgemm implements blas.Float64Level3 with the argument checks and panics of gonum's.
func (Implementation) Dgemm(tA, tB blas.Transpose, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	transA, transB := transposes(tA, tB)
	Dgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// Sgemm implements blas.Float32Level3 with the argument checks and panics of gonum's.
func (Implementation) Sgemm(tA, tB blas.Transpose, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	transA, transB := transposes(tA, tB)
	Sgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// transposes reads op(A) and op(B), panicking as gonum does on any other value.
func transposes(tA, tB blas.Transpose) (transA, transB bool) {
	transA, okA := isTrans(tA)
	transB, okB := isTrans(tB)
	if !okA || !okB {
		panic("blas: illegal transpose")
	}
	return transA, transB
}

func isTrans(t blas.Transpose) (trans, ok bool) {
	switch t {
	case blas.NoTrans:
		return false, true
	case blas.Trans, blas.ConjTrans:
		return true, true
	}
	return false, false
}
