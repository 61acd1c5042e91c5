package warp

import "slices"

// tape holds one training batch's forward values for the backward pass. Buffers are kept
// between calls: a batch of 256 sequences of 256 steps with D ≈ 340 needs ~180 MB for θ alone.
type tape struct {
	theta, dtheta []float64 // S×N×D, S = T−1 steps (θ_{T−1} predicts nothing inside the batch)
	tmp           []float64 // S×N×D, parallel scan only
	xin           []float64 // T×N×d, the fed states x̂_t in physical units
	u             []float64 // S×N×du, standardised (and time-augmented) fed states
	du            []float64 // S×N×du, increments u_t − u_{t−1} (row block 0 unused)
	mu, sigma     []float64 // T×N×d, predictions of x_t (t ≥ 1)
	eps           []float64 // T×N×d, noise of fed samples (stochastic mode)
	dmu, dsigma   []float64 // T×N×d, ∂loss/∂prediction
	dfed          []float64 // T×N×d, ∂loss/∂x̂_t for fed predictions
	fed           []bool    // T×N, whether x̂_t is the model's own prediction
	rec           []float64 // S×N×R, the decoder's record of each step and sequence
	auxF, auxB    []float64 // S×N×auxWidth, the transition's intermediates, forward and backward
	auxOK         bool      // auxF holds this batch's forward intermediates
	x0            []float64 // N×d
	g, gnext      []float64 // N×du, dθ_t·B of this and the next step
	dbT           []float64 // du×D, ∂/∂Bᵀ
	dx            []float64 // N×d
	dsq           []float64 // S×N×P, ∂penalty/∂(prior's raw outputs) (ParamSmooth only)
}

func (tp *tape) ensure(n, t, d, du, D, r, aux int, stochastic, parallel bool) {
	s := t - 1
	// slices.Grow(b[:0], k)[:k] reuses b's storage when it holds k values; the contents are
	// unspecified (the previous batch's values on reuse), so each pass writes before it reads.
	sn, tn := s*n, t*n
	tp.rec = slices.Grow(tp.rec[:0], sn*r)[:sn*r]
	if aux > 0 {
		tp.auxF = slices.Grow(tp.auxF[:0], sn*aux)[:sn*aux]
		tp.auxB = slices.Grow(tp.auxB[:0], sn*aux)[:sn*aux]
	} else {
		tp.auxF, tp.auxB = nil, nil
	}
	tp.theta = slices.Grow(tp.theta[:0], sn*D)[:sn*D]
	tp.dtheta = slices.Grow(tp.dtheta[:0], sn*D)[:sn*D]
	if parallel {
		tp.tmp = slices.Grow(tp.tmp[:0], sn*D)[:sn*D]
	}
	tp.xin = slices.Grow(tp.xin[:0], tn*d)[:tn*d]
	tp.u = slices.Grow(tp.u[:0], sn*du)[:sn*du]
	tp.du = slices.Grow(tp.du[:0], sn*du)[:sn*du]
	tp.mu = slices.Grow(tp.mu[:0], tn*d)[:tn*d]
	tp.dmu = slices.Grow(tp.dmu[:0], tn*d)[:tn*d]
	tp.dfed = slices.Grow(tp.dfed[:0], tn*d)[:tn*d]
	if stochastic {
		tp.sigma = slices.Grow(tp.sigma[:0], tn*d)[:tn*d]
		tp.eps = slices.Grow(tp.eps[:0], tn*d)[:tn*d]
		tp.dsigma = slices.Grow(tp.dsigma[:0], tn*d)[:tn*d]
	} else {
		tp.sigma, tp.eps, tp.dsigma = nil, nil, nil
	}
	if cap(tp.fed) < t*n {
		tp.fed = make([]bool, t*n)
	}
	tp.fed = tp.fed[:t*n]
	tp.x0 = slices.Grow(tp.x0[:0], n*d)[:n*d]
	tp.g = slices.Grow(tp.g[:0], n*du)[:n*du]
	tp.gnext = slices.Grow(tp.gnext[:0], n*du)[:n*du]
	tp.dx = slices.Grow(tp.dx[:0], n*d)[:n*d]
}

// rows returns block t of a time-major buffer with rows of width w.
func rows(buf []float64, t, n, w int) []float64 { return buf[t*n*w : (t+1)*n*w] }
