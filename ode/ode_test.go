package ode

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// samplePoint draws a state near the system's default start and parameters inside the typical
// ranges, so the checks below do not hinge on one lucky point.
func samplePoint(s *System, r *rand.Rand) (t float64, y, p []float64) {
	y = make([]float64, s.Dim())
	for i := range y {
		y[i] = s.Y0[i] + 0.3*(r.Float64()-0.5)*(1+math.Abs(s.Y0[i]))
	}
	p = make([]float64, s.NParams())
	for i, q := range s.Params {
		p[i] = q.Min + (q.Max-q.Min)*r.Float64()
	}
	return r.Float64(), y, p
}

func relDiff(a, b, scale float64) float64 {
	return math.Abs(a-b) / math.Max(scale, 1e-300)
}

func TestLibraryIsComplete(t *testing.T) {
	want := []string{"arenstorf", "brusselator", "driven-pendulum", "duffing", "fitzhugh-nagumo", "harmonic", "kepler", "lorenz63", "lv", "msd", "pendulum", "robertson", "sine", "sir", "vdp"}
	names := Names()
	for _, w := range want {
		if _, err := Lookup(w); err != nil {
			t.Errorf("library lacks %q: %v", w, err)
		}
	}
	for _, n := range names {
		s, _ := Lookup(n)
		if err := s.Validate(); err != nil {
			t.Errorf("%s: %v", n, err)
		}
		if s.C128 == nil {
			t.Errorf("%s: no complex128 field", n)
		}
		if len(s.Y0) != s.Dim() || s.TSpan[1] == s.TSpan[0] {
			t.Errorf("%s: default y0 %v or span %v unusable", n, s.Y0, s.TSpan)
		}
		if err := s.CheckArgs(s.Y0, s.DefaultParams()); err != nil {
			t.Errorf("%s: defaults rejected: %v", n, err)
		}
	}
}

func TestLookupErrorsAndCopies(t *testing.T) {
	_, err := Lookup("nope")
	if err == nil || !strings.Contains(err.Error(), "msd") {
		t.Fatalf("unknown system error should list valid names, got %v", err)
	}
	a, _ := Lookup("msd")
	a.Params[0].Default = -1
	a.Y0[0] = 42
	b, _ := Lookup("msd")
	if b.Params[0].Default != 0.03 || b.Y0[0] != 1 {
		t.Fatal("Lookup must return an independent copy")
	}
	if err := Register(b); err == nil {
		t.Fatal("registering a taken name must fail")
	}
	if _, err := b.ParamIndex("mass"); err == nil || !strings.Contains(err.Error(), "[m k c]") {
		t.Fatalf("ParamIndex error should list names: %v", err)
	}
}

func TestCheckArgs(t *testing.T) {
	s := MSD()
	cases := []struct {
		y, p []float64
		want string
	}{
		{[]float64{1}, []float64{1, 1, 1}, "y has 1 values"},
		{[]float64{1, 0}, []float64{1, 1}, "p has 2 values"},
		{[]float64{1, 0}, []float64{-0.03, 10, 0.1}, `"m"`},
		{[]float64{1, 0}, []float64{0.03, 10, -0.1}, `"c"`},
		{[]float64{math.NaN(), 0}, []float64{0.03, 10, 0.1}, `"x"`},
	}
	for _, c := range cases {
		err := s.CheckArgs(c.y, c.p)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("CheckArgs(%v, %v) = %v, want error mentioning %s", c.y, c.p, err, c.want)
		}
	}
	if err := s.CheckArgs([]float64{1, 0}, []float64{0.03, 10, 0}); err != nil {
		t.Errorf("zero damping is valid: %v", err)
	}
}

