package physics

import (
	"math"
	"testing"

	"github.com/warpkit/warpkit/solvers"
)

// oneStepReference integrates the prior's system from (t0, y0) over dt with DOP853 at
// rtol 1e-12, the high-accuracy solution a single integrator step is measured against.
func oneStepReference(t *testing.T, p Prior, params []float64, t0, dt float64, y0 []float64) []float64 {
	t.Helper()
	sp := p.(*systemPrior)
	full := append([]float64(nil), sp.base...)
	for j, i := range sp.predIdx {
		full[i] = params[j]
	}
	sol, err := solvers.Solve(solvers.Problem{System: sp.sys, Y0: y0, P: full, T0: t0, T1: t0 + dt},
		solvers.DOP853, solvers.Options{RTol: 1e-12, ATol: 1e-14, Times: []float64{t0 + dt}})
	if err != nil {
		t.Fatal(err)
	}
	return sol.At(0)
}

// Against warpkit's own DOP853 (so it runs without Python): the RK4 step of a nonlinear,
// non-autonomous system (the driven pendulum, where the physical time of the step matters)
// and of LV has a local error that falls as dt⁵.
func TestRK4StepAgainstDOP853(t *testing.T) {
	pend, err := FromSystem(drivenPendulum(), Options{
		Predict:   []Predicted{{Name: "amp", Transform: Identity()}, {Name: "freq", Transform: Identity()}},
		Fixed:     map[string]float64{"g_over_l": 9.81, "gamma": 0.3},
		TimeScale: 2, TimeOffset: 0.4,
	})
	if err != nil {
		t.Fatal(err)
	}
	lv, err := LV(LVOptions{Substeps: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name   string
		p      Prior
		params []float64
		y0     []float64
		tau    float64
		dt     float64
	}{
		{"driven pendulum", pend, []float64{2.5, 4}, []float64{1.2, -0.7}, 0.6, 0.04},
		{"lv", lv, []float64{45, 80, 110, 25}, []float64{1.3, 0.4}, 0.5, 1.0 / 255},
	} {
		raw := rawFor(t, c.p, c.params)
		if c.name == "driven pendulum" {
			raw = c.params // identity transforms
		}
		s := c.p.NewStepper()
		var errs [2]float64
		for k, dt := range []float64{c.dt, c.dt / 2} {
			// The step ends at the physical time of tau, so tau moves with dt to keep the
			// start fixed: t1 = offset + scale·tau.
			sp := c.p.(*systemPrior)
			t1 := sp.cfg.TimeOffset + sp.cfg.TimeScale*c.tau
			t0 := t1 - c.dt
			tau := (t0 + dt - sp.cfg.TimeOffset) / sp.cfg.TimeScale
			next := make([]float64, 2)
			s.Step(tau, dt, c.y0, raw, next, nil, nil)
			ref := oneStepReference(t, c.p, c.params, t0, dt, c.y0)
			errs[k] = math.Hypot(next[0]-ref[0], next[1]-ref[1])
		}
		r := errs[0] / errs[1]
		t.Logf("%s: one RK4 step error %.3g at dt=%.4g, %.3g at dt/2 (ratio %.1f)", c.name, errs[0], c.dt, errs[1], r)
		if r < 28 || r > 36 {
			t.Errorf("%s: error ratio %.2f for dt → dt/2, want ≈ 32 (errors %.3g, %.3g)", c.name, r, errs[0], errs[1])
		}
	}
}
