package solvers

import (
	"math"
	"testing"

	"github.com/warpkit/warpkit/ode"
)

// One step from an exact state of Kepler's orbit (e = 0.5, from t = 1, away from the
// perihelion's symmetry) at three sizes: the embedded error estimate falls as h^estOrder and
// the dense output's error at the step's midpoint as h^(min(p, p*)+1), each order taken from
// the method's descriptor. The latter separates the interpolants the global test cannot
// (cubic Hermite on RK4). (The solution's own order is TestConvergenceOrders': one step of a
// 5th- or 8th-order solution meets rounding before its local error is asymptotic.)
func TestOneStepOrders(t *testing.T) {
	sys := lookup(t, "kepler")
	const ecc, t0 = 0.5, 1.0
	start := ode.KeplerSolution(1, ecc, t0)
	y0 := start[:]
	p := []float64{1}
	for _, desc := range descriptors {
		m := desc.method
		h0 := 0.05
		if desc.order >= 8 {
			h0 = 0.4 // keep the smallest error above rounding
		}
		var hs, ests, mids []float64
		for _, h := range []float64{h0, h0 / 2, h0 / 4} {
			cfg := &config{rtol: make([]float64, 4), atol: []float64{1, 1, 1, 1}}
			s := newStepper(sys, m, cfg)
			s.reset(p)
			copy(s.y, y0)
			s.f(t0, s.y, s.p, s.k[0])
			if s.ros != nil {
				copy(s.ros.f0, s.k[0])
			}
			// With rtol 0 and atol 1 the error norm is the RMS of the raw estimate.
			est, ok := s.attempt(t0, h)
			if !ok {
				t.Fatalf("%s: step of %g failed", m, h)
			}
			mid := ode.KeplerSolution(1, ecc, t0+h/2)
			out := make([]float64, 4)
			s.denseAt(t0, h, 0.5, out)
			hs = append(hs, h)
			ests = append(ests, est)
			mids = append(mids, maxAbsDiff(out, mid[:]))
		}
		check := func(what string, errs []float64, want int) {
			t.Helper()
			o := fitOrder(hs, errs)
			t.Logf("%-8s %-13s %.2e: order %.2f (descriptor %d)", m, what, errs, o, want)
			if math.Abs(o-float64(want)) > 0.35 {
				t.Errorf("%s: %s falls with order %.2f, want %d ± 0.35 (%.3g)", m, what, o, want, errs)
			}
		}
		if desc.embedded > 0 {
			check("estimate", ests, desc.estOrder)
		} else if ests[0] != 0 {
			t.Errorf("%s: a fixed-step method reports an error estimate %g", m, ests[0])
		}
		check("dense at h/2", mids, min(desc.order, desc.denseOrder)+1)
	}
}

// The explicit tableaus against the Runge-Kutta order conditions up to order 4 (or the
// method's order, when lower): the row sums give the abscissae, and the weights of the
// solution, and of the embedded solution b̂ = b − e, satisfy the conditions of their orders.
// A mistyped coefficient fails here before it shows as a convergence order.
func TestTableauOrderConditions(t *testing.T) {
	type weights struct {
		name  string
		b     []float64
		order int
	}
	for _, desc := range descriptors {
		var c []float64
		var a [][]float64
		var ws []weights
		switch desc.family {
		case familyFixed:
			c, a = desc.fixed.c, desc.fixed.a
			ws = []weights{{"b", desc.fixed.b, desc.order}}
		case familyPair:
			tab := desc.pair
			s := tab.stages()
			c, a = tab.c, tab.a
			b := append(append([]float64(nil), tab.a[s-1]...), 0) // FSAL: the last row, and 0 for the last stage
			bh := make([]float64, s)
			for i := range bh {
				bh[i] = b[i] - tab.e[i]
			}
			ws = []weights{{"b", b, desc.order}, {"b̂", bh, desc.embedded}}
		case familyDOP853:
			tab := desc.dop
			c = tab.c[:12]
			for i := range 12 {
				a = append(a, tab.a[i][:i])
			}
			ws = []weights{{"b", tab.b[:], desc.order}}
		default:
			continue // Rosenbrock methods have conditions of their own
		}
		m := desc.method
		for i, row := range a {
			var sum float64
			for _, v := range row {
				sum += v
			}
			if math.Abs(sum-c[i]) > 1e-13 {
				t.Errorf("%s: row %d sums to %.17g, c = %.17g", m, i, sum, c[i])
			}
		}
		for _, w := range ws {
			if len(w.b) != len(c) {
				t.Fatalf("%s: %s has %d weights for %d stages", m, w.name, len(w.b), len(c))
			}
			for _, cond := range orderConditions(c, a, w.b) {
				if cond.order > min(w.order, 4) {
					continue
				}
				if math.Abs(cond.got-cond.want) > 1e-12 {
					t.Errorf("%s: %s: order-%d condition %s = %.17g, want %.17g", m, w.name, cond.order, cond.name, cond.got, cond.want)
				}
			}
		}
	}
}