// The complex-step Jacobian is checked against central differences (an independent method) and
// the analytic Jacobians against the complex step.
func TestJacobians(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, name := range Names() {
		s, _ := Lookup(name)
		cs := s.Clone()
		cs.JacY, cs.JacP = nil, nil
		fd := cs.Clone()
		fd.C128 = nil
		d, np := s.Dim(), s.NParams()
		jc, jf, ja := make([]float64, d*d), make([]float64, d*d), make([]float64, d*d)
		pc, pf, pa := make([]float64, d*np), make([]float64, d*np), make([]float64, d*np)
		for trial := 0; trial < 5; trial++ {
			tt, y, p := samplePoint(s, r)
			NewJacobian(cs).Y(tt, y, p, jc)
			NewJacobian(fd).Y(tt, y, p, jf)
			NewJacobian(s).Y(tt, y, p, ja)
			NewJacobian(cs).P(tt, y, p, pc)
			NewJacobian(fd).P(tt, y, p, pf)
			NewJacobian(s).P(tt, y, p, pa)
			scale := 0.0
			for _, v := range jc {
				scale = math.Max(scale, math.Abs(v))
			}
			for i := range jc {
				if e := relDiff(jc[i], jf[i], scale); e > 2e-5 { // differences lose ~1e-5 to rounding on stiff rates
					t.Errorf("%s: dF/dy[%d] complex step %g vs differences %g (rel %g)", name, i, jc[i], jf[i], e)
				}
				if e := relDiff(jc[i], ja[i], scale); e > 1e-12 {
					t.Errorf("%s: dF/dy[%d] analytic %g vs complex step %g", name, i, ja[i], jc[i])
				}
			}
			pscale := 0.0
			for _, v := range pc {
				pscale = math.Max(pscale, math.Abs(v))
			}
			for i := range pc {
				if e := relDiff(pc[i], pf[i], pscale); e > 2e-5 {
					t.Errorf("%s: dF/dp[%d] complex step %g vs differences %g", name, i, pc[i], pf[i])
				}
				if e := relDiff(pc[i], pa[i], pscale); e > 1e-12 {
					t.Errorf("%s: dF/dp[%d] analytic %g vs complex step %g", name, i, pa[i], pc[i])
				}
			}
		}
	}
}

// An invariant I of the flow has ∇I·f = 0 everywhere: a check of each vector field against a
// property derived independently of its code.
func TestInvariants(t *testing.T) {
	type inv struct {
		system string
		fix    map[int]float64 // parameters pinned so that I is invariant
		I      func(y, p []float64) float64
	}
	cases := []inv{
		{"harmonic", nil, func(y, p []float64) float64 { return y[1]*y[1] + p[0]*p[0]*y[0]*y[0] }},
		{"msd", map[int]float64{2: 0}, func(y, p []float64) float64 { return p[0]*y[1]*y[1] + p[1]*y[0]*y[0] }},
		{"pendulum", nil, func(y, p []float64) float64 { return 0.5*y[1]*y[1] - p[0]/p[1]*math.Cos(y[0]) }},
		{"duffing", map[int]float64{0: 0, 3: 0}, func(y, p []float64) float64 {
			return 0.5*y[1]*y[1] + 0.5*p[1]*y[0]*y[0] + 0.25*p[2]*math.Pow(y[0], 4)
		}},
		{"lv", nil, func(y, p []float64) float64 {
			return p[2]*y[0] - p[3]*math.Log(y[0]) + p[1]*y[1] - p[0]*math.Log(y[1])
		}},
		{"sir", nil, func(y, p []float64) float64 { return y[0] + y[1] + y[2] }},
		{"sir", nil, func(y, p []float64) float64 { return math.Log(y[0]) + p[0]/p[1]*y[2] }},
		{"robertson", nil, func(y, p []float64) float64 { return y[0] + y[1] + y[2] }},
		{"kepler", nil, func(y, p []float64) float64 {
			return 0.5*(y[2]*y[2]+y[3]*y[3]) - p[0]/math.Hypot(y[0], y[1])
		}},
		{"kepler", nil, func(y, p []float64) float64 { return y[0]*y[3] - y[1]*y[2] }},
		{"arenstorf", nil, func(y, p []float64) float64 {
			mu := p[0]
			r1 := math.Hypot(y[0]+mu, y[1])
			r2 := math.Hypot(y[0]-1+mu, y[1])
			return y[0]*y[0] + y[1]*y[1] + 2*(1-mu)/r1 + 2*mu/r2 - (y[2]*y[2] + y[3]*y[3])
		}},
	}
	r := rand.New(rand.NewPCG(3, 4))
	for _, c := range cases {
		s, _ := Lookup(c.system)
		for trial := 0; trial < 10; trial++ {
			tt, y, p := samplePoint(s, r)
			for i, v := range c.fix {
				p[i] = v
			}
			f := make([]float64, s.Dim())
			s.F64(tt, y, p, f)
			dot, scale := 0.0, 0.0
			yy := append([]float64(nil), y...)
			for i := range y {
				h := 1e-6 * math.Max(1, math.Abs(y[i]))
				yy[i] = y[i] + h
				ip := c.I(yy, p)
				yy[i] = y[i] - h
				im := c.I(yy, p)
				yy[i] = y[i]
				g := (ip - im) / (2 * h)
				dot += g * f[i]
				scale += math.Abs(g * f[i])
			}
			if math.Abs(dot) > 1e-5*scale+1e-12 { // a wrong field gives O(1)
				t.Errorf("%s: invariant drifts: ∇I·f = %g (scale %g) at y=%v p=%v", c.system, dot, scale, y, p)
			}
		}
	}
}

