package equations

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/warpkit/warpkit/ode"
)

// def1 is a one-state system with the right-hand side src over the state x and parameters a, b.
func def1(src string) *Definition {
	return &Definition{Name: "probe", States: []string{"x"},
		Params:    []Param{{Name: "a", Default: 1, Min: 0, Max: 2}, {Name: "b", Default: 2, Min: 0, Max: 4}},
		Equations: map[string]string{"x": src}}
}

func eval1(t *testing.T, src string, tt, x, a, b float64) float64 {
	t.Helper()
	sys, err := def1(src).System()
	if err != nil {
		t.Fatalf("%s: %v", src, err)
	}
	dy := []float64{0}
	sys.F64(tt, []float64{x}, []float64{a, b}, dy)
	return dy[0]
}

func TestClosedForms(t *testing.T) {
	const tt, x, a, b = 0.7, 1.3, -0.4, 2.5
	cases := []struct {
		src  string
		want float64
	}{
		{"1 + 2*3", 7},
		{"2^3^2", 512}, // right-associative
		{"-x^2", -x * x},
		{"(-x)^2", x * x},
		{"2^-1", 0.5},
		{"x - a - b", x - a - b},
		{"x / a / b", x / a / b},
		{"-(a*x + b)/x", -(a*x + b) / x},
		{"sin(x) + cos(t) + tan(a)", math.Sin(x) + math.Cos(tt) + math.Tan(a)},
		{"exp(a) * log(b) / sqrt(x)", math.Exp(a) * math.Log(b) / math.Sqrt(x)},
		{"abs(a) + tanh(x)", math.Abs(a) + math.Tanh(x)},
		{"pow(x, 2.5) + pow(b, a)", math.Pow(x, 2.5) + math.Pow(b, a)},
		{"x^0.5", math.Pow(x, 0.5)},
		{"x^3", x * x * x},
		{"x^-2", 1 / (x * x)},
		{"x^0", 1},
		{"2*pi*t", 2 * math.Pi * tt},
		{"1.5e-3 * .5 + 3E2", 1.5e-3*.5 + 3e2},
		{"+x", x},
		{"--x", x},
		{"a*x^2 + b*x + 1", a*x*x + b*x + 1},
		{"sin(2*pi*1*t + a)", math.Sin(2*math.Pi*1*tt + a)},
	}
	for _, c := range cases {
		if got := eval1(t, c.src, tt, x, a, b); got != c.want && math.Abs(got-c.want) > 1e-15*math.Abs(c.want) {
			t.Errorf("%s = %v, want %v", c.src, got, c.want)
		}
	}
}

func TestConstantFolding(t *testing.T) {
	d := def1("2*pi*3 + sqrt(16)*x - exp(0)")
	trees, err := d.parseAll(nil)
	if err != nil {
		t.Fatal(err)
	}
	p, err := compile(trees, 4)
	if err != nil {
		t.Fatal(err)
	}
	// (2π·3) and sqrt(16) and exp(0) fold: a multiply, an add and a subtract remain.
	if len(p.code) != 3 {
		t.Fatalf("want 3 instructions after folding, got %d: %+v", len(p.code), p.code)
	}
	if got, want := eval1(t, "2*pi*3 + sqrt(16)*x - exp(0)", 0, 1.5, 0, 0), 2*math.Pi*3+4*1.5-1; got != want {
		t.Fatalf("got %v, want %v", got, want)
	}
}

