package warp

import (
	"fmt"
	"math"

	"github.com/warpkit/warpkit/nn"
)

// Forecast feeds the truth for the first context steps and then the model's own predicted
// means (no sampling). The result has x's layout with the first context steps copied from x.
// No optimiser runs: whatever the model adapts to the context, it adapts through the
// recurrence (see the package doc).
func (m *Model) Forecast(x *nn.Sequences, context int) (*nn.Sequences, error) {
	out := &nn.Sequences{N: x.N, T: x.T, D: x.D, Times: append([]float64(nil), x.Times...)}
	if err := m.infer("forecast", x, context, out, nil, nil); err != nil {
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
	if err := m.infer("weights", x, context, nil, theta, nil); err != nil {
		return nil, err
	}
	return theta, nil
}

// PriorParams returns, for a WARP-Phys model, the physical parameters its decoder inferred at
// every step: (N, T, P) row-major with P = Prior().NumRaw(), named by Prior().RawNames(), where
// entry t holds the parameters that stepped x_{t−1} to the prediction of x_t (t = 0, which
// nothing predicts, is NaN). It is fed like Forecast, so the entries up to the context show what
// the recurrence read from the truth, and later ones what it carries through its own forecast:
// the model's system identification, with no optimiser run.
func (m *Model) PriorParams(x *nn.Sequences, context int) ([]float64, error) {
	if m.prior == nil {
		return nil, fmt.Errorf("warp: prior params: the model has no physics prior (kind %s)", m.Kind())
	}
	if x == nil {
		return nil, fmt.Errorf("warp: prior params: nil sequences")
	}
	P := m.prior.NumRaw()
	params := make([]float64, x.N*x.T*P)
	for n := 0; n < x.N; n++ {
		for j := 0; j < P; j++ {
			params[n*x.T*P+j] = math.NaN()
		}
	}
	if err := m.infer("prior params", x, context, nil, nil, params); err != nil {
		return nil, err
	}
	return params, nil
}

// infer runs the model forward without recording a tape. pred (if non-nil) receives the
// forecast, theta (if non-nil, N×T×D) the weights, params (if non-nil, N×T×NumRaw, WARP-Phys
// only) the prior's physical parameters at every predicted step.
func (m *Model) infer(what string, x *nn.Sequences, context int, pred *nn.Sequences, theta, params []float64) error {
	dt, err := m.checkSequences(what, x)
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
					if params != nil {
						P := m.nMean
						dc.step.Params(dc.sq, params[(n*T+t+1)*P:(n*T+t+2)*P])
					}
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
