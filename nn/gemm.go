package nn

import "github.com/warpkit/warpkit/internal/gemm"

// dgemm is the one place nn calls a matrix product (row-major, C = alpha·op(A)·op(B) + beta·C,
// gonum blas64 semantics), so the implementation behind it is a one-line choice.
func dgemm(transA, transB bool, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	if m == 0 || n == 0 {
		return
	}
	gemm.Dgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}