// lib is each library system and the same system as equations, written in the library's order
// of operations so the results agree to the last bit (or an ulp where the compiler fuses).
var lib = []struct {
	name string
	def  *Definition
}{
	{"msd", &Definition{Name: "eq-msd", States: []string{"x", "v"},
		Params:    []Param{{Name: "m", Default: 0.03, Min: 0.01, Max: 0.05}, {Name: "k", Default: 10, Min: 2, Max: 18}, {Name: "c", Default: 0.1, Min: 0.01, Max: 0.3}},
		Equations: map[string]string{"x": "v", "v": "-(c*v + k*x) / m"}}},
	{"pendulum", &Definition{Name: "eq-pendulum", States: []string{"theta", "omega"},
		Params:    []Param{{Name: "g", Default: 9.81, Min: 1, Max: 25}, {Name: "L", Default: 1, Min: 0.1, Max: 10}},
		Equations: map[string]string{"theta": "omega", "omega": "-(g / L) * sin(theta)"}}},
	{"lv", &Definition{Name: "eq-lv", States: []string{"prey", "pred"},
		Params: []Param{{Name: "a", Default: 35, Min: 10, Max: 60}, {Name: "b", Default: 100, Min: 70, Max: 130},
			{Name: "c", Default: 100, Min: 70, Max: 130}, {Name: "d", Default: 35, Min: 10, Max: 60}},
		Equations: map[string]string{"prey": "a*prey - b*prey*pred", "pred": "c*prey*pred - d*pred"}}},
	{"duffing", &Definition{Name: "eq-duffing", States: []string{"x", "v"},
		Params: []Param{{Name: "delta", Default: 0.3, Min: 0, Max: 1}, {Name: "alpha", Default: -1, Min: -2, Max: 2},
			{Name: "beta", Default: 1, Min: -2, Max: 5}, {Name: "gamma", Default: 0.5, Min: 0, Max: 2}, {Name: "omega", Default: 1.2, Min: 0.1, Max: 5}},
		Equations: map[string]string{"x": "v", "v": "-delta*v - alpha*x - beta*x*x*x + gamma*cos(omega*t)"}}},
}

func ulps(a, b float64) uint64 {
	if a == b || (math.IsNaN(a) && math.IsNaN(b)) {
		return 0
	}
	ia, ib := int64(math.Float64bits(a)), int64(math.Float64bits(b))
	if ia < 0 {
		ia = math.MinInt64 - ia
	}
	if ib < 0 {
		ib = math.MinInt64 - ib
	}
	if ia > ib {
		return uint64(ia - ib)
	}
	return uint64(ib - ia)
}

func TestMatchesLibrarySystems(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, c := range lib {
		ref, err := ode.Lookup(c.name)
		if err != nil {
			t.Fatal(err)
		}
		sys, err := c.def.System()
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if src := ref.ParamNames(); strings.Join(src, ",") != strings.Join(sys.ParamNames(), ",") {
			t.Fatalf("%s: parameters %v, library %v", c.name, sys.ParamNames(), src)
		}
		d, np := ref.Dim(), ref.NParams()
		worst := uint64(0)
		for range 200 {
			tt := 10 * r.Float64()
			y, p := make([]float64, d), make([]float64, np)
			yc, pc := make([]complex128, d), make([]complex128, np)
			for i := range y {
				y[i] = 4*r.Float64() - 2
				yc[i] = complex(y[i], 1e-3*r.NormFloat64())
			}
			for i, q := range ref.Params {
				p[i] = q.Min + (q.Max-q.Min)*r.Float64()
				pc[i] = complex(p[i], 1e-3*r.NormFloat64())
			}
			a, b := make([]float64, d), make([]float64, d)
			ref.F64(tt, y, p, a)
			sys.F64(tt, y, p, b)
			ac, bc := make([]complex128, d), make([]complex128, d)
			ref.C128(complex(tt, 0), yc, pc, ac)
			sys.C128(complex(tt, 0), yc, pc, bc)
			for i := range a {
				worst = max(worst, ulps(a[i], b[i]), ulps(real(ac[i]), real(bc[i])), ulps(imag(ac[i]), imag(bc[i])))
			}
		}
		if worst > 1 {
			t.Errorf("%s: equations differ from the library by %d ulps", c.name, worst)
		}
	}
}

