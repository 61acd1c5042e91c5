package solvers

import (
	"math"

	"github.com/warpkit/warpkit/ode"
)

// jacEval gives ∂f/∂y (row-major) and ∂f/∂t of a system: the analytic JacY when the system
// has one, else complex-step derivatives through the complex128 field (exact to rounding),
// else forward differences.
type jacEval struct {
	sys    *ode.System
	d      int
	yc, fc []complex128
	pc     []complex128
	ftmp   []float64
	ytmp   []float64
}

func newJacEval(sys *ode.System) *jacEval {
	d := sys.Dim()
	return &jacEval{sys: sys, d: d,
		yc: make([]complex128, d), fc: make([]complex128, d), pc: make([]complex128, sys.NParams()),
		ftmp: make([]float64, d), ytmp: make([]float64, d)}
}

// complexStep is the imaginary perturbation of complex-step differentiation; any tiny value
// works because there is no subtractive cancellation.
const complexStep = 1e-30

// eval writes J = ∂f/∂y at (t, y) into jac and ∂f/∂t into dt; f0 = f(t, y) is used by the
// finite-difference fallback. It returns the number of real f evaluations spent.
func (j *jacEval) eval(t float64, y, p, f0, jac, dt []float64) int {
	d := j.d
	sys := j.sys
	evals := 0
	if sys.C128 != nil {
		for i, v := range p {
			j.pc[i] = complex(v, 0)
		}
		if sys.JacY == nil {
			for c := 0; c < d; c++ {
				for i, v := range y {
					j.yc[i] = complex(v, 0)
				}
				j.yc[c] = complex(y[c], complexStep)
				sys.C128(complex(t, 0), j.yc, j.pc, j.fc)
				for r := 0; r < d; r++ {
					jac[r*d+c] = imag(j.fc[r]) / complexStep
				}
			}
		}
		for i, v := range y {
			j.yc[i] = complex(v, 0)
		}
		sys.C128(complex(t, complexStep), j.yc, j.pc, j.fc)
		for r := 0; r < d; r++ {
			dt[r] = imag(j.fc[r]) / complexStep
		}
		if sys.JacY != nil {
			sys.JacY(t, y, p, jac)
		}
		return 0
	}
	if sys.JacY != nil {
		sys.JacY(t, y, p, jac)
	} else {
		copy(j.ytmp, y)
		for c := 0; c < d; c++ {
			h := math.Sqrt(2.2e-16) * max(1, math.Abs(y[c]))
			j.ytmp[c] = y[c] + h
			sys.F64(t, j.ytmp, p, j.ftmp)
			j.ytmp[c] = y[c]
			for r := 0; r < d; r++ {
				jac[r*d+c] = (j.ftmp[r] - f0[r]) / h
			}
		}
		evals += d
	}
	ht := math.Sqrt(2.2e-16) * max(1, math.Abs(t))
	sys.F64(t+ht, y, p, j.ftmp)
	for r := 0; r < d; r++ {
		dt[r] = (j.ftmp[r] - f0[r]) / ht
	}
	return evals + 1
}
