package ode

import "math"

// Mechanical systems: oscillators, pendulums and orbits.

func init() {
	mustRegister(Harmonic())
	mustRegister(MSD())
	mustRegister(Pendulum())
	mustRegister(DrivenPendulum())
	mustRegister(Duffing())
	mustRegister(Kepler())
	mustRegister(Arenstorf())
}

func harmonic[T Number](_ T, y, p, dy []T) {
	dy[0] = y[1]
	dy[1] = -p[0] * p[0] * y[0]
}

// Harmonic is the undamped harmonic oscillator x″ = −ω² x.
func Harmonic() *System {
	return &System{
		Name:   "harmonic",
		Doc:    "Harmonic oscillator: x'' = -omega^2 x. Closed form in HarmonicSolution.",
		States: []string{"x", "v"},
		Params: []Param{{Name: "omega", Default: 2 * math.Pi, Min: 0.1, Max: 100, Domain: Positive, Doc: "angular frequency (rad/s)"}},
		Y0:     []float64{1, 0},
		TSpan:  [2]float64{0, 1},
		F64:    harmonic[float64],
		C128:   harmonic[complex128],
		JacY: func(_ float64, _, p, j []float64) {
			j[0], j[1] = 0, 1
			j[2], j[3] = -p[0]*p[0], 0
		},
	}
}

func msd[T Number](_ T, y, p, dy []T) {
	m, k, c := p[0], p[1], p[2]
	dy[0] = y[1]
	dy[1] = -(c*y[1] + k*y[0]) / m
}

// MSD is the mass-spring-damper m x″ + c x' + k x = 0, the WARP paper's main task. The defaults
// are the paper's example (m=0.03, k=10, c=0.1: under-damped); the ranges cover the paper's
// train and out-of-distribution test ranges. Closed form in MSDSolution.
func MSD() *System {
	return &System{
		Name:   "msd",
		Doc:    "Mass-spring-damper: m x'' + c x' + k x = 0 (states x, v = x'). Closed form in MSDSolution for under-, critically and over-damped cases.",
		States: []string{"x", "v"},
		Params: []Param{
			{Name: "m", Default: 0.03, Min: 0.01, Max: 0.05, Domain: Positive, Doc: "mass (kg)"},
			{Name: "k", Default: 10, Min: 2, Max: 18, Domain: Positive, Doc: "spring stiffness (N/m)"},
			{Name: "c", Default: 0.1, Min: 0.01, Max: 0.3, Domain: NonNegative, Doc: "damping coefficient (N s/m)"},
		},
		Y0:    []float64{1, 0},
		TSpan: [2]float64{0, 1},
		F64:   msd[float64],
		C128:  msd[complex128],
		JacY: func(_ float64, _, p, j []float64) {
			j[0], j[1] = 0, 1
			j[2], j[3] = -p[1]/p[0], -p[2]/p[0]
		},
		JacP: func(_ float64, y, p, j []float64) {
			m, k, c := p[0], p[1], p[2]
			j[0], j[1], j[2] = 0, 0, 0
			j[3], j[4], j[5] = (c*y[1]+k*y[0])/(m*m), -y[0]/m, -y[1]/m
		},
	}
}

func pendulum[T Number](_ T, y, p, dy []T) {
	dy[0] = y[1]
	dy[1] = -(p[0] / p[1]) * Sin(y[0])
}

// Pendulum is the simple (undamped, large-angle) pendulum θ″ = −(g/L) sin θ.
func Pendulum() *System {
	return &System{
		Name:   "pendulum",
		Doc:    "Simple pendulum: theta'' = -(g/L) sin(theta). Energy 0.5 omega^2 - (g/L) cos(theta) is conserved.",
		States: []string{"theta", "omega"},
		Params: []Param{
			{Name: "g", Default: 9.81, Min: 1, Max: 25, Domain: Positive, Doc: "gravitational acceleration (m/s^2)"},
			{Name: "L", Default: 1, Min: 0.1, Max: 10, Domain: Positive, Doc: "length (m)"},
		},
		Y0:    []float64{1, 0},
		TSpan: [2]float64{0, 10},
		F64:   pendulum[float64],
		C128:  pendulum[complex128],
	}
}

func drivenPendulum[T Number](t T, y, p, dy []T) {
	g, l, b, a, w := p[0], p[1], p[2], p[3], p[4]
	dy[0] = y[1]
	dy[1] = -(g/l)*Sin(y[0]) - b*y[1] + a*Cos(w*t)
}

// DrivenPendulum is the damped, periodically driven pendulum θ″ = −(g/L) sin θ − b θ' + A cos(Ω t);
// the defaults (g/L = 1, b = 0.5, A = 1.2, Ω = 2/3) are in its chaotic regime.
func DrivenPendulum() *System {
	return &System{
		Name:   "driven-pendulum",
		Doc:    "Damped driven pendulum: theta'' = -(g/L) sin(theta) - b theta' + A cos(Omega t). Chaotic at the defaults.",
		States: []string{"theta", "omega"},
		Params: []Param{
			{Name: "g", Default: 1, Min: 0.1, Max: 25, Domain: Positive, Doc: "gravitational acceleration"},
			{Name: "L", Default: 1, Min: 0.1, Max: 10, Domain: Positive, Doc: "length"},
			{Name: "b", Default: 0.5, Min: 0, Max: 2, Domain: NonNegative, Doc: "damping rate"},
			{Name: "A", Default: 1.2, Min: 0, Max: 3, Domain: Real, Doc: "drive amplitude"},
			{Name: "Omega", Default: 2.0 / 3, Min: 0.1, Max: 5, Domain: Positive, Doc: "drive angular frequency"},
		},
		Y0:    []float64{0.2, 0},
		TSpan: [2]float64{0, 100},
		F64:   drivenPendulum[float64],
		C128:  drivenPendulum[complex128],
	}
}

