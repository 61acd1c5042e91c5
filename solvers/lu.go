package solvers

import "math"

// luFactor factors the n×n row-major matrix a in place into P·A = L·U with partial pivoting.
// It reports false when a pivot is zero or not finite (the matrix is singular to working
// precision).
func luFactor(a []float64, n int, piv []int) bool {
	a = a[:n*n]
	for k := 0; k < n; k++ {
		p := k
		best := math.Abs(a[k*n+k])
		for i := k + 1; i < n; i++ {
			if v := math.Abs(a[i*n+k]); v > best {
				best, p = v, i
			}
		}
		if best == 0 || math.IsNaN(best) || math.IsInf(best, 0) {
			return false
		}
		piv[k] = p
		if p != k {
			rk, rp := a[k*n:(k+1)*n], a[p*n:(p+1)*n]
			for j := range rk {
				rk[j], rp[j] = rp[j], rk[j]
			}
		}
		inv := 1 / a[k*n+k]
		rk := a[k*n : (k+1)*n]
		for i := k + 1; i < n; i++ {
			ri := a[i*n : (i+1)*n]
			l := ri[k] * inv
			ri[k] = l
			if l == 0 {
				continue
			}
			for j := k + 1; j < n; j++ {
				ri[j] -= l * rk[j]
			}
		}
	}
	return true
}

// luSolve overwrites b with the solution of A x = b for a matrix factored by luFactor.
func luSolve(a []float64, n int, piv []int, b []float64) {
	b = b[:n]
	for k := 0; k < n; k++ {
		if p := piv[k]; p != k {
			b[k], b[p] = b[p], b[k]
		}
	}
	for i := 1; i < n; i++ {
		ri := a[i*n : i*n+i]
		var s float64
		for j, l := range ri {
			s += l * b[j]
		}
		b[i] -= s
	}
	for i := n - 1; i >= 0; i-- {
		ri := a[i*n : (i+1)*n]
		s := b[i]
		for j := i + 1; j < n; j++ {
			s -= ri[j] * b[j]
		}
		b[i] = s / ri[i]
	}
}
