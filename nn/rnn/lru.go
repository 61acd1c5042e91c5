package rnn

import (
	"math"
	"math/rand/v2"
	"slices"

	"github.com/warpkit/warpkit/internal/fastexp"

	"github.com/warpkit/warpkit/nn"
)

// lruLayer is one block of Orvieto et al. (2023), "Resurrecting recurrent neural networks
// for long sequences", with complex state size H:
//
//	λ = exp(−exp(ν) + i·exp(θ)),   γ = exp(γ_log)   (γ_log starts at log √(1 − |λ|²))
//	h_t = λ ⊙ h_{t−1} + γ ⊙ (B x_t),   h_0 = 0
//	z_t = Re(C h_t) + D ⊙ x_t
//	y_t = x_t + GLU(GELU(z_t)),   GLU(v) = (W_a v + b_a) ⊙ σ(W_b v + b_b)
//
// B is stored as [Re B; Im B] (2H × in) and C as [Re C, −Im C] (H × 2H), so both act on
// the state as real matrices on [Re h; Im h]. The skip x_t and D ⊙ x_t need in = H; a first
// layer that reads the D channels of the data has neither.
type lruLayer struct {
	in, h                int
	skip                 bool
	nu, theta, gammaLog  *nn.Param
	b, c, dv, wg, bg     *nn.Param
	lr, li, gam          []float64 // λ and γ, from prepare
	d                    dims
	xp, hs, z, gl, a2    []float64 // a2: GLU pre-activations, then their gradients; z likewise
	outb, dout, dhs, dbu []float64
	dgl                  []float64
	carry                []float64 // N×2H gradient carried back in time
	input                []float64 // the input buffer of the current post
	t                    int       // the step the elementwise tasks below work on
}

func newLRULayer(prefix string, in, h int, rMin, rMax, maxPhase float64, rng *rand.Rand) *lruLayer {
	l := &lruLayer{in: in, h: h, skip: in == h,
		nu:       nn.NewParam(prefix+"nu_log", h),
		theta:    nn.NewParam(prefix+"theta_log", h),
		gammaLog: nn.NewParam(prefix+"gamma_log", h),
		b:        nn.NewParam(prefix+"B", 2*h, in),
		c:        nn.NewParam(prefix+"C", h, 2*h),
		wg:       nn.NewParam(prefix+"glu.weight", 2*h, h),
		bg:       nn.NewParam(prefix+"glu.bias", 2*h),
	}
	for j := 0; j < h; j++ {
		u1, u2 := 1-rng.Float64(), 1-rng.Float64() // in (0, 1], so the logs are finite
		mod2 := u1*(rMax*rMax-rMin*rMin) + rMin*rMin
		l.nu.Data[j] = math.Log(-0.5 * math.Log(mod2))
		l.theta.Data[j] = math.Log(maxPhase * u2)
		l.gammaLog.Data[j] = 0.5 * math.Log(1-mod2)
	}
	for i := range l.b.Data {
		l.b.Data[i] = rng.NormFloat64() / math.Sqrt(2*float64(in))
	}
	for i := range l.c.Data {
		l.c.Data[i] = rng.NormFloat64() / math.Sqrt(float64(h))
	}
	if l.skip {
		l.dv = nn.NewParam(prefix+"D", h)
		for i := range l.dv.Data {
			l.dv.Data[i] = rng.NormFloat64()
		}
	}
	initUniform(1/math.Sqrt(float64(h)), rng, l.wg, l.bg)
	l.lr, l.li, l.gam = make([]float64, h), make([]float64, h), make([]float64, h)
	return l
}

func (l *lruLayer) params() []*nn.Param {
	ps := []*nn.Param{l.nu, l.theta, l.gammaLog, l.b, l.c}
	if l.skip {
		ps = append(ps, l.dv)
	}
	return append(ps, l.wg, l.bg)
}

func (l *lruLayer) outDim() int     { return l.h }
func (l *lruLayer) out() []float64  { return l.outb }
func (l *lruLayer) dOut() []float64 { return l.dout }

// lambda is λ_j = exp(−exp(ν_j) + i·exp(θ_j)).
func (l *lruLayer) lambda(j int) (re, im float64) {
	mod := math.Exp(-math.Exp(l.nu.Data[j]))
	ph := math.Exp(l.theta.Data[j])
	return mod * math.Cos(ph), mod * math.Sin(ph)
}

