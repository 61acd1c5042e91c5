package solvers

import (
	"fmt"
	"strings"
)

// Method names an integration method.
type Method string

// The methods Solve understands. Orders are those of the propagated solution.
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

var allMethods = []Method{Euler, Midpoint, RK4, BS3, DP5, Tsit5, DOP853, Rodas5P}

// Methods lists every method, fixed-step ones first.
func Methods() []Method { return append([]Method(nil), allMethods...) }

// ParseMethod turns a name (case-insensitive) into a Method, or reports the valid names.
func ParseMethod(s string) (Method, error) {
	m := Method(strings.ToLower(strings.TrimSpace(s)))
	for _, v := range allMethods {
		if v == m {
			return m, nil
		}
	}
	return "", fmt.Errorf("solvers: unknown method %q (valid: %s)", s, methodList())
}

func methodList() string {
	names := make([]string, len(allMethods))
	for i, m := range allMethods {
		names[i] = string(m)
	}
	return strings.Join(names, ", ")
}

// Fixed reports whether the method takes steps of a given size without error control.
func (m Method) Fixed() bool { return m == Euler || m == Midpoint || m == RK4 }

// Implicit reports whether the method uses the Jacobian (is meant for stiff problems).
func (m Method) Implicit() bool { return m == Rodas5P }

// Order is the convergence order of the method's solution; 0 for an unknown method.
func (m Method) Order() int {
	switch m {
	case Euler:
		return 1
	case Midpoint:
		return 2
	case BS3:
		return 3
	case RK4:
		return 4
	case DP5, Tsit5, Rodas5P:
		return 5
	case DOP853:
		return 8
	}
	return 0
}
