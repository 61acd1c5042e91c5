package warp

import (
	"github.com/warpkit/warpkit/physics"

	"github.com/warpkit/warpkit/nn"
)

// decoder turns one sample's θ_t into the prediction of the next state: the root network at
// τ_{t+1} (and the previous observation), squashing, un-standardising or the prior's step,
// and the standard deviation in stochastic mode. One per goroutine.
type decoder struct {
	m     *Model
	e     *rootEval
	sq    []float64 // squashed mean outputs (len P)
	dsq   []float64 // their derivatives
	step  physics.Stepper
	jPrev []float64 // ∂next/∂prev (d×d)
	jRaw  []float64 // ∂next/∂raw (d×P)
	do    []float64 // ∂/∂root output
	dz0   []float64 // ∂/∂root input
	// Per-sample scratch of the training and inference loops (len d each).
	gmu, gsigma, mu, sigma []float64
	own                    []float64 // record storage when not recording into a tape
}

func (m *Model) newDecoder() *decoder {
	dc := &decoder{m: m, e: newRootEval(&m.root),
		do: make([]float64, m.root.out), dz0: make([]float64, m.root.in),
		gmu: make([]float64, m.d), mu: make([]float64, m.d)}
	if m.cfg.Stochastic {
		dc.gsigma, dc.sigma = make([]float64, m.d), make([]float64, m.d)
	}
	if m.prior != nil {
		dc.step = m.prior.NewStepper()
	}
	dc.own = make([]float64, m.decRecLen())
	dc.bind(dc.own)
	return dc
}

// decRecLen is the length of one decoder record: the root network's, the squashed outputs and
// their derivatives, and the prior's Jacobians.
func (m *Model) decRecLen() int {
	n := m.root.recLen() + 2*m.nMean
	if m.prior != nil {
		n += m.d*m.d + m.d*m.nMean
	}
	return n
}

// recRaw is the part of a decoder record (len decRecLen) that holds the squashed root
// outputs: the prior's raw inputs, or plain WARP's standardised means. They follow the root
// network's own record.
func (m *Model) recRaw(rec []float64) []float64 {
	o := m.root.recLen()
	return rec[o : o+m.nMean : o+m.nMean]
}

// bind makes rec (len decRecLen) the storage of everything backward needs from forward.
func (dc *decoder) bind(rec []float64) {
	m := dc.m
	o := m.root.recLen()
	dc.e.bind(rec[:o])
	dc.sq = m.recRaw(rec)
	o += m.nMean
	take := func(n int) []float64 { s := rec[o : o+n : o+n]; o += n; return s }
	dc.dsq = take(m.nMean)
	if m.prior != nil {
		dc.jPrev, dc.jRaw = take(m.d*m.d), take(m.d*m.nMean)
	}
}

// forward writes the predicted mean mu (len d) and, in stochastic mode, sigma (len d), from
// weights theta at the predicted point's normalised time tau; prev is the fed previous state in
// physical units and dt the physical step. With rec (len decRecLen) non-nil everything the
// backward pass needs, the prior's Jacobians included, is kept there.
func (dc *decoder) forward(theta []float64, tau, dt float64, prev, mu, sigma, rec []float64) {
	if rec != nil {
		dc.bind(rec)
	} else {
		dc.bind(dc.own)
	}
	dc.eval(theta, tau, dt, prev, mu, sigma, rec != nil)
}

// eval is forward into the bound record; jac asks the prior for its Jacobians.
func (dc *decoder) eval(theta []float64, tau, dt float64, prev, mu, sigma []float64, jac bool) {
	m := dc.m
	dc.e.z0[0] = tau
	if m.root.in > 1 {
		for i, v := range prev {
			dc.e.z0[1+i] = (v - m.mean[i]) / m.std[i]
		}
	}
	dc.e.forward(theta)
	o := dc.e.o
	for j := range dc.sq {
		dc.sq[j], dc.dsq[j] = m.squash.apply(o[j])
	}
	if m.prior != nil {
		if jac {
			dc.step.Step(tau, dt, prev, dc.sq, mu, dc.jPrev, dc.jRaw)
		} else {
			dc.step.Step(tau, dt, prev, dc.sq, mu, nil, nil)
		}
	} else {
		for i := range mu {
			mu[i] = m.mean[i] + m.std[i]*dc.sq[i]
		}
	}
	if m.cfg.Stochastic {
		for i := range sigma {
			sigma[i] = (nn.Softplus(o[m.nMean+i]) + m.cfg.MinStd) * m.outStd[i]
		}
	}
}

// backward accumulates into dtheta the gradient for ∂/∂mu = dmu, ∂/∂sigma = dsigma (nil
// unless stochastic) and ∂/∂(the prior's raw outputs) = dsq (nil unless a penalty acts on
// them) and, when dprev is non-nil, adds ∂/∂prev to it. rec is the record of the forward pass
// with the same inputs.
func (dc *decoder) backward(theta, rec, dmu, dsigma, dsq, dtheta, dprev []float64) {
	m := dc.m
	dc.bind(rec)
	o := dc.e.o
	if m.prior != nil {
		p := m.nMean
		for j := 0; j < p; j++ {
			s := 0.0
			for i, g := range dmu {
				s += g * dc.jRaw[i*p+j]
			}
			if dsq != nil {
				s += dsq[j]
			}
			dc.do[j] = s * dc.dsq[j]
		}
		if dprev != nil {
			for i, g := range dmu {
				row := dc.jPrev[i*m.d : (i+1)*m.d]
				for k := range dprev {
					dprev[k] += g * row[k]
				}
			}
		}
	} else {
		for j, g := range dmu {
			dc.do[j] = g * m.std[j] * dc.dsq[j]
		}
	}
	if m.cfg.Stochastic {
		for i, g := range dsigma {
			dc.do[m.nMean+i] = g * m.outStd[i] * nn.Sigmoid(o[m.nMean+i])
		}
	}
	var dz0 []float64
	if dprev != nil && m.root.in > 1 {
		dz0 = dc.dz0
	}
	dc.e.backward(theta, dc.do, dtheta, dz0)
	if dz0 != nil {
		for i := range dprev {
			dprev[i] += dz0[1+i] / m.std[i]
		}
	}
}
