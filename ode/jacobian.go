package ode

import "math"

// complexStep is the imaginary perturbation of the complex-step derivative. With no subtraction
// in Im f(x+ih)/h, h can be far below the square root of machine epsilon; 1e-30 keeps h·f' far
// from underflow for any sensible scale of the states.
const complexStep = 1e-30

// Jacobian evaluates ∂f/∂y and ∂f/∂p of a system: from the analytic JacY/JacP when the system
// has them, else by the complex-step method on its complex128 field (exact to rounding), else by
// central finite differences. It holds scratch space, so each goroutine needs its own.
type Jacobian struct {
	s          *System
	yc, pc, fc []complex128
	f1, f2, yp []float64
	pp         []float64
}

// NewJacobian makes a Jacobian evaluator for s.
func NewJacobian(s *System) *Jacobian {
	d, np := s.Dim(), s.NParams()
	return &Jacobian{
		s:  s,
		yc: make([]complex128, d), pc: make([]complex128, np), fc: make([]complex128, d),
		f1: make([]float64, d), f2: make([]float64, d), yp: make([]float64, d), pp: make([]float64, np),
	}
}

// Y writes ∂f/∂y at (t, y, p) into jac, row-major D×D (row i is ∂f_i).
func (j *Jacobian) Y(t float64, y, p, jac []float64) {
	if j.s.JacY != nil {
		j.s.JacY(t, y, p, jac)
		return
	}
	j.numeric(t, y, p, jac, false)
}

// P writes ∂f/∂p at (t, y, p) into jac, row-major D×P.
func (j *Jacobian) P(t float64, y, p, jac []float64) {
	if j.s.JacP != nil {
		j.s.JacP(t, y, p, jac)
		return
	}
	j.numeric(t, y, p, jac, true)
}

// numeric writes ∂f/∂x into jac, row-major D×len(x), where x is p when wrtP and y otherwise:
// one column per entry of x, perturbed in the complex (complex step) or the real (central
// differences) copy of x while the other argument stays as given.
func (j *Jacobian) numeric(t float64, y, p, jac []float64, wrtP bool) {
	s := j.s
	x, xc, xr := y, j.yc, j.yp
	if wrtP {
		x, xc, xr = p, j.pc, j.pp
	}
	d, n := len(y), len(x)
	if s.C128 != nil {
		j.load(y, p)
		for c := 0; c < n; c++ {
			xc[c] = complex(x[c], complexStep)
			s.C128(complex(t, 0), j.yc, j.pc, j.fc)
			xc[c] = complex(x[c], 0)
			for r := 0; r < d; r++ {
				jac[r*n+c] = imag(j.fc[r]) / complexStep
			}
		}
		return
	}
	copy(j.yp, y)
	copy(j.pp, p)
	for c := 0; c < n; c++ {
		h := fdStep(x[c])
		xr[c] = x[c] + h
		s.F64(t, j.yp, j.pp, j.f1)
		xr[c] = x[c] - h
		s.F64(t, j.yp, j.pp, j.f2)
		xr[c] = x[c]
		for r := 0; r < d; r++ {
			jac[r*n+c] = (j.f1[r] - j.f2[r]) / (2 * h)
		}
	}
}

// T writes ∂f/∂t at (t, y, p) into dfdt (len D): non-autonomous systems need it in
// Rosenbrock methods.
func (j *Jacobian) T(t float64, y, p, dfdt []float64) {
	s := j.s
	if s.C128 != nil {
		j.load(y, p)
		s.C128(complex(t, complexStep), j.yc, j.pc, j.fc)
		for r := range dfdt {
			dfdt[r] = imag(j.fc[r]) / complexStep
		}
		return
	}
	h := fdStep(t)
	s.F64(t+h, y, p, j.f1)
	s.F64(t-h, y, p, j.f2)
	for r := range dfdt {
		dfdt[r] = (j.f1[r] - j.f2[r]) / (2 * h)
	}
}

// RealEvals is how many float64 evaluations of f one call of Y and one of T cost (complex-step
// and analytic derivatives cost none), for solvers' statistics.
func (j *Jacobian) RealEvals() int {
	if j.s.C128 != nil {
		return 0
	}
	n := 2 // T by central differences
	if j.s.JacY == nil {
		n += 2 * j.s.Dim()
	}
	return n
}

func (j *Jacobian) load(y, p []float64) {
	for i, v := range y {
		j.yc[i] = complex(v, 0)
	}
	for i, v := range p {
		j.pc[i] = complex(v, 0)
	}
}

// fdStep balances truncation (h²) against rounding (ε/h) for a central difference.
func fdStep(x float64) float64 {
	return 6e-6 * math.Max(1, math.Abs(x))
}
