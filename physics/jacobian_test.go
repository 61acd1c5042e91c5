package physics

import (
	"math"
	"testing"

	"github.com/warpkit/warpkit/ode"
)

// pendulumField is a damped pendulum driven by a periodic torque, a non-autonomous nonlinear
// system that exercises the time argument and elementary functions on complex128:
// θ″ = −(g/L) sin θ − γ θ′ + A cos(Ω t), p = (g/L, γ, A, Ω).
func pendulumField[T ode.Number](t T, y, p, dy []T) {
	dy[0] = y[1]
	dy[1] = -p[0]*ode.Sin(y[0]) - p[1]*y[1] + p[2]*ode.Cos(p[3]*t)
}

func drivenPendulum() *ode.System {
	return &ode.System{
		Name:   "physics_test_driven_pendulum",
		States: []string{"theta", "omega"},
		Params: []ode.Param{
			{Name: "g_over_l", Default: 9.81, Min: 1, Max: 20},
			{Name: "gamma", Default: 0.5, Min: 0, Max: 2},
			{Name: "amp", Default: 1, Min: 0, Max: 3},
			{Name: "freq", Default: 2, Min: 0.5, Max: 5},
		},
		F64:  pendulumField[float64],
		C128: pendulumField[complex128],
	}
}

func TestJacobiansAgainstFiniteDifferences(t *testing.T) {
	type tc struct {
		name      string
		p         Prior
		tau, dt   float64
		prev, raw []float64
		tol       float64
	}
	var cases []tc
	add := func(name string, p Prior, err error, tau, dt float64, prev, raw []float64) {
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		cases = append(cases, tc{name, p, tau, dt, prev, raw, 1e-7})
	}
	for _, integ := range []string{IntegratorEuler, IntegratorMidpoint, IntegratorRK4, IntegratorExact} {
		p, err := MSD(MSDOptions{Integrator: integ})
		add("msd/"+integ, p, err, 0.5, 1.0/255, []float64{0.7, -3.1}, []float64{0.3, -0.4, 1.2})
		p, err = MSD(MSDOptions{Integrator: integ, Transform: KindExp})
		add("msd/exp/"+integ, p, err, 0.5, 1.0/255, []float64{0.7, -3.1}, []float64{0.3, -0.4, 1.2})
	}
	// The exact flow's branches: the series near D = 0, and the closed forms beyond |D dt²| = 1.
	for _, pc := range []struct {
		name    string
		m, k, c float64
		dt      float64
	}{
		{"critical", 0.25, 1, 1, 0.1},
		{"underdamped-large", 0.02, 15, 0.05, 0.2},
		{"overdamped-large", 0.02, 2, 0.29, 0.5},
	} {
		p, err := MSD(MSDOptions{Integrator: IntegratorExact, M: [2]float64{0.005, 0.5}, K: [2]float64{0.5, 20}, C: [2]float64{0.005, 2}})
		if err != nil {
			t.Fatal(err)
		}
		add("msd/exact/"+pc.name, p, nil, 0, pc.dt, []float64{1.1, 0.4}, rawFor(t, p, []float64{pc.m, pc.k, pc.c}))
	}
	// Strongly over-damped on log-scale parameters: α dt ≈ 390, where the flow's cosh and
	// e^{−α dt} are combined before they overflow and underflow.
	pe, err := MSD(MSDOptions{Integrator: IntegratorExact, Transform: KindExp})
	if err != nil {
		t.Fatal(err)
	}
	add("msd/exact/overdamped-extreme", pe, nil, 0, 1.0/255, []float64{0.9, -0.2}, rawFor(t, pe, []float64{1e-5, 1, 2}))
	p, err := Sine(SineOptions{})
	add("sine", p, err, 0.37, 1.0/15, []float64{0.2}, []float64{0.4})
	p, err = Sine(SineOptions{Freq: 2, Phase: Sigmoid(-math.Pi, math.Pi)})
	add("sine/sigmoid", p, err, 0.9, 1.0/15, []float64{0.2}, []float64{-0.3})
	p, err = LV(LVOptions{})
	add("lv", p, err, 0.2, 1.0/255, []float64{1.3, 0.6}, []float64{0.5, -1, 0.2, 2})
	p, err = FromSystem(drivenPendulum(), Options{
		Predict: []Predicted{{Name: "g_over_l"}, {Name: "amp", Transform: Softplus(0.01)}, {Name: "gamma", Transform: Exp(0)}},
		Fixed:   map[string]float64{"freq": 3}, Integrator: IntegratorRK4, Substeps: 3, TimeScale: 2, TimeOffset: 0.1,
	})
	add("pendulum/rk4x3", p, err, 0.6, 0.05, []float64{2.5, -1.5}, []float64{0.1, 0.7, -0.5})
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { checkJacobians(t, c.p, c.tau, c.dt, c.prev, c.raw, c.tol) })
	}
}

