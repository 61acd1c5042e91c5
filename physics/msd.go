package physics

import (
	"encoding/json"
	"fmt"
	"math"

	"github.com/warpkit/warpkit/ode"
)

// MSD parameter ranges the paper's out-of-distribution test set draws from
// (m∈[0.01,0.05], k∈[2,18], c∈[0.01,0.3]); the prior's default sigmoid ranges are these
// widened by 10% of their width on each side (lower ends kept positive, see WidenRange), so
// test trajectories sit inside the sigmoid's range rather than on its asymptotes:
// m∈(0.006, 0.054), k∈(0.4, 19.6), c∈(0.005, 0.329).
var (
	msdTestM = [2]float64{0.01, 0.05}
	msdTestK = [2]float64{2, 18}
	msdTestC = [2]float64{0.01, 0.3}
)

const msdWiden = 0.1

// MSDOptions configures the mass-spring-damper prior. Zero values take the defaults.
type MSDOptions struct {
	// Integrator is rk4 (default), euler, midpoint, or exact: the closed-form flow of the
	// linear system over dt, with analytic derivatives (no integration error at all).
	Integrator string `json:"integrator"`
	// Substeps splits dt for euler, midpoint and rk4 (default 1); ignored by exact.
	Substeps int `json:"substeps,omitempty"`
	// Transform maps raw outputs to m, k and c: sigmoid (default) squashes each into its range
	// M, K, C; exp puts each on a log scale centred on its range's geometric mean, unbounded, so
	// the frequency √(k/m) and decay c/2m are exponentials of differences of raw outputs and can
	// be extrapolated beyond the training data's without meeting an asymptote. Being unbounded,
	// exp can also let a diverging network drive m, k or c to 0 or +Inf: on MSD (2048
	// trajectories, lr 3e-3) such a run stopped with a NaN loss at epoch 242, where the sigmoid
	// trains on. Prefer sigmoid unless extrapolation is the point.
	Transform string `json:"transform,omitempty"`
	// M, K and C are the ranges (lo, hi) of the predicted mass, stiffness and damping: the
	// sigmoid's limits, or the exp transform's centre √(lo·hi).
	M [2]float64 `json:"m"`
	K [2]float64 `json:"k"`
	C [2]float64 `json:"c"`
	// Derivatives for euler, midpoint and rk4: auto (default: analytic, through the library
	// system's JacY and JacP), analytic or complex-step; see Options.Derivatives.
	Derivatives string `json:"derivatives,omitempty"`
}

func (o MSDOptions) withDefaults() MSDOptions {
	def := func(r *[2]float64, test [2]float64) {
		if *r == ([2]float64{}) {
			r[0], r[1] = WidenRange(test[0], test[1], msdWiden)
		}
	}
	def(&o.M, msdTestM)
	def(&o.K, msdTestK)
	def(&o.C, msdTestC)
	if o.Integrator == "" {
		o.Integrator = IntegratorRK4
	}
	if o.Transform == "" {
		o.Transform = KindSigmoid
	}
	if o.Substeps == 0 {
		o.Substeps = 1
	}
	if o.Integrator == IntegratorExact {
		o.Substeps = 0
	}
	return o
}

// MSD returns the mass-spring-damper prior (name "msd", states x and v): the network predicts
// m, k and c (through sigmoids into their ranges, or on log scales: see MSDOptions.Transform),
// and the next state is one step of the known
// dynamics from the previous state.
func MSD(opts MSDOptions) (Prior, error) {
	o := opts.withDefaults()
	var trs []Transform
	switch o.Transform {
	case KindSigmoid:
		trs = []Transform{Sigmoid(o.M[0], o.M[1]), Sigmoid(o.K[0], o.K[1]), Sigmoid(o.C[0], o.C[1])}
	case KindExp:
		around := func(r [2]float64) Transform { return ExpAround(0, math.Sqrt(r[0]*r[1])) }
		trs = []Transform{around(o.M), around(o.K), around(o.C)}
	default:
		return nil, fmt.Errorf("physics: msd: transform %q (want %s or %s)", o.Transform, KindSigmoid, KindExp)
	}
	for i, r := range [][2]float64{o.M, o.K, o.C} {
		if !(r[0] > 0 && r[0] < r[1]) || math.IsInf(r[1], 0) {
			return nil, fmt.Errorf("physics: msd: range of %s [%g, %g] must be positive, finite and increasing", []string{"m", "k", "c"}[i], r[0], r[1])
		}
	}
	for i, tr := range trs {
		if err := tr.Validate(); err != nil {
			return nil, fmt.Errorf("physics: msd: range of %s: %w", []string{"m", "k", "c"}[i], err)
		}
	}
	if o.Substeps < 0 {
		return nil, fmt.Errorf("physics: msd: substeps %d must be positive", o.Substeps)
	}
	spec := func() Spec {
		b, _ := json.Marshal(o)
		return Spec{Name: "msd", Config: b}
	}
	if o.Integrator == IntegratorExact {
		return &msdExact{tr: [3]Transform(trs), spec: spec}, nil
	}
	p, err := FromSystem(ode.MSD(), Options{
		Predict:     []Predicted{{"m", trs[0]}, {"k", trs[1]}, {"c", trs[2]}},
		Integrator:  o.Integrator,
		Substeps:    o.Substeps,
		Derivatives: o.Derivatives,
	})
	if err != nil {
		return nil, fmt.Errorf("physics: msd: %w", err)
	}
	sp := p.(*systemPrior)
	sp.name, sp.spec = "msd", spec
	return sp, nil
}
