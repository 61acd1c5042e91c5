package warp

import (
	"math"
	"math/rand/v2"

	"github.com/warpkit/warpkit/internal/gemm"
	"github.com/warpkit/warpkit/nn"
)

// transition is the matrix A of θ_t = A θ_{t−1} + B Δx_t. States are rows: a batch of rows
// vectors of length D laid out contiguously.
type transition interface {
	params() []*nn.Param
	// prepare is called before a pass over a batch, after the optimiser may have moved A.
	prepare()
	// auxWidth is the width of the per-row intermediates apply and applyT can keep for
	// accumulate (0: none), so that structured transitions need not recompute them.
	auxWidth() int
	// apply overwrites y with A x for each row; aux (rows×auxWidth, or nil) keeps intermediates.
	apply(x, y []float64, rows int, aux []float64)
	// applyT overwrites dx with Aᵀ dy for each row; aux as for apply.
	applyT(dy, dx []float64, rows int, aux []float64)
	// accumulate adds ∂/∂A of Σ_rows dyᵀ A x to the parameters' gradients. Called once with
	// every step's rows stacked, so the dense case is one large product. ax and ady are the
	// intermediates apply(x) and applyT(dy) kept, or nil to recompute them.
	accumulate(x, dy []float64, rows int, ax, ady []float64)
	// op returns A as an operator that can be squared, for the parallel scan.
	op() linop
}

// linop is a power of A in the transition's own family (dense, diagonal, I + U C Vᵀ), so
// repeated squaring keeps a structured A's cost linear in D.
type linop interface {
	apply(x, y []float64, rows int)
	square() linop
}

func newTransition(kind, init string, dim, rank int, lrScale float64, rng *rand.Rand) transition {
	diag := func(i int) float64 { return 1 }
	if init == "spread" {
		diag = func(i int) float64 { return spreadDecay(i, dim) }
	}
	switch kind {
	case "diagonal":
		a := nn.NewParam("warp.A.diag", dim)
		for i := range a.Data {
			a.Data[i] = diag(i)
		}
		a.LRScale = lrScale
		return &diagonal{a: a}
	case "lowrank":
		u := nn.NewParam("warp.A.U", dim, rank)
		v := nn.NewParam("warp.A.V", dim, rank)
		// U = 0 keeps A = I at the start; a non-zero V lets U's gradient be non-zero.
		bound := 1 / float64(dim)
		for i := range v.Data {
			v.Data[i] = bound * (2*rng.Float64() - 1)
		}
		u.LRScale, v.LRScale = lrScale, lrScale
		return &lowRank{u: u, v: v, d: dim, r: rank}
	}
	a := nn.NewParam("warp.A", dim, dim)
	for i := 0; i < dim; i++ {
		a.Data[i*dim+i] = diag(i)
	}
	if init == "rotations" {
		rotationBlocks(a.Data, dim)
	}
	a.LRScale = lrScale
	return &dense{a: a, d: dim}
}

// Time constants, in steps, that a "spread" initialisation of A covers.
const (
	spreadMinSteps = 2
	spreadMaxSteps = 1000
)

// spreadDecay is the i-th of n decay factors e^{−1/s} with time constants s log-spaced over
// [spreadMinSteps, spreadMaxSteps]. The order follows the golden-ratio sequence rather than i,
// so every layer of the root network (a contiguous block of θ) gets slow and fast memories
// alike: θ starts as a bank of exponential filters of the input's history.
func spreadDecay(i, n int) float64 {
	u := math.Mod(float64(i)*0.6180339887498949, 1)
	s := spreadMinSteps * math.Pow(spreadMaxSteps/spreadMinSteps, u)
	return math.Exp(-1 / s)
}

// Rotation angles, in radians per step, and the shortest time constant, in steps, that a
// "rotations" initialisation of A covers. A resonator that forgets within a few steps cannot
// tell frequencies apart, hence a larger floor than spread's.
const (
	rotMinAngle = 0.01
	rotMaxAngle = 0.5
	rotMinSteps = 20
)

