package solvers

import (
	"fmt"
	"strings"
)

// Method names an integration method.
type Method string

// The methods Solve understands. Orders are those of the propagated solution; each method's
// full description (tableau, orders, interpolant, stiffness) is its entry in descriptors.
const (
	Euler    Method = "euler"    // explicit Euler, order 1, fixed step
	Midpoint Method = "midpoint" // explicit midpoint, order 2, fixed step
	RK4      Method = "rk4"      // classic Runge-Kutta, order 4, fixed step
	BS3      Method = "bs3"      // Bogacki-Shampine 3(2), FSAL, Hermite dense output
	DP5      Method = "dp5"      // Dormand-Prince 5(4), FSAL, Shampine's 4th-order dense output
	Tsit5    Method = "tsit5"    // Tsitouras 5(4), FSAL, 4th-order dense output
	DOP853   Method = "dop853"   // Hairer's 8(5,3), 7th-order dense output
	Rodas5P  Method = "rodas5p"  // Rosenbrock 5(4), L-stable, stiffly accurate (Steinebach 2023)
)

// Methods lists every method, fixed-step ones first.
func Methods() []Method {
	ms := make([]Method, len(descriptors))
	for i, d := range descriptors {
		ms[i] = d.method
	}
	return ms
}

// ParseMethod turns a name (case-insensitive) into a Method, or reports the valid names.
func ParseMethod(s string) (Method, error) {
	m := Method(strings.ToLower(strings.TrimSpace(s)))
	if describe(m) == nil {
		return "", fmt.Errorf("solvers: unknown method %q (valid: %s)", s, methodList())
	}
	return m, nil
}

func methodList() string {
	names := make([]string, len(descriptors))
	for i, d := range descriptors {
		names[i] = string(d.method)
	}
	return strings.Join(names, ", ")
}

// Fixed reports whether the method takes steps of a given size without error control.
func (m Method) Fixed() bool {
	d := describe(m)
	return d != nil && d.embedded == 0
}

// Implicit reports whether the method uses the Jacobian (is meant for stiff problems).
func (m Method) Implicit() bool {
	d := describe(m)
	return d != nil && d.stiff
}

// Order is the convergence order of the method's solution; 0 for an unknown method.
func (m Method) Order() int {
	if d := describe(m); d != nil {
		return d.order
	}
	return 0
}
