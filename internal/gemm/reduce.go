package gemm

import "math"

// reduce32 sums the k chunks of an Sgemm in order, in float64, and writes
// alpha·op(A)·op(B) + beta·C to the float32 C with one rounding.
func (j *job) reduce32() {
	m, n := j.m, j.n
	part := *j.partial
	for i := 0; i < m; i++ {
		row := j.c32[i*j.ldc : i*j.ldc+n]
		for q := range row {
			var acc float64
			for t := 0; t < j.tasks; t++ {
				acc += part[t*m*n+i*n+q]
			}
			if j.beta == 0 {
				row[q] = float32(acc)
			} else {
				row[q] = float32(math.FMA(j.beta, float64(row[q]), acc))
			}
		}
	}
}

// reduce adds the partial products of k chunks 1, 2, … to C in that order.
func (j *job) reduce() {
	m, n := j.m, j.n
	part := *j.partial
	for t := 1; t < j.tasks; t++ {
		p := part[(t-1)*m*n : t*m*n]
		for i := 0; i < m; i++ {
			row := j.c[i*j.ldc : i*j.ldc+n]
			pr := p[i*n : i*n+n]
			for q := range row {
				row[q] += pr[q]
			}
		}
	}
}
