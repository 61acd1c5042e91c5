package gemm

import (
	"fmt"
	"slices"
)

// PackedB is the op(B) of a product packed once into the micro-kernel's layout, for a
// caller that multiplies many A's by the same B (a recurrent weight matrix over the steps
// of a sequence): DgemmPacked then packs only A. The zero value is empty; Pack fills it and
// reuses its memory on later calls.
type PackedB struct {
	kern       *kernel
	k, n, nPad int
	data       []float64
	// plain is op(B) row-major with rows of ldp ≥ n values, for the small path (small.go);
	// nil when that path does not apply. plainBuf keeps its memory across Packs.
	plain, plainBuf []float64
	ldp             int
}

// Pack packs op(B) (k×n: B is k×n, or n×k when transB) with leading dimension ldb. Like
// Dgemm it panics on inconsistent arguments; CheckPack reports them as an error.
func (p *PackedB) Pack(transB bool, k, n int, b []float64, ldb int) {
	if err := CheckPack(transB, k, n, b, ldb); err != nil {
		panic(err.Error())
	}
	p.pack(active, transB, k, n, b, ldb)
}

// CheckPack reports whether the arguments of a Pack call are consistent.
func CheckPack(transB bool, k, n int, b []float64, ldb int) error {
	// A 1×1 A and C stand in for the product's other operands.
	return Check(false, transB, 1, n, k, make([]float64, max(1, k)), max(1, k), b, ldb, make([]float64, max(1, n)), max(1, n))
}

func (p *PackedB) pack(kern *kernel, transB bool, k, n int, b []float64, ldb int) {
	p.kern, p.k, p.n, p.nPad = kern, k, n, roundUp(n, kern.nr)
	p.data = slices.Grow(p.data[:0], k*p.nPad)[:k*p.nPad]
	// Block pc of op(B) lies at pc·nPad, as in the packed copy Dgemm shares between threads.
	for pc := 0; pc < k; pc += kern.kc {
		kcur := min(kern.kc, k-pc)
		pack(p.data[pc*p.nPad:], kern.nr, b, ldb, !transB, pc, kcur, 0, n)
	}
	p.packPlain(transB, k, n, b, ldb)
}

// K and N report the shape of the packed op(B).
func (p *PackedB) K() int { return p.k }

// N reports the number of columns of the packed op(B).
func (p *PackedB) N() int { return p.n }

// DgemmPacked computes C = alpha·op(A)·op(B) + beta·C like Dgemm, with op(B) (k×n) taken
// from p and op(A) m×k. It returns the bits Dgemm returns for the same product wherever
// Dgemm multiplies packed tiles, which is every shape except m ≤ 2 with an untransposed B
// and long-k products with a small C (those Dgemm computes by another route, so there the
// results differ by rounding). It panics on inconsistent arguments; CheckPacked reports
// them as an error.
func DgemmPacked(transA bool, m int, alpha float64, a []float64, lda int, p *PackedB, beta float64, c []float64, ldc int) {
	if err := CheckPacked(transA, m, a, lda, p, c, ldc); err != nil {
		panic(err.Error())
	}
	dgemmPacked(transA, m, alpha, a, lda, p, beta, c, ldc)
}

// CheckPacked reports whether the arguments of a DgemmPacked call are consistent.
func CheckPacked(transA bool, m int, a []float64, lda int, p *PackedB, c []float64, ldc int) error {
	if p == nil || p.kern == nil {
		return fmt.Errorf("gemm: packed B is empty: %w", ErrShape)
	}
	// The packed data stands in for B with the shape it was packed from; only its length
	// is checked, and it holds at least k·n values.
	return Check(transA, false, m, p.n, p.k, a, lda, p.data, max(1, p.n), c, ldc)
}

// RowHook is work on a span of rows that DgemmPackedRows runs next to a product's rows.
type RowHook interface {
	// Rows works on the rows [r0, r1).
	Rows(r0, r1 int)
}

// DgemmPackedRows is DgemmPacked with work fused around it: the goroutine that computes
// rows [r0, r1) of C first runs before.Rows(r0, r1) (which may write those rows of A and
// of C) and afterwards after.Rows(r0, r1) (which may read and write them). Each row belongs
// to one span, so hooks of different spans run concurrently on disjoint rows. A caller
// with elementwise work before or after a product (the gates of a recurrent step) saves a
// separate parallel pass and its synchronisation, and finds the rows still in cache. The
// spans depend on the thread count: what the hooks compute must not depend on how rows
// are grouped. Either hook may be nil. A transposed A is not supported (its rows are not
// rows of op(A)).
func DgemmPackedRows(m int, alpha float64, a []float64, lda int, p *PackedB, beta float64, c []float64, ldc int, before, after RowHook) {
	if err := CheckPacked(false, m, a, lda, p, c, ldc); err != nil {
		panic(err.Error())
	}
	dgemmPackedRows(m, alpha, a, lda, p, beta, c, ldc, before, after)
}

func dgemmPacked(transA bool, m int, alpha float64, a []float64, lda int, p *PackedB, beta float64, c []float64, ldc int) {
	n, k := p.n, p.k
	if noProduct(m, n, k, alpha, beta, c, ldc) {
		return
	}
	if !transA && p.useSmall(m, alpha, beta) {
		smallRows(false, m, n, k, a, lda, p.plain, p.ldp, c, ldc)
		return
	}
	j := newJob(p.kern, transA, false, m, n, k, alpha, a, lda, nil, 0, beta, c, ldc)
	j.planPacked()
	j.fullB, j.sharedB = &p.data, true
	j.run()
}

func dgemmPackedRows(m int, alpha float64, a []float64, lda int, p *PackedB, beta float64, c []float64, ldc int, before, after RowHook) {
	n, k := p.n, p.k
	if m == 0 {
		return
	}
	if n == 0 || alpha == 0 || k == 0 {
		if before != nil {
			before.Rows(0, m)
		}
		scale(m, n, beta, c, ldc)
		if after != nil {
			after.Rows(0, m)
		}
		return
	}
	if p.useSmall(m, alpha, beta) {
		// One task, as planPacked would cut a product this small.
		if before != nil {
			before.Rows(0, m)
		}
		smallRows(false, m, n, k, a, lda, p.plain, p.ldp, c, ldc)
		if after != nil {
			after.Rows(0, m)
		}
		return
	}
	j := newJob(p.kern, false, false, m, n, k, alpha, a, lda, nil, 0, beta, c, ldc)
	j.planPacked()
	j.fullB, j.sharedB = &p.data, true
	j.before, j.after = before, after
	j.run()
}

// planPacked cuts a product with op(B) already packed into row tasks that all read it:
// two per thread, of sizes that differ by at most one micro-panel. (A fixed task height
// leaves a short last task, and a thread idle while another finishes a full one; see
// benchmarks/RESULTS.md.)
func (j *job) planPacked() {
	kern, m, n, k := j.kern, j.m, j.n, j.k
	nt := Threads()
	if float64(m)*float64(n)*float64(k) < parallelMin {
		nt = 1
	}
	j.mode = modeRowsPacked
	j.tasks = min(2*nt, ceilDiv(m, kern.mr))
	if nt == 1 {
		j.tasks = 1
	}
	j.nt = min(nt, j.tasks)
}
