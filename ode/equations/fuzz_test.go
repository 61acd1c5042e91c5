package equations

import (
	"math"
	"testing"

	"go.yaml.in/yaml/v3"
)

// FuzzParse feeds arbitrary text to the parser. Whatever it accepts must compile, and the
// compiled register code must give exactly what a direct walk of the folded tree gives, on
// float64 and on complex128: the code generator and its register reuse are checked against an
// independent evaluator.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"-delta*v - alpha*x - beta*x^3", "x", "1", "-(c*v + k*x)/m", "sin(2*pi*t) + pow(x, 0.5)",
		"x^-2 + abs(v)^3", "exp(log(sqrt(tanh(tan(cos(x))))))", "((x))", "2^3^2", "--x", "x ^ 65",
		"1e308*10", "", "sin(", "x +* v", "pow(x,v,t)",
	} {
		f.Add(s)
	}
	in := []string{"t", "x", "v", "delta"}
	vars := map[string]int{"t": 0, "x": 1, "v": 2, "delta": 3}
	inF := []float64{0.3, -1.7, 0.6, 2.5}
	inC := []complex128{0.3, complex(-1.7, 1e-3), 0.6, complex(2.5, -2e-3)}
	f.Fuzz(func(t *testing.T, src string) {
		tree, err := parse(src, vars, in)
		if err != nil {
			if _, ok := err.(*SyntaxError); !ok {
				t.Fatalf("%q: error of type %T", src, err)
			}
			return
		}
		// Compile twice: both the tree walk below and the program need the folded tree, and
		// folding rewrites the tree in place.
		p, err := compile([]*node{tree}, len(in))
		if err != nil {
			return // too many registers is a legitimate refusal
		}
		folded := fold(tree)
		rf := make([]float64, p.nreg)
		copy(rf, inF)
		for i, c := range p.consts {
			rf[len(in)+i] = c
		}
		run(p.code, rf, &f64Funcs)
		if got, want := rf[p.out[0]], eval(folded, inF, &f64Funcs); math.Float64bits(got) != math.Float64bits(want) && !(math.IsNaN(got) && math.IsNaN(want)) {
			t.Fatalf("%q: float64 program %v, tree %v", src, got, want)
		}
		rc := make([]complex128, p.nreg)
		copy(rc, inC)
		for i, c := range p.consts {
			rc[len(in)+i] = complex(c, 0)
		}
		run(p.code, rc, &c128Funcs)
		got, want := rc[p.out[0]], eval(folded, inC, &c128Funcs)
		same := func(a, b float64) bool {
			return math.Float64bits(a) == math.Float64bits(b) || (math.IsNaN(a) && math.IsNaN(b))
		}
		if !same(real(got), real(want)) || !same(imag(got), imag(want)) {
			t.Fatalf("%q: complex128 program %v, tree %v", src, got, want)
		}
	})
}

// FuzzDefinitionYAML feeds arbitrary YAML to the definition reader: it must not panic, and what
// it accepts must write out as text that reads back to the same text.
func FuzzDefinitionYAML(f *testing.F) {
	f.Add([]byte(duffingYAML))
	f.Add([]byte("name: a\nstates: [x]\nequations: {x: -x}\n"))
	f.Add([]byte("name: a\nstates: [x]\nparams: {k: 2}\nequations: {x: -k*x}\ny0: {x: 1}\n"))
	f.Add([]byte("name: a\nstates: [x, x]\n"))
	f.Add([]byte("[1, 2]"))
	f.Fuzz(func(t *testing.T, b []byte) {
		var d Definition
		if err := yaml.Unmarshal(b, &d); err != nil {
			return
		}
		if _, err := d.System(); err != nil {
			return // an empty document never reaches UnmarshalYAML
		}
		out, err := yaml.Marshal(&d)
		if err != nil {
			t.Fatalf("accepted %q but cannot write it: %v", b, err)
		}
		var e Definition
		if err := yaml.Unmarshal(out, &e); err != nil {
			t.Fatalf("accepted %q, wrote %q, which reads back with %v", b, out, err)
		}
		if again, _ := yaml.Marshal(&e); string(again) != string(out) {
			t.Fatalf("%q written as\n%s\nthen as\n%s", b, out, again)
		}
	})
}
