package solvers

import (
	"math"
	"testing"

	"github.com/warpkit/warpkit/ode"
)

// denseSteps sizes each method's fixed steps for TestDenseOutputOrder; every method must
// have an entry.
var denseSteps = map[Method][]int{
	Euler:    {2000, 4000, 8000, 16000},
	Midpoint: {500, 1000, 2000, 4000},
	RK4:      {100, 200, 400, 800},
	BS3:      {100, 200, 400, 800},
	DP5:      {100, 200, 400, 800},
	Tsit5:    {100, 200, 400, 800},
	DOP853:   {50, 71, 100, 141},
	Rodas5P:  {100, 200, 400, 800},
}

// The continuous extensions between steps: at fixed steps, the error at the midpoints of the
// steps falls with the interpolant's order (the global error of the method, min(p, p*+1),
// where p* is the descriptor's order of the interpolant), so a wrong dense coefficient shows
// as a low order even when the step ends are right. Kepler's orbit with e = 0.2.
func TestDenseOutputOrder(t *testing.T) {
	kep := lookup(t, "kepler")
	const ecc = 0.2
	for _, desc := range descriptors {
		m := desc.method
		ns := denseSteps[m]
		if len(ns) == 0 {
			t.Errorf("%s: no dense output case", m)
			continue
		}
		want := float64(min(desc.order, desc.denseOrder+1))
		var hs, errs []float64
		for _, n := range ns {
			T := 2 * math.Pi
			h := T / float64(n)
			mids := make([]float64, n)
			for i := range mids {
				mids[i] = (float64(i) + 0.5) * h
			}
			sol, err := Solve(Problem{System: kep, Y0: ode.KeplerStart(1, ecc), T0: 0, T1: T}, m,
				Options{Dt: h, FixedStep: true, Times: mids})
			if err != nil {
				t.Fatal(err)
			}
			var e float64
			for i, tt := range sol.T {
				ex := ode.KeplerSolution(1, ecc, tt)
				e = max(e, maxAbsDiff(sol.At(i), ex[:]))
			}
			hs = append(hs, h)
			errs = append(errs, e)
		}
		p := fitOrder(hs, errs)
		t.Logf("%-8s midpoint errors %.2e: order %.2f (want min(p=%d, p*+1=%d))", m, errs, p, desc.order, desc.denseOrder+1)
		if math.Abs(p-want) > 0.3 {
			t.Errorf("%s: dense output order %.2f, want %g ± 0.3", m, p, want)
		}
	}
}

// With adaptive steps, output between steps is as accurate as output at step ends: compare
// the dense output at 1000 points with the closed form.
func TestDenseOutputAdaptive(t *testing.T) {
	sys := lookup(t, "msd")
	ts := UniformTimes(0, 1, 1000)
	for _, m := range []Method{BS3, DP5, Tsit5, DOP853, Rodas5P} {
		steps, err := Solve(Problem{System: sys, T0: 0, T1: 1}, m, Options{RTol: 1e-7, ATol: 1e-9})
		if err != nil {
			t.Fatal(err)
		}
		dense, err := Solve(Problem{System: sys, T0: 0, T1: 1}, m, Options{RTol: 1e-7, ATol: 1e-9, Times: ts})
		if err != nil {
			t.Fatal(err)
		}
		errOf := func(s *Solution) float64 {
			var e float64
			for i, tt := range s.T {
				x, _ := ode.MSDSolution(0.03, 10, 0.1, 1, 0, tt)
				e = max(e, math.Abs(s.Y[2*i]-x))
			}
			return e
		}
		es, ed := errOf(steps), errOf(dense)
		t.Logf("%-8s %d steps: error at steps %.2e, at 1000 dense points %.2e", m, len(steps.T)-1, es, ed)
		if dense.Stats.Accepted != steps.Stats.Accepted {
			t.Errorf("%s: output times changed the steps (%d vs %d)", m, dense.Stats.Accepted, steps.Stats.Accepted)
		}
		if !(ed < 10*es) {
			t.Errorf("%s: dense error %.3g much above step error %.3g", m, ed, es)
		}
	}
}

