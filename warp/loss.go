package warp

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/warpkit/warpkit/nn"
)

// Loss runs WARP on a batch, accumulates the gradient of the mean loss into every Param.Grad
// and returns that loss, in the data's units, over the predicted points x_1..x_{T−1}.
// ForcingProb ≥ 1 is teacher forcing (every θ_t known up front: sequential or parallel scan);
// below 1 each step (after the first opt.Context) feeds the truth with that probability and
// the model's previous prediction otherwise (a reparameterised sample in stochastic mode), and
// the gradient flows through the fed predictions. The loss defaults to Gaussian NLL for a
// stochastic model and MSE otherwise. With Config.ParamSmooth the returned loss includes that
// penalty on the prior's raw outputs.
func (m *Model) Loss(b *nn.Sequences, opt nn.LossOptions, rng *rand.Rand) (float64, error) {
	dt, err := m.checkSequences("loss batch", b, 2)
	if err != nil {
		return 0, err
	}
	kind := opt.Loss
	if kind == "" {
		kind = "mse"
		if m.cfg.Stochastic {
			kind = "nll"
		}
	}
	switch kind {
	case "mse", "mae":
	case "nll":
		if !m.cfg.Stochastic {
			return 0, fmt.Errorf("warp: loss %q needs a stochastic model (config stochastic)", kind)
		}
	default:
		return 0, fmt.Errorf("warp: unknown loss %q (valid: mse, mae, nll)", kind)
	}
	p := opt.ForcingProb
	if math.IsNaN(p) || p < 0 {
		return 0, fmt.Errorf("warp: forcing probability must be in [0, 1], got %g", p)
	}
	if opt.Context < 0 {
		return 0, fmt.Errorf("warp: context must be non-negative, got %d", opt.Context)
	}
	teacher := p >= 1 || opt.Context >= b.T-1
	if !teacher && rng == nil {
		return 0, fmt.Errorf("warp: autoregressive loss needs an rng for the forcing draws")
	}
	if m.cfg.AClip > 0 {
		clipParams(m.tr.params(), m.cfg.AClip)
	}
	m.tr.prepare()
	N, T, D := b.N, b.T, m.root.size
	parallel := teacher && m.cfg.ParallelScan
	m.tape.ensure(N, T, m.d, m.du, D, m.decRecLen(), m.tr.auxWidth(), m.cfg.Stochastic, parallel)
	tp := &m.tape
	tp.auxOK = tp.auxF != nil
	if teacher {
		m.forwardTeacher(b, dt, parallel)
	} else {
		m.forwardAutoregressive(b, dt, p, opt.Context, rng)
	}
	loss := m.lossGrad(b, kind)
	if m.cfg.ParamSmooth > 0 {
		loss += m.smoothGrad(N, T)
	}
	if math.IsNaN(loss) || math.IsInf(loss, 0) {
		// No gradient to speak of; the caller's NaN guard (nn.Fit) decides what to do.
		return loss, nil
	}
	m.backward(b, teacher)
	return loss, nil
}

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
				m.bT = transposeInto(m.bT, m.b.Data, D, m.du)
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

// lossGrad returns the mean loss over x_1..x_{T−1} and writes ∂loss/∂prediction.
func (m *Model) lossGrad(b *nn.Sequences, kind string) float64 {
	tp := &m.tape
	N, T, d := b.N, b.T, m.d
	cnt := float64(N * (T - 1) * d)
	clear(tp.dmu[:N*d])
	if tp.dsigma != nil {
		clear(tp.dsigma[:N*d])
	}
	total := 0.0
	for t := 1; t < T; t++ {
		for n := 0; n < N; n++ {
			y := b.At(n, t)
			k := (t*N + n) * d
			for i, yi := range y {
				e := tp.mu[k+i] - yi
				switch kind {
				case "mse":
					total += e * e
					tp.dmu[k+i] = 2 * e / cnt
				case "mae":
					total += math.Abs(e)
					s := 0.0
					if e > 0 {
						s = 1
					} else if e < 0 {
						s = -1
					}
					tp.dmu[k+i] = s / cnt
				case "nll":
					sg := tp.sigma[k+i]
					total += 0.5*math.Log(2*math.Pi) + math.Log(sg) + e*e/(2*sg*sg)
					tp.dmu[k+i] = e / (sg * sg) / cnt
				}
				if tp.dsigma != nil {
					sg := tp.sigma[k+i]
					if kind == "nll" {
						tp.dsigma[k+i] = (1/sg - e*e/(sg*sg*sg)) / cnt
					} else {
						tp.dsigma[k+i] = 0
					}
				}
			}
		}
	}
	return total / cnt
}

// smoothGrad returns ParamSmooth times the mean squared change of the prior's raw outputs
// between consecutive predicted steps, over every sequence and output, and writes its
// gradient with respect to each step's raw outputs into tape.dsq.
func (m *Model) smoothGrad(N, T int) float64 {
	tp := &m.tape
	S, P, R := T-1, m.nMean, m.decRecLen()
	tp.dsq = slices.Grow(tp.dsq[:0], S*N*P)[:S*N*P]
	clear(tp.dsq)
	if S < 2 {
		return 0
	}
	raw := func(t, n int) []float64 { k := (t*N + n) * R; return m.recRaw(tp.rec[k : k+R]) }
	cnt := float64(N * (S - 1) * P)
	w := m.cfg.ParamSmooth
	total := 0.0
	for t := 1; t < S; t++ {
		for n := 0; n < N; n++ {
			a, b := raw(t-1, n), raw(t, n)
			ga, gb := tp.dsq[((t-1)*N+n)*P:], tp.dsq[(t*N+n)*P:]
			for j := 0; j < P; j++ {
				e := b[j] - a[j]
				total += e * e
				g := 2 * w * e / cnt
				gb[j] += g
				ga[j] -= g
			}
		}
	}
	return w * total / cnt
}