// The complex-step Jacobian of the RK4 prior and the analytic Jacobian of the exact flow are
// independent computations of nearly the same map (RK4 differs from the flow by O(dt⁵)), so
// at a small dt they must agree far beyond finite differences' accuracy.
func TestComplexStepAgreesWithAnalyticFlow(t *testing.T) {
	pr, err := MSD(MSDOptions{Integrator: IntegratorRK4, Substeps: 64})
	if err != nil {
		t.Fatal(err)
	}
	pe, err := MSD(MSDOptions{Integrator: IntegratorExact})
	if err != nil {
		t.Fatal(err)
	}
	prev, raw := []float64{0.9, -2}, []float64{-0.2, 0.5, 0.1}
	dt := 1.0 / 255
	var nr, ne [2]float64
	var pr1, pe1 [4]float64
	var rr, re [6]float64
	pr.NewStepper().Step(0, dt, prev, raw, nr[:], pr1[:], rr[:])
	pe.NewStepper().Step(0, dt, prev, raw, ne[:], pe1[:], re[:])
	for i := range 6 {
		if d := math.Abs(rr[i] - re[i]); d > 1e-12*math.Max(1, math.Abs(re[i])) {
			t.Errorf("dRaw[%d]: rk4×64 complex step %.15g, exact flow analytic %.15g", i, rr[i], re[i])
		}
	}
	for i := range 4 {
		if d := math.Abs(pr1[i] - pe1[i]); d > 1e-12 {
			t.Errorf("dPrev[%d]: rk4×64 complex step %.15g, exact flow analytic %.15g", i, pr1[i], pe1[i])
		}
	}
}

func TestSineStep(t *testing.T) {
	p, err := Sine(SineOptions{Freq: 1.5})
	if err != nil {
		t.Fatal(err)
	}
	var next, dPrev, dRaw [1]float64
	p.NewStepper().Step(0.25, 0.1, []float64{123}, []float64{0.3}, next[:], dPrev[:], dRaw[:])
	var phi [1]float64
	p.NewStepper().Params([]float64{0.3}, phi[:])
	if phi[0] != 0.3 {
		t.Errorf("sine phase for raw 0.3 is %g, want 0.3 (identity)", phi[0])
	}
	want := math.Sin(2*math.Pi*1.5*0.25 + 0.3)
	if math.Abs(next[0]-want) > 1e-15 || dPrev[0] != 0 || math.Abs(dRaw[0]-math.Cos(2*math.Pi*1.5*0.25+0.3)) > 1e-15 {
		t.Errorf("sine step: next %g dPrev %g dRaw %g, want %g 0 %g", next[0], dPrev[0], dRaw[0], want, math.Cos(2*math.Pi*1.5*0.25+0.3))
	}
}

// A non-autonomous system must see physical time: y' = p·cos(t) has y(t1) = y(t0) + p(sin t1 − sin t0).
func TestSystemTimeMapping(t *testing.T) {
	field := func(tt complex128, y, p, dy []complex128) { dy[0] = p[0] * ode.Cos(tt) }
	sys := &ode.System{
		Name: "physics_test_cosine_drive", States: []string{"y"},
		Params: []ode.Param{{Name: "p", Default: 1, Min: 0, Max: 2}},
		F64:    func(tt float64, y, p, dy []float64) { dy[0] = p[0] * math.Cos(tt) },
		C128:   field,
	}
	pr, err := FromSystem(sys, Options{Predict: []Predicted{{Name: "p", Transform: Identity()}}, Substeps: 8, TimeScale: 2, TimeOffset: 0.5})
	if err != nil {
		t.Fatal(err)
	}
	tau, dt := 0.3, 0.1
	t1 := 0.5 + 2*tau
	t0 := t1 - dt
	var next [1]float64
	pr.NewStepper().Step(tau, dt, []float64{0.2}, []float64{1.7}, next[:], nil, nil)
	want := 0.2 + 1.7*(math.Sin(t1)-math.Sin(t0))
	if math.Abs(next[0]-want) > 1e-10 {
		t.Errorf("step over [%g, %g]: got %.15g, want %.15g", t0, t1, next[0], want)
	}
}
