package physics

import (
	"fmt"

	"github.com/warpkit/warpkit/ode"
)

// Lotka-Volterra ranges of the paper's out-of-distribution test set.
var (
	lvTestAD = [2]float64{10, 60}
	lvTestBC = [2]float64{70, 130}
)

// LVSubsteps is the default number of RK4 substeps per step of the LV prior: at the fast end of
// the test ranges one RK4 step per data step is too coarse, and two cut the one-step
// error by more than an order of magnitude for twice the cost (TestLVOneStepError measures it
// against SciPy's DOP853; figures in benchmarks/RESULTS.md).
const LVSubsteps = 2

// LVOptions configures the Lotka-Volterra prior. Zero values take the defaults.
type LVOptions struct {
	// Integrator is rk4 (default), euler or midpoint.
	Integrator string `json:"integrator"`
	// Substeps splits dt (default LVSubsteps).
	Substeps int `json:"substeps"`
	// AD and BC are the sigmoid ranges of a and d, and of b and c (default: the test ranges
	// a,d∈[10,60], b,c∈[70,130]).
	AD [2]float64 `json:"ad"`
	BC [2]float64 `json:"bc"`
	// Derivatives: auto (default: analytic, with the library's JacY and JacP), analytic or
	// complex-step; see Options.Derivatives.
	Derivatives string `json:"derivatives,omitempty"`
}

// LV returns the Lotka-Volterra prior (name "lv", states prey and pred): the network predicts
// a, b, c and d through sigmoids into their ranges, and the next state is RK4 with substeps.
func LV(opts LVOptions) (Prior, error) {
	if opts.AD == ([2]float64{}) {
		opts.AD = lvTestAD
	}
	if opts.BC == ([2]float64{}) {
		opts.BC = lvTestBC
	}
	if opts.Integrator == "" {
		opts.Integrator = IntegratorRK4
	}
	if opts.Substeps == 0 {
		opts.Substeps = LVSubsteps
	}
	ad, bc := Sigmoid(opts.AD[0], opts.AD[1]), Sigmoid(opts.BC[0], opts.BC[1])
	if err := ad.Validate(); err != nil {
		return nil, fmt.Errorf("physics: lv: range of a and d: %w", err)
	}
	if err := bc.Validate(); err != nil {
		return nil, fmt.Errorf("physics: lv: range of b and c: %w", err)
	}
	return builtinPrior("lv", optionsSpec("lv", opts), ode.LotkaVolterra(), Options{
		Predict:     []Predicted{{"a", ad}, {"b", bc}, {"c", bc}, {"d", ad}},
		Integrator:  opts.Integrator,
		Substeps:    opts.Substeps,
		Derivatives: opts.Derivatives,
	})
}
