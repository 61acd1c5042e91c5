package warp

import (
	"fmt"
	"math"

	"github.com/warpkit/warpkit/nn"
)

// checkSequences validates a batch against the model and returns its physical time steps.
func (m *Model) checkSequences(what string, b *nn.Sequences, minT int) ([]float64, error) {
	if b == nil {
		return nil, fmt.Errorf("warp: %s: nil sequences", what)
	}
	if b.D != m.d {
		return nil, fmt.Errorf("warp: %s: data has %d channels, model expects %d", what, b.D, m.d)
	}
	if b.N < 1 || b.T < minT {
		return nil, fmt.Errorf("warp: %s: need at least 1 sequence of %d steps, got N=%d T=%d", what, minT, b.N, b.T)
	}
	if len(b.X) != b.N*b.T*b.D {
		return nil, fmt.Errorf("warp: %s: X has %d values, want N·T·D = %d", what, len(b.X), b.N*b.T*b.D)
	}
	if len(b.Times) != b.T {
		return nil, fmt.Errorf("warp: %s: Times has %d values, want T = %d", what, len(b.Times), b.T)
	}
	for i, v := range b.X {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			n, t := i/(b.T*b.D), (i/b.D)%b.T
			return nil, fmt.Errorf("warp: %s: X[%d,%d,%d] is %g", what, n, t, i%b.D, v)
		}
	}
	dt := make([]float64, b.T-1)
	for t := range dt {
		dt[t] = b.Times[t+1] - b.Times[t]
		if !(dt[t] > 0) || math.IsInf(dt[t], 0) {
			return nil, fmt.Errorf("warp: %s: Times must increase strictly, Times[%d]=%g, Times[%d]=%g", what, t, b.Times[t], t+1, b.Times[t+1])
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
