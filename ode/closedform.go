package ode

import "math"

// Closed-form solutions of library systems, used by tests across warpkit (solvers, datasets,
// physics) as the independent reference.

// MSDSolution is the exact state (x, v) at time t of m x″ + c x' + k x = 0 from x(0)=x0,
// v(0)=v0, for under-, critically and over-damped cases alike.
//
// With α = c/(2m), ω0² = k/m and q = ω0² − α², x = e^{−αt}(x0·C + (v0 + α x0)·S) and
// v = e^{−αt}(v0·C − (α v0 + ω0² x0)·S), where C = cos(√q t), S = sin(√q t)/√q for q > 0 and the
// hyperbolic forms for q < 0. Near critical damping C and S come from their Taylor series, so
// there is no cancellation between two nearly equal exponentials.
func MSDSolution(m, k, c, x0, v0, t float64) (x, v float64) {
	alpha := c / (2 * m)
	w2 := k / m
	q := w2 - alpha*alpha
	cc, s := oscCS(q, t)
	e := math.Exp(-alpha * t)
	x = e * (x0*cc + (v0+alpha*x0)*s)
	v = e * (v0*cc - (alpha*v0+w2*x0)*s)
	return x, v
}

// oscCS returns C(t) and S(t) = ∫C with C″ = −q C, C(0)=1, S(0)=0: cos/sin for q > 0,
// cosh/sinh for q < 0, and their series for |q| t² small.
func oscCS(q, t float64) (c, s float64) {
	z := q * t * t
	switch {
	case math.Abs(z) < 1e-4:
		// Truncation error ~ z³/720 relative: below 1e-15.
		c = 1 - z/2 + z*z/24
		s = t * (1 - z/6 + z*z/120)
	case q > 0:
		w := math.Sqrt(q)
		c = math.Cos(w * t)
		s = math.Sin(w*t) / w
	default:
		w := math.Sqrt(-q)
		c = math.Cosh(w * t)
		s = math.Sinh(w*t) / w
	}
	return c, s
}

// SineSolution is the Sine system's state sin(2π f t + φ) at time t.
func SineSolution(f, phi, t float64) float64 {
	return math.Sin(2*math.Pi*f*t + phi)
}

// HarmonicSolution is the exact state of x″ = −ω² x from (x0, v0) at time t.
func HarmonicSolution(omega, x0, v0, t float64) (x, v float64) {
	return MSDSolution(1, omega*omega, 0, x0, v0, t)
}

// KeplerSolution is the exact state (x, y, vx, vy) at time t of the Kepler problem with
// gravitational parameter gm on the orbit of semi-major axis 1 and eccentricity e (0 ≤ e < 1)
// that starts at pericentre on the positive x axis moving in +y, as Kepler().Y0 does for e = 0.5.
// It solves Kepler's equation E − e sin E = M by Newton's method.
func KeplerSolution(gm, e, t float64) [4]float64 {
	n := math.Sqrt(gm) // mean motion for a = 1
	mean := math.Mod(n*t, 2*math.Pi)
	ecc := mean
	if e > 0.8 {
		ecc = math.Pi
	}
	for range 50 {
		d := (ecc - e*math.Sin(ecc) - mean) / (1 - e*math.Cos(ecc))
		ecc -= d
		if math.Abs(d) < 1e-16 {
			break
		}
	}
	se, ce := math.Sincos(ecc)
	b := math.Sqrt(1 - e*e)
	edot := n / (1 - e*ce)
	return [4]float64{ce - e, b * se, -se * edot, b * ce * edot}
}

// KeplerStart is the initial state that KeplerSolution assumes: pericentre of the orbit with
// semi-major axis 1 and eccentricity e.
func KeplerStart(gm, e float64) []float64 {
	return []float64{1 - e, 0, 0, math.Sqrt(gm * (1 + e) / (1 - e))}
}
