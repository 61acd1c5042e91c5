package solvers

import "math"

// dop853Tab is Hairer's DOP853 extended tableau (the generated arrays of dop853_coeffs.go):
// stages 0..11 are the method's, 12 the FSAL evaluation at the new point, 13..15 the extra
// stages of the dense output.
type dop853Tab struct {
	c      *[16]float64
	a      *[16][16]float64
	b      *[12]float64 // 8th-order weights
	e5, e3 *[13]float64 // 5th- and 3rd-order error weights, the last for the FSAL stage
	d      *[4][16]float64
}

var dop853Tableau = &dop853Tab{c: &dop853C, a: &dop853A, b: &dop853B, e5: &dop853E5, e3: &dop853E3, d: &dop853D}

// dop853Attempt takes one step of Hairer's DOP853: twelve stages, the 8th-order solution,
// its derivative at the new point (the next step's first stage) and the combined
// 5th/3rd-order error estimate of Hairer's code.
func (s *stepper) dop853Attempt(t, h float64) float64 {
	tab := s.dop
	d := s.d
	y := s.y[:d]
	for i := 1; i < 12; i++ {
		s.stage(i, t, h, tab.c[i], tab.a[i][:i], s.ytmp[:d])
	}
	y1 := s.y1[:d]
	copy(y1, y)
	s.addStages(y1, h, tab.b[:])
	s.f(t+h, y1, s.p, s.k[12])
	s.stats.RHSEvals += 12
	E5, E3 := tab.e5, tab.e3
	var e5, e3 float64
	for j := range y1 {
		var a5, a3 float64
		for l := 0; l < 13; l++ {
			kl := s.k[l][j]
			a5 += E5[l] * kl
			a3 += E3[l] * kl
		}
		sc := s.scale(j)
		a5 /= sc
		a3 /= sc
		e5 += a5 * a5
		e3 += a3 * a3
	}
	if e5 == 0 && e3 == 0 {
		return 0
	}
	return math.Abs(h) * e5 / math.Sqrt((e5+0.01*e3)*float64(d))
}

// dop853Extra computes the three extra stages of the 7th-order continuous extension, once
// per step and only for steps that have output inside them.
func (s *stepper) dop853Extra(t, h float64) {
	for i := 13; i < 16; i++ {
		s.stage(i, t, h, s.dop.c[i], s.dop.a[i][:i], s.ytmp[:s.d])
	}
	s.stats.RHSEvals += 3
	s.dense = true
}

// dop853Dense evaluates the 7th-order continuous extension (Hairer's CONTD8 in the form of
// scipy's Dop853DenseOutput). The first call in a step computes the extra stages and folds
// everything into seven coefficient vectors, so further output points in the same step cost
// a short Horner-like evaluation per component.
func (s *stepper) dop853Dense(t, h, theta float64, out []float64) {
	d := s.d
	F := s.q[:7*d]
	if !s.dense {
		s.dop853Extra(t, h)
		y, y1 := s.y[:d], s.y1[:d]
		f0, f1 := s.k[0][:d], s.k[12][:d]
		for j := range y {
			dy := y1[j] - y[j]
			F[j] = dy
			F[d+j] = h*f0[j] - dy
			F[2*d+j] = 2*dy - h*(f1[j]+f0[j])
		}
		for q := range 4 {
			Fq := F[(3+q)*d : (4+q)*d]
			clear(Fq)
			s.addStages(Fq, h, s.dop.d[q][:])
		}
	}
	y := s.y[:d]
	out = out[:d]
	x, x1 := theta, 1-theta
	for j := range out {
		// From the highest term down, alternating factors θ and 1−θ.
		v := F[6*d+j] * x
		v = (v + F[5*d+j]) * x1
		v = (v + F[4*d+j]) * x
		v = (v + F[3*d+j]) * x1
		v = (v + F[2*d+j]) * x
		v = (v + F[d+j]) * x1
		v = (v + F[j]) * x
		out[j] = y[j] + v
	}
}
