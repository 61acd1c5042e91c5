package physics

import (
	"fmt"

	"github.com/warpkit/warpkit/ode"
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

// workLen is the scratch length advance needs for a system of dimension d.
func workLen(d int) int { return 6 * d }

// advance integrates y' = f(t, y, p) from t0 over dt in n equal substeps of method m, writing the
// result to out. It is written once over ode.Number so that the float64 instance gives the
// prediction and the complex128 instance, with one input perturbed by i·h, gives an exact
// column of the step's Jacobian. It does not allocate; work has workLen(len(y)) entries and
// must not overlap y, p or out.
func advance[T ode.Number](m method, n int, f ode.Func[T], t0, dt float64, y, p, out, work []T) {
	d := len(y)
	cur, k1, k2, k3, k4, tmp := work[:d], work[d:2*d], work[2*d:3*d], work[3*d:4*d], work[4*d:5*d], work[5*d:6*d]
	copy(cur, y)
	h := dt / float64(n)
	hT := ode.Const[T](h)
	half := ode.Const[T](h / 2)
	sixth := ode.Const[T](h / 6)
	two := ode.Const[T](2)
	for s := range n {
		t := t0 + float64(s)*h
		tT := ode.Const[T](t)
		switch m {
		case euler:
			f(tT, cur, p, k1)
			for i := range d {
				cur[i] += hT * k1[i]
			}
		case midpoint:
			f(tT, cur, p, k1)
			for i := range d {
				tmp[i] = cur[i] + half*k1[i]
			}
			f(ode.Const[T](t+h/2), tmp, p, k2)
			for i := range d {
				cur[i] += hT * k2[i]
			}
		default:
			tMid := ode.Const[T](t + h/2)
			f(tT, cur, p, k1)
			for i := range d {
				tmp[i] = cur[i] + half*k1[i]
			}
			f(tMid, tmp, p, k2)
			for i := range d {
				tmp[i] = cur[i] + half*k2[i]
			}
			f(tMid, tmp, p, k3)
			for i := range d {
				tmp[i] = cur[i] + hT*k3[i]
			}
			f(ode.Const[T](t+h), tmp, p, k4)
			for i := range d {
				cur[i] += sixth * (k1[i] + two*(k2[i]+k3[i]) + k4[i])
			}
		}
	}
	copy(out, cur)
}