// rotationBlocks writes A as 2×2 blocks r_k·R(φ_k) on the diagonal (the last entry of an odd
// D a plain decay): the k-th block has a decay r_k = e^{−1/s} with s log-spaced over
// [rotMinSteps, spreadMaxSteps] and an angle φ_k log-spaced over [rotMinAngle, rotMaxAngle],
// both in golden-ratio order (half a turn apart, so slow and fast pair up variously). Each block is a damped
// resonator, so θ starts as a bank of band-pass filters of the history, whose response tells
// an oscillation's frequency apart, where real decays only tell fast from slow.
func rotationBlocks(a []float64, d int) {
	nb := d / 2
	for k := 0; k < nb; k++ {
		u := math.Mod(float64(k)*0.6180339887498949, 1)
		r := math.Exp(-1 / (rotMinSteps * math.Pow(spreadMaxSteps/rotMinSteps, u)))
		u = math.Mod(u+0.5, 1)
		phi := rotMinAngle * math.Pow(rotMaxAngle/rotMinAngle, u)
		c, s := r*math.Cos(phi), r*math.Sin(phi)
		i := 2 * k
		a[i*d+i], a[i*d+i+1] = c, -s
		a[(i+1)*d+i], a[(i+1)*d+i+1] = s, c
	}
	if d%2 == 1 {
		a[(d-1)*d+d-1] = spreadDecay(nb, nb+1)
	}
}

// dense is a full D×D matrix.
type dense struct {
	a *nn.Param
	d int
	// A packed for the per-step products, once per pass: fwd is Aᵀ (rows·Aᵀ = (A x)ᵀ), bwd
	// is A. Every step multiplies the same A, so packing it per product would repeat work.
	fwd, bwd gemm.PackedB
}

func (t *dense) params() []*nn.Param { return []*nn.Param{t.a} }
func (t *dense) auxWidth() int       { return 0 }
func (t *dense) prepare() {
	t.fwd.Pack(true, t.d, t.d, t.a.Data, t.d)
	t.bwd.Pack(false, t.d, t.d, t.a.Data, t.d)
}
func (t *dense) apply(x, y []float64, rows int, _ []float64) {
	gemm.DgemmPacked(false, rows, 1, x, t.d, &t.fwd, 0, y, t.d)
}
func (t *dense) applyT(dy, dx []float64, rows int, _ []float64) {
	gemm.DgemmPacked(false, rows, 1, dy, t.d, &t.bwd, 0, dx, t.d)
}
func (t *dense) accumulate(x, dy []float64, rows int, _, _ []float64) {
	// dYᵀ X over every step's rows: AddATB reads the tall operands in place (at D ≤ 64
	// Dgemm spent as long packing them as multiplying).
	if rows > 0 {
		gemm.AddATB(t.d, t.d, rows, dy, t.d, x, t.d, t.a.Grad, t.d)
	}
}
func (t *dense) op() linop { return denseOp{m: t.a.Data, d: t.d} }

type denseOp struct {
	m []float64
	d int
}

func (o denseOp) apply(x, y []float64, rows int) {
	dgemm(false, true, rows, o.d, o.d, 1, x, o.d, o.m, o.d, 0, y, o.d)
}
func (o denseOp) square() linop {
	sq := make([]float64, o.d*o.d)
	dgemm(false, false, o.d, o.d, o.d, 1, o.m, o.d, o.m, o.d, 0, sq, o.d)
	return denseOp{m: sq, d: o.d}
}

// diagonal is A = diag(a).
type diagonal struct{ a *nn.Param }

func (t *diagonal) params() []*nn.Param { return []*nn.Param{t.a} }
func (t *diagonal) auxWidth() int       { return 0 }
func (t *diagonal) prepare()            {}
func (t *diagonal) apply(x, y []float64, rows int, _ []float64) {
	diagApply(t.a.Data, x, y, rows)
}
func (t *diagonal) applyT(dy, dx []float64, rows int, _ []float64) {
	diagApply(t.a.Data, dy, dx, rows)
}
func (t *diagonal) accumulate(x, dy []float64, rows int, _, _ []float64) {
	d := len(t.a.Data)
	g := t.a.Grad
	for r := 0; r < rows; r++ {
		xr, gr := x[r*d:(r+1)*d], dy[r*d:(r+1)*d]
		for i := range g {
			g[i] += gr[i] * xr[i]
		}
	}
}
func (t *diagonal) op() linop { return diagOp(t.a.Data) }

func diagApply(a, x, y []float64, rows int) {
	d := len(a)
	for r := 0; r < rows; r++ {
		xr, yr := x[r*d:(r+1)*d], y[r*d:(r+1)*d]
		for i, ai := range a {
			yr[i] = ai * xr[i]
		}
	}
}

type diagOp []float64

func (o diagOp) apply(x, y []float64, rows int) { diagApply(o, x, y, rows) }
func (o diagOp) square() linop {
	sq := make(diagOp, len(o))
	for i, v := range o {
		sq[i] = v * v
	}
	return sq
}

