package solvers

// A descriptor is everything the package knows about one method, in one place, in the manner
// of diffrax's solver classes: the tableau, the orders of the solution, of the error estimate
// and of the continuous extension, the interpolant, whether the method is meant for stiff
// problems, and the step-size controller's constants. Method's queries, the stepper's setup and
// the convergence tests all read it, so adding a method is adding one entry to descriptors
// (and, for a new family, its stepping code).
//
// The stepping code is picked by family, a small enum the stepper switches on once per step:
// a Go interface call per stage would cost measurably in the ensemble's hot loop, and a
// switch per step costs nothing.
type descriptor struct {
	method Method
	order  int // convergence order of the propagated solution
	// embedded is the order of the embedded solution the error estimate compares against
	// (0: none, the method takes fixed steps without error control).
	embedded int
	// estOrder is the order of one step's error estimate, which is O(h^estOrder): embedded+1,
	// except for DOP853, whose combined 5th/3rd-order estimate behaves like O(h⁸). The
	// step-size controller's exponent is 1/estOrder.
	estOrder   int
	interp     interpolant
	denseOrder int  // order p* of the continuous extension: its local error is O(h^(p*+1))
	stiff      bool // uses the Jacobian (meant for stiff problems)
	family     family

	// The tableau: exactly one of these is set, the one the family reads.
	fixed *rkTab     // familyFixed
	pair  *erkTab    // familyPair
	dop   *dop853Tab // familyDOP853
	ros   *rosTab    // familyRosenbrock
	// fast is pair's tableau unrolled for seven stages (dp5, tsit5): the ensemble's hot loop.
	fast *erk7

	ctl control // step-size control; unused by fixed-step methods
}

// family selects the stepping code.
type family uint8

const (
	familyFixed      family = iota // explicit Runge-Kutta without error estimate, fixed steps
	familyPair                     // explicit FSAL pair with its own polynomial dense output
	familyDOP853                   // Hairer's 8(5,3) with its 16-stage extended tableau
	familyRosenbrock               // linearly implicit, with the Jacobian (Rodas5P)
)

// interpolant is the kind of continuous extension (dense output) a method has.
type interpolant uint8

const (
	// interpHermite is the cubic Hermite interpolant through y and f at both ends of the step
	// (free for the fixed-step methods: f at the end is the next step's first stage).
	interpHermite interpolant = iota
	// interpPolynomial is a pair's own continuous extension y + h Σ_i k_i b_i(θ).
	interpPolynomial
	// interpDOP853 is Hairer's CONTD8, which needs three extra stages per step with output.
	interpDOP853
	// interpRosenbrock is Rodas' extension from the stage increments, at no extra f calls.
	interpRosenbrock
)

// control holds a method's step-size controller constants (Hairer's PI controller).
type control struct {
	q      float64 // error exponent denominator: descriptor.estOrder (set by descriptor.control)
	beta   float64 // PI stabilisation (0: plain I controller)
	facMax float64 // largest growth of h per step
	facMin float64 // largest reduction of h per step (as a divisor)
	safe   float64
	// predictive selects Gustafsson's controller on top of the PI one.
	predictive bool
}

// descriptors lists every method, fixed-step ones first; Methods returns them in this order.
var descriptors = []*descriptor{
	{method: Euler, order: 1, interp: interpHermite, denseOrder: 3,
		family: familyFixed, fixed: eulerTab},
	{method: Midpoint, order: 2, interp: interpHermite, denseOrder: 3,
		family: familyFixed, fixed: midpointTab},
	{method: RK4, order: 4, interp: interpHermite, denseOrder: 3,
		family: familyFixed, fixed: rk4Tab},
	// The pair's own continuous extension of BS3 is the cubic Hermite interpolant, written as
	// a polynomial in its stages.
	{method: BS3, order: 3, embedded: 2, estOrder: 3, interp: interpPolynomial, denseOrder: 3,
		family: familyPair, pair: bs3Tab,
		ctl: control{beta: 0, facMax: 10, facMin: 5, safe: 0.9}},
	{method: DP5, order: 5, embedded: 4, estOrder: 5, interp: interpPolynomial, denseOrder: 4,
		family: familyPair, pair: dp5Tab, fast: dp5Fast,
		ctl: control{beta: 0.04, facMax: 10, facMin: 5, safe: 0.9}},
	{method: Tsit5, order: 5, embedded: 4, estOrder: 5, interp: interpPolynomial, denseOrder: 4,
		family: familyPair, pair: tsit5Tab, fast: tsit5Fast,
		ctl: control{beta: 0.04, facMax: 10, facMin: 5, safe: 0.9}},
	{method: DOP853, order: 8, embedded: 5, estOrder: 8, interp: interpDOP853, denseOrder: 7,
		family: familyDOP853, dop: dop853Tableau,
		ctl: control{beta: 0, facMax: 6, facMin: 3, safe: 0.9}},
	{method: Rodas5P, order: 5, embedded: 4, estOrder: 5, interp: interpRosenbrock, denseOrder: 4,
		stiff: true, family: familyRosenbrock, ros: rodas5pTab,
		ctl: control{beta: 0, facMax: 6, facMin: 5, safe: 0.9, predictive: true}},
}

// control returns the step-size controller's constants, with the exponent's denominator taken
// from the estimate's order so the two cannot disagree.
func (d *descriptor) control() control {
	c := d.ctl
	c.q = float64(d.estOrder)
	return c
}

// describe returns m's descriptor, or nil for an unknown method.
func describe(m Method) *descriptor {
	for _, d := range descriptors {
		if d.method == m {
			return d
		}
	}
	return nil
}

// stages is the number of stage vectors the stepper keeps for the method.
func (d *descriptor) stages() int {
	switch d.family {
	case familyPair:
		return d.pair.stages()
	case familyDOP853:
		return len(d.dop.c)
	case familyRosenbrock:
		return d.ros.stages
	default:
		return len(d.fixed.c)
	}
}

// denseVectors is the number of per-component coefficient vectors the dense output folds the
// stages into (0: it needs none).
func (d *descriptor) denseVectors() int {
	switch d.interp {
	case interpPolynomial:
		return len(d.pair.p[0])
	case interpDOP853:
		return 7
	}
	return 0
}
