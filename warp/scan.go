package warp

import "github.com/warpkit/warpkit/internal/gemm"

// The weight sequence θ_t = A θ_{t−1} + B Δu_t over S steps for N sequences, time-major
// (θ block t is N×D). Both scans expect θ_0 in block 0 and the increments in du (block 0
// unused) and give the same numbers up to rounding.

// scanSequential runs the recurrence step by step: one (N×D)·(D×D) product per step. aux
// (S×N×auxWidth, or nil) keeps the transition's intermediates of step t in block t−1.
func (m *Model) scanSequential(theta, du, aux []float64, n, s int) {
	D := m.root.size
	for t := 1; t < s; t++ {
		m.step(rows(theta, t-1, n, D), rows(theta, t, n, D), rows(du, t, n, m.du), auxRows(aux, t-1, n, m.tr.auxWidth()), n)
	}
}

// auxRows is block t of an intermediates buffer, nil when there is none.
func auxRows(aux []float64, t, n, w int) []float64 {
	if aux == nil || w == 0 {
		return nil
	}
	return rows(aux, t, n, w)
}

// step writes next = A·prev + B·du for n rows. B·du has an inner dimension of at most a
// few inputs: as a product it would be mostly packing, on one thread, so each row takes
// one vector axpy per input along a column of B instead.
func (m *Model) step(prev, next, du, aux []float64, n int) {
	m.tr.apply(prev, next, n, aux)
	m.bT = gemm.Transpose(m.bT, m.b.Data, m.root.size, m.du, 1)
	m.addBDu(next, du, 0, n)
}

// addBDu adds B·du to rows [lo, hi) of next, given m.bT = Bᵀ.
func (m *Model) addBDu(next, du []float64, lo, hi int) {
	D, w := m.root.size, m.du
	for r := lo; r < hi; r++ {
		row := next[r*D : (r+1)*D]
		for i, v := range du[r*w : (r+1)*w] {
			gemm.Axpy(v, m.bT[i*D:(i+1)*D], row)
		}
	}
}

// scanParallel is a Hillis–Steele prefix scan over the pairs (A, B Δu_t): after the level with
// offset 2^j every block holds the sum of its last 2^{j+1} terms, using A^{2^j} obtained by
// repeated squaring in the transition's own family. Each level is one product over all steps.
func (m *Model) scanParallel(theta, du, tmp []float64, n, s int) {
	D := m.root.size
	if s > 1 {
		dgemm(false, true, (s-1)*n, D, m.du, 1, du[n*m.du:], m.du, m.b.Data, m.du, 0, theta[n*D:], D)
	}
	op := m.tr.op()
	for off := 1; off < s; off *= 2 {
		r := (s - off) * n
		op.apply(theta[:r*D], tmp[:r*D], r)
		dst := theta[off*n*D : s*n*D]
		for i, v := range tmp[:r*D] {
			dst[i] += v
		}
		if 2*off < s {
			op = op.square()
		}
	}
}
