package warp

import "github.com/warpkit/warpkit/internal/gemm"

// dgemm is the one place warp calls a matrix product (row-major, C = alpha·op(A)·op(B) +
// beta·C, BLAS semantics); every call site passes shapes it derived itself, so the panics
// gemm reserves for inconsistent arguments cannot come from user input.
func dgemm(transA, transB bool, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	if m == 0 || n == 0 {
		return
	}
	gemm.Dgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}