// Known equilibria make f vanish.
func TestFixedPoints(t *testing.T) {
	check := func(name string, y []float64, p []float64) {
		s, _ := Lookup(name)
		if p == nil {
			p = s.DefaultParams()
		}
		f := make([]float64, s.Dim())
		s.F64(0, y, p, f)
		for i, v := range f {
			if math.Abs(v) > 1e-12 {
				t.Errorf("%s: f(%v)[%d] = %g, want 0 at an equilibrium", name, y, i, v)
			}
		}
	}
	b := 8.0 / 3
	q := math.Sqrt(b * 27)
	check("lorenz63", []float64{q, q, 27}, nil)
	check("lorenz63", []float64{-q, -q, 27}, nil)
	check("brusselator", []float64{1, 3}, nil)
	check("lv", []float64{35.0 / 100, 35.0 / 100}, nil)
	check("vdp", []float64{0, 0}, nil)
	check("sir", []float64{0.7, 0, 0.3}, nil)
	// FitzHugh-Nagumo: w = (v + a)/b and v − v³/3 − w + I = 0; solve the cubic by bisection.
	a, bb, i := 0.7, 0.8, 0.5
	g := func(v float64) float64 { return v - v*v*v/3 - (v+a)/bb + i }
	lo, hi := -3.0, 3.0
	for range 200 {
		mid := (lo + hi) / 2
		if g(lo)*g(mid) <= 0 {
			hi = mid
		} else {
			lo = mid
		}
	}
	check("fitzhugh-nagumo", []float64{lo, (lo + a) / bb}, nil)
	// The driven pendulum at rest feels only the drive.
	s, _ := Lookup("driven-pendulum")
	f := make([]float64, 2)
	p := s.DefaultParams()
	s.F64(1.5, []float64{0, 0}, p, f)
	if f[0] != 0 || math.Abs(f[1]-p[3]*math.Cos(p[4]*1.5)) > 1e-15 {
		t.Errorf("driven pendulum at rest: f = %v", f)
	}
}