func TestComplexStepJacobianMatchesHandWritten(t *testing.T) {
	ref := ode.MSD() // has analytic JacY and JacP
	sys, err := lib[0].def.System()
	if err != nil {
		t.Fatal(err)
	}
	if sys.JacY != nil || sys.JacP != nil {
		t.Fatal("an equation system should rely on complex steps")
	}
	je, jr := ode.NewJacobian(sys), ode.NewJacobian(ref)
	y, p := []float64{0.7, -1.2}, []float64{0.025, 7, 0.15}
	ge, gr := make([]float64, 4), make([]float64, 4)
	je.Y(0, y, p, ge)
	jr.Y(0, y, p, gr)
	pe, pr := make([]float64, 6), make([]float64, 6)
	je.P(0, y, p, pe)
	jr.P(0, y, p, pr)
	for i := range ge {
		if math.Abs(ge[i]-gr[i]) > 1e-13*math.Max(1, math.Abs(gr[i])) {
			t.Errorf("dF/dy[%d] = %v, analytic %v", i, ge[i], gr[i])
		}
	}
	for i := range pe {
		if math.Abs(pe[i]-pr[i]) > 1e-13*math.Max(1, math.Abs(pr[i])) {
			t.Errorf("dF/dp[%d] = %v, analytic %v", i, pe[i], pr[i])
		}
	}
	// Every function's complex step against its derivative in closed form.
	h := 1e-30
	x := 0.6
	for _, c := range []struct {
		src string
		d   float64
	}{
		{"sin(x)", math.Cos(x)}, {"cos(x)", -math.Sin(x)}, {"tan(x)", 1 / (math.Cos(x) * math.Cos(x))},
		{"exp(x)", math.Exp(x)}, {"log(x)", 1 / x}, {"sqrt(x)", 0.5 / math.Sqrt(x)},
		{"abs(x)", 1}, {"abs(-x)", 1}, {"tanh(x)", 1 - math.Tanh(x)*math.Tanh(x)},
		{"pow(x, 2.5)", 2.5 * math.Pow(x, 1.5)}, {"x^7", 7 * math.Pow(x, 6)}, {"x^-3", -3 * math.Pow(x, -4)},
		{"pow(2, x)", math.Log(2) * math.Pow(2, x)},
	} {
		s, err := def1(c.src).System()
		if err != nil {
			t.Fatal(err)
		}
		dy := []complex128{0}
		s.C128(0, []complex128{complex(x, h)}, []complex128{1, 2}, dy)
		if got := imag(dy[0]) / h; math.Abs(got-c.d) > 1e-14*math.Max(1, math.Abs(c.d)) {
			t.Errorf("d/dx %s = %v, want %v", c.src, got, c.d)
		}
	}
	// abs follows ode.Abs on complex128: x·sign(Re x).
	s, _ := def1("abs(x)").System()
	dy := []complex128{0}
	z := complex(-0.5, 1e-3)
	s.C128(0, []complex128{z}, []complex128{1, 2}, dy)
	if dy[0] != ode.Abs(z) || dy[0] != -z {
		t.Errorf("abs(%v) = %v, want %v", z, dy[0], ode.Abs(z))
	}
}

func TestSyntaxErrorsNameTheColumn(t *testing.T) {
	cases := []struct {
		src, want string
		col       int
	}{
		{"", "empty expression", 1},
		{"x +", "expected a number", 4},
		{"x + y", `unknown name "y"`, 5},
		{"sinh(x)", `unknown function "sinh"`, 1},
		{"sin x", "needs its arguments in parentheses", 1},
		{"pow(x)", "pow takes 2 argument(s), got 1", 1},
		{"sin(x, a)", "sin takes 1 argument(s), got 2", 1},
		{"(x + a", "missing ) for the ( at column 1", 7},
		{"x $ a", `unexpected character '$'`, 3},
		{"x a", `unexpected name "a"`, 3},
		{"1.2.3", "malformed number", 1},
		{"x ** 2", "expected a number", 4},
		{"é + x", "unexpected character 'é'", 1},
		{"x + é", "unexpected character 'é'", 5},
		{strings.Repeat("(", 300) + "x" + strings.Repeat(")", 300), "nested more than", 100},
	}
	for _, c := range cases {
		_, err := def1(c.src).System()
		ee, ok := err.(*EquationError)
		if !ok {
			t.Errorf("%q: want an EquationError, got %v", c.src, err)
			continue
		}
		if !strings.Contains(ee.Msg, c.want) || (c.col != 100 && ee.Col != c.col) || ee.State != "x" || ee.System != "probe" {
			t.Errorf("%q: got %q at column %d, want %q at column %d", c.src, err, ee.Col, c.want, c.col)
		}
		if !strings.Contains(err.Error(), "equation of x") || !strings.Contains(err.Error(), "column") {
			t.Errorf("%q: message %q should name the equation and column", c.src, err)
		}
	}
}

