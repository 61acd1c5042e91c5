package gemm

import "math"

// skinnyMaxM is the largest m computed as row updates instead of packed tiles: a tile of
// mr ≥ 4 rows would mostly multiply padding. It is a constant, not a fraction of the
// kernel's mr, so that which path a shape takes (and so its bits) is the same on every
// machine.
const skinnyMaxM = 2

// isSkinny reports whether a product goes down the skinny path. Only op(B) without
// transpose qualifies: its rows are contiguous, so each update is an axpy.
func isSkinny(m int, transB bool) bool { return m <= skinnyMaxM && !transB }

// skinny computes C = alpha·op(A)·B + beta·C one row at a time as
// c_i ← c_i + (alpha·a_ip)·b_p for p = 0 … k-1, each step a fused multiply-add per
// element, so every machine (assembly or math.FMA) gets the same bits.
func skinny(transA bool, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
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
		for p := 0; p < k; p++ {
			var aip float64
			if transA {
				aip = a[p*lda+i]
			} else {
				aip = a[i*lda+p]
			}
			axpy(alpha*aip, b[p*ldb:p*ldb+n], row)
		}
	}
}

// axpyGo sets y[i] = alpha·x[i] + y[i] with one rounding, for len(y) elements.
func axpyGo(alpha float64, x, y []float64) {
	x = x[:len(y)]
	for i := range y {
		y[i] = math.FMA(alpha, x[i], y[i])
	}
}
