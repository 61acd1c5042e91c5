package rnn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/warpkit/warpkit/nn"
)

// Model is a GRU, LSTM or LRU forecaster: standardisation, stacked recurrent layers and a
// linear readout predicting the next (standardised) state.
type Model struct {
	cfg     Config
	layers  []layer
	wo, bo  *nn.Param // readout, D × width and D
	mean    []float64
	invStd  []float64
	std     []float64
	ps      []*nn.Param
	ws      workspace
	outSize int
}

// workspace holds the model-level buffers, reused across calls (rows are time-major).
type workspace struct {
	u    []float64 // standardised truth, T·N × D
	fed  []float64 // inputs actually fed (truth or the previous prediction), steps·N × D
	pred []float64 // standardised predictions of the next state, steps·N × D
	dp   []float64 // ∂loss/∂pred, then plus the gradient through the fed predictions
	dfed []float64 // ∂loss/∂fed
	mask []bool    // true where the truth is fed, steps·N
	free []bool    // per step: some sequence is fed its own prediction
	// steps and n are the shape the buffers are sized for: steps time steps of n sequences.
	steps, n int
}

var _ nn.SequenceModel = (*Model)(nil)

// New builds a model with weights drawn from c.Seed.
func New(c Config) (*Model, error) {
	c = c.withDefaults()
	if err := c.Validate(); err != nil {
		return nil, fmt.Errorf("rnn: config: %w", err)
	}
	rng := rand.New(rand.NewPCG(c.Seed, c.Seed^0x243f6a8885a308d3))
	m := &Model{cfg: c}
	in := c.D
	for i := 0; i < c.Layers; i++ {
		prefix := fmt.Sprintf("l%d.", i)
		var l layer
		switch c.Kind {
		case "gru":
			l = newGRULayer(prefix, in, c.Hidden, rng)
		case "lstm":
			l = newLSTMLayer(prefix, in, c.Hidden, rng)
		case "lru":
			l = newLRULayer(prefix, in, c.Hidden, c.RMin, c.RMax, c.MaxPhase, rng)
		}
		m.layers = append(m.layers, l)
		m.ps = append(m.ps, l.params()...)
		in = l.outDim()
	}
	m.outSize = in
	m.wo = nn.NewParam("readout.weight", c.D, in)
	m.bo = nn.NewParam("readout.bias", c.D)
	initUniform(1/math.Sqrt(float64(in)), rng, m.wo, m.bo)
	m.ps = append(m.ps, m.wo, m.bo)
	m.mean = make([]float64, c.D)
	m.std = make([]float64, c.D)
	m.invStd = make([]float64, c.D)
	for i := range m.std {
		m.std[i], m.invStd[i] = 1, 1
		if c.Mean != nil {
			m.mean[i] = c.Mean[i]
		}
		if c.Std != nil {
			m.std[i], m.invStd[i] = c.Std[i], 1/c.Std[i]
		}
	}
	return m, nil
}

// Kind is "gru", "lstm" or "lru".
func (m *Model) Kind() string { return m.cfg.Kind }

// Params lists the layers' parameters in order, then the readout.
func (m *Model) Params() []*nn.Param { return m.ps }

// Config returns the Config the model was built from (with defaults filled in).
func (m *Model) Config() any { return m.cfg }

// resize sizes every buffer for steps time steps of n sequences of T points.
func (m *Model) resize(steps, n, t int) {
	d := m.cfg.D
	w := &m.ws
	w.steps, w.n = steps, n
	w.u = slices.Grow(w.u[:0], t*n*d)[:t*n*d]
	w.fed = slices.Grow(w.fed[:0], steps*n*d)[:steps*n*d]
	w.pred = slices.Grow(w.pred[:0], steps*n*d)[:steps*n*d]
	w.dp = slices.Grow(w.dp[:0], steps*n*d)[:steps*n*d]
	w.dfed = slices.Grow(w.dfed[:0], steps*n*d)[:steps*n*d]
	if cap(w.free) >= steps {
		w.free = w.free[:steps]
	} else {
		w.free = make([]bool, steps)
	}
	if cap(w.mask) >= steps*n {
		w.mask = w.mask[:steps*n]
	} else {
		w.mask = make([]bool, steps*n)
	}
	for _, l := range m.layers {
		l.resize(steps, n)
		l.prepare()
	}
}

// standardise writes (x − mean)/std of s into ws.u in time-major order.
func (m *Model) standardise(s *nn.Sequences) {
	d, n, t := s.D, s.N, s.T
	for i := 0; i < n; i++ {
		for k := 0; k < t; k++ {
			src := s.X[(i*t+k)*d : (i*t+k+1)*d]
			dst := m.ws.u[(k*n+i)*d : (k*n+i+1)*d]
			for j, v := range src {
				dst[j] = (v - m.mean[j]) * m.invStd[j]
			}
		}
	}
}
