package physics

import (
	"fmt"

	"github.com/warpkit/warpkit/ode"
	"github.com/warpkit/warpkit/solvers"
)

// Integrator names accepted in options and specs.
const (
	IntegratorEuler    = "euler"
	IntegratorMidpoint = "midpoint"
	IntegratorRK4      = "rk4"
	IntegratorExact    = "exact" // MSD only: the closed-form flow of the linear system
)

// method is a fixed-step explicit Runge-Kutta scheme the priors advance a state with.
type method int

const (
	euler method = iota
	midpoint
	rk4
)

func parseMethod(name string) (method, error) {
	switch name {
	case IntegratorEuler:
		return euler, nil
	case IntegratorMidpoint:
		return midpoint, nil
	case IntegratorRK4, "":
		return rk4, nil
	default:
		return 0, fmt.Errorf("physics: unknown integrator %q (want %s, %s or %s)", name, IntegratorEuler, IntegratorMidpoint, IntegratorRK4)
	}
}

func (m method) String() string {
	return [...]string{IntegratorEuler, IntegratorMidpoint, IntegratorRK4}[m]
}

// workLen is the scratch length advance needs for a system of dimension d (RK4's five stages).
func workLen(d int) int { return 5 * d }

// advance integrates y' = f(t, y, p) from t0 over dt in n equal substeps of method m, writing the
// result to out, with the solvers package's generic single steps. Being generic over
// ode.Number, the float64 instance gives the prediction and the complex128 instance, with one
// input perturbed by i·h, gives an exact column of the step's Jacobian. It does not allocate;
// work has workLen(len(y)) entries and must not overlap y, p or out.
func advance[T ode.Number](m method, n int, f ode.Func[T], t0, dt float64, y, p, out, work []T) {
	copy(out, y)
	h := dt / float64(n)
	hT := ode.Const[T](h)
	for s := range n {
		// t0 + s·h rather than accumulating, so the last substep ends at t0 + dt to rounding.
		t := ode.Const[T](t0 + float64(s)*h)
		switch m {
		case euler:
			solvers.EulerStep(f, t, hT, out, p, out, work)
		case midpoint:
			solvers.MidpointStep(f, t, hT, out, p, out, work)
		default:
			solvers.RK4Step(f, t, hT, out, p, out, work)
		}
	}
}