func duffing[T Number](t T, y, p, dy []T) {
	delta, alpha, beta, gamma, w := p[0], p[1], p[2], p[3], p[4]
	x := y[0]
	dy[0] = y[1]
	dy[1] = -delta*y[1] - alpha*x - beta*x*x*x + gamma*Cos(w*t)
}

// Duffing is the forced Duffing oscillator x″ + δx' + αx + βx³ = γ cos(ωt), a double well at the
// defaults (α = −1, β = 1).
func Duffing() *System {
	return &System{
		Name:   "duffing",
		Doc:    "Duffing oscillator: x'' + delta x' + alpha x + beta x^3 = gamma cos(omega t).",
		States: []string{"x", "v"},
		Params: []Param{
			{Name: "delta", Default: 0.3, Min: 0, Max: 1, Domain: NonNegative, Doc: "damping"},
			{Name: "alpha", Default: -1, Min: -2, Max: 2, Domain: Real, Doc: "linear stiffness"},
			{Name: "beta", Default: 1, Min: -2, Max: 5, Domain: Real, Doc: "cubic stiffness"},
			{Name: "gamma", Default: 0.5, Min: 0, Max: 2, Domain: Real, Doc: "forcing amplitude"},
			{Name: "omega", Default: 1.2, Min: 0.1, Max: 5, Domain: Positive, Doc: "forcing angular frequency"},
		},
		Y0:    []float64{1, 0},
		TSpan: [2]float64{0, 50},
		F64:   duffing[float64],
		C128:  duffing[complex128],
	}
}

func kepler[T Number](_ T, y, p, dy []T) {
	gm := p[0]
	r2 := y[0]*y[0] + y[1]*y[1]
	r3 := r2 * Sqrt(r2)
	dy[0] = y[2]
	dy[1] = y[3]
	dy[2] = -gm * y[0] / r3
	dy[3] = -gm * y[1] / r3
}

// Kepler is the planar two-body problem in relative coordinates, r″ = −GM r/|r|³. The default
// start is the pericentre of an orbit with semi-major axis 1 and eccentricity 0.5 (period 2π);
// KeplerSolution gives the exact orbit.
func Kepler() *System {
	e := 0.5
	return &System{
		Name:   "kepler",
		Doc:    "Kepler two-body problem: r'' = -GM r / |r|^3 (states x, y, vx, vy). Energy and angular momentum are conserved; KeplerSolution is exact.",
		States: []string{"x", "y", "vx", "vy"},
		Params: []Param{{Name: "GM", Default: 1, Min: 0.1, Max: 10, Domain: Positive, Doc: "gravitational parameter"}},
		Y0:     []float64{1 - e, 0, 0, math.Sqrt((1 + e) / (1 - e))},
		TSpan:  [2]float64{0, 2 * math.Pi},
		F64:    kepler[float64],
		C128:   kepler[complex128],
	}
}

func arenstorf[T Number](_ T, y, p, dy []T) {
	mu := p[0]
	mu1 := 1 - mu
	x, yy, vx, vy := y[0], y[1], y[2], y[3]
	r1sq := (x+mu)*(x+mu) + yy*yy
	r2sq := (x-mu1)*(x-mu1) + yy*yy
	d1 := r1sq * Sqrt(r1sq)
	d2 := r2sq * Sqrt(r2sq)
	dy[0] = vx
	dy[1] = vy
	dy[2] = x + 2*vy - mu1*(x+mu)/d1 - mu*(x-mu1)/d2
	dy[3] = yy - 2*vx - mu1*yy/d1 - mu*yy/d2
}

// ArenstorfPeriod is the period of the Arenstorf orbit started from Arenstorf().Y0 (Hairer,
// Nørsett & Wanner, Solving ODEs I, §II.0).
const ArenstorfPeriod = 17.0652165601579625588917206249

// Arenstorf is the planar circular restricted three-body problem (Earth-Moon mass ratio) in the
// rotating frame, started on Arenstorf's periodic orbit: a standard test of adaptive step control.
func Arenstorf() *System {
	return &System{
		Name:   "arenstorf",
		Doc:    "Restricted three-body problem (rotating frame, Earth-Moon mu) on the Arenstorf periodic orbit, period ArenstorfPeriod. The Jacobi constant is conserved.",
		States: []string{"x", "y", "vx", "vy"},
		Params: []Param{{Name: "mu", Default: 0.012277471, Min: 0.001, Max: 0.5, Domain: Positive, Doc: "mass ratio of the lighter body"}},
		Y0:     []float64{0.994, 0, 0, -2.00158510637908252240537862224},
		TSpan:  [2]float64{0, ArenstorfPeriod},
		F64:    arenstorf[float64],
		C128:   arenstorf[complex128],
	}
}