type orderCondition struct {
	name      string
	order     int
	got, want float64
}

// orderConditions evaluates the eight Runge-Kutta order conditions up to order 4 (Butcher).
func orderConditions(c []float64, a [][]float64, b []float64) []orderCondition {
	s := len(c)
	at := func(i, j int) float64 {
		if j < len(a[i]) {
			return a[i][j]
		}
		return 0
	}
	ac := make([]float64, s)  // Σ_j a_ij c_j
	ac2 := make([]float64, s) // Σ_j a_ij c_j²
	aac := make([]float64, s) // Σ_j a_ij Σ_k a_jk c_k
	for i := range s {
		for j := range s {
			ac[i] += at(i, j) * c[j]
			ac2[i] += at(i, j) * c[j] * c[j]
		}
	}
	for i := range s {
		for j := range s {
			aac[i] += at(i, j) * ac[j]
		}
	}
	sum := func(f func(i int) float64) float64 {
		var v float64
		for i := range s {
			v += b[i] * f(i)
		}
		return v
	}
	return []orderCondition{
		{"Σb", 1, sum(func(int) float64 { return 1 }), 1},
		{"Σbc", 2, sum(func(i int) float64 { return c[i] }), 1.0 / 2},
		{"Σbc²", 3, sum(func(i int) float64 { return c[i] * c[i] }), 1.0 / 3},
		{"Σbac", 3, sum(func(i int) float64 { return ac[i] }), 1.0 / 6},
		{"Σbc³", 4, sum(func(i int) float64 { return c[i] * c[i] * c[i] }), 1.0 / 4},
		{"Σbcac", 4, sum(func(i int) float64 { return c[i] * ac[i] }), 1.0 / 8},
		{"Σbac²", 4, sum(func(i int) float64 { return ac2[i] }), 1.0 / 12},
		{"Σbaac", 4, sum(func(i int) float64 { return aac[i] }), 1.0 / 24},
	}
}

// Solve's fixed steps of the explicit methods and the generic single steps the priors
// differentiate (EulerStep, MidpointStep, RK4Step) are the same arithmetic, to the bit. Steps
// of 1/8 keep every time exact, so any difference is in the step itself.
func TestFixedStepsMatchGenericSteps(t *testing.T) {
	sys := lookup(t, "kepler")
	generic := map[Method]func(ode.Func[float64], float64, float64, []float64, []float64, []float64, []float64){
		Euler: EulerStep[float64], Midpoint: MidpointStep[float64], RK4: RK4Step[float64],
	}
	p := sys.DefaultParams()
	for _, desc := range descriptors {
		if desc.family != familyFixed {
			continue
		}
		m := desc.method
		step := generic[m]
		if step == nil {
			t.Errorf("%s: no generic single step to compare with", m)
			continue
		}
		y0 := ode.KeplerStart(1, 0.5)
		sol, err := Solve(Problem{System: sys, Y0: y0, T0: 0, T1: 2}, m, Options{Dt: 1.0 / 8})
		if err != nil {
			t.Fatal(err)
		}
		y := append([]float64(nil), y0...)
		work := make([]float64, 5*len(y))
		for i := 1; i < len(sol.T); i++ {
			step(sys.F64, sol.T[i-1], 1.0/8, y, p, y, work)
			for j, v := range sol.At(i) {
				if math.Float64bits(v) != math.Float64bits(y[j]) {
					t.Fatalf("%s: step %d, component %d: Solve gives %.17g, the single step %.17g", m, i, j, v, y[j])
				}
			}
		}
		if len(sol.T) != 17 {
			t.Errorf("%s: %d outputs, want 17", m, len(sol.T))
		}
	}
}
