package solvers

import (
	"fmt"
	"math"
	"slices"
)

// crosses reports whether g went from gPrev to gNew through zero in the wanted direction.
// A start exactly at zero is not a crossing, so an event located at the end of one step is
// not reported again at the start of the next.
func crosses(gPrev, gNew float64, dir int) bool {
	up := gPrev < 0 && gNew >= 0
	down := gPrev > 0 && gNew <= 0
	switch dir {
	case 1:
		return up
	case -1:
		return down
	}
	return up || down
}

// checkEvents looks for sign changes of the event functions over the accepted step [t, tn],
// locates each on the continuous extension and records the hits in time order. It returns
// the time the step's output ends: tn, or the first terminal event's time.
func (s *stepper) checkEvents(t, tn, h float64) (float64, error) {
	s.evOrder = s.evOrder[:0]
	for i, e := range s.events {
		gNew := e.G(tn, s.y1)
		if math.IsNaN(gNew) {
			return 0, fmt.Errorf("solvers: event %q: G is NaN at t = %g", e.Name, tn)
		}
		if crosses(s.gPrev[i], gNew, e.Direction) {
			theta := s.locate(e, t, h, s.gPrev[i], gNew)
			te := t + theta*h
			if theta == 1 {
				te = tn
			}
			s.evOrder = append(s.evOrder, evCand{i: i, t: te})
		}
		s.gPrev[i] = gNew
	}
	if len(s.evOrder) == 0 {
		return tn, nil
	}
	slices.SortStableFunc(s.evOrder, func(a, b evCand) int {
		switch {
		case (a.t-b.t)*h < 0:
			return -1
		case (a.t-b.t)*h > 0:
			return 1
		}
		return 0
	})
	end := tn
	for _, c := range s.evOrder {
		e := s.events[c.i]
		y := make([]float64, s.d)
		if c.t == tn {
			copy(y, s.y1)
		} else {
			s.denseAt(t, h, (c.t-t)/h, y)
		}
		s.hits = append(s.hits, EventHit{Name: e.Name, T: c.t, Y: y})
		if e.Terminal {
			s.term = true
			end = c.t
			break
		}
	}
	return end, nil
}

// locate finds θ in [0, 1] with G(t+θh, y(θ)) = 0 by Brent's method on the continuous
// extension, given the values at both ends (which bracket a zero).
func (s *stepper) locate(e Event, t, h, ga, gb float64) float64 {
	g := func(th float64) float64 {
		s.denseAt(t, h, th, s.dbuf)
		return e.G(t+th*h, s.dbuf)
	}
	if gb == 0 {
		return 1
	}
	return brent(g, 0, 1, ga, gb, 1e-15)
}

// brent finds a zero of g in [a, b] where g(a)=fa and g(b)=fb have opposite signs (or one
// is zero), to absolute tolerance tol (Brent 1973, as in Numerical Recipes' zbrent).
func brent(g func(float64) float64, a, b, fa, fb, tol float64) float64 {
	if fa == 0 {
		return a
	}
	c, fc := b, fb
	var d, e float64
	for iter := 0; iter < 200; iter++ {
		if (fb > 0 && fc > 0) || (fb < 0 && fc < 0) {
			c, fc = a, fa
			d = b - a
			e = d
		}
		if math.Abs(fc) < math.Abs(fb) {
			a, b, c = b, c, b
			fa, fb, fc = fb, fc, fb
		}
		tol1 := 2*2.2e-16*math.Abs(b) + 0.5*tol
		xm := 0.5 * (c - b)
		if math.Abs(xm) <= tol1 || fb == 0 {
			return b
		}
		if math.Abs(e) >= tol1 && math.Abs(fa) > math.Abs(fb) {
			var p, q float64
			sv := fb / fa
			if a == c {
				p = 2 * xm * sv
				q = 1 - sv
			} else {
				q0 := fa / fc
				r := fb / fc
				p = sv * (2*xm*q0*(q0-r) - (b-a)*(r-1))
				q = (q0 - 1) * (r - 1) * (sv - 1)
			}
			if p > 0 {
				q = -q
			}
			p = math.Abs(p)
			if 2*p < min(3*xm*q-math.Abs(tol1*q), math.Abs(e*q)) {
				e = d
				d = p / q
			} else {
				d = xm
				e = d
			}
		} else {
			d = xm
			e = d
		}
		a, fa = b, fb
		if math.Abs(d) > tol1 {
			b += d
		} else {
			b += math.Copysign(tol1, xm)
		}
		fb = g(b)
	}
	return b
}
