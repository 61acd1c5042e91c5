package warp

import (
	"math/rand/v2"

	"github.com/warpkit/warpkit/internal/gemm"
	"github.com/warpkit/warpkit/nn"
)

// The model-level forward pass of training, kept beside backward.go, which reverses it: the
// recurrence θ_t = A θ_{t−1} + B Δu_t over the fed inputs and the decoding of each θ_t into a
// prediction, recorded in the tape. Loss (loss.go) runs forward, the loss and backward.

// forwardTeacher feeds the truth at every step, so θ comes from one scan over known inputs.
func (m *Model) forwardTeacher(b *nn.Sequences, dt []float64, parallel bool) {
	tp := &m.tape
	N, T, d, D, S := b.N, b.T, m.d, m.root.size, b.T-1
	for t := 0; t < S; t++ {
		tau := tauOf(t, T)
		for n := 0; n < N; n++ {
			xh := tp.xin[(t*N+n)*d : (t*N+n+1)*d]
			copy(xh, b.At(n, t))
			tp.fed[t*N+n] = false
			m.encode(xh, tau, tp.u[(t*N+n)*m.du:(t*N+n+1)*m.du])
		}
		if t > 0 {
			m.diff(t, N)
		}
	}
	m.initTheta(N)
	if parallel {
		m.scanParallel(tp.theta, tp.du, tp.tmp, N, S)
		tp.auxOK = false
	} else {
		m.scanSequential(tp.theta, tp.du, tp.auxF, N, S)
	}
	for t := 0; t < S; t++ {
		m.decodeStep(t, N, T, D, dt[t])
	}
}

// forwardAutoregressive interleaves feeding, the recurrence and decoding, since a fed
// prediction of x_t is only known once θ_{t−1} is decoded. The rng is drawn in a fixed order
// (step, then sequence, then channel) so a seed gives the same batch on any machine.
func (m *Model) forwardAutoregressive(b *nn.Sequences, dt []float64, p float64, context int, rng *rand.Rand) {
	tp := &m.tape
	N, T, d, D, S := b.N, b.T, m.d, m.root.size, b.T-1
	for t := 0; t < S; t++ {
		tau := tauOf(t, T)
		for n := 0; n < N; n++ {
			k := t*N + n
			xh := tp.xin[k*d : (k+1)*d]
			forced := t == 0 || t < context || rng.Float64() < p
			tp.fed[k] = !forced
			switch {
			case forced:
				copy(xh, b.At(n, t))
			case m.cfg.Stochastic:
				for i := range xh {
					e := rng.NormFloat64()
					tp.eps[k*d+i] = e
					xh[i] = tp.mu[k*d+i] + tp.sigma[k*d+i]*e
				}
			default:
				copy(xh, tp.mu[k*d:(k+1)*d])
			}
			m.encode(xh, tau, tp.u[k*m.du:(k+1)*m.du])
		}
		if t == 0 {
			m.initTheta(N)
		} else {
			m.diff(t, N)
			if ra, ok := m.tr.(rowsApplier); ok {
				// The product's tasks add B Δu_t and decode each span of rows they make.
				m.bT = gemm.Transpose(m.bT, m.b.Data, D, m.du, 1)
				m.fillDecoders()
				m.fwdH = fwdStep{m: m, t: t, n: N, nT: T, dt: dt[t]}
				ra.applyRows(rows(tp.theta, t-1, N, D), rows(tp.theta, t, N, D), N, &m.fwdH)
				continue
			}
			m.step(rows(tp.theta, t-1, N, D), rows(tp.theta, t, N, D), rows(tp.du, t, N, m.du), auxRows(tp.auxF, t-1, N, m.tr.auxWidth()), N)
		}
		m.decodeStep(t, N, T, D, dt[t])
	}
}

// diff writes the increments u_t − u_{t−1} of step t.
func (m *Model) diff(t, n int) {
	tp := &m.tape
	cur, prev, out := rows(tp.u, t, n, m.du), rows(tp.u, t-1, n, m.du), rows(tp.du, t, n, m.du)
	for i := range out {
		out[i] = cur[i] - prev[i]
	}
}

// initTheta writes θ_0 from the standardised first observations.
func (m *Model) initTheta(n int) {
	tp := &m.tape
	for i := 0; i < n; i++ {
		copy(tp.x0[i*m.d:(i+1)*m.d], tp.u[i*m.du:i*m.du+m.d])
	}
	m.init.forward(tp.x0, tp.theta[:n*m.root.size], n)
}

// decodeStep predicts x_{t+1} for every sequence from θ_t and the fed x̂_t.
func (m *Model) decodeStep(t, n, T, D int, dt float64) {
	m.forSamples(n, func(dc *decoder, lo, hi int) { m.decodeRows(dc, t, n, T, D, dt, lo, hi) })
}

// decodeRows is decodeStep for the sequences [lo, hi).
func (m *Model) decodeRows(dc *decoder, t, n, T, D int, dt float64, lo, hi int) {
	tp := &m.tape
	d := m.d
	tau := tauOf(t+1, T)
	R := m.decRecLen()
	for i := lo; i < hi; i++ {
		k := t*n + i     // fed state and θ of step t
		j := (t+1)*n + i // prediction of x_{t+1}
		var sigma []float64
		if tp.sigma != nil {
			sigma = tp.sigma[j*d : (j+1)*d]
		}
		dc.forward(tp.theta[k*D:(k+1)*D], tau, dt, tp.xin[k*d:(k+1)*d], tp.mu[j*d:(j+1)*d], sigma, tp.rec[k*R:(k+1)*R])
	}
}