// The closed forms must satisfy their ODE: x' = v by central differences of x, and v' = f.
func TestMSDSolutionSatisfiesODE(t *testing.T) {
	cases := [][5]float64{ // m, k, c, x0, v0
		{0.03, 10, 0.1, 1, 0},       // under-damped, the paper's example
		{1, 4, 4, 1, -0.5},          // critically damped
		{1, 4, 4.0000001, 0.3, 1},   // a hair over critical: the series branch
		{1, 4, 3.9999999, 0.3, 1},   // a hair under critical
		{1, 4, 10, 1, 2},            // over-damped
		{0.02, 16, 0.01, -0.5, 0.5}, // light damping, fast
		{1, 1, 0, 1, 0},             // undamped
	}
	for _, c := range cases {
		m, k, cc, x0, v0 := c[0], c[1], c[2], c[3], c[4]
		x, v := MSDSolution(m, k, cc, x0, v0, 0)
		if math.Abs(x-x0) > 1e-15 || math.Abs(v-v0) > 1e-15 {
			t.Errorf("%v: initial state (%g,%g)", c, x, v)
		}
		for _, tt := range []float64{0.1, 0.37, 0.9} {
			h := 1e-5
			xp, vp := MSDSolution(m, k, cc, x0, v0, tt+h)
			xm, vm := MSDSolution(m, k, cc, x0, v0, tt-h)
			x, v := MSDSolution(m, k, cc, x0, v0, tt)
			dx, dv := (xp-xm)/(2*h), (vp-vm)/(2*h)
			acc := -(cc*v + k*x) / m
			if relDiff(dx, v, 1+math.Abs(v)) > 1e-7 || relDiff(dv, acc, 1+math.Abs(acc)) > 1e-6 {
				t.Errorf("%v t=%g: x'=%g v=%g; v'=%g f=%g", c, tt, dx, v, dv, acc)
			}
		}
	}
	// The three regimes meet continuously at critical damping.
	xc, vc := MSDSolution(1, 4, 4, 1, 0, 0.8)
	xo, vo := MSDSolution(1, 4, 4+1e-9, 1, 0, 0.8)
	xu, vu := MSDSolution(1, 4, 4-1e-9, 1, 0, 0.8)
	if math.Abs(xo-xc) > 1e-9 || math.Abs(xu-xc) > 1e-9 || math.Abs(vo-vc) > 1e-9 || math.Abs(vu-vc) > 1e-9 {
		t.Errorf("discontinuity at critical damping: %g %g %g / %g %g %g", xu, xc, xo, vu, vc, vo)
	}
}

func TestKeplerSolution(t *testing.T) {
	s := Kepler()
	gm, e := 1.3, 0.5
	y0 := KeplerSolution(gm, e, 0)
	start := KeplerStart(gm, e)
	for i := range start {
		if math.Abs(y0[i]-start[i]) > 1e-14 {
			t.Fatalf("KeplerSolution(0) = %v, KeplerStart = %v", y0, start)
		}
	}
	p := []float64{gm}
	f := make([]float64, 4)
	for _, tt := range []float64{0.3, 1.7, 4.1} {
		h := 1e-5
		yp, ym, y := KeplerSolution(gm, e, tt+h), KeplerSolution(gm, e, tt-h), KeplerSolution(gm, e, tt)
		s.F64(tt, y[:], p, f)
		for i := range f {
			d := (yp[i] - ym[i]) / (2 * h)
			if relDiff(d, f[i], 1+math.Abs(f[i])) > 1e-7 {
				t.Errorf("t=%g component %d: d/dt %g, f %g", tt, i, d, f[i])
			}
		}
	}
	// Default start of the library system is the e = 0.5, GM = 1 pericentre.
	def := KeplerStart(1, 0.5)
	for i := range def {
		if def[i] != s.Y0[i] {
			t.Fatalf("Kepler().Y0 = %v, want %v", s.Y0, def)
		}
	}
}

