package warp

import (
	"fmt"

	"github.com/warpkit/warpkit/nn"
)

// Forecast feeds the truth for the first context steps and then the model's own predicted
// means (no sampling). The result has x's layout with the first context steps copied from x.
// No optimiser runs: whatever the model adapts to the context, it adapts through the
// recurrence (see the package doc).
func (m *Model) Forecast(x *nn.Sequences, context int) (*nn.Sequences, error) {
	out := &nn.Sequences{N: x.N, T: x.T, D: x.D, Times: append([]float64(nil), x.Times...)}
	if err := m.infer("forecast", x, context, out, nil); err != nil {
		return nil, err
	}
	return out, nil
}

// Weights returns the weight trajectory θ_t for every sequence and step, (N, T, D) row-major
// with D = NumWeights(), fed like Forecast: the truth for the first context steps, then the
// model's own predictions.
func (m *Model) Weights(x *nn.Sequences, context int) ([]float64, error) {
	if x == nil {
		return nil, fmt.Errorf("warp: weights: nil sequences")
	}
	theta := make([]float64, x.N*x.T*m.root.size)
	if err := m.infer("weights", x, context, nil, theta); err != nil {
		return nil, err
	}
	return theta, nil
}

// infer runs the model forward without recording a tape. pred (if non-nil) receives the
// forecast, theta (if non-nil, N×T×D) the weights.
func (m *Model) infer(what string, x *nn.Sequences, context int, pred *nn.Sequences, theta []float64) error {
	if x == nil {
		return fmt.Errorf("warp: %s: nil sequences", what)
	}
	dt, err := m.checkSequences(what, x, 2)
	if err != nil {
		return err
	}
	if context < 1 || context > x.T {
		return fmt.Errorf("warp: %s: context must be between 1 and T=%d (θ_0 needs x_0), got %d", what, x.T, context)
	}
	N, T, d, D, du := x.N, x.T, m.d, m.root.size, m.du
	m.tr.prepare()
	xh := make([]float64, N*T*d) // fed states, then overwritten predictions where not fed
	mu := make([]float64, N*T*d) // predictions, time-major
	cur, prev := make([]float64, N*D), make([]float64, N*D)
	u, uPrev, inc := make([]float64, N*du), make([]float64, N*du), make([]float64, N*du)
	x0 := make([]float64, N*d)
	for t := 0; t < T; t++ {
		tau := tauOf(t, T)
		for n := 0; n < N; n++ {
			k := (t*N + n) * d
			if t < context {
				copy(xh[k:k+d], x.At(n, t))
			} else {
				copy(xh[k:k+d], mu[k:k+d])
			}
			m.encode(xh[k:k+d], tau, u[n*du:(n+1)*du])
		}
		if t == 0 {
			for n := 0; n < N; n++ {
				copy(x0[n*d:(n+1)*d], u[n*du:n*du+d])
			}
			m.init.forward(x0, cur, N)
		} else {
			for i := range inc {
				inc[i] = u[i] - uPrev[i]
			}
			m.step(prev, cur, inc, nil, N)
		}
		if theta != nil {
			for n := 0; n < N; n++ {
				copy(theta[(n*T+t)*D:(n*T+t+1)*D], cur[n*D:(n+1)*D])
			}
		}
		if t+1 < T {
			tauNext := tauOf(t+1, T)
			m.forSamples(N, func(dc *decoder, lo, hi int) {
				for n := lo; n < hi; n++ {
					k, j := (t*N+n)*d, ((t+1)*N+n)*d
					dc.forward(cur[n*D:(n+1)*D], tauNext, dt[t], xh[k:k+d], mu[j:j+d], dc.sigma, nil)
				}
			})
		}
		cur, prev = prev, cur
		u, uPrev = uPrev, u
	}
	if pred != nil {
		pred.X = make([]float64, N*T*d)
		for n := 0; n < N; n++ {
			for t := 0; t < T; t++ {
				copy(pred.X[(n*T+t)*d:(n*T+t+1)*d], xh[(t*N+n)*d:(t*N+n+1)*d])
			}
		}
	}
	return nil
}