func (l *lruLayer) prepare() {
	for j := 0; j < l.h; j++ {
		l.lr[j], l.li[j] = l.lambda(j)
		l.gam[j] = math.Exp(l.gammaLog.Data[j])
	}
}

func (l *lruLayer) resize(steps, n int) {
	l.d.set(steps, n)
	r, h := l.d.rows, l.h
	l.xp = slices.Grow(l.xp[:0], r*2*h)[:r*2*h]
	l.hs = slices.Grow(l.hs[:0], r*2*h)[:r*2*h]
	l.z = slices.Grow(l.z[:0], r*h)[:r*h]
	l.gl = slices.Grow(l.gl[:0], r*h)[:r*h]
	l.a2 = slices.Grow(l.a2[:0], r*2*h)[:r*2*h]
	l.outb = slices.Grow(l.outb[:0], r*h)[:r*h]
	l.dout = slices.Grow(l.dout[:0], r*h)[:r*h]
	l.dhs = slices.Grow(l.dhs[:0], r*2*h)[:r*2*h]
	l.dbu = slices.Grow(l.dbu[:0], r*2*h)[:r*2*h]
	l.dgl = slices.Grow(l.dgl[:0], r*h)[:r*h]
	l.carry = slices.Grow(l.carry[:0], n*2*h)[:n*2*h]
}

func (l *lruLayer) pre(in []float64, r0, r1 int) {
	h2 := 2 * l.h
	xp := l.xp[r0*h2 : r1*h2]
	gemm(false, true, r1-r0, h2, l.in, 1, in[r0*l.in:r1*l.in], l.in, l.b.Data, l.in, 0, xp, h2)
	for i := 0; i < r1-r0; i++ {
		row := xp[i*h2 : (i+1)*h2]
		for j, g := range l.gam {
			row[j] *= g
			row[l.h+j] *= g
		}
	}
}

func (l *lruLayer) step(t int) {
	l.t = t
	forChunks(l.d.n, (*lruStep)(l))
}

func (l *lruLayer) stepRows(t, n0, n1 int) {
	h, h2 := l.h, 2*l.h
	for r := t*l.d.n + n0; r < t*l.d.n+n1; r++ {
		x, s := l.xp[r*h2:(r+1)*h2], l.hs[r*h2:(r+1)*h2]
		if t == 0 {
			copy(s, x)
			continue
		}
		p := l.hs[(r-l.d.n)*h2 : (r-l.d.n+1)*h2]
		for j := 0; j < h; j++ {
			lr, li, pr, pi := l.lr[j], l.li[j], p[j], p[h+j]
			s[j] = lr*pr - li*pi + x[j]
			s[h+j] = li*pr + lr*pi + x[h+j]
		}
	}
}

func (l *lruLayer) post(in []float64, r0, r1 int) {
	h, h2, m := l.h, 2*l.h, r1-r0
	l.input = in
	gemm(false, true, m, h, h2, 1, l.hs[r0*h2:r1*h2], h2, l.c.Data, h2, 0, l.z[r0*h:r1*h], h)
	forRows(r0, r1, (*lruGELU)(l))
	a2 := l.a2[r0*h2 : r1*h2]
	setBias(a2, m, h2, l.bg.Data)
	gemm(false, true, m, h2, h, 1, l.gl[r0*h:r1*h], h, l.wg.Data, h, 1, a2, h2)
	forRows(r0, r1, (*lruGLU)(l))
}

// geluRows sets z += D ⊙ x (with the skip) and gl = gelu(z) = z·σ(k(z)) for rows [a, b).
func (l *lruLayer) geluRows(a, b int) {
	h := l.h
	for r := a; r < b; r++ {
		zi, gl := l.z[r*h:(r+1)*h], l.gl[r*h:(r+1)*h]
		if l.skip {
			x := l.input[r*h : (r+1)*h]
			for j, dv := range l.dv.Data {
				zi[j] += dv * x[j]
			}
		}
		for j, v := range zi {
			gl[j] = -geluK(v)
		}
		fastexp.Exp(gl) // one row of exps at a time
		for j, v := range zi {
			gl[j] = v / (1 + gl[j])
		}
	}
}

