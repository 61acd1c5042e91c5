package ode

// Population, epidemic and chemical-kinetics systems: Lotka-Volterra, SIR, Robertson.

func init() {
	mustRegister(LotkaVolterra())
	mustRegister(SIR())
	mustRegister(Robertson())
}

func lotkaVolterra[T Number](_ T, y, p, dy []T) {
	a, b, c, d := p[0], p[1], p[2], p[3]
	prey, pred := y[0], y[1]
	dy[0] = a*prey - b*prey*pred
	dy[1] = c*prey*pred - d*pred
}

// LotkaVolterra is the predator-prey model at the WARP paper's rates (prey' = a·prey − b·prey·pred,
// pred' = c·prey·pred − d·pred, t ∈ [0, 1], start (1, 1)); the ranges are the paper's
// out-of-distribution test ranges. V = c·prey − d·ln prey + b·pred − a·ln pred is conserved.
func LotkaVolterra() *System {
	return &System{
		Name:   "lv",
		Doc:    "Lotka-Volterra: prey' = a prey - b prey pred, pred' = c prey pred - d pred. V = c prey - d ln prey + b pred - a ln pred is conserved.",
		States: []string{"prey", "pred"},
		Params: []Param{
			{Name: "a", Default: 35, Min: 10, Max: 60, Domain: Positive, Doc: "prey growth rate"},
			{Name: "b", Default: 100, Min: 70, Max: 130, Domain: Positive, Doc: "predation rate"},
			{Name: "c", Default: 100, Min: 70, Max: 130, Domain: Positive, Doc: "predator growth per prey eaten"},
			{Name: "d", Default: 35, Min: 10, Max: 60, Domain: Positive, Doc: "predator death rate"},
		},
		Y0:    []float64{1, 1},
		TSpan: [2]float64{0, 1},
		F64:   lotkaVolterra[float64],
		C128:  lotkaVolterra[complex128],
		JacY: func(_ float64, y, p, j []float64) {
			a, b, c, d := p[0], p[1], p[2], p[3]
			j[0], j[1] = a-b*y[1], -b*y[0]
			j[2], j[3] = c*y[1], c*y[0]-d
		},
		JacP: func(_ float64, y, _, j []float64) {
			j[0], j[1], j[2], j[3] = y[0], -y[0]*y[1], 0, 0
			j[4], j[5], j[6], j[7] = 0, 0, y[0]*y[1], -y[1]
		},
	}
}

func sir[T Number](_ T, y, p, dy []T) {
	beta, gamma := p[0], p[1]
	s, i := y[0], y[1]
	inf := beta * s * i
	dy[0] = -inf
	dy[1] = inf - gamma*i
	dy[2] = gamma * i
}

// SIR is the Kermack-McKendrick epidemic model in population fractions. S + I + R and
// ln S + (β/γ)·R are conserved.
func SIR() *System {
	return &System{
		Name:   "sir",
		Doc:    "SIR epidemic (fractions): S' = -beta S I, I' = beta S I - gamma I, R' = gamma I.",
		States: []string{"S", "I", "R"},
		Params: []Param{
			{Name: "beta", Default: 0.3, Min: 0.05, Max: 2, Domain: NonNegative, Doc: "infection rate (1/day)"},
			{Name: "gamma", Default: 0.1, Min: 0.01, Max: 1, Domain: Positive, Doc: "recovery rate (1/day)"},
		},
		Y0:    []float64{0.99, 0.01, 0},
		TSpan: [2]float64{0, 160},
		F64:   sir[float64],
		C128:  sir[complex128],
	}
}

func robertson[T Number](_ T, y, p, dy []T) {
	k1, k2, k3 := p[0], p[1], p[2]
	r1 := k1 * y[0]
	r2 := k2 * y[1] * y[1]
	r3 := k3 * y[1] * y[2]
	dy[0] = -r1 + r3
	dy[1] = r1 - r2 - r3
	dy[2] = r2
}

// Robertson is Robertson's stiff chemical kinetics problem (rates k1 = 0.04, k2 = 3·10⁷,
// k3 = 10⁴), the standard test of stiff solvers, usually integrated to t = 10⁵ or beyond. The sum
// of the three concentrations is conserved.
func Robertson() *System {
	return &System{
		Name:   "robertson",
		Doc:    "Robertson chemical kinetics (stiff): y1' = -k1 y1 + k3 y2 y3, y2' = k1 y1 - k2 y2^2 - k3 y2 y3, y3' = k2 y2^2.",
		States: []string{"y1", "y2", "y3"},
		Params: []Param{
			{Name: "k1", Default: 0.04, Min: 1e-3, Max: 1, Domain: Positive, Doc: "rate of the slow reaction"},
			{Name: "k2", Default: 3e7, Min: 1e6, Max: 1e8, Domain: Positive, Doc: "rate of the fast reaction"},
			{Name: "k3", Default: 1e4, Min: 1e3, Max: 1e5, Domain: Positive, Doc: "rate of the intermediate reaction"},
		},
		Y0:    []float64{1, 0, 0},
		TSpan: [2]float64{0, 1e5},
		Stiff: true,
		F64:   robertson[float64],
		C128:  robertson[complex128],
		JacY: func(_ float64, y, p, j []float64) {
			k1, k2, k3 := p[0], p[1], p[2]
			j[0], j[1], j[2] = -k1, k3*y[2], k3*y[1]
			j[3], j[4], j[5] = k1, -2*k2*y[1]-k3*y[2], -k3*y[1]
			j[6], j[7], j[8] = 0, 2*k2*y[1], 0
		},
	}
}
