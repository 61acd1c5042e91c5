package ode

import "math"

// Signals given in closed form: the WARP paper's SINE task.

func init() {
	mustRegister(Sine())
}

func sine[T Number](t T, _, p, dy []T) {
	w := Const[T](2*math.Pi) * p[0]
	dy[0] = w * Cos(w*t+p[1])
}

// Sine is x' = 2π f cos(2π f t + φ), whose solution from x(0) = sin φ is the WARP paper's SINE
// signal sin(2π f t + φ) (SineSolution). Datasets generate it from the closed form; as a system
// it validates specs and provenance like any other, and a physics prior can integrate it.
func Sine() *System {
	return &System{
		Name:   "sine",
		Doc:    "x(t) = sin(2π f t + φ): the WARP paper's SINE task, x' = 2π f cos(2π f t + φ). Closed form in SineSolution.",
		States: []string{"x"},
		Params: []Param{
			{Name: "f", Default: 1, Min: 0.1, Max: 10, Domain: Positive, Doc: "frequency (cycles per unit time)"},
			{Name: "phi", Default: 0, Min: -math.Pi, Max: math.Pi, Domain: Real, Doc: "phase (rad)"},
		},
		Y0:    []float64{0},
		TSpan: [2]float64{0, 1},
		F64:   sine[float64],
		C128:  sine[complex128],
	}
}
