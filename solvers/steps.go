package solvers

import "github.com/warpkit/warpkit/ode"

// The single steps below are generic so that package physics can push a complex perturbation
// through them (complex-step derivatives of a step with respect to its inputs). They do not
// allocate; out may be the same slice as y.

// EulerStep writes y + h·f(t, y) into out. work must hold at least len(y) values.
func EulerStep[T ode.Number](f ode.Func[T], t, h T, y, p, out, work []T) {
	n := len(y)
	k := work[:n]
	out = out[:n]
	f(t, y, p, k)
	addScaled(out, y, h, k)
}

// MidpointStep writes the explicit midpoint step y + h·f(t+h/2, y + h/2·f(t, y)) into out.
// work must hold at least 2·len(y) values.
func MidpointStep[T ode.Number](f ode.Func[T], t, h T, y, p, out, work []T) {
	n := len(y)
	k := work[:n]
	ym := work[n : 2*n]
	out = out[:n]
	f(t, y, p, k)
	half := h / 2
	addScaled(ym, y, half, k)
	f(t+half, ym, p, k)
	addScaled(out, y, h, k)
}

// RK4Step writes one step of the classic fourth-order Runge-Kutta method into out.
// work must hold at least 5·len(y) values.
func RK4Step[T ode.Number](f ode.Func[T], t, h T, y, p, out, work []T) {
	n := len(y)
	k1 := work[:n]
	k2 := work[n : 2*n]
	k3 := work[2*n : 3*n]
	k4 := work[3*n : 4*n]
	yt := work[4*n : 5*n]
	out = out[:n]
	y = y[:n]
	half := h / 2
	f(t, y, p, k1)
	addScaled(yt, y, half, k1)
	f(t+half, yt, p, k2)
	addScaled(yt, y, half, k2)
	f(t+half, yt, p, k3)
	addScaled(yt, y, h, k3)
	f(t+h, yt, p, k4)
	sixth := h / 6
	for i := range out {
		out[i] = y[i] + sixth*(k1[i]+2*(k2[i]+k3[i])+k4[i])
	}
}

// addScaled writes y + a·k into out, the update every stage of the steps above is made of.
func addScaled[T ode.Number](out, y []T, a T, k []T) {
	for i := range out {
		out[i] = y[i] + a*k[i]
	}
}
