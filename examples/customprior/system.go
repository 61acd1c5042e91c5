package main

import "github.com/warpkit/warpkit/ode"

// torquedPendulum is the user's vector field, written once for float64 and complex128:
// θ″ = τ − (g/L) sin θ − γ θ′, p = (g/L, γ, τ). Elementary functions go through ode's helpers
// so that the complex128 instance is the analytic continuation the complex step needs.
func torquedPendulum[T ode.Number](_ T, y, p, dy []T) {
	dy[0] = y[1]
	dy[1] = p[2] - p[0]*ode.Sin(y[0]) - p[1]*y[1]
}

// pendulum describes the system. The parameter ranges are what a system: prior's default
// sigmoid maps the network's raw outputs into, so they must contain every value the data
// use (pendulum.yaml draws damping from [0.1, 0.8] and torque from [−3, 3]). Y0 and TSpan
// are what `solve --system torqued_pendulum` uses when no flag says otherwise.
func pendulum() *ode.System {
	return &ode.System{
		Name:   "torqued_pendulum",
		Doc:    "Damped pendulum driven by a constant torque: θ'' = τ − (g/L) sin θ − γ θ'.",
		States: []string{"theta", "omega"},
		Params: []ode.Param{
			{Name: "g_over_l", Default: 9.81, Min: 1, Max: 20, Doc: "gravity over length (1/s²); 9.81: a 1 m pendulum on Earth"},
			{Name: "damping", Default: 0.3, Min: 0, Max: 1, Doc: "damping rate γ (1/s)"},
			{Name: "torque", Default: 0, Min: -4, Max: 4, Doc: "torque over inertia τ (rad/s²)"},
		},
		Y0:    []float64{1, 0},
		TSpan: [2]float64{0, 4},
		F64:   torquedPendulum[float64],
		C128:  torquedPendulum[complex128],
	}
}
