package rnn

import (
	fastgemm "github.com/warpkit/warpkit/internal/gemm"
)

// gemm is the one place the package calls a matrix product, so the implementation can be
// swapped in one line. Row-major, C = alpha·op(A)·op(B) + beta·C, as in BLAS.
func gemm(transA, transB bool, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	fastgemm.Dgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// gemmPacked is gemm with op(B) packed beforehand (once per call of Loss or Forecast, for
// the recurrent weights that every step multiplies) and A untransposed.
func gemmPacked(m int, alpha float64, a []float64, lda int, pb *fastgemm.PackedB, beta float64, c []float64, ldc int) {
	fastgemm.DgemmPacked(false, m, alpha, a, lda, pb, beta, c, ldc)
}

// gemmPackedRows is gemmPacked with elementwise work on the product's rows fused into its
// parallel tasks: before runs on a span of rows before the task multiplies them, after
// once it has (see fastgemm.DgemmPackedRows). Either may be nil.
func gemmPackedRows(m int, alpha float64, a []float64, lda int, pb *fastgemm.PackedB, beta float64, c []float64, ldc int, before, after fastgemm.RowHook) {
	fastgemm.DgemmPackedRows(m, alpha, a, lda, pb, beta, c, ldc, before, after)
}

// addBias adds b to each of the m rows (stride ld) of c.
func addBias(c []float64, m, ld int, b []float64) {
	for i := 0; i < m; i++ {
		row := c[i*ld : i*ld+len(b)]
		for j, v := range b {
			row[j] += v
		}
	}
}

// setBias sets each of the m rows (stride ld) of c to b.
func setBias(c []float64, m, ld int, b []float64) {
	for i := 0; i < m; i++ {
		copy(c[i*ld:i*ld+len(b)], b)
	}
}

// colSum adds the column sums of the m×len(g) matrix a (stride lda) to g. The sums start
// from zero, so accumulating over calls adds the same numbers whatever g held.
func colSum(g []float64, a []float64, m, lda int) {
	s := make([]float64, len(g))
	for i := 0; i < m; i++ {
		row := a[i*lda : i*lda+len(g)]
		for j, v := range row {
			s[j] += v
		}
	}
	for j, v := range s {
		g[j] += v
	}
}
