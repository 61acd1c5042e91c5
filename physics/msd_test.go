package physics

import (
	"math"
	"strings"
	"testing"
)

// msdClosedForm is the textbook solution of m x″ + c x′ + k x = 0 from (x0, v0), case by
// case, written independently of the prior's single-formula flow.
func msdClosedForm(m, k, c, x0, v0, t float64) (x, v float64) {
	a := c / (2 * m)
	w0 := math.Sqrt(k / m)
	switch {
	case a < w0: // under-damped: x = e^{−at}(A cos ωt + B sin ωt)
		w := math.Sqrt(w0*w0 - a*a)
		A, B := x0, (v0+a*x0)/w
		e := math.Exp(-a * t)
		cs, sn := math.Cos(w*t), math.Sin(w*t)
		x = e * (A*cs + B*sn)
		v = e * ((-a*A+w*B)*cs + (-a*B-w*A)*sn)
	case a > w0: // over-damped: x = A e^{r1 t} + B e^{r2 t}
		s := math.Sqrt(a*a - w0*w0)
		r1, r2 := -a+s, -a-s
		B := (v0 - r1*x0) / (r2 - r1)
		A := x0 - B
		x = A*math.Exp(r1*t) + B*math.Exp(r2*t)
		v = A*r1*math.Exp(r1*t) + B*r2*math.Exp(r2*t)
	default: // critical: x = (A + B t) e^{−at}
		A, B := x0, v0+a*x0
		e := math.Exp(-a * t)
		x = (A + B*t) * e
		v = (B - a*(A+B*t)) * e
	}
	return x, v
}

type msdCase struct {
	name    string
	m, k, c float64
}

// Under-damped at the paper's ranges, critically damped exactly (c² = 4mk in binary), and
// over-damped, each at the paper's dt and at a large dt that leaves the series branch.
var msdCases = []msdCase{
	{"under", 0.03, 10, 0.1},
	{"under-fast", 0.01, 18, 0.01},
	{"critical", 0.25, 1, 1},
	{"over", 0.01, 2, 0.3},
	{"over-strong", 0.02, 0.5, 1.5},
}

