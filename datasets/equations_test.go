package datasets

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/warpkit/warpkit/ode"
	"github.com/warpkit/warpkit/solvers"
)

const duffingExample = "../examples/duffing/duffing.yaml"

// TestEquationSpecEndToEnd generates the shipped duffing example (made small), writes it, reads
// it back, rebuilds the system from the file's provenance alone, and checks every trajectory
// against the library's hand-written Duffing (whose forcing gamma = 0 makes it the same
// system) solved independently.
func TestEquationSpecEndToEnd(t *testing.T) {
	spec, err := LoadSpec(duffingExample)
	if err != nil {
		t.Fatal(err)
	}
	if spec.Equations == nil || spec.System != "my-duffing" {
		t.Fatalf("system not read as equations: %q %v", spec.System, spec.Equations)
	}
	if err := spec.Scale(1.0 / 32); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "duffing.h5")
	if _, err := GenerateFile(context.Background(), spec, GenerateOptions{}, path, WriteOptions{Format: FormatHDF5}); err != nil {
		t.Fatal(err)
	}
	d, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if d.Provenance["system"] != "my-duffing" || strings.Join(d.States, ",") != "x,v" || strings.Join(d.ParamNames, ",") != "delta,alpha,beta" {
		t.Fatalf("provenance %v, states %v, params %v", d.Provenance["system"], d.States, d.ParamNames)
	}
	back, err := SpecFromProvenance(d.Provenance)
	if err != nil {
		t.Fatal(err)
	}
	sys, err := back.Resolve()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ode.Lookup("my-duffing"); err == nil {
		t.Fatal("my-duffing registered before anyone asked")
	}
	if err := RegisterSystem(d.Provenance); err != nil {
		t.Fatal(err)
	}
	if err := RegisterSystem(d.Provenance); err != nil {
		t.Fatalf("registering the same file's system twice: %v", err)
	}
	if _, err := ode.Lookup("my-duffing"); err != nil {
		t.Fatal(err)
	}
	ref := ode.Duffing()
	m, _ := solvers.ParseMethod(back.Method)
	for _, name := range []string{"train", "test"} {
		s := d.Splits[name]
		if s == nil || s.N != max(1, int(math.Round(float64(map[string]int{"train": 256, "test": 64}[name])/32))) {
			t.Fatalf("split %s: %+v", name, s)
		}
		for i := range s.N {
			p := s.Params[i*3 : i*3+3]
			if name == "train" && (p[0] < 0.2 || p[0] > 0.4 || p[1] != -1 || p[2] != 1) {
				t.Fatalf("train params %v outside the spec", p)
			}
			// The same trajectory from the equation system the file rebuilds and from Go.
			for _, c := range []struct {
				sys *ode.System
				p   []float64
			}{{sys, p}, {ref, []float64{p[0], p[1], p[2], 0, 1}}} {
				sol, err := solvers.Solve(solvers.Problem{System: c.sys, Y0: s.Y0[i*2 : i*2+2], P: c.p, T0: back.T0, T1: back.T1}, m,
					solvers.Options{RTol: back.RTol, ATol: back.ATol, Times: s.Times})
				if err != nil {
					t.Fatal(err)
				}
				for k := range s.T {
					for j := range 2 {
						want, got := sol.At(k)[j], s.X[(i*s.T+k)*2+j]
						if math.Abs(want-got) > 1e-6*(1+math.Abs(want)) {
							t.Fatalf("%s %d, t=%g, %s: file %g, %s %g", name, i, s.Times[k], d.States[j], got, c.sys.Name, want)
						}
					}
				}
			}
		}
	}
}

func TestEquationSpecYAML(t *testing.T) {
	src, err := os.ReadFile(duffingExample)
	if err != nil {
		t.Fatal(err)
	}
	s, err := ParseSpec(src)
	if err != nil {
		t.Fatal(err)
	}
	y, err := s.YAML()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(y, "system:\n    name: my-duffing\n") || !strings.Contains(y, "v: -delta*v - alpha*x - beta*x^3") {
		t.Fatalf("stored spec lacks the equations:\n%s", y)
	}
	back, err := ParseSpec([]byte(y))
	if err != nil {
		t.Fatalf("%v\n%s", err, y)
	}
	y2, _ := back.YAML()
	if y2 != y {
		t.Fatalf("YAML not stable:\n%s\n---\n%s", y, y2)
	}
	cases := []struct{ edit, with, want string }{
		{"beta*x^3", "beta*x^^3", "line 14: system \"my-duffing\": equation of v, column 29: expected a number"},
		{"beta*x^3", "gamma*x^3", `unknown name "gamma"`},
		{"  states: [x, v]", "  state: [x, v]", `line 7: system: unknown key "state"`},
		{"seed: 7", "seed: 7\nsede: 8", "field sede not found"},
		{"name: duffing", "name: duffing\nkind: sine", "kind sine needs its own system"},
	}
	for _, c := range cases {
		text := strings.Replace(string(src), c.edit, c.with, 1)
		s, err := ParseSpec([]byte(text))
		if err == nil {
			err = s.Validate()
		}
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s → %s: want %q, got %v", c.edit, c.with, c.want, err)
		}
	}
	// LoadSpec names the file.
	path := filepath.Join(t.TempDir(), "bad.yaml")
	os.WriteFile(path, []byte(strings.Replace(string(src), "beta*x^3", "beta*x^", 1)), 0o644)
	if _, err := LoadSpec(path); err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "equation of v, column") {
		t.Errorf("LoadSpec error should name the file, equation and column: %v", err)
	}
}