// Tolerance proportionality: tightening rtol (and atol) by 100 cuts the error.
func TestToleranceProportionality(t *testing.T) {
	sys := lookup(t, "kepler")
	exact := ode.KeplerSolution(1, 0.5, 2*math.Pi)
	for _, m := range []Method{BS3, DP5, Tsit5, DOP853, Rodas5P} {
		var prev float64
		for i, rtol := range []float64{1e-4, 1e-6, 1e-8, 1e-10} {
			sol, err := Solve(Problem{System: sys, T0: 0, T1: 2 * math.Pi}, m,
				Options{RTol: rtol, ATol: rtol * 1e-2, Times: []float64{2 * math.Pi}})
			if err != nil {
				t.Fatal(err)
			}
			e := maxAbsDiff(sol.Y, exact[:])
			t.Logf("%-8s rtol %g: error %.2e (%d steps)", m, rtol, e, sol.Stats.Accepted)
			if i > 0 && !(e < prev/3) {
				t.Errorf("%s: error %.3g at rtol %g not below a third of %.3g", m, e, rtol, prev)
			}
			if e > 1000*rtol {
				t.Errorf("%s: error %.3g at rtol %g far above the tolerance", m, e, rtol)
			}
			prev = e
		}
	}
}

// Backward integration: forward to T and back returns to the start.
func TestBackwardReturnsToStart(t *testing.T) {
	for _, m := range Methods() {
		sys := lookup(t, "pendulum")
		opts := Options{RTol: 1e-10, ATol: 1e-12, Dt: 1e-4}
		fw, err := Solve(Problem{System: sys, T0: 0, T1: 3}, m, opts)
		if err != nil {
			t.Fatal(err)
		}
		end := fw.At(len(fw.T) - 1)
		bw, err := Solve(Problem{System: sys, Y0: end, T0: 3, T1: 0}, m,
			Options{RTol: 1e-10, ATol: 1e-12, Dt: 1e-4, Times: UniformTimes(3, 0, 7)})
		if err != nil {
			t.Fatal(err)
		}
		back := bw.At(len(bw.T) - 1)
		e := maxAbsDiff(back, sys.Y0)
		tol := 1e-7
		if m == Euler {
			tol = 1e-2 // first order at h = 1e-4, both ways
		}
		t.Logf("%-8s back to start: error %.2e", m, e)
		if !(e < tol) || bw.T[len(bw.T)-1] != 0 {
			t.Errorf("%s: backward run ends at t=%g with error %.3g", m, bw.T[len(bw.T)-1], e)
		}
		// and the backward dense output agrees with the forward solution's closest points
		mid, err := Solve(Problem{System: sys, T0: 0, T1: 3}, m, Options{RTol: 1e-10, ATol: 1e-12, Dt: 1e-4, Times: []float64{1.5}})
		if err != nil {
			t.Fatal(err)
		}
		if d := maxAbsDiff(bw.At(3), mid.Y); !(d < 10*tol) {
			t.Errorf("%s: backward value at t=1.5 differs from forward by %.3g", m, d)
		}
	}
}

// HMax bounds every step and H0 sets the first one; outputs at every step show both.
func TestStepControlOptions(t *testing.T) {
	sys := lookup(t, "msd")
	for _, m := range []Method{BS3, DP5, Tsit5, DOP853, Rodas5P} {
		sol, err := Solve(Problem{System: sys, T0: 0, T1: 1}, m, Options{HMax: 0.01, H0: 1e-3})
		if err != nil {
			t.Fatal(err)
		}
		if h := sol.T[1] - sol.T[0]; math.Abs(h-1e-3) > 1e-15 && sol.Stats.Rejected == 0 {
			t.Errorf("%s: first step %g, want H0 = 1e-3", m, h)
		}
		for i := 1; i < len(sol.T); i++ {
			if h := sol.T[i] - sol.T[i-1]; h > 0.01*(1+1e-12) {
				t.Fatalf("%s: step %g above HMax", m, h)
			}
		}
		if sol.T[len(sol.T)-1] != 1 || len(sol.T) < 101 {
			t.Errorf("%s: %d steps ending at %g", m, len(sol.T)-1, sol.T[len(sol.T)-1])
		}
	}
	// per-component tolerances: loosening only v's tolerance must not tighten x
	loose, err := Solve(Problem{System: sys, T0: 0, T1: 1}, DP5, Options{RTolVec: []float64{1e-9, 1e-3}, ATolVec: []float64{1e-12, 1e-3}})
	if err != nil {
		t.Fatal(err)
	}
	tight, err := Solve(Problem{System: sys, T0: 0, T1: 1}, DP5, Options{RTol: 1e-9, ATol: 1e-12})
	if err != nil {
		t.Fatal(err)
	}
	if !(loose.Stats.Accepted < tight.Stats.Accepted) {
		t.Errorf("per-component tolerances ignored: %d steps vs %d with both tight", loose.Stats.Accepted, tight.Stats.Accepted)
	}
}
