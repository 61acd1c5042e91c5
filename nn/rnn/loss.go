package rnn

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/warpkit/warpkit/nn"
)

// Loss predicts x_{t+1} from x_0..x_t for t = 0..T−2 and returns the mean point loss ("mse",
// the default, or "mae") on the standardised scale, accumulating its gradient into every
// Param.Grad. With opt.ForcingProb ≥ 1 the truth is fed at every step (teacher forcing) and
// runs layer by layer, each layer's input projection one matrix product over all steps (for
// at most 4 inputs it is fused into the step instead, which measured faster); otherwise step t > 0 is fed the truth with
// probability ForcingProb (always for t < opt.Context), else the model's own prediction made
// at step t−1, and the gradient flows back through those fed predictions (full BPTT). The
// draws take rng's values in the order sequence-major, then time.
func (m *Model) Loss(batch *nn.Sequences, opt nn.LossOptions, rng *rand.Rand) (float64, error) {
	if err := nn.CheckSequences(batch, "loss", nn.SequenceRules{D: m.cfg.D, MinT: 2}); err != nil {
		return 0, fmt.Errorf("rnn: %w", err)
	}
	mae := false
	switch opt.Loss {
	case "", "mse":
	case "mae":
		mae = true
	default:
		return 0, fmt.Errorf("rnn: loss: %q is not supported by %s (valid: mse, mae)", opt.Loss, m.cfg.Kind)
	}
	if math.IsNaN(opt.ForcingProb) || opt.ForcingProb < 0 {
		return 0, fmt.Errorf("rnn: loss: forcing probability %v, need a value in [0, 1]", opt.ForcingProb)
	}
	if opt.Context < 0 {
		return 0, fmt.Errorf("rnn: loss: context %d, need ≥ 0", opt.Context)
	}
	forced := opt.ForcingProb >= 1
	if !forced && rng == nil {
		return 0, fmt.Errorf("rnn: loss: forcing probability %v < 1 needs an rng", opt.ForcingProb)
	}
	n, steps := batch.N, batch.T-1
	m.resize(steps, n, batch.T)
	m.standardise(batch)
	if forced {
		m.forwardForced(n)
	} else {
		w := &m.ws
		clear(w.free)
		for i := 0; i < n; i++ {
			for t := 0; t < steps; t++ {
				w.mask[t*n+i] = t == 0 || t < opt.Context || rng.Float64() < opt.ForcingProb
				w.free[t] = w.free[t] || !w.mask[t*n+i]
			}
		}
		m.forwardFree(n)
	}
	loss := m.pointLoss(n, steps, mae)
	if forced {
		m.backwardForced(n)
	} else {
		m.backwardFree(n)
	}
	m.readoutGrads(steps * n)
	for i, l := range m.layers {
		l.grads(m.layerInput(i, forced))
	}
	return loss, nil
}

// layerInput is the input buffer of layer i.
func (m *Model) layerInput(i int, forced bool) []float64 {
	switch {
	case i > 0:
		return m.layers[i-1].out()
	case forced:
		return m.ws.u
	default:
		return m.ws.fed
	}
}

// pointLoss compares pred with the next true state, writes ∂loss/∂pred into ws.dp and returns
// the mean loss. It runs serially in row order so the sum is reproducible.
func (m *Model) pointLoss(n, steps int, mae bool) float64 {
	d := m.cfg.D
	w := &m.ws
	cnt := float64(steps * n * d)
	target := w.u[n*d : (steps+1)*n*d]
	pred, dp := w.pred[:steps*n*d], w.dp[:steps*n*d]
	sum := 0.0
	for i, p := range pred {
		e := p - target[i]
		if mae {
			sum += math.Abs(e)
			switch {
			case e > 0:
				dp[i] = 1 / cnt
			case e < 0:
				dp[i] = -1 / cnt
			default:
				dp[i] = 0
			}
		} else {
			sum += e * e
			dp[i] = 2 * e / cnt
		}
	}
	return sum / cnt
}

// readout writes pred = [fed +] out·W_oᵀ + b_o for rows [r0, r1).
func (m *Model) readout(fed, out []float64, r0, r1 int) {
	d, h := m.cfg.D, m.outSize
	p := m.ws.pred[r0*d : r1*d]
	if m.cfg.Residual {
		copy(p, fed[r0*d:r1*d])
		addBias(p, r1-r0, d, m.bo.Data)
	} else {
		setBias(p, r1-r0, d, m.bo.Data)
	}
	gemm(false, true, r1-r0, d, h, 1, out[r0*h:r1*h], h, m.wo.Data, h, 1, p, d)
}

func (m *Model) readoutGrads(rows int) {
	d, h := m.cfg.D, m.outSize
	top := m.layers[len(m.layers)-1].out()
	gradAtB(m.wo.Grad, m.bo.Grad, m.ws.dp, d, d, top, h, h, rows)
}