func TestDefinitionChecks(t *testing.T) {
	base := func() *Definition { return def1("a*x") }
	cases := []struct {
		edit func(*Definition)
		want string
	}{
		{func(d *Definition) { d.Name = "" }, "name: missing"},
		{func(d *Definition) { d.States = nil }, "states: none"},
		{func(d *Definition) { d.States = []string{"x", "x"} }, `"x" is already a state`},
		{func(d *Definition) { d.Params[0].Name = "x" }, `"x" is already a state`},
		{func(d *Definition) { d.Params[0].Name = "sin" }, "reserved"},
		{func(d *Definition) { d.States = []string{"t"}; d.Equations = map[string]string{"t": "1"} }, "reserved"},
		{func(d *Definition) { d.Params[0].Name = "2a" }, "want a letter"},
		{func(d *Definition) { d.States = []string{"x", "y"} }, "state y has no equation"},
		{func(d *Definition) { d.Equations["z"] = "1" }, "z is not a state"},
		{func(d *Definition) { d.Y0 = map[string]float64{"q": 1} }, "y0: q is not a state"},
		{func(d *Definition) { d.Params[0].Default = 5 }, "outside its range"},
	}
	for _, c := range cases {
		d := base()
		c.edit(d)
		if _, err := d.System(); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("want an error containing %q, got %v", c.want, err)
		}
	}
}

const duffingYAML = `name: yaml-duffing
doc: a double well
states: [x, v]
params:
  delta: {default: 0.3, min: 0.1, max: 0.5, domain: non-negative, doc: damping}
  alpha: {default: -1, min: -1.5, max: -0.5}
  beta:  {default: 1, min: 0.5, max: 1.5}
  gamma: 0
equations:
  x: v
  v: -delta*v - alpha*x - beta*x^3 + gamma
y0: {x: 1}
`

func TestYAMLRoundTrip(t *testing.T) {
	var d Definition
	if err := yaml.Unmarshal([]byte(duffingYAML), &d); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(d.States, ","); got != "x,v" || len(d.Params) != 4 || d.Params[0].Name != "delta" || d.Params[3].Name != "gamma" {
		t.Fatalf("states %s, params %+v", got, d.Params)
	}
	if d.Params[0].Domain != ode.NonNegative || d.Params[3].Min != 0 || d.Params[3].Max != 0 || d.Y0["x"] != 1 {
		t.Fatalf("params %+v, y0 %v", d.Params, d.Y0)
	}
	out, err := yaml.Marshal(&d)
	if err != nil {
		t.Fatal(err)
	}
	var e Definition
	if err := yaml.Unmarshal(out, &e); err != nil {
		t.Fatalf("%v in\n%s", err, out)
	}
	again, _ := yaml.Marshal(&e)
	if string(again) != string(out) {
		t.Fatalf("not stable:\n%s\n---\n%s", out, again)
	}
	sys, err := e.System()
	if err != nil {
		t.Fatal(err)
	}
	dy := make([]float64, 2)
	sys.F64(0, []float64{2, 0.5}, sys.DefaultParams(), dy)
	if want := -0.3*0.5 + 2 - 8.0; dy[0] != 0.5 || dy[1] != want {
		t.Fatalf("dy = %v, want [0.5 %v]", dy, want)
	}
	if sys.Y0[0] != 1 || sys.Y0[1] != 0 {
		t.Fatalf("y0 %v", sys.Y0)
	}
}

