package rnn

import (
	"math/rand/v2"
	"slices"

	"github.com/warpkit/warpkit/internal/fastexp"
	fastgemm "github.com/warpkit/warpkit/internal/gemm"
)

// lstmLayer is PyTorch's LSTM:
//
//	[i f g o] = [σ σ tanh σ](W_ih x + b_ih + W_hh h + b_hh)
//	c' = f ⊙ c + i ⊙ g,   h' = o ⊙ tanh(c')
//
// with gates stacked in the order i, f, g, o and h_0 = c_0 = 0.
type lstmLayer struct {
	gated
	// g holds the negated input projections after pre (or, for few inputs, from the step),
	// then −a, the gate activations after step and the pre-activation gradients after
	// stepBack; hp holds −W_hh h of the current step.
	cs, tc []float64 // rows × H: the cell states c and tanh(c)
	dc     []float64 // N×H: the cell gradient carried back in time
	nbsum  []float64 // −(b_ih + b_hh)
	nwihT  []float64 // −W_ihᵀ, for the fused projection
}

func newLSTMLayer(prefix string, in, h int, rng *rand.Rand) *lstmLayer {
	return &lstmLayer{gated: newGated(prefix, in, h, 4, rng)}
}

// prepare makes the negated bias −(b_ih + b_hh) and, for the fused projection, −W_ihᵀ: the
// step works on negated pre-activations, which the exps of σ(a) = 1/(1 + e^−a) want, so
// the products deliver them with alpha = −1 and no pass is spent negating.
func (l *lstmLayer) prepare() {
	l.nbsum = slices.Grow(l.nbsum[:0], 4*l.h)[:4*l.h]
	for j := range l.nbsum {
		l.nbsum[j] = -(l.bih.Data[j] + l.bhh.Data[j])
	}
	if l.in <= smallSide {
		l.nwihT = fastgemm.Transpose(l.nwihT, l.wih.Data, 4*l.h, l.in, -1)
	}
	l.packWhh()
}

func (l *lstmLayer) resize(steps, n int) {
	l.gated.resize(steps, n)
	r, h := l.d.rows, l.h
	l.cs = slices.Grow(l.cs[:0], r*h)[:r*h]
	l.tc = slices.Grow(l.tc[:0], r*h)[:r*h]
	l.dc = slices.Grow(l.dc[:0], n*h)[:n*h]
}

func (l *lstmLayer) pre(in []float64, r0, r1 int) {
	g4 := 4 * l.h
	if l.in <= smallSide {
		l.input = in // projected inside step, where the row is written anyway
		return
	}
	g := l.g[r0*g4 : r1*g4]
	setBias(g, r1-r0, g4, l.nbsum) // negated pre-activations, see prepare
	gemm(false, true, r1-r0, g4, l.in, -1, in[r0*l.in:r1*l.in], l.in, l.wih.Data, l.in, 1, g, g4)
}

func (l *lstmLayer) step(t int) {
	h, g4, n := l.h, 4*l.h, l.d.n
	l.t = t
	if t == 0 {
		forChunks(n, (*lstmStep)(l))
		return
	}
	// Each task of the product runs the gates of the rows it has just computed.
	gemmPackedRows(n, -1, l.hs[(t-1)*n*h:t*n*h], h, &l.pkF, 0, l.hp, g4, nil, (*lstmStep)(l))
}

// stepRows is the elementwise part of step for sequences [n0, n1).
func (l *lstmLayer) stepRows(t, n0, n1 int) {
	h, g4, m := l.h, 4*l.h, n1-n0
	r0 := t*l.d.n + n0
	g := l.g[r0*g4 : (r0+m)*g4]
	cprev := l.d.prev(l.cs, t, n0, m, h)
	cs, tc, hs := l.cs[r0*h:(r0+m)*h], l.tc[r0*h:(r0+m)*h], l.hs[r0*h:(r0+m)*h]
	fused := l.in <= smallSide
	for i := 0; i < m; i++ {
		gi := g[i*g4 : (i+1)*g4]
		if fused {
			projectRow(gi, l.nwihT, l.nbsum, l.input[(r0+i)*l.in:(r0+i+1)*l.in])
		}
		if t > 0 {
			// A fused multiply-add by 1 is an exact add: a vector add pass.
			fastgemm.Axpy(1, l.hp[(n0+i)*g4:(n0+i+1)*g4], gi)
		}
		// gi holds −a. σ(a) = 1/(1 + e^−a) for i, f, o and tanh(a) = 1 − 2/(1 + e^2a) for g:
		// one row of exps at a time.
		gg := gi[2*h : 3*h]
		for j := range gg {
			gg[j] = -2 * gg[j]
		}
		fastexp.Exp(gi)
		fastexp.RecipOnePlus(gi)
		for j := range gg {
			gg[j] = 1 - 2*gg[j]
		}
		gi0, gf, gout := gi[:h], gi[h:2*h], gi[3*h:]
		ci, tci, hi := cs[i*h:(i+1)*h], tc[i*h:(i+1)*h], hs[i*h:(i+1)*h]
		for j := range ci {
			cv := gi0[j] * gg[j]
			if cprev != nil {
				cv += gf[j] * cprev[i*h+j]
			}
			ci[j] = cv
			tci[j] = 2 * cv
		}
		fastexp.Exp(tci)
		fastexp.TanhFromExp(tci)
		for j, tv := range tci {
			hi[j] = gout[j] * tv
		}
	}
}

