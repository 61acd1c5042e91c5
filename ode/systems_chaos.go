package ode

// Chaotic and limit-cycle systems: Lorenz-63, Van der Pol, FitzHugh-Nagumo, Brusselator.

func init() {
	mustRegister(Lorenz63())
	mustRegister(VanDerPol())
	mustRegister(FitzHughNagumo())
	mustRegister(Brusselator())
}

func lorenz63[T Number](_ T, y, p, dy []T) {
	sigma, rho, beta := p[0], p[1], p[2]
	dy[0] = sigma * (y[1] - y[0])
	dy[1] = y[0]*(rho-y[2]) - y[1]
	dy[2] = y[0]*y[1] - beta*y[2]
}

// Lorenz63 is Lorenz's 1963 convection model, chaotic at the classic σ=10, ρ=28, β=8/3.
func Lorenz63() *System {
	return &System{
		Name:   "lorenz63",
		Doc:    "Lorenz-63: x' = sigma (y - x), y' = x (rho - z) - y, z' = x y - beta z. Chaotic at the defaults.",
		States: []string{"x", "y", "z"},
		Params: []Param{
			{Name: "sigma", Default: 10, Min: 1, Max: 20, Domain: Positive, Doc: "Prandtl number"},
			{Name: "rho", Default: 28, Min: 0.5, Max: 50, Domain: Positive, Doc: "Rayleigh number ratio"},
			{Name: "beta", Default: 8.0 / 3, Min: 0.5, Max: 5, Domain: Positive, Doc: "geometric factor"},
		},
		Y0:    []float64{1, 1, 1},
		TSpan: [2]float64{0, 10},
		F64:   lorenz63[float64],
		C128:  lorenz63[complex128],
		JacY: func(_ float64, y, p, j []float64) {
			sigma, rho, beta := p[0], p[1], p[2]
			j[0], j[1], j[2] = -sigma, sigma, 0
			j[3], j[4], j[5] = rho-y[2], -1, -y[0]
			j[6], j[7], j[8] = y[1], y[0], -beta
		},
	}
}

func vanDerPol[T Number](_ T, y, p, dy []T) {
	mu := p[0]
	dy[0] = y[1]
	dy[1] = mu*(1-y[0]*y[0])*y[1] - y[0]
}

// VanDerPol is the Van der Pol oscillator x″ − μ(1 − x²)x' + x = 0; stiff for large μ (the
// classic stiff test uses μ = 1000).
func VanDerPol() *System {
	return &System{
		Name:   "vdp",
		Doc:    "Van der Pol oscillator: x' = y, y' = mu (1 - x^2) y - x. Stiff for large mu (e.g. 1000).",
		States: []string{"x", "y"},
		Params: []Param{{Name: "mu", Default: 1, Min: 0, Max: 1e4, Domain: NonNegative, Doc: "nonlinear damping strength"}},
		Y0:     []float64{2, 0},
		TSpan:  [2]float64{0, 20},
		F64:    vanDerPol[float64],
		C128:   vanDerPol[complex128],
		JacY: func(_ float64, y, p, j []float64) {
			mu := p[0]
			j[0], j[1] = 0, 1
			j[2], j[3] = -2*mu*y[0]*y[1]-1, mu*(1-y[0]*y[0])
		},
	}
}

func fitzHughNagumo[T Number](_ T, y, p, dy []T) {
	a, b, tau, i := p[0], p[1], p[2], p[3]
	v, w := y[0], y[1]
	dy[0] = v - v*v*v/3 - w + i
	dy[1] = (v + a - b*w) / tau
}

// FitzHughNagumo is the FitzHugh-Nagumo neuron model; it spikes periodically at the defaults.
func FitzHughNagumo() *System {
	return &System{
		Name:   "fitzhugh-nagumo",
		Doc:    "FitzHugh-Nagumo: v' = v - v^3/3 - w + I, w' = (v + a - b w) / tau.",
		States: []string{"v", "w"},
		Params: []Param{
			{Name: "a", Default: 0.7, Min: 0, Max: 2, Domain: Real, Doc: "recovery offset"},
			{Name: "b", Default: 0.8, Min: 0, Max: 2, Domain: Real, Doc: "recovery coupling"},
			{Name: "tau", Default: 12.5, Min: 1, Max: 100, Domain: Positive, Doc: "recovery time scale"},
			{Name: "I", Default: 0.5, Min: 0, Max: 2, Domain: Real, Doc: "external current"},
		},
		Y0:    []float64{-1, 1},
		TSpan: [2]float64{0, 100},
		F64:   fitzHughNagumo[float64],
		C128:  fitzHughNagumo[complex128],
	}
}

func brusselator[T Number](_ T, y, p, dy []T) {
	a, b := p[0], p[1]
	x, yy := y[0], y[1]
	dy[0] = a + x*x*yy - (b+1)*x
	dy[1] = b*x - x*x*yy
}

// Brusselator is Prigogine's autocatalytic reaction model; a limit cycle exists for B > 1 + A².
func Brusselator() *System {
	return &System{
		Name:   "brusselator",
		Doc:    "Brusselator: x' = A + x^2 y - (B + 1) x, y' = B x - x^2 y. Fixed point (A, B/A); limit cycle when B > 1 + A^2.",
		States: []string{"x", "y"},
		Params: []Param{
			{Name: "A", Default: 1, Min: 0.1, Max: 5, Domain: Positive, Doc: "feed concentration"},
			{Name: "B", Default: 3, Min: 0.1, Max: 10, Domain: Positive, Doc: "control concentration"},
		},
		Y0:    []float64{1.5, 3},
		TSpan: [2]float64{0, 20},
		F64:   brusselator[float64],
		C128:  brusselator[complex128],
	}
}
