package warp

import "github.com/warpkit/warpkit/internal/gemm"

// A dense transition's per-step product is the bulk of a step, and the decoders' work on a
// sequence needs only that sequence's row of it. rowsApplier runs that work inside the
// product's parallel tasks, on each span of rows as soon as the span is computed: one
// parallel region per step instead of two, with the rows still in cache.

// rowsApplier is a transition whose apply and applyT run a hook on each span of rows they
// have written (see gemm.DgemmPackedRows).
type rowsApplier interface {
	applyRows(x, y []float64, rows int, after gemm.RowHook)
	applyTRows(dy, dx []float64, rows int, after gemm.RowHook)
}

func (t *dense) applyRows(x, y []float64, rows int, after gemm.RowHook) {
	gemm.DgemmPackedRows(rows, 1, x, t.d, &t.fwd, 0, y, t.d, nil, after)
}

func (t *dense) applyTRows(dy, dx []float64, rows int, after gemm.RowHook) {
	gemm.DgemmPackedRows(rows, 1, dy, t.d, &t.bwd, 0, dx, t.d, nil, after)
}

// The hooks run concurrently and each needs a decoder of its own: they take one from a
// pool that fillDecoders stocks beforehand, serially, so no decoder is made concurrently.

// fillDecoders makes sure the pool holds a decoder for every task a product may run at once.
func (m *Model) fillDecoders() {
	want := 2 * gemm.Threads() // DgemmPackedRows cuts at most two spans per thread
	if m.pool == nil || cap(m.pool) < want {
		m.pool = make(chan *decoder, want)
		m.pooled = 0
	}
	for ; m.pooled < want; m.pooled++ {
		m.pool <- m.newDecoder()
	}
}

// fwdStep is step t of forwardAutoregressive on a span of sequences, after the product
// wrote their rows of θ_t = A θ_{t−1}: it adds B Δu_t to those rows and runs the decoders.
type fwdStep struct {
	m        *Model
	t, n, nT int
	dt       float64
}

// Rows runs the step's work on sequences [lo, hi).
func (s *fwdStep) Rows(lo, hi int) {
	m := s.m
	tp := &m.tape
	D := m.root.size
	m.addBDu(rows(tp.theta, s.t, s.n, D), rows(tp.du, s.t, s.n, m.du), lo, hi)
	dc := <-m.pool
	m.decodeRows(dc, s.t, s.n, s.nT, D, s.dt, lo, hi)
	m.pool <- dc
}

// backStep is the decoders' part of step t of backward on a span of sequences, after the
// product wrote their rows of Aᵀ dθ_{t+1}.
type backStep struct {
	m    *Model
	args backArgs
}

// Rows runs the step's work on sequences [lo, hi).
func (s *backStep) Rows(lo, hi int) {
	dc := <-s.m.pool
	s.m.backRows(dc, &s.args, lo, hi)
	s.m.pool <- dc
}
