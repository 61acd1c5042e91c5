package rnn

import (
	"math/rand/v2"
	"slices"

	"github.com/warpkit/warpkit/internal/fastexp"
	fastgemm "github.com/warpkit/warpkit/internal/gemm"
)

// gruLayer is PyTorch's GRU:
//
//	r = σ(W_ir x + b_ir + W_hr h + b_hr)
//	z = σ(W_iz x + b_iz + W_hz h + b_hz)
//	n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))
//	h' = (1 − z) ⊙ n + z ⊙ h
//
// with gates stacked in the order r, z, n in W_ih (3H × in) and W_hh (3H × H), and h_0 = 0.
type gruLayer struct {
	gated
	// g holds the input projections after pre, the gate activations [r z n] after step and
	// after stepBack the gradients [dr dz dm] with respect to the r and z pre-activations
	// and to m = W_hn h + b_hn: exactly what W_hh's rows multiply, so the carry and W_hh's
	// gradient are one product each. hn holds m after step, then the gradient dn of the n
	// pre-activation (each value is dead once its successor is written). hp holds b_hh + W_hh h.
	hn   []float64
	wihT []float64 // W_ih transposed, for the fused projection
}

func newGRULayer(prefix string, in, h int, rng *rand.Rand) *gruLayer {
	return &gruLayer{gated: newGated(prefix, in, h, 3, rng)}
}

func (l *gruLayer) prepare() {
	l.packWhh()
	if l.in <= smallSide {
		l.wihT = fastgemm.Transpose(l.wihT, l.wih.Data, 3*l.h, l.in, 1)
	}
}
func (l *gruLayer) resize(steps, n int) {
	l.gated.resize(steps, n)
	r := l.d.rows * l.h
	l.hn = slices.Grow(l.hn[:0], r)[:r]
}

func (l *gruLayer) pre(in []float64, r0, r1 int) {
	g3 := 3 * l.h
	if l.in <= smallSide {
		l.input = in // projected inside step, where the row is written anyway
		return
	}
	g := l.g[r0*g3 : r1*g3]
	setBias(g, r1-r0, g3, l.bih.Data)
	gemm(false, true, r1-r0, g3, l.in, 1, in[r0*l.in:r1*l.in], l.in, l.wih.Data, l.in, 1, g, g3)
}

func (l *gruLayer) step(t int) {
	h, g3, n := l.h, 3*l.h, l.d.n
	l.t = t
	if t == 0 {
		setBias(l.hp, n, g3, l.bhh.Data)
		forChunks(n, (*gruStep)(l))
		return
	}
	// Each task of the product sets its rows to b_hh, adds W_hh h, then runs their gates.
	gemmPackedRows(n, 1, l.hs[(t-1)*n*h:t*n*h], h, &l.pkF, 1, l.hp, g3, (*gruBias)(l), (*gruStep)(l))
}

// stepRows is the elementwise part of step for sequences [n0, n1).
func (l *gruLayer) stepRows(t, n0, n1 int) {
	h, g3, m := l.h, 3*l.h, n1-n0
	r0 := t*l.d.n + n0
	hp := l.hp[n0*g3 : n1*g3]
	hprev := l.d.prev(l.hs, t, n0, m, h)
	g := l.g[r0*g3 : (r0+m)*g3]
	hn := l.hn[r0*h : (r0+m)*h]
	hs := l.hs[r0*h : (r0+m)*h]
	fused := l.in <= smallSide
	for i := 0; i < m; i++ {
		gi, pi := g[i*g3:(i+1)*g3], hp[i*g3:(i+1)*g3]
		if fused {
			projectRow(gi, l.wihT, l.bih.Data, l.input[(r0+i)*l.in:(r0+i+1)*l.in])
		}
		grz, gn := gi[:2*h], gi[2*h:]
		pn := pi[2*h:]
		hni, hi := hn[i*h:(i+1)*h], hs[i*h:(i+1)*h]
		// r, z = σ(a) = 1/(1 + e^−a); n = tanh(a) = 1 − 2/(1 + e^2a); exps a row at a time.
		for j := range grz {
			grz[j] = -(grz[j] + pi[j])
		}
		fastexp.Exp(grz)
		fastexp.RecipOnePlus(grz)
		gr := grz[:h]
		for j := range gn {
			gn[j] = 2 * (gn[j] + gr[j]*pn[j])
		}
		fastexp.Exp(gn)
		fastexp.TanhFromExp(gn)
		gz := grz[h:]
		for j, nv := range gn {
			hni[j] = pn[j]
			z := gz[j]
			hv := (1 - z) * nv
			if hprev != nil {
				hv += z * hprev[i*h+j]
			}
			hi[j] = hv
		}
	}
}

func (l *gruLayer) stepBack(t int) {
	h, g3, n := l.h, 3*l.h, l.d.n
	if t == l.d.steps-1 {
		clear(l.dh)
	}
	l.t = t
	if t == 0 {
		forChunks(n, (*gruBack)(l))
		return
	}
	// Each task of the product first turns its rows' gates into gradients (the carry dh of
	// those rows becoming its direct part dh·z), then adds [dr dz dm]·W_hh to them.
	gemmPackedRows(n, 1, l.g[t*n*g3:(t+1)*n*g3], g3, &l.pkB, 1, l.dh, h, (*gruBack)(l), nil)
}

