package physics_test

import (
	"fmt"
	"math"

	"github.com/warpkit/warpkit/ode"
	"github.com/warpkit/warpkit/physics"
)

// torquedPendulum is a user's own system, written once over ode.Number so that it runs on
// float64 and on complex128: θ″ = τ − (g/L) sin θ − γ θ', p = (g/L, γ, τ).
func torquedPendulum[T ode.Number](_ T, y, p, dy []T) {
	dy[0] = y[1]
	dy[1] = p[2] - p[0]*ode.Sin(y[0]) - p[1]*y[1]
}

// A system that is not in warpkit's library becomes a prior in one call. Here the network
// predicts the torque (a sigmoid into the parameter's range) while gravity and damping are
// known. Where the torque balances gravity, sin θ* = τ/(g/L), the pendulum must stay put, and
// raising the torque must speed it up.
func ExampleFromSystem() {
	sys := &ode.System{
		Name:   "torqued_pendulum",
		States: []string{"theta", "omega"},
		Params: []ode.Param{
			{Name: "g_over_l", Default: 9.81, Min: 1, Max: 20},
			{Name: "damping", Default: 0.5, Min: 0, Max: 2},
			{Name: "torque", Default: 0, Min: -5, Max: 5},
		},
		F64:  torquedPendulum[float64],
		C128: torquedPendulum[complex128],
	}
	prior, err := physics.FromSystem(sys, physics.Options{
		Predict: []physics.Predicted{{Name: "torque"}},
		Fixed:   map[string]float64{"g_over_l": 9.81, "damping": 0.5},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	// The raw network output that means τ = 4.905, so that θ* = asin(1/2) = π/6.
	raw, err := physics.Sigmoid(-5, 5).Inverse(4.905)
	if err != nil {
		fmt.Println(err)
		return
	}
	next, dPrev, dRaw := make([]float64, 2), make([]float64, 4), make([]float64, 2)
	prior.NewStepper().Step(0.5, 0.01, []float64{math.Pi / 6, 0}, []float64{raw}, next, dPrev, dRaw)
	fmt.Printf("%s: %d raw output %v\n", prior.Name(), prior.NumRaw(), prior.RawNames())
	fmt.Printf("theta %.9f (pi/6 = %.9f), at rest: %v\n", next[0], math.Pi/6, math.Abs(next[1]) < 1e-12)
	fmt.Printf("more torque speeds it up: %v\n", dRaw[1] > 0)
	// Output:
	// system:torqued_pendulum: 1 raw output [torque]
	// theta 0.523598776 (pi/6 = 0.523598776), at rest: true
	// more torque speeds it up: true
}
