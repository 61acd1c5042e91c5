package physics

import (
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
	// exp can also let a diverging network drive m, k or c to 0 or +Inf: on MSD such a run
	// stopped with a NaN loss where the sigmoid trains on, and skipping the bad batches
	// (nn.TrainConfig.SkipNonFinite) lets it train but not forecast beyond the training ranges
	// (see benchmarks/RESULTS.md). Prefer sigmoid unless extrapolation is the point.
	//
	// softplus puts each on a linear scale, c·log(1+e^raw) with c chosen so that raw = 0 gives
	// the range's geometric mean: a parameter that grows linearly with some feature of the
	// context extrapolates linearly, and the exact flow stays finite for any value.
	Transform string `json:"transform,omitempty"`
	// Mass, when positive, fixes m at that value and the network predicts k and c only. The
	// motion depends on k/m and c/m alone, so with m predicted too one direction of the three
	// raw outputs (scaling m, k and c together) changes nothing, and the other two each move
	// both ratios; with m fixed, k sets the frequency (ω² = k/Mass) and c the decay rate.
	// Identifiability did not buy accuracy on MSD: predicting all three forecast better (see
	// benchmarks/RESULTS.md).
	Mass float64 `json:"mass,omitempty"`
	// M, K and C are the ranges (lo, hi) of the predicted mass, stiffness and damping: the
	// sigmoid's limits, or the centre √(lo·hi) of the exp and softplus transforms. With Mass
	// fixed, K and C default to the test set's ranges of k/m and c/m times Mass, and M is unused.
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
	if o.Mass > 0 {
		// The ratios' extremes pair the smallest mass with the largest k or c, and so on.
		def(&o.K, [2]float64{o.Mass * msdTestK[0] / msdTestM[1], o.Mass * msdTestK[1] / msdTestM[0]})
		def(&o.C, [2]float64{o.Mass * msdTestC[0] / msdTestM[1], o.Mass * msdTestC[1] / msdTestM[0]})
	} else {
		def(&o.M, msdTestM)
		def(&o.K, msdTestK)
		def(&o.C, msdTestC)
	}
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
// m, k and c, or k and c with the mass fixed (see MSDOptions.Mass), each through a sigmoid into
// its range or on a log or linear scale (MSDOptions.Transform), and the next state is one step
// of the known dynamics from the previous state.
func MSD(opts MSDOptions) (Prior, error) {
	if opts.Mass < 0 || math.IsNaN(opts.Mass) || math.IsInf(opts.Mass, 0) {
		return nil, fmt.Errorf("physics: msd: mass %g must be positive and finite (0: predicted)", opts.Mass)
	}
	if opts.Mass > 0 && opts.M != ([2]float64{}) {
		return nil, fmt.Errorf("physics: msd: a fixed mass %g leaves no range m to predict in (got %v)", opts.Mass, opts.M)
	}
	o := opts.withDefaults()
	names := []string{"m", "k", "c"}
	ranges := [][2]float64{o.M, o.K, o.C}
	if o.Mass > 0 {
		names, ranges = names[1:], ranges[1:]
	}
	for i, r := range ranges {
		if !(r[0] > 0 && r[0] < r[1]) || math.IsInf(r[1], 0) {
			return nil, fmt.Errorf("physics: msd: range of %s [%g, %g] must be positive, finite and increasing", names[i], r[0], r[1])
		}
	}
	var trs []Transform
	for _, r := range ranges {
		switch o.Transform {
		case KindSigmoid:
			trs = append(trs, Sigmoid(r[0], r[1]))
		case KindExp:
			trs = append(trs, ExpAround(0, math.Sqrt(r[0]*r[1])))
		case KindSoftplus:
			trs = append(trs, SoftplusScaled(0, math.Sqrt(r[0]*r[1])/math.Ln2))
		default:
			return nil, fmt.Errorf("physics: msd: transform %q (want %s, %s or %s)", o.Transform, KindSigmoid, KindExp, KindSoftplus)
		}
	}
	for i, tr := range trs {
		if err := tr.Validate(); err != nil {
			return nil, fmt.Errorf("physics: msd: range of %s: %w", names[i], err)
		}
	}
	if o.Substeps < 0 {
		return nil, fmt.Errorf("physics: msd: substeps %d must be positive", o.Substeps)
	}
	spec := optionsSpec("msd", o)
	if o.Integrator == IntegratorExact {
		return newMSDExact(o.Mass, trs, spec), nil
	}
	var fixed map[string]float64
	var predict []Predicted
	for i, tr := range trs {
		predict = append(predict, Predicted{names[i], tr})
	}
	if o.Mass > 0 {
		fixed = map[string]float64{"m": o.Mass}
	}
	return builtinPrior("msd", spec, ode.MSD(), Options{
		Predict:     predict,
		Fixed:       fixed,
		Integrator:  o.Integrator,
		Substeps:    o.Substeps,
		Derivatives: o.Derivatives,
	})
}