func (l *lstmLayer) stepBack(t int) {
	h, g4, n := l.h, 4*l.h, l.d.n
	if t == l.d.steps-1 {
		clear(l.dh)
		clear(l.dc)
	}
	l.t = t
	if t == 0 {
		forChunks(n, (*lstmBack)(l))
		return
	}
	// Each task of the product first turns its rows' gates into gradients (reading those
	// rows of the carry dh), then overwrites those rows of dh with the product.
	gemmPackedRows(n, 1, l.g[t*n*g4:(t+1)*n*g4], g4, &l.pkB, 0, l.dh, h, (*lstmBack)(l), nil)
}

// stepBackRows is the elementwise part of stepBack for sequences [n0, n1).
func (l *lstmLayer) stepBackRows(t, n0, n1 int) {
	h, g4, m := l.h, 4*l.h, n1-n0
	r0 := t*l.d.n + n0
	dh, dc := l.dh[n0*h:n1*h], l.dc[n0*h:n1*h]
	cprev := l.d.prev(l.cs, t, n0, m, h)
	g := l.g[r0*g4 : (r0+m)*g4]
	tc, dout := l.tc[r0*h:(r0+m)*h], l.dout[r0*h:(r0+m)*h]
	for i := 0; i < m; i++ {
		cpi := l.zero[:h]
		if cprev != nil {
			cpi = cprev[i*h : (i+1)*h]
		}
		lstmBackRow(g[i*g4:(i+1)*g4], tc[i*h:(i+1)*h], dout[i*h:(i+1)*h], dh[i*h:(i+1)*h], dc[i*h:(i+1)*h], cpi)
	}
}

// lstmBackRow turns one row's gate activations g = [i f g o] into the pre-activation
// gradients and dc into the cell gradient carried back, given tanh(c) (tc), ∂loss/∂h from
// above (dout) and from the next step (dh), and the previous cell state cp.
func lstmBackRow(g, tc, dout, dh, dc, cp []float64) {
	h := len(tc)
	g, dout, dh, dc, cp = g[:4*h], dout[:h], dh[:h], dc[:h], cp[:h]
	lstmBackScalar(g, tc, dout, dh, dc, cp, lstmBackVec(g, tc, dout, dh, dc, cp))
}

// lstmBackScalar is lstmBackRow for the columns from j0 on.
func lstmBackScalar(g, tc, dout, dh, dc, cp []float64, j0 int) {
	h := len(tc)
	gi0, gf, gg, gout := g[:h], g[h:2*h], g[2*h:3*h], g[3*h:4*h]
	// Slices of one length let the compiler drop the bounds checks in the loop.
	dout, dh, dc, cp = dout[:h], dh[:h], dc[:h], cp[:h]
	for j := j0; j < h; j++ {
		iv, fv, gv, ov, tv := gi0[j], gf[j], gg[j], gout[j], tc[j]
		dhv := dout[j] + dh[j]
		dcv := dhv*ov*(1-tv*tv) + dc[j]
		gi0[j] = dcv * gv * iv * (1 - iv)
		gf[j] = dcv * cp[j] * fv * (1 - fv)
		gg[j] = dcv * iv * (1 - gv*gv)
		gout[j] = dhv * tv * ov * (1 - ov)
		dc[j] = dcv * fv
	}
}

func (l *lstmLayer) preBack(dIn []float64, beta float64, r0, r1 int) {
	g4 := 4 * l.h
	gemm(false, false, r1-r0, l.in, g4, 1, l.g[r0*g4:r1*g4], g4, l.wih.Data, l.in, beta, dIn[r0*l.in:r1*l.in], l.in)
}

func (l *lstmLayer) grads(in []float64) {
	g4 := 4 * l.h
	// b_ih and b_hh enter the gates as one sum, so both get the column sums of g.
	db := l.biasSums()
	gradAtB(l.wih.Grad, db, l.g, g4, g4, in, l.in, l.in, l.d.rows)
	for j, v := range db {
		l.bih.Grad[j] += v
		l.bhh.Grad[j] += v
	}
	l.whhGrad()
}

// The layer's elementwise tasks for the current step l.t (see parallel.go).
type (
	lstmStep lstmLayer
	lstmBack lstmLayer
)

func (k *lstmStep) span(n0, n1 int) { (*lstmLayer)(k).stepRows(k.t, n0, n1) }
func (k *lstmBack) span(n0, n1 int) { (*lstmLayer)(k).stepBackRows(k.t, n0, n1) }

// Rows is span, as the product's row hook.
func (k *lstmStep) Rows(n0, n1 int) { k.span(n0, n1) }

// Rows is span, as the product's row hook.
func (k *lstmBack) Rows(n0, n1 int) { k.span(n0, n1) }
