package solvers

import (
	"math"
	"testing"

	"github.com/warpkit/warpkit/ode"
)

// TestMSDAgainstClosedForm checks every adaptive method on the paper's MSD setting (m=0.03,
// k=10, c=0.1 from (1, 0) on [0, 1], 256 output points, as datasets generate it) against the
// closed form ode.MSDSolution: at tight tolerances the error must be near the tolerance, since
// the datasets and WARP-Phys's exact-flow prior rely on the solvers being that accurate.
func TestMSDAgainstClosedForm(t *testing.T) {
	sys := lookup(t, "msd")
	ts := UniformTimes(0, 1, 256)
	cases := []struct {
		m          Method
		rtol, atol float64
		bound      float64
	}{
		{DP5, 1e-10, 1e-12, 1e-9},
		{DOP853, 1e-10, 1e-12, 1e-10},
		{Tsit5, 1e-10, 1e-12, 1e-9},
		{BS3, 1e-8, 1e-10, 1e-6},
		{Rodas5P, 1e-8, 1e-10, 1e-6},
	}
	for _, c := range cases {
		sol, err := Solve(Problem{System: sys, Y0: []float64{1, 0}, P: []float64{0.03, 10, 0.1}, T0: 0, T1: 1},
			c.m, Options{RTol: c.rtol, ATol: c.atol, Times: ts})
		if err != nil {
			t.Fatalf("%s: %v", c.m, err)
		}
		if len(sol.T) != 256 {
			t.Fatalf("%s: %d outputs, want 256", c.m, len(sol.T))
		}
		// The bound is on the position x (the observable of the paper's MSD data); the velocity,
		// about ω = 18 times larger, is checked relative to ω with twice the margin.
		var ex, ev float64
		for i, tt := range sol.T {
			x, v := ode.MSDSolution(0.03, 10, 0.1, 1, 0, tt)
			ex = max(ex, math.Abs(sol.Y[2*i]-x))
			ev = max(ev, math.Abs(sol.Y[2*i+1]-v)/math.Sqrt(10/0.03))
		}
		t.Logf("%-8s rtol %g: max error x %.3g, v/ω %.3g (bound %g), %d accepted, %d rejected, %d f evals",
			c.m, c.rtol, ex, ev, c.bound, sol.Stats.Accepted, sol.Stats.Rejected, sol.Stats.RHSEvals)
		if !(ex <= c.bound) || !(ev <= 2*c.bound) {
			t.Errorf("%s: max error x %.3g, v/ω %.3g above %g", c.m, ex, ev, c.bound)
		}
	}
}

// orderCase is a run at fixed steps against a closed form: the system ("kepler": the orbit with
// e = 0.5; "kepler0.2": with e = 0.2; "expsin": y' = y cos t) and the numbers of steps.
type orderCase struct {
	system string
	ns     []int
}

// convergenceCases sizes each method's steps so that its errors sit between rounding and the
// asymptotic regime; every method must have at least one.
var convergenceCases = map[Method][]orderCase{
	Euler:    {{"kepler", []int{4000, 8000, 16000, 32000}}},
	Midpoint: {{"kepler", []int{500, 1000, 2000, 4000}}},
	RK4:      {{"kepler", []int{200, 400, 800, 1600}}},
	BS3:      {{"kepler", []int{200, 400, 800, 1600}}, {"expsin", []int{40, 80, 160, 320}}},
	DP5:      {{"kepler", []int{100, 200, 400, 800}}, {"expsin", []int{20, 40, 80, 160}}},
	Tsit5:    {{"kepler", []int{100, 200, 400, 800}}},
	DOP853:   {{"kepler0.2", []int{50, 71, 100, 141}}, {"expsin", []int{8, 11, 16, 23}}},
	Rodas5P:  {{"kepler", []int{100, 200, 400, 800}}, {"expsin", []int{20, 40, 80, 160}}},
}

// Observed order of every method at fixed steps (control disabled) against its descriptor's
// order, on the Kepler orbit, a nonlinear system with a closed form, and on the
// non-autonomous y' = y cos t.
func TestConvergenceOrders(t *testing.T) {
	kep := lookup(t, "kepler")
	for _, desc := range descriptors {
		m := desc.method
		cases := convergenceCases[m]
		if len(cases) == 0 {
			t.Errorf("%s: no convergence case", m)
		}
		for _, c := range cases {
			var hs, errs []float64
			for _, n := range c.ns {
				var prob Problem
				var exact []float64
				ecc := 0.5
				if c.system == "kepler0.2" {
					ecc = 0.2
				}
				switch c.system {
				case "kepler", "kepler0.2":
					T := 2 * math.Pi
					prob = Problem{System: kep, Y0: ode.KeplerStart(1, ecc), T0: 0, T1: T}
					e := ode.KeplerSolution(1, ecc, T)
					exact = e[:]
				default:
					T := 5.0
					prob = Problem{System: expSin(), T0: 0, T1: T}
					exact = []float64{math.Exp(math.Sin(T))}
				}
				h := (prob.T1 - prob.T0) / float64(n)
				sol, err := Solve(prob, m, Options{Dt: h, FixedStep: true})
				if err != nil {
					t.Fatalf("%s n=%d: %v", m, n, err)
				}
				if sol.Stats.Accepted != n {
					t.Fatalf("%s: %d steps, want %d", m, sol.Stats.Accepted, n)
				}
				// The largest error over all step ends: an endpoint alone can sit near a zero
				// of the error's leading term and fake a higher order.
				var e float64
				for i, tt := range sol.T {
					if c.system != "expsin" {
						ex := ode.KeplerSolution(1, ecc, tt)
						e = max(e, maxAbsDiff(sol.At(i), ex[:]))
					} else {
						e = max(e, math.Abs(sol.Y[i]-math.Exp(math.Sin(tt))))
					}
				}
				if d := maxAbsDiff(sol.At(len(sol.T)-1), exact); d > e {
					t.Fatalf("%s: end error %g not covered", m, d)
				}
				hs = append(hs, h)
				errs = append(errs, e)
			}
			p := fitOrder(hs, errs)
			want := float64(desc.order)
			t.Logf("%-8s %-9s errors %.2e: observed order %.2f (descriptor %g)", m, c.system, errs, p, want)
			if math.Abs(p-want) > 0.3 {
				t.Errorf("%s on %s: observed order %.2f, want %g ± 0.3 (errors %.3g)", m, c.system, p, want, errs)
			}
		}
	}
}
