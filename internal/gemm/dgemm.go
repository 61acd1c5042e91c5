package gemm

import (
	"errors"
	"fmt"
)

// Dgemm computes C = alpha·op(A)·op(B) + beta·C for row-major matrices, where op(A) is
// m×k (A is m×k, or k×m when transA) and op(B) is k×n (B is k×n, or n×k when transB),
// with leading dimensions lda, ldb and ldc. The semantics are those of gonum's
// blas64 Dgemm: when beta is zero C is not read (NaNs in C do not propagate), and when
// alpha is zero or k is zero A and B are not read.
//
// Like every BLAS routine, Dgemm panics on inconsistent arguments (negative sizes, a
// leading dimension smaller than a row, a slice too short); callers handling untrusted
// shapes call Check first, which reports the same problems as an error.
func Dgemm(transA, transB bool, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	if err := Check(transA, transB, m, n, k, a, lda, b, ldb, c, ldc); err != nil {
		panic(err.Error())
	}
	dgemm(active, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// ErrShape is wrapped by every error Check returns.
var ErrShape = errors.New("inconsistent matrix arguments")

// Check reports whether the arguments of a Dgemm (or Sgemm) call are consistent, naming
// the first offending argument.
func Check[T float32 | float64](transA, transB bool, m, n, k int, a []T, lda int, b []T, ldb int, c []T, ldc int) error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("gemm: %s: %w", fmt.Sprintf(format, args...), ErrShape)
	}
	if m < 0 || n < 0 || k < 0 {
		return bad("negative size m=%d n=%d k=%d", m, n, k)
	}
	rowsA, colsA := stored(transA, m, k)
	rowsB, colsB := stored(transB, k, n)
	if lda < max(1, colsA) {
		return bad("lda=%d < %d columns of A", lda, max(1, colsA))
	}
	if ldb < max(1, colsB) {
		return bad("ldb=%d < %d columns of B", ldb, max(1, colsB))
	}
	if ldc < max(1, n) {
		return bad("ldc=%d < %d columns of C", ldc, max(1, n))
	}
	if m == 0 || n == 0 {
		return nil
	}
	if need := (rowsA-1)*lda + colsA; rowsA > 0 && len(a) < need {
		return bad("len(a)=%d < %d needed for a %d×%d A with lda=%d", len(a), need, rowsA, colsA, lda)
	}
	if need := (rowsB-1)*ldb + colsB; rowsB > 0 && len(b) < need {
		return bad("len(b)=%d < %d needed for a %d×%d B with ldb=%d", len(b), need, rowsB, colsB, ldb)
	}
	if need := (m-1)*ldc + n; len(c) < need {
		return bad("len(c)=%d < %d needed for a %d×%d C with ldc=%d", len(c), need, m, n, ldc)
	}
	return nil
}

// stored returns the rows and columns of a matrix as it is stored, whose op (transposed when
// trans) is rows×cols.
func stored(trans bool, rows, cols int) (int, int) {
	if trans {
		return cols, rows
	}
	return rows, cols
}

// dgemm runs a checked product with the given micro-kernel.
func dgemm(kern *kernel, transA, transB bool, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	if noProduct(m, n, k, alpha, beta, c, ldc) {
		return
	}
	if isSkinny(m, transB) {
		skinny(transA, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}
	multiply(kern, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// noProduct does a call with nothing to multiply and reports whether it had one: an empty C
// is left alone, and with alpha = 0 or k = 0, C = beta·C without reading A or B.
func noProduct[T float32 | float64](m, n, k int, alpha, beta T, c []T, ldc int) bool {
	if m == 0 || n == 0 {
		return true
	}
	if alpha == 0 || k == 0 {
		scale(m, n, beta, c, ldc)
		return true
	}
	return false
}

// scale sets C = beta·C, writing exact zeros when beta is zero.
func scale[T float32 | float64](m, n int, beta T, c []T, ldc int) {
	if beta == 1 {
		return
	}
	for i := 0; i < m; i++ {
		row := c[i*ldc : i*ldc+n]
		if beta == 0 {
			clear(row)
			continue
		}
		for q := range row {
			row[q] *= beta
		}
	}
}