// gluRows sets out = a ⊙ σ(b) (+ x with the skip) for rows [a, b) of [a b] = a2.
func (l *lruLayer) gluRows(r0, r1 int) {
	h, h2 := l.h, 2*l.h
	for r := r0; r < r1; r++ {
		ga, gb, o := l.a2[r*h2:r*h2+h], l.a2[r*h2+h:(r+1)*h2], l.outb[r*h:(r+1)*h]
		for j, v := range gb {
			o[j] = -v
		}
		fastexp.Exp(o)
		for j := range o {
			o[j] = ga[j] / (1 + o[j])
		}
		if l.skip {
			x := l.input[r*h : (r+1)*h]
			for j := range o {
				o[j] += x[j]
			}
		}
	}
}

func (l *lruLayer) postBack(in []float64, r0, r1 int) {
	h, h2, m := l.h, 2*l.h, r1-r0
	forRows(r0, r1, (*lruGLUBack)(l))
	gemm(false, false, m, h, h2, 1, l.a2[r0*h2:r1*h2], h2, l.wg.Data, h, 0, l.dgl[r0*h:r1*h], h)
	forRows(r0, r1, (*lruGELUBack)(l))
	gemm(false, false, m, h2, h, 1, l.z[r0*h:r1*h], h, l.c.Data, h2, 0, l.dhs[r0*h2:r1*h2], h2)
}

// gluBackRows turns a2 = [a b] into [∂a ∂b] for rows [r0, r1).
func (l *lruLayer) gluBackRows(r0, r1 int) {
	h, h2 := l.h, 2*l.h
	for r := r0; r < r1; r++ {
		ga, gb, do := l.a2[r*h2:r*h2+h], l.a2[r*h2+h:(r+1)*h2], l.dout[r*h:(r+1)*h]
		s := l.dgl[r*h : (r+1)*h] // scratch until the product after this overwrites it
		for j, v := range gb {
			s[j] = -v
		}
		fastexp.Exp(s)
		for j := range do {
			sv := 1 / (1 + s[j])
			ga[j], gb[j] = do[j]*sv, do[j]*ga[j]*sv*(1-sv)
		}
	}
}

// geluBackRows turns z into ∂z = ∂gl ⊙ gelu'(z) for rows [r0, r1).
func (l *lruLayer) geluBackRows(r0, r1 int) {
	h, h2 := l.h, 2*l.h
	for r := r0; r < r1; r++ {
		zi, dg := l.z[r*h:(r+1)*h], l.dgl[r*h:(r+1)*h]
		s := l.dhs[r*h2 : r*h2+h] // scratch until the product after this overwrites it
		for j, v := range zi {
			s[j] = -geluK(v)
		}
		fastexp.Exp(s)
		for j, v := range zi {
			sv := 1 / (1 + s[j]) // σ(k(z))
			zi[j] = dg[j] * (sv + v*sv*(1-sv)*geluKPrime(v))
		}
	}
}

func (l *lruLayer) stepBack(t int) {
	if t == l.d.steps-1 {
		clear(l.carry)
	}
	l.t = t
	forChunks(l.d.n, (*lruBack)(l))
}

func (l *lruLayer) stepBackRows(t, n0, n1 int) {
	h, h2 := l.h, 2*l.h
	carry := l.carry[n0*h2 : n1*h2]
	r0 := t*l.d.n + n0
	for i := 0; i < n1-n0; i++ {
		ds, cr := l.dhs[(r0+i)*h2:(r0+i+1)*h2], carry[i*h2:(i+1)*h2]
		for j := 0; j < h; j++ {
			dr, di := ds[j]+cr[j], ds[h+j]+cr[h+j]
			ds[j], ds[h+j] = dr, di
			lr, li := l.lr[j], l.li[j]
			cr[j], cr[h+j] = lr*dr+li*di, lr*di-li*dr // conj(λ)·dh
		}
	}
}

func (l *lruLayer) preBack(dIn []float64, beta float64, r0, r1 int) {
	h, h2, m := l.h, 2*l.h, r1-r0
	dbu, dhs := l.dbu[r0*h2:r1*h2], l.dhs[r0*h2:r1*h2]
	for i := 0; i < m; i++ {
		for j, g := range l.gam {
			dbu[i*h2+j] = g * dhs[i*h2+j]
			dbu[i*h2+h+j] = g * dhs[i*h2+h+j]
		}
	}
	di := dIn[r0*l.in : r1*l.in]
	gemm(false, false, m, l.in, h2, 1, dbu, h2, l.b.Data, l.in, beta, di, l.in)
	if l.skip {
		dz, dout := l.z[r0*h:r1*h], l.dout[r0*h:r1*h]
		for i := range di {
			di[i] += dout[i] + dz[i]*l.dv.Data[i%h]
		}
	}
}

