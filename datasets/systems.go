package datasets

import (
	"math"

	"github.com/warpkit/warpkit/ode"
)

// lookupSystem finds a library system by name (ode.Lookup lists the valid names on error).
func lookupSystem(name string) (*ode.System, error) { return ode.Lookup(name) }

// sine is x' = 2π f cos(2π f t + φ), whose solution from x(0) = sin φ is sin(2π f t + φ). The
// sine dataset uses the closed form; the system exists so that specs, validation and
// provenance treat the sine like any other system (and so a physics prior can integrate it).
func sine[T ode.Number](t T, _, p, dy []T) {
	w := ode.Const[T](2*math.Pi) * p[0]
	dy[0] = w * ode.Cos(w*t+p[1])
}

var sineSystem = &ode.System{
	Name:   "sine",
	Doc:    "x(t) = sin(2π f t + φ): the WARP paper's SINE task, generated from its closed form.",
	States: []string{"x"},
	Params: []ode.Param{
		{Name: "f", Default: 1, Min: 0.1, Max: 10, Domain: ode.Positive, Doc: "frequency (cycles per unit time)"},
		{Name: "phi", Default: 0, Min: -math.Pi, Max: math.Pi, Domain: ode.Real, Doc: "phase (rad)"},
	},
	Y0:    []float64{0},
	TSpan: [2]float64{0, 1},
	F64:   sine[float64],
	C128:  sine[complex128],
}
