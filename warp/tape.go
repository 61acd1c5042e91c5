package warp

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
	tp.rec = grow(tp.rec, s*n*r)
	if aux > 0 {
		tp.auxF, tp.auxB = grow(tp.auxF, s*n*aux), grow(tp.auxB, s*n*aux)
	} else {
		tp.auxF, tp.auxB = nil, nil
	}
	tp.theta = grow(tp.theta, s*n*D)
	tp.dtheta = grow(tp.dtheta, s*n*D)
	if parallel {
		tp.tmp = grow(tp.tmp, s*n*D)
	}
	tp.xin = grow(tp.xin, t*n*d)
	tp.u = grow(tp.u, s*n*du)
	tp.du = grow(tp.du, s*n*du)
	tp.mu = grow(tp.mu, t*n*d)
	tp.dmu = grow(tp.dmu, t*n*d)
	tp.dfed = grow(tp.dfed, t*n*d)
	if stochastic {
		tp.sigma = grow(tp.sigma, t*n*d)
		tp.eps = grow(tp.eps, t*n*d)
		tp.dsigma = grow(tp.dsigma, t*n*d)
	} else {
		tp.sigma, tp.eps, tp.dsigma = nil, nil, nil
	}
	if cap(tp.fed) < t*n {
		tp.fed = make([]bool, t*n)
	}
	tp.fed = tp.fed[:t*n]
	tp.x0 = grow(tp.x0, n*d)
	tp.g = grow(tp.g, n*du)
	tp.gnext = grow(tp.gnext, n*du)
	tp.dx = grow(tp.dx, n*d)
}

// rows returns block t of a time-major buffer with rows of width w.
func rows(buf []float64, t, n, w int) []float64 { return buf[t*n*w : (t+1)*n*w] }