func TestMathHelpersComplexStep(t *testing.T) {
	x := 0.7
	h := 1e-30
	z := complex(x, h)
	cases := []struct {
		name  string
		f     func(complex128) complex128
		g     func(float64) float64
		deriv float64
	}{
		{"sin", Sin[complex128], Sin[float64], math.Cos(x)},
		{"cos", Cos[complex128], Cos[float64], -math.Sin(x)},
		{"exp", Exp[complex128], Exp[float64], math.Exp(x)},
		{"log", Log[complex128], Log[float64], 1 / x},
		{"sqrt", Sqrt[complex128], Sqrt[float64], 0.5 / math.Sqrt(x)},
		{"tanh", Tanh[complex128], Tanh[float64], 1 - math.Tanh(x)*math.Tanh(x)},
		{"pow3", func(z complex128) complex128 { return Pow(z, 3) }, func(x float64) float64 { return Pow(x, 3) }, 3 * x * x},
		{"abs-neg", func(z complex128) complex128 { return Abs(-z) }, func(x float64) float64 { return Abs(-x) }, 1},
	}
	for _, c := range cases {
		if d := imag(c.f(z)) / h; relDiff(d, c.deriv, math.Abs(c.deriv)) > 1e-14 {
			t.Errorf("%s: complex-step derivative %g, want %g", c.name, d, c.deriv)
		}
		if v := c.g(x); relDiff(v, real(c.f(z)), math.Abs(v)) > 1e-15 {
			t.Errorf("%s: float64 %g vs complex real part %g", c.name, v, real(c.f(z)))
		}
	}
	if Const[complex128](2.5) != complex(2.5, 0) || Const[float64](2.5) != 2.5 || Re(complex(3, 4)) != 3 {
		t.Error("Const/Re")
	}
}

// ∂f/∂t of the forced systems against a central difference in t, through both code paths.
func TestJacobianT(t *testing.T) {
	for _, name := range []string{"driven-pendulum", "duffing", "msd"} {
		s, _ := Lookup(name)
		fd := s.Clone()
		fd.C128 = nil
		y, p := s.Y0, s.DefaultParams()
		tt := 0.7
		got, ref := make([]float64, s.Dim()), make([]float64, s.Dim())
		NewJacobian(s).T(tt, y, p, got)
		NewJacobian(fd).T(tt, y, p, ref)
		fp, fm := make([]float64, s.Dim()), make([]float64, s.Dim())
		h := 1e-5
		s.F64(tt+h, y, p, fp)
		s.F64(tt-h, y, p, fm)
		for i := range got {
			want := (fp[i] - fm[i]) / (2 * h)
			if math.Abs(got[i]-want) > 1e-8 || math.Abs(ref[i]-want) > 1e-6 {
				t.Errorf("%s: ∂f%d/∂t complex step %g, differences %g, reference %g", name, i, got[i], ref[i], want)
			}
		}
	}
	// A forced system has a non-zero time derivative; an autonomous one none.
	s, _ := Lookup("duffing")
	d := make([]float64, 2)
	NewJacobian(s).T(0.7, s.Y0, s.DefaultParams(), d)
	if d[1] == 0 {
		t.Error("duffing's forcing should give ∂f/∂t ≠ 0")
	}
}

func TestSineSolutionSatisfiesODE(t *testing.T) {
	s := Sine()
	r := rand.New(rand.NewPCG(3, 4))
	for range 50 {
		f, phi, tt := 0.1+5*r.Float64(), 6*r.Float64()-3, r.Float64()
		h := 1e-6
		fd := (SineSolution(f, phi, tt+h) - SineSolution(f, phi, tt-h)) / (2 * h)
		dy := []float64{0}
		s.F64(tt, []float64{SineSolution(f, phi, tt)}, []float64{f, phi}, dy)
		if math.Abs(dy[0]-fd) > 1e-6*(1+math.Abs(fd)) {
			t.Fatalf("f=%g phi=%g t=%g: field %g, derivative of the closed form %g", f, phi, tt, dy[0], fd)
		}
	}
	if got := SineSolution(1, 0.5, 0); got != math.Sin(0.5) {
		t.Fatalf("x(0) = %g, want sin(phi)", got)
	}
}
