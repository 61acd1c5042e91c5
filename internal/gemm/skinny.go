package gemm

import "gonum.org/v1/gonum/blas/gonum"

// skinnyMax is the largest m sent down the skinny path, as a fraction of the kernel's
// mr: a packed tile would waste more than three quarters of its rows.
func skinnyMax(kern *kernel) int { return kern.mr / 4 }

// skinny computes a product with very few rows as vector operations (an axpy per element
// of A, or a dot product per element of C), which waste nothing on padding. gonum's
// level-1 routines are assembly on amd64 and arm64.
func skinny(transA, transB bool, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	var impl gonum.Implementation
	for i := 0; i < m; i++ {
		row := c[i*ldc : i*ldc+n]
		switch beta {
		case 0:
			clear(row)
		case 1:
		default:
			for q := range row {
				row[q] *= beta
			}
		}
		var aRow []float64
		incA := 1
		if transA {
			aRow, incA = a[i:], lda
		} else {
			aRow = a[i*lda:]
		}
		if !transB {
			for p := 0; p < k; p++ {
				impl.Daxpy(n, alpha*aRow[p*incA], b[p*ldb:p*ldb+n], 1, row, 1)
			}
			continue
		}
		for q := range row {
			row[q] += alpha * impl.Ddot(k, aRow, incA, b[q*ldb:q*ldb+k], 1)
		}
	}
}
