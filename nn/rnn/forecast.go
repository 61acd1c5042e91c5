package rnn

import (
	"fmt"

	"github.com/warpkit/warpkit/nn"
)

// forecastBlock bounds how many sequences Forecast carries at once, so a large test set does
// not need buffers for all of it.
const forecastBlock = 256

// Forecast feeds the first context steps of each sequence from x and then the model's own
// predictions; the result has x's layout, with the first context steps copied from x.
func (m *Model) Forecast(x *nn.Sequences, context int) (*nn.Sequences, error) {
	if err := nn.CheckSequences(x, "forecast", nn.SequenceRules{D: m.cfg.D, MinT: 2}); err != nil {
		return nil, fmt.Errorf("rnn: %w", err)
	}
	if context < 1 || context > x.T {
		return nil, fmt.Errorf("rnn: forecast: context %d, need 1 ≤ context ≤ T = %d", context, x.T)
	}
	out := &nn.Sequences{N: x.N, T: x.T, D: x.D, X: append([]float64(nil), x.X...), Times: append([]float64(nil), x.Times...)}
	if context == x.T {
		return out, nil
	}
	d, t := x.D, x.T
	steps := t - 1
	for b0 := 0; b0 < x.N; b0 += forecastBlock {
		nb := min(forecastBlock, x.N-b0)
		sub := &nn.Sequences{N: nb, T: t, D: d, X: x.X[b0*t*d : (b0+nb)*t*d]}
		m.resize(steps, nb, t)
		m.standardise(sub)
		for k := 0; k < steps; k++ {
			for i := 0; i < nb; i++ {
				m.ws.mask[k*nb+i] = k < context
			}
		}
		m.forwardFree(nb)
		for i := 0; i < nb; i++ {
			for k := context; k < t; k++ {
				p := m.ws.pred[((k-1)*nb+i)*d : ((k-1)*nb+i+1)*d]
				dst := out.X[((b0+i)*t+k)*d : ((b0+i)*t+k+1)*d]
				for j, v := range p {
					dst[j] = v*m.std[j] + m.mean[j]
				}
			}
		}
	}
	return out, nil
}
