package physics

import (
	"math"
	"strings"
	"testing"

	"github.com/warpkit/warpkit/ode"
)

// drivenPendulumJac is drivenPendulum with hand-written Jacobians, so that the analytic
// (tangent-linear) path runs on a nonlinear, non-autonomous system.
func drivenPendulumJac() *ode.System {
	sys := drivenPendulum()
	sys.JacY = func(_ float64, y, p, j []float64) {
		j[0], j[1] = 0, 1
		j[2], j[3] = -p[0]*math.Cos(y[0]), -p[1]
	}
	sys.JacP = func(t float64, y, p, j []float64) {
		j[0], j[1], j[2], j[3] = 0, 0, 0, 0
		j[4], j[5], j[6], j[7] = -math.Sin(y[0]), -y[1], math.Cos(p[3]*t), -p[2]*t*math.Sin(p[3]*t)
	}
	return sys
}

// The two ways to differentiate a step are independent computations (complex arithmetic
// through the solvers' step vs. the chain rule through the stages with hand-written
// Jacobians); they must agree to rounding, for every integrator, with substeps, and for a
// non-autonomous system where the stage times matter.
func TestAnalyticAgreesWithComplexStep(t *testing.T) {
	type pair struct {
		name    string
		an, cs  Prior
		prev    []float64
		raw     []float64
		tau, dt float64
	}
	var pairs []pair
	for _, integ := range []string{IntegratorEuler, IntegratorMidpoint, IntegratorRK4} {
		for _, n := range []int{1, 3} {
			a, err := MSD(MSDOptions{Integrator: integ, Substeps: n, Derivatives: DerivAnalytic})
			if err != nil {
				t.Fatal(err)
			}
			c, err := MSD(MSDOptions{Integrator: integ, Substeps: n, Derivatives: DerivComplexStep})
			if err != nil {
				t.Fatal(err)
			}
			pairs = append(pairs, pair{"msd/" + integ, a, c, []float64{0.8, -2.5}, []float64{-0.3, 0.6, 1.1}, 0.5, 1.0 / 255})
		}
	}
	// The library's LV has JacY only; JacP is written here: ∂f/∂(a,b,c,d).
	lv := ode.LotkaVolterra()
	lv.JacP = func(_ float64, y, _, j []float64) {
		j[0], j[1], j[2], j[3] = y[0], -y[0]*y[1], 0, 0
		j[4], j[5], j[6], j[7] = 0, 0, y[0]*y[1], -y[1]
	}
	lvOpts := Options{Predict: []Predicted{{Name: "a"}, {Name: "b"}, {Name: "c"}, {Name: "d"}}, Substeps: 2}
	lvOpts.Derivatives = DerivAnalytic
	a, err := FromSystem(lv, lvOpts)
	if err != nil {
		t.Fatal(err)
	}
	lvOpts.Derivatives = DerivComplexStep
	c, err := FromSystem(lv, lvOpts)
	if err != nil {
		t.Fatal(err)
	}
	pairs = append(pairs, pair{"lv/FromSystem", a, c, []float64{1.4, 0.5}, []float64{0.2, -0.7, 0.9, 0.1}, 0.3, 1.0 / 255})
	a, err = LV(LVOptions{Derivatives: DerivAnalytic})
	if err != nil {
		t.Fatal(err)
	}
	c, err = LV(LVOptions{Derivatives: DerivComplexStep})
	if err != nil {
		t.Fatal(err)
	}
	pairs = append(pairs, pair{"lv", a, c, []float64{0.6, 1.7}, []float64{-1, 0.3, 0.5, -0.2}, 0.3, 1.0 / 255})
	opts := Options{
		Predict:    []Predicted{{Name: "freq", Transform: Softplus(0.1)}, {Name: "g_over_l"}, {Name: "amp", Transform: Identity()}},
		Fixed:      map[string]float64{"gamma": 0.4},
		Integrator: IntegratorRK4, Substeps: 2, TimeScale: 2, TimeOffset: 0.3,
	}
	opts.Derivatives = DerivAnalytic
	pa, err := FromSystem(drivenPendulumJac(), opts)
	if err != nil {
		t.Fatal(err)
	}
	opts.Derivatives = DerivComplexStep
	pc, err := FromSystem(drivenPendulumJac(), opts)
	if err != nil {
		t.Fatal(err)
	}
	pairs = append(pairs, pair{"driven pendulum", pa, pc, []float64{2.2, -0.8}, []float64{0.7, 0.2, 1.3}, 0.7, 0.08})
	for _, pr := range pairs {
		d, r := pr.an.Dim(), pr.an.NumRaw()
		na, nc := make([]float64, d), make([]float64, d)
		pa, pc := make([]float64, d*d), make([]float64, d*d)
		ra, rc := make([]float64, d*r), make([]float64, d*r)
		pr.an.NewStepper().Step(pr.tau, pr.dt, pr.prev, pr.raw, na, pa, ra)
		pr.cs.NewStepper().Step(pr.tau, pr.dt, pr.prev, pr.raw, nc, pc, rc)
		for i := range na {
			if na[i] != nc[i] {
				t.Errorf("%s: predictions differ: %v vs %v", pr.name, na, nc)
			}
		}
		for _, m := range [][2][]float64{{pa, pc}, {ra, rc}} {
			for i := range m[0] {
				if math.Abs(m[0][i]-m[1][i]) > 1e-13*math.Max(1, math.Abs(m[1][i])) {
					t.Errorf("%s: entry %d: analytic %.17g, complex step %.17g", pr.name, i, m[0][i], m[1][i])
				}
			}
		}
	}
	// And against finite differences, so that agreement is not a shared mistake.
	checkJacobians(t, pa, 0.7, 0.08, []float64{2.2, -0.8}, []float64{0.7, 0.2, 1.3}, 1e-7)
}

func TestDerivativesOption(t *testing.T) {
	base := Options{Predict: []Predicted{{Name: "amp"}}, FixDefaults: true}
	o := base
	o.Derivatives = DerivAnalytic
	if _, err := FromSystem(drivenPendulum(), o); err == nil || !strings.Contains(err.Error(), "JacY") {
		t.Errorf("analytic without Jacobians: error %v", err)
	}
	o.Derivatives = "forward-mode"
	if _, err := FromSystem(drivenPendulum(), o); err == nil || !strings.Contains(err.Error(), `"forward-mode"`) {
		t.Errorf("unknown derivatives: error %v", err)
	}
	noC := drivenPendulumJac()
	noC.C128 = nil
	if _, err := FromSystem(noC, base); err != nil {
		t.Errorf("analytic Jacobians without C128: %v", err)
	}
	o = base
	o.Derivatives = DerivComplexStep
	if _, err := FromSystem(noC, o); err == nil || !strings.Contains(err.Error(), "C128") {
		t.Errorf("complex step without C128: error %v", err)
	}
	// auto picks analytic exactly when both Jacobians are there; the spec records the choice.
	for _, c := range []struct {
		sys  *ode.System
		want string
	}{{drivenPendulum(), DerivComplexStep}, {drivenPendulumJac(), DerivAnalytic}} {
		p, err := FromSystem(c.sys, base)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(p.Spec().Config), `"derivatives":"`+c.want+`"`) {
			t.Errorf("auto: spec %s, want derivatives %s", p.Spec().Config, c.want)
		}
	}
}