// stepBackRows is the elementwise part of stepBack for sequences [n0, n1).
func (l *gruLayer) stepBackRows(t, n0, n1 int) {
	h, g3, m := l.h, 3*l.h, n1-n0
	r0 := t*l.d.n + n0
	carry := l.dh[n0*h : n1*h]
	hprev := l.d.prev(l.hs, t, n0, m, h)
	g := l.g[r0*g3 : (r0+m)*g3]
	hn := l.hn[r0*h : (r0+m)*h]
	dout := l.dout[r0*h : (r0+m)*h]
	for i := 0; i < m; i++ {
		hpi := l.zero[:h]
		if hprev != nil {
			hpi = hprev[i*h : (i+1)*h]
		}
		gruBackRow(g[i*g3:(i+1)*g3], hn[i*h:(i+1)*h], dout[i*h:(i+1)*h], carry[i*h:(i+1)*h], hpi)
	}
}

// gruBackRow turns one row's gate activations g = [r z n] and hn = m = W_hn h + b_hn into
// the gradients g = [dr dz dm] and hn = dn (of the r, z and n pre-activations and of m), and
// carry (∂loss/∂h from the next step) into its direct part dh·z, given ∂loss/∂h from above
// (dout) and the previous state.
func gruBackRow(g, hn, dout, carry, hprev []float64) {
	h := len(hn)
	g, dout, carry, hprev = g[:3*h], dout[:h], carry[:h], hprev[:h]
	gruBackScalar(g, hn, dout, carry, hprev, gruBackVec(g, hn, dout, carry, hprev))
}

// gruBackScalar is gruBackRow for the columns from j0 on.
func gruBackScalar(g, hn, dout, carry, hprev []float64, j0 int) {
	h := len(hn)
	gr, gz, gn := g[:h], g[h:2*h], g[2*h:3*h]
	dout, carry, hprev = dout[:h], carry[:h], hprev[:h]
	for j := j0; j < h; j++ {
		r, z, nv := gr[j], gz[j], gn[j]
		dh := dout[j] + carry[j]
		dan := dh * (1 - z) * (1 - nv*nv)
		daz := dh * (hprev[j] - nv) * z * (1 - z)
		dar := dan * hn[j] * r * (1 - r)
		gr[j], gz[j], gn[j] = dar, daz, dan*r
		hn[j] = dan
		carry[j] = dh * z
	}
}

func (l *gruLayer) preBack(dIn []float64, beta float64, r0, r1 int) {
	h, g3, in := l.h, 3*l.h, l.in
	d := dIn[r0*in : r1*in]
	gemm(false, false, r1-r0, in, 2*h, 1, l.g[r0*g3:r1*g3], g3, l.wih.Data, in, beta, d, in)
	gemm(false, false, r1-r0, in, h, 1, l.hn[r0*h:r1*h], h, l.wih.Data[2*h*in:], in, 1, d, in)
}

func (l *gruLayer) grads(in []float64) {
	h, g3, rows := l.h, 3*l.h, l.d.rows
	// The column sums of [dr dz dn] are b_ih's gradient and, for the r and z gates, b_hh's
	// too; b_hh's n part is the column sum of dm.
	db := l.biasSums()
	gradAtB(l.wih.Grad[:2*h*l.in], db[:2*h], l.g, g3, 2*h, in, l.in, l.in, rows)
	gradAtB(l.wih.Grad[2*h*l.in:], db[2*h:], l.hn, h, h, in, l.in, l.in, rows)
	for j, v := range db {
		l.bih.Grad[j] += v
		if j < 2*h {
			l.bhh.Grad[j] += v
		}
	}
	colSum(l.bhh.Grad[2*h:], l.g[2*h:], rows, g3)
	l.whhGrad()
}

// The layer's elementwise tasks for the current step l.t (see parallel.go).
type (
	gruStep gruLayer
	gruBack gruLayer
)

func (k *gruStep) span(n0, n1 int) { (*gruLayer)(k).stepRows(k.t, n0, n1) }
func (k *gruBack) span(n0, n1 int) { (*gruLayer)(k).stepBackRows(k.t, n0, n1) }

// Rows is span, as the product's row hook.
func (k *gruStep) Rows(n0, n1 int) { k.span(n0, n1) }

// Rows is span, as the product's row hook.
func (k *gruBack) Rows(n0, n1 int) { k.span(n0, n1) }

// gruBias sets the rows of hp to b_hh before the product adds W_hh h to them.
type gruBias gruLayer

// Rows sets rows [n0, n1) of hp to b_hh.
func (k *gruBias) Rows(n0, n1 int) {
	g3 := 3 * k.h
	setBias(k.hp[n0*g3:n1*g3], n1-n0, g3, k.bhh.Data)
}