// lowRank is A = I + U Vᵀ with U, V of shape D×r: applying it costs O(D·r) per row.
type lowRank struct {
	u, v    *nn.Param
	d, r    int
	scratch []float64
}

func (t *lowRank) params() []*nn.Param { return []*nn.Param{t.u, t.v} }
func (t *lowRank) auxWidth() int       { return t.r }
func (t *lowRank) prepare()            {}

func (t *lowRank) buf(n int) []float64 {
	if cap(t.scratch) < n {
		t.scratch = make([]float64, n)
	}
	return t.scratch[:n]
}

func (t *lowRank) apply(x, y []float64, rows int, aux []float64) {
	t.identityPlus(x, y, rows, aux, t.v.Data, t.u.Data)
}
func (t *lowRank) applyT(dy, dx []float64, rows int, aux []float64) {
	t.identityPlus(dy, dx, rows, aux, t.u.Data, t.v.Data)
}

// identityPlus writes y = x + (x·a)·bᵀ over rows stacked rows, with a and b D×r: the product
// by I + U Vᵀ (a = V, b = U) and by its transpose (a = U, b = V). x·a goes to aux when given.
func (t *lowRank) identityPlus(x, y []float64, rows int, aux, a, b []float64) {
	p := aux
	if p == nil {
		p = t.buf(rows * t.r)
	}
	dgemm(false, false, rows, t.r, t.d, 1, x, t.d, a, t.r, 0, p, t.r)
	copy(y[:rows*t.d], x[:rows*t.d])
	dgemm(false, true, rows, t.d, t.r, 1, p, t.r, b, t.r, 1, y, t.d)
}
func (t *lowRank) accumulate(x, dy []float64, rows int, ax, ady []float64) {
	// ∂/∂U = Σ dy (Vᵀx)ᵀ and ∂/∂V = Σ x (Uᵀdy)ᵀ, each one product over the stacked rows.
	if ax == nil {
		ax = t.buf(rows * t.r)
		dgemm(false, false, rows, t.r, t.d, 1, x, t.d, t.v.Data, t.r, 0, ax, t.r)
	}
	dgemm(true, false, t.d, t.r, rows, 1, dy, t.d, ax, t.r, 1, t.u.Grad, t.r)
	if ady == nil {
		ady = t.buf(rows * t.r)
		dgemm(false, false, rows, t.r, t.d, 1, dy, t.d, t.u.Data, t.r, 0, ady, t.r)
	}
	dgemm(true, false, t.d, t.r, rows, 1, x, t.d, ady, t.r, 1, t.v.Grad, t.r)
}
func (t *lowRank) op() linop {
	c := make([]float64, t.r*t.r)
	for i := 0; i < t.r; i++ {
		c[i*t.r+i] = 1
	}
	vu := make([]float64, t.r*t.r)
	dgemm(true, false, t.r, t.r, t.d, 1, t.v.Data, t.r, t.u.Data, t.r, 0, vu, t.r)
	return lowRankOp{u: t.u.Data, v: t.v.Data, c: c, vu: vu, d: t.d, r: t.r}
}

// lowRankOp is I + U C Vᵀ; the family is closed under products:
// (I + U C Vᵀ)² = I + U (2C + C VᵀU C) Vᵀ.
type lowRankOp struct {
	u, v, c, vu []float64
	d, r        int
}

func (o lowRankOp) apply(x, y []float64, rows int) {
	p := make([]float64, rows*o.r)
	q := make([]float64, rows*o.r)
	dgemm(false, false, rows, o.r, o.d, 1, x, o.d, o.v, o.r, 0, p, o.r)
	dgemm(false, true, rows, o.r, o.r, 1, p, o.r, o.c, o.r, 0, q, o.r)
	copy(y[:rows*o.d], x[:rows*o.d])
	dgemm(false, true, rows, o.d, o.r, 1, q, o.r, o.u, o.r, 1, y, o.d)
}
func (o lowRankOp) square() linop {
	r := o.r
	t := make([]float64, r*r)
	dgemm(false, false, r, r, r, 1, o.vu, r, o.c, r, 0, t, r)
	c := make([]float64, r*r)
	for i := range c {
		c[i] = 2 * o.c[i]
	}
	dgemm(false, false, r, r, r, 1, o.c, r, t, r, 1, c, r)
	return lowRankOp{u: o.u, v: o.v, c: c, vu: o.vu, d: o.d, r: r}
}

// clipParams clips every entry of ps to ±c.
func clipParams(ps []*nn.Param, c float64) {
	for _, p := range ps {
		for i, v := range p.Data {
			p.Data[i] = min(max(v, -c), c)
		}
	}
}
