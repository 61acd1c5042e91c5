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
	dt, err := m.checkSequences("loss batch", b)
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
