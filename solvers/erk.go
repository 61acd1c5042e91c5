package solvers

import "math"

// erkAttempt takes one step of an FSAL pair: stages 1..s-1, the last one evaluated at the
// new solution, and returns the RMS-scaled error of the embedded estimate.
func (s *stepper) erkAttempt(t, h float64) float64 {
	tab := s.pair
	d := s.d
	ns := len(s.k)
	for i := 1; i < ns; i++ {
		yt := s.ytmp[:d]
		if i == ns-1 {
			yt = s.y1[:d]
		}
		s.stage(i, t, h, tab.c[i], tab.a[i], yt)
	}
	s.stats.RHSEvals += ns - 1
	y1 := s.y1[:d]
	var sum float64
	for j := range y1 {
		var e float64
		for l, el := range tab.e {
			e += el * s.k[l][j]
		}
		r := h * e / s.scale(j)
		sum += r * r
	}
	return math.Sqrt(sum / float64(d))
}

// erkDense evaluates y + h Σ_i k_i b_i(θ) with b_i(θ) = Σ_r P[i][r] θ^(r+1). The first call
// in a step folds the stages into one polynomial per component, q_r = h Σ_i P[i][r] k_i, so
// each output point costs a Horner evaluation of degree len(P[0]).
func (s *stepper) erkDense(h, theta float64, out []float64) {
	tab := s.pair
	d := s.d
	np := len(tab.p[0])
	q := s.q[:np*d]
	if !s.dense {
		clear(q)
		for i, row := range tab.p {
			ki := s.k[i][:d]
			for r, c := range row {
				if c == 0 {
					continue
				}
				hc := h * c
				qr := q[r*d : (r+1)*d]
				for j := range qr {
					qr[j] += hc * ki[j]
				}
			}
		}
		s.dense = true
	}
	y := s.y[:d]
	out = out[:d]
	for j := range out {
		v := q[(np-1)*d+j]
		for r := np - 2; r >= 0; r-- {
			v = v*theta + q[r*d+j]
		}
		out[j] = y[j] + v*theta
	}
}

// fixedAttempt takes one step of a fixed-step method and evaluates f at its end for the
// Hermite interpolant (that value is the next step's first stage, so it costs nothing).
func (s *stepper) fixedAttempt(t, h float64) {
	tab := s.fixed
	d := s.d
	y, y1 := s.y[:d], s.y1[:d]
	yt := s.ytmp[:d]
	ns := len(tab.c)
	for i := 1; i < ns; i++ {
		s.stage(i, t, h, tab.c[i], tab.a[i], yt)
	}
	s.stats.RHSEvals += ns - 1
	if tab.combine != nil {
		tab.combine(y1, y, h, s.k)
	} else {
		copy(y1, y)
		s.addStages(y1, h, tab.b)
	}
	s.f(t+h, y1, s.p, s.kEnd)
	s.stats.RHSEvals++
}

// hermiteDense is the cubic Hermite interpolant through (y, f) at both ends of the step.
func (s *stepper) hermiteDense(h, theta float64, out []float64) {
	d := s.d
	y, y1 := s.y[:d], s.y1[:d]
	f0, f1 := s.k[0][:d], s.kEnd[:d]
	out = out[:d]
	for j := range out {
		dy := y1[j] - y[j]
		out[j] = (1-theta)*y[j] + theta*y1[j] +
			theta*(theta-1)*((1-2*theta)*dy+(theta-1)*h*f0[j]+theta*h*f1[j])
	}
}
