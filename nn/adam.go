package nn

import (
	"fmt"
	"math"
)

// AdamConfig holds Adam's constants. Zero Beta1, Beta2 and Eps take the usual defaults
// (0.9, 0.999, 1e-8).
type AdamConfig struct {
	Beta1, Beta2, Eps float64
	// WeightDecay is L2 regularisation: added to the gradient (Adam) or, with Decoupled,
	// subtracted from the weights directly, scaled by the learning rate (AdamW,
	// Loshchilov & Hutter 2019).
	WeightDecay float64
	Decoupled   bool
}

func (c AdamConfig) withDefaults() AdamConfig {
	if c.Beta1 == 0 {
		c.Beta1 = 0.9
	}
	if c.Beta2 == 0 {
		c.Beta2 = 0.999
	}
	if c.Eps == 0 {
		c.Eps = 1e-8
	}
	return c
}

// Adam is the Adam/AdamW optimiser over a fixed list of parameters. Its state (moments and step
// count) is exported so a checkpoint can restore it exactly.
type Adam struct {
	Config AdamConfig
	Params []*Param
	M, V   [][]float64 // first and second moments, one per parameter
	Steps  int         // updates taken so far (for bias correction)
}

// NewAdam makes an optimiser with zero moments.
func NewAdam(ps []*Param, cfg AdamConfig) (*Adam, error) {
	cfg = cfg.withDefaults()
	if cfg.Beta1 < 0 || cfg.Beta1 >= 1 || cfg.Beta2 < 0 || cfg.Beta2 >= 1 || cfg.Eps <= 0 || cfg.WeightDecay < 0 {
		return nil, fmt.Errorf("nn: adam: invalid config %+v (betas in [0,1), eps > 0, weight decay ≥ 0)", cfg)
	}
	a := &Adam{Config: cfg, Params: ps}
	for _, p := range ps {
		a.M = append(a.M, make([]float64, len(p.Data)))
		a.V = append(a.V, make([]float64, len(p.Data)))
	}
	return a, nil
}

// Step applies one update with learning rate lr (times each parameter's LRScale) from the
// gradients in Param.Grad. It does not clear the gradients. Large parameters (WARP's dense
// transition) are updated in parallel chunks; the update is elementwise, so the result does
// not depend on the number of goroutines.
func (a *Adam) Step(lr float64) {
	a.Steps++
	c := a.Config
	bc1 := 1 - math.Pow(c.Beta1, float64(a.Steps))
	bc2 := 1 - math.Pow(c.Beta2, float64(a.Steps))
	for i, p := range a.Params {
		plr := lr
		if p.LRScale != 0 {
			plr *= p.LRScale
		}
		m, v := a.M[i], a.V[i]
		ParallelFor(len(p.Data), adamGrain, func(_, lo, hi int) {
			adamUpdate(c, plr, bc1, bc2, p.Data[lo:hi], p.Grad[lo:hi], m[lo:hi], v[lo:hi])
		})
	}
}

// adamGrain is the chunk size of a parallel Adam update: big enough that goroutine start-up
// is negligible, so small parameters stay on one goroutine.
const adamGrain = 1 << 15

func adamUpdate(c AdamConfig, lr, bc1, bc2 float64, w, g, m, v []float64) {
	b1, b2 := c.Beta1, c.Beta2
	step := lr / bc1
	isb2 := 1 / math.Sqrt(bc2)
	wd := c.WeightDecay
	for j := range w {
		gj := g[j]
		if wd != 0 {
			if c.Decoupled {
				w[j] -= lr * wd * w[j]
			} else {
				gj += wd * w[j]
			}
		}
		mj := b1*m[j] + (1-b1)*gj
		vj := b2*v[j] + (1-b2)*gj*gj
		m[j], v[j] = mj, vj
		w[j] -= step * mj / (math.Sqrt(vj)*isb2 + c.Eps)
	}
}

// GradNorm is the Euclidean norm of all gradients together.
func GradNorm(ps []*Param) float64 {
	var s float64
	for _, p := range ps {
		for _, g := range p.Grad {
			s += g * g
		}
	}
	if !math.IsInf(s, 0) {
		return math.Sqrt(s) // NaN stays NaN
	}
	return scaledNorm(ps)
}

// scaledNorm is the slow overflow-safe norm, for when the plain sum of squares overflows: a
// huge but finite norm must not be mistaken for Inf by the NaN guard.
func scaledNorm(ps []*Param) float64 {
	scale, ssq := 0.0, 1.0
	for _, p := range ps {
		for _, g := range p.Grad {
			if g == 0 {
				continue
			}
			if math.IsNaN(g) || math.IsInf(g, 0) {
				return math.Abs(g) // NaN stays NaN, ±Inf becomes +Inf
			}
			ag := math.Abs(g)
			if scale < ag {
				ssq = 1 + ssq*(scale/ag)*(scale/ag)
				scale = ag
			} else {
				ssq += (ag / scale) * (ag / scale)
			}
		}
	}
	return scale * math.Sqrt(ssq)
}

// ClipGradNorm rescales all gradients together so their global norm is at most maxNorm
// (no-op for maxNorm ≤ 0) and returns the norm before clipping.
func ClipGradNorm(ps []*Param, maxNorm float64) float64 {
	n := GradNorm(ps)
	if maxNorm > 0 && n > maxNorm && !math.IsInf(n, 0) {
		s := maxNorm / n
		for _, p := range ps {
			for j := range p.Grad {
				p.Grad[j] *= s
			}
		}
	}
	return n
}