func (l *lruLayer) grads(in []float64) {
	h, h2, rows, n := l.h, 2*l.h, l.d.rows, l.d.n
	// Row-wise sums in fixed blocks of rows, added in block order (bits independent of the
	// goroutines): ∂γ_log, ∂Re λ, ∂Im λ and ∂D, with ∂loss/∂(Bx) = γ ⊙ ∂loss/∂(γBx) on the
	// way (again over all rows: preBack does not run for the first layer).
	nb := (rows + reduceBlock - 1) / reduceBlock
	part := make([]float64, nb*4*h)
	forBlocks(nb, func(b int) {
		p := part[b*4*h : (b+1)*4*h]
		dgam, dlr, dli, ddv := p[:h], p[h:2*h], p[2*h:3*h], p[3*h:]
		for r := b * reduceBlock; r < min((b+1)*reduceBlock, rows); r++ {
			ds, x, dbu := l.dhs[r*h2:(r+1)*h2], l.xp[r*h2:(r+1)*h2], l.dbu[r*h2:(r+1)*h2]
			for j, g := range l.gam {
				dbu[j] = g * ds[j]
				dbu[h+j] = g * ds[h+j]
				dgam[j] += ds[j]*x[j] + ds[h+j]*x[h+j]
			}
			if r >= n {
				q := l.hs[(r-n)*h2 : (r-n+1)*h2]
				for j := 0; j < h; j++ {
					dlr[j] += ds[j]*q[j] + ds[h+j]*q[h+j]
					dli[j] += ds[h+j]*q[j] - ds[j]*q[h+j]
				}
			}
			if l.skip {
				dz, xi := l.z[r*h:(r+1)*h], in[r*h:(r+1)*h]
				for j := range dz {
					ddv[j] += dz[j] * xi[j]
				}
			}
		}
	})
	total := part[:4*h] // blocks summed from zero in block order
	for b := 1; b < nb; b++ {
		for i, v := range part[b*4*h : (b+1)*4*h] {
			total[i] += v
		}
	}
	dgam, dlr, dli, ddv := total[:h], total[h:2*h], total[2*h:3*h], total[3*h:]
	for j := 0; j < h; j++ {
		l.gammaLog.Grad[j] += dgam[j]
		if l.skip {
			l.dv.Grad[j] += ddv[j]
		}
	}
	for j := 0; j < h; j++ {
		lr, li := l.lr[j], l.li[j]
		l.nu.Grad[j] += -(dlr[j]*lr + dli[j]*li) * math.Exp(l.nu.Data[j])
		l.theta.Grad[j] += (dli[j]*lr - dlr[j]*li) * math.Exp(l.theta.Data[j])
	}
	gradAtB(l.b.Grad, nil, l.dbu, h2, h2, in, l.in, l.in, rows)
	gemmTAcc(l.c.Grad, h, h2, rows, l.z, h, l.hs, h2)
	gradAtB(l.wg.Grad, l.bg.Grad, l.a2, h2, h2, l.gl, h, h, rows)
}

// The layer's elementwise tasks (see parallel.go).
type (
	lruStep     lruLayer
	lruBack     lruLayer
	lruGELU     lruLayer
	lruGLU      lruLayer
	lruGLUBack  lruLayer
	lruGELUBack lruLayer
)

func (k *lruStep) span(n0, n1 int)   { (*lruLayer)(k).stepRows(k.t, n0, n1) }
func (k *lruBack) span(n0, n1 int)   { (*lruLayer)(k).stepBackRows(k.t, n0, n1) }
func (k *lruGELU) span(a, b int)     { (*lruLayer)(k).geluRows(a, b) }
func (k *lruGLU) span(a, b int)      { (*lruLayer)(k).gluRows(a, b) }
func (k *lruGLUBack) span(a, b int)  { (*lruLayer)(k).gluBackRows(a, b) }
func (k *lruGELUBack) span(a, b int) { (*lruLayer)(k).geluBackRows(a, b) }
