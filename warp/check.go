package warp

import (
	"fmt"
	"math"

	"github.com/warpkit/warpkit/nn"
)

// checkSequences validates a batch for the model (nn.CheckSequences with the model's channels,
// at least two time points and a strictly increasing time grid) and returns its physical time
// steps.
func (m *Model) checkSequences(what string, b *nn.Sequences) ([]float64, error) {
	if err := nn.CheckSequences(b, what, nn.SequenceRules{D: m.d, MinT: 2, Times: true}); err != nil {
		return nil, fmt.Errorf("warp: %w", err)
	}
	dt := make([]float64, b.T-1)
	for t := range dt {
		dt[t] = b.Times[t+1] - b.Times[t]
		if math.IsInf(dt[t], 0) {
			return nil, fmt.Errorf("warp: %s: the time step from Times[%d] = %g to Times[%d] = %g overflows", what, t, b.Times[t], t+1, b.Times[t+1])
		}
	}
	return dt, nil
}

// encode writes the standardised, optionally time-augmented input u from a physical state.
func (m *Model) encode(x []float64, tau float64, u []float64) {
	for i, v := range x {
		u[i] = (v - m.mean[i]) / m.std[i]
	}
	if m.du > m.d {
		u[m.d] = tau
	}
}

// tauOf is the normalised time of step t on a grid of T points.
func tauOf(t, T int) float64 { return float64(t) / float64(T-1) }