// wideMSD is an MSD prior whose ranges contain every case above.
func wideMSD(t *testing.T, integ string, substeps int) Prior {
	t.Helper()
	p, err := MSD(MSDOptions{Integrator: integ, Substeps: substeps, M: [2]float64{0.005, 0.5}, K: [2]float64{0.1, 20}, C: [2]float64{0.005, 2}})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// The exp transform centres each parameter on its range's geometric mean: raw 0 gives
// √(lo·hi), and raw ln 2 twice that, whatever the range.
func TestMSDExpTransform(t *testing.T) {
	p, err := MSD(MSDOptions{Integrator: IntegratorExact, Transform: KindExp, M: [2]float64{0.01, 0.04}, K: [2]float64{2, 18}, C: [2]float64{0.01, 0.25}})
	if err != nil {
		t.Fatal(err)
	}
	got := make([]float64, 3)
	p.NewStepper().Params([]float64{0, math.Ln2, -math.Ln2}, got)
	for j, want := range []float64{0.02, 2 * 6, 0.05 / 2} {
		if math.Abs(got[j]-want) > 1e-15*want {
			t.Errorf("parameter %d = %.17g, want %.17g", j, got[j], want)
		}
	}
	if _, err := MSD(MSDOptions{Transform: "tanh"}); err == nil || !strings.Contains(err.Error(), `transform "tanh"`) {
		t.Errorf("unknown transform: error %v", err)
	}
	if _, err := MSD(MSDOptions{Transform: KindExp, M: [2]float64{-1, 1}}); err == nil || !strings.Contains(err.Error(), "range of m") {
		t.Errorf("negative range: error %v", err)
	}
}

// Strong over-damping, where cosh(√D dt) overflows while e^{−α dt} underflows (α dt ≈ 3900 here;
// the product is a slow decay, e^{−0.5 dt}): the flow must stay finite and match the textbook
// solution, and so must its derivatives (which checkJacobians compares with finite differences
// in TestJacobiansAgainstFiniteDifferences).
func TestMSDExactFlowExtremeOverdamping(t *testing.T) {
	p, err := MSD(MSDOptions{Integrator: IntegratorExact, Transform: KindExp})
	if err != nil {
		t.Fatal(err)
	}
	m, k, c := 1e-6, 1.0, 2.0
	raw := rawFor(t, p, []float64{m, k, c})
	params := make([]float64, 3)
	s := p.NewStepper()
	s.Params(raw, params)
	m, k, c = params[0], params[1], params[2]
	next, dPrev, dRaw := make([]float64, 2), make([]float64, 4), make([]float64, 6)
	s.Step(0, 1.0/255, []float64{1, -0.3}, raw, next, dPrev, dRaw)
	x, v := msdClosedForm(m, k, c, 1, -0.3, 1.0/255)
	if math.Abs(next[0]-x) > 1e-9*math.Abs(x) || math.Abs(next[1]-v) > 1e-9*math.Max(1, math.Abs(v)) {
		t.Errorf("flow (%.16g, %.16g), closed form (%.16g, %.16g)", next[0], next[1], x, v)
	}
	for i, d := range append(dPrev, dRaw...) {
		if math.IsNaN(d) || math.IsInf(d, 0) {
			t.Errorf("derivative %d is %g", i, d)
		}
	}
}

func TestMSDExactFlowMatchesClosedForm(t *testing.T) {
	p := wideMSD(t, IntegratorExact, 0)
	s := p.NewStepper()
	params := make([]float64, 3)
	for _, c := range msdCases {
		raw := rawFor(t, p, []float64{c.m, c.k, c.c})
		s.Params(raw, params)
		// The textbook formulas are ill-conditioned near critical damping, so they are
		// evaluated at the intended parameters; the sigmoid reproduces those to rounding.
		for j, want := range []float64{c.m, c.k, c.c} {
			if math.Abs(params[j]-want) > 4e-16*want {
				t.Fatalf("%s: parameter %d is %.17g, want %.17g", c.name, j, params[j], want)
			}
		}
		for _, dt := range []float64{1.0 / 255, 0.05, 0.3, 1} {
			for _, y0 := range [][2]float64{{1, 0}, {-0.4, 2.5}} {
				var next [2]float64
				s.Step(0, dt, y0[:], raw, next[:], nil, nil)
				x, v := msdClosedForm(c.m, c.k, c.c, y0[0], y0[1], dt)
				// Velocities reach tens for stiff springs; compare relative to the state's size.
				scale := math.Max(1, math.Max(math.Abs(x), math.Abs(v)))
				if math.Abs(next[0]-x) > 1e-12*scale || math.Abs(next[1]-v) > 1e-12*scale {
					t.Errorf("%s dt=%g y0=%v: flow (%.16g, %.16g), closed form (%.16g, %.16g)", c.name, dt, y0, next[0], next[1], x, v)
				}
			}
		}
	}
}

// The local error of a method of order q is O(dt^{q+1}): halving dt divides it by 2^{q+1}
// (32 for RK4, 8 for midpoint, 4 for Euler), and n substeps of RK4 divide it by n⁴.
func TestMSDStepErrorOrder(t *testing.T) {
	for _, tc := range []struct {
		integ    string
		substeps int
		ratio    float64
	}{
		{IntegratorRK4, 1, 32}, {IntegratorRK4, 4, 32}, {IntegratorMidpoint, 1, 8}, {IntegratorEuler, 1, 4},
	} {
		p := wideMSD(t, tc.integ, tc.substeps)
		s := p.NewStepper()
		params := make([]float64, 3)
		for _, c := range msdCases {
			raw := rawFor(t, p, []float64{c.m, c.k, c.c})
			s.Params(raw, params)
			errAt := func(dt float64) float64 {
				var next [2]float64
				s.Step(0, dt, []float64{1, 0.5}, raw, next[:], nil, nil)
				x, v := msdClosedForm(c.m, c.k, c.c, 1, 0.5, dt)
				return math.Hypot(next[0]-x, next[1]-v)
			}
			// dt small enough to be in the asymptotic regime for the stiffest case (ω·dt ≪ 1)
			// and large enough that the error stays well above rounding.
			dt := 0.02 / math.Sqrt(c.k/c.m+c.c*c.c/(c.m*c.m))
			if tc.substeps > 1 {
				dt *= float64(tc.substeps)
			}
			e1, e2 := errAt(dt), errAt(dt/2)
			if r := e1 / e2; math.Abs(r-tc.ratio) > 0.12*tc.ratio {
				t.Errorf("%s×%d %s: error ratio for dt %.3g → dt/2 is %.3f (errors %.3g, %.3g), want ≈ %g",
					tc.integ, tc.substeps, c.name, dt, r, e1, e2, tc.ratio)
			}
		}
	}
	// Substeps: n RK4 substeps leave n·(dt/n)⁵, so 1 → 4 substeps divides the error by 256.
	p1, p4 := wideMSD(t, IntegratorRK4, 1), wideMSD(t, IntegratorRK4, 4)
	raw := rawFor(t, p1, []float64{0.03, 10, 0.1})
	dt := 0.01
	var n1, n4 [2]float64
	p1.NewStepper().Step(0, dt, []float64{1, 0}, raw, n1[:], nil, nil)
	p4.NewStepper().Step(0, dt, []float64{1, 0}, raw, n4[:], nil, nil)
	params := make([]float64, 3)
	p1.NewStepper().Params(raw, params)
	x, v := msdClosedForm(params[0], params[1], params[2], 1, 0, dt)
	r := math.Hypot(n1[0]-x, n1[1]-v) / math.Hypot(n4[0]-x, n4[1]-v)
	if math.Abs(r-256) > 0.12*256 {
		t.Errorf("rk4 1 → 4 substeps: error ratio %.1f, want ≈ 256", r)
	}
}

// At the paper's step dt = 1/255 and the stiffest test parameters, one RK4 step must already
// be accurate; this bounds what the prior adds to a forecast's error.
func TestMSDRK4ErrorAtPaperStep(t *testing.T) {
	p, err := MSD(MSDOptions{})
	if err != nil {
		t.Fatal(err)
	}
	s := p.NewStepper()
	raw := rawFor(t, p, []float64{0.01, 18, 0.01}) // ω ≈ 42.4 rad/s, ω·dt ≈ 0.17
	var next [2]float64
	s.Step(0, 1.0/255, []float64{1, 0}, raw, next[:], nil, nil)
	params := make([]float64, 3)
	s.Params(raw, params)
	x, v := msdClosedForm(params[0], params[1], params[2], 1, 0, 1.0/255)
	e := math.Hypot(next[0]-x, next[1]-v)
	t.Logf("one RK4 step at dt=1/255, m=0.01 k=18 c=0.01 from (1,0): error %.3g (|v| after step %.3g)", e, math.Abs(v))
	if e > 1e-4 {
		t.Errorf("one RK4 step error %.3g, want below 1e-4", e)
	}
}

// With the mass fixed the network predicts k and c only; the flow must be the closed form at
// that mass for both transforms that can leave the training range, and the default ranges must
// be the test set's ranges of k/m and c/m scaled by the mass: k/m ∈ [2/0.05, 18/0.01] = [40,
// 1800] and c/m ∈ [0.01/0.05, 0.3/0.01] = [0.2, 30], widened by 10% (lower ends at least half).
func TestMSDFixedMass(t *testing.T) {
	const mass = 0.5
	for _, tr := range []string{KindSigmoid, KindSoftplus, KindExp} {
		for _, integ := range []string{IntegratorExact, IntegratorRK4} {
			p, err := MSD(MSDOptions{Integrator: integ, Transform: tr, Mass: mass})
			if err != nil {
				t.Fatal(err)
			}
			if p.NumRaw() != 2 || strings.Join(p.RawNames(), ",") != "k,c" {
				t.Fatalf("%s/%s: raw outputs %v, want k, c", tr, integ, p.RawNames())
			}
			// ω = 40 (k/m = 1600, beyond the training set's 800) with light damping.
			k, c := 1600*mass, 2*mass
			raw := rawFor(t, p, []float64{k, c})
			var next [2]float64
			dt := 1.0 / 255
			p.NewStepper().Step(0, dt, []float64{0.8, -3}, raw, next[:], nil, nil)
			x, v := msdClosedForm(mass, k, c, 0.8, -3, dt)
			tol := 1e-12
			if integ == IntegratorRK4 {
				tol = 1e-6 // (ω dt)⁵/120 ≈ 6e-7 of the state, RK4's local error
			}
			if math.Abs(next[0]-x) > tol*40 || math.Abs(next[1]-v) > tol*40 {
				t.Errorf("%s/%s: step (%.15g, %.15g), closed form (%.15g, %.15g)", tr, integ, next[0], next[1], x, v)
			}
			checkJacobians(t, p, 0.3, dt, []float64{0.8, -3}, raw, 1e-7)
		}
	}
	p, err := MSD(MSDOptions{Integrator: IntegratorExact, Mass: mass})
	if err != nil {
		t.Fatal(err)
	}
	var o MSDOptions
	if err := decodeStrict(p.Spec().Config, &o); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name         string
		got          [2]float64
		lo, hi, frac float64
	}{{"k", o.K, 40 * mass, 1800 * mass, 0.1}, {"c", o.C, 0.2 * mass, 30 * mass, 0.1}} {
		wantLo, wantHi := WidenRange(c.lo, c.hi, c.frac)
		if math.Abs(c.got[0]-wantLo) > 1e-12*wantLo || math.Abs(c.got[1]-wantHi) > 1e-12*wantHi {
			t.Errorf("default range of %s %v, want [%g, %g]", c.name, c.got, wantLo, wantHi)
		}
	}
	if b, err := Build(p.Spec()); err != nil || b.NumRaw() != 2 {
		t.Errorf("rebuilt from its spec: %v, %v", b, err)
	}
	for _, c := range []struct {
		o    MSDOptions
		want string
	}{
		{MSDOptions{Mass: -1}, "mass -1"},
		{MSDOptions{Mass: math.Inf(1)}, "mass +Inf"},
		{MSDOptions{Mass: 1, M: [2]float64{0.01, 0.05}}, "fixed mass"},
		{MSDOptions{Mass: 1, K: [2]float64{5, 1}}, "range of k"},
	} {
		if _, err := MSD(c.o); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: error %v, want one naming %q", c.o, err, c.want)
		}
	}
}

// The softplus transform gives each parameter its range's geometric mean at raw 0 and grows
// linearly in raw beyond: raw = r far above 0 gives √(lo·hi)·r/ln 2.
func TestMSDSoftplusTransform(t *testing.T) {
	p, err := MSD(MSDOptions{Integrator: IntegratorExact, Transform: KindSoftplus, M: [2]float64{0.01, 0.04}, K: [2]float64{2, 18}, C: [2]float64{0.01, 0.25}})
	if err != nil {
		t.Fatal(err)
	}
	got := make([]float64, 3)
	p.NewStepper().Params([]float64{0, 50, 0}, got)
	for j, want := range []float64{0.02, 6 * 50 / math.Ln2, 0.05} {
		if math.Abs(got[j]-want) > 1e-14*want {
			t.Errorf("parameter %d = %.17g, want %.17g", j, got[j], want)
		}
	}
}
