package warp

import (
	"slices"

	"github.com/warpkit/warpkit/internal/gemm"
	"github.com/warpkit/warpkit/nn"
)

// backward propagates ∂loss/∂prediction (in the tape) back to every parameter.
//
// Walking the steps backwards, dθ_t = Aᵀ dθ_{t+1} plus what the decoder of step t sends back.
// In autoregressive mode a fed prediction x̂_t also reaches the loss through the decoder's
// previous-state input and through the increments Δu_t and Δu_{t+1}; that gradient
// (dθ_t B − dθ_{t+1} B, the decoder's part) is sent on to the decoder of step t−1 that
// produced x̂_t. The gradient of A is one product over all steps stacked; B's, whose output
// has only du rows, is summed step by step.
func (m *Model) backward(b *nn.Sequences, teacher bool) {
	tp := &m.tape
	N, d, D, du, S := b.N, m.d, m.root.size, m.du, b.T-1
	clear(tp.gnext)
	m.bT = gemm.Transpose(m.bT, m.b.Data, D, du, 1)
	// ∂/∂Bᵀ, accumulated step by step while dθ_t is in cache.
	tp.dbT = slices.Grow(tp.dbT[:0], du*D)[:du*D]
	clear(tp.dbT)
	for t := S - 1; t >= 0; t-- {
		dT := rows(tp.dtheta, t, N, D)
		// Does x̂_t need a gradient (is any sequence fed its own prediction at step t)?
		needX := false
		if !teacher && t > 0 {
			for n := 0; n < N; n++ {
				if tp.fed[t*N+n] {
					needX = true
					break
				}
			}
		}
		// dθ_t B, for x̂_t (into g) or for step t−1 (into gnext), row by row in the loop too.
		// The arguments live in m.backH, not in a local the closures below would move to
		// the heap once per step.
		m.backH = backStep{m: m, args: backArgs{t: t, n: N, s: S, needX: needX, wantG: !teacher && t > 0, gdst: tp.gnext, dT: dT}}
		args := &m.backH.args
		if needX {
			args.gdst = tp.g
		}
		ra, fused := m.tr.(rowsApplier)
		switch {
		case t < S-1 && fused:
			// The product's tasks run the decoders on each span of rows they make.
			m.fillDecoders()
			ra.applyTRows(rows(tp.dtheta, t+1, N, D), dT, N, &m.backH)
		case t < S-1:
			m.tr.applyT(rows(tp.dtheta, t+1, N, D), dT, N, auxRows(tp.auxB, t, N, m.tr.auxWidth()))
			m.forSamples(N, func(dc *decoder, lo, hi int) { m.backRows(dc, args, lo, hi) })
		default:
			clear(dT)
			m.forSamples(N, func(dc *decoder, lo, hi int) { m.backRows(dc, args, lo, hi) })
		}
		if t > 0 {
			// Σ_n Δu_{t,n} ⊗ dθ_{t,n}: with du ≤ 2 rows of output Dgemm runs it as axpys
			// into a du×D block that stays in L1.
			dgemm(true, false, du, D, N, 1, rows(tp.du, t, N, du), du, dT, D, 1, tp.dbT, D)
		}
		if needX {
			// ∂/∂u_t = dθ_t B (through Δu_t) − dθ_{t+1} B (through Δu_{t+1}).
			for n := 0; n < N; n++ {
				k := t*N + n
				if !tp.fed[k] {
					continue
				}
				for i := 0; i < d; i++ {
					tp.dfed[k*d+i] = tp.dx[n*d+i] + (tp.g[n*du+i]-tp.gnext[n*du+i])/m.std[i]
				}
			}
			tp.g, tp.gnext = tp.gnext, tp.g
		}
		if t == 0 {
			m.init.backward(dT, N)
		}
	}
	if S > 1 {
		r := (S - 1) * N
		for i := 0; i < du; i++ {
			for k := 0; k < D; k++ {
				m.b.Grad[k*du+i] += tp.dbT[i*D+k]
			}
		}
		var ax, ady []float64
		if w := m.tr.auxWidth(); w > 0 {
			ady = tp.auxB[:r*w]
			if tp.auxOK {
				ax = tp.auxF[:r*w]
			}
		}
		m.tr.accumulate(tp.theta[:r*D], tp.dtheta[N*D:S*N*D], r, ax, ady)
	}
}

// backArgs are what the decoders' part of a backward step needs besides the tape.
type backArgs struct {
	t, n, s      int // step, sequences, steps
	needX, wantG bool
	gdst, dT     []float64
}

// backRows is the decoders' part of backward step a.t for the sequences [lo, hi): their
// gradient into dθ_t, then, when wanted, dθ_t B into gdst.
func (m *Model) backRows(dc *decoder, a *backArgs, lo, hi int) {
	tp := &m.tape
	t, N, S, d, D, du := a.t, a.n, a.s, m.d, m.root.size, m.du
	stoch := m.cfg.Stochastic
	R := m.decRecLen()
	gmu, dsg := dc.gmu, dc.gsigma
	for n := lo; n < hi; n++ {
		k, j := t*N+n, (t+1)*N+n
		copy(gmu, tp.dmu[j*d:(j+1)*d])
		if stoch {
			copy(dsg, tp.dsigma[j*d:(j+1)*d])
		}
		if j < S*N && tp.fed[j] {
			// x̂_{t+1} was this prediction (plus σ·ε): its gradient comes back here.
			for i := range gmu {
				g := tp.dfed[j*d+i]
				gmu[i] += g
				if stoch {
					dsg[i] += g * tp.eps[j*d+i]
				}
			}
		}
		var dprev []float64
		if a.needX && tp.fed[k] {
			dprev = tp.dx[n*d : (n+1)*d]
			clear(dprev)
		}
		row := a.dT[n*D : (n+1)*D]
		var dsq []float64
		if m.cfg.ParamSmooth > 0 {
			dsq = tp.dsq[k*m.nMean : (k+1)*m.nMean]
		}
		dc.backward(tp.theta[k*D:(k+1)*D], tp.rec[k*R:(k+1)*R], gmu, dsg, dsq, row, dprev)
		if a.wantG {
			for i := 0; i < du; i++ {
				a.gdst[n*du+i] = dot(row, m.bT[i*D:(i+1)*D])
			}
		}
	}
}