func TestYAMLErrorsNameLineAndKey(t *testing.T) {
	cases := []struct{ src, want string }{
		{strings.Replace(duffingYAML, "x^3", "x^^3", 1), `line 11: system "yaml-duffing": equation of v, column 29`},
		{strings.Replace(duffingYAML, "doc: a", "docs: a", 1), `line 2: system: unknown key "docs"`},
		{strings.Replace(duffingYAML, "min: 0.1,", "mn: 0.1,", 1), `params.delta: unknown key "mn"`},
		{strings.Replace(duffingYAML, "default: 1, min: 0.5", "min: 0.5", 1), "params.beta: default: missing"},
		{strings.Replace(duffingYAML, "default: -1", "default: minus", 1), `params.alpha.default: want a finite number, got "minus"`},
		{strings.Replace(duffingYAML, "non-negative", "natural", 1), `unknown domain "natural"`},
		{strings.Replace(duffingYAML, "x: v\n", "x: v\n  x: v\n", 1), "equations.x given twice"},
		{strings.Replace(duffingYAML, "states: [x, v]", "states: x", 1), "states: want a list"},
	}
	for _, c := range cases {
		var d Definition
		err := yaml.Unmarshal([]byte(c.src), &d)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("want %q, got %v", c.want, err)
		}
	}
}

func TestRegister(t *testing.T) {
	d := def1("a*x - b")
	d.Name = "test-register"
	sys, err := Register(d)
	if err != nil {
		t.Fatal(err)
	}
	got, err := ode.Lookup("test-register")
	if err != nil || got.Dim() != 1 {
		t.Fatalf("lookup after register: %v", err)
	}
	dy := []float64{0}
	got.F64(0, []float64{3}, []float64{2, 1}, dy)
	if dy[0] != 5 {
		t.Fatalf("registered field gives %v, want 5", dy[0])
	}
	same := def1("a*x - b")
	same.Name = "test-register"
	if _, err := Register(same); err != nil {
		t.Fatalf("registering the same definition again: %v", err)
	}
	other := def1("a*x + b")
	other.Name = "test-register"
	if _, err := Register(other); err == nil || !strings.Contains(err.Error(), "different system") {
		t.Fatalf("a different definition under a taken name: %v", err)
	}
	lib := def1("x")
	lib.Name = "msd"
	if _, err := Register(lib); err == nil {
		t.Fatal("shadowing a library system must fail")
	}
	if sys.Name != "test-register" {
		t.Fatalf("registered as %q", sys.Name)
	}
}

func TestManyRegistersAndConcurrency(t *testing.T) {
	// Enough distinct constants and temporaries to need the pooled register file.
	var b strings.Builder
	want := 0.0
	x := 1.1
	for i := range 300 {
		if i > 0 {
			b.WriteString(" + ")
		}
		fmt.Fprintf(&b, "(x + %d)*sin(x*%d)", i, i)
		want += (x + float64(i)) * math.Sin(x*float64(i))
	}
	sys, err := def1(b.String()).System()
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan float64)
	for range 4 {
		go func() {
			dy := []float64{0}
			for range 100 {
				sys.F64(0, []float64{x}, []float64{1, 2}, dy)
			}
			done <- dy[0]
		}()
	}
	for range 4 {
		if got := <-done; math.Abs(got-want) > 1e-12*math.Abs(want) {
			t.Fatalf("got %v, want %v", got, want)
		}
	}
}

func TestNoAllocation(t *testing.T) {
	sys, err := lib[3].def.System()
	if err != nil {
		t.Fatal(err)
	}
	y, p, dy := []float64{0.3, 0.1}, sys.DefaultParams(), make([]float64, 2)
	yc, pc, dyc := []complex128{0.3, 0.1}, make([]complex128, 5), make([]complex128, 2)
	if a := testing.AllocsPerRun(100, func() { sys.F64(0.5, y, p, dy) }); a != 0 {
		t.Errorf("F64 allocates %v times per call", a)
	}
	if a := testing.AllocsPerRun(100, func() { sys.C128(0.5, yc, pc, dyc) }); a != 0 {
		t.Errorf("C128 allocates %v times per call", a)
	}
}
