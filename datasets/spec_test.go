package datasets

import (
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/warpkit/warpkit/ode"
)

func TestBuiltinSpecsValidateAndMatchThePaper(t *testing.T) {
	sizes := map[string][2]int{
		"msd": {20480, 4096}, "msd-zero": {8192, 2048}, "lv": {15000, 3000}, "lv-repeat": {15000, 3000},
		"sine-tiny": {1, 1000}, "sine-small": {10, 1000}, "sine-medium": {100, 1000}, "sine-large": {1000, 1000}, "sine-huge": {10000, 1000},
		"lorenz63": {4096, 1024},
	}
	for _, name := range BuiltinNames() {
		s, err := Builtin(name)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Validate(); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		want, ok := sizes[name]
		if !ok {
			t.Errorf("unexpected built-in %s", name)
			continue
		}
		var got [2]int
		for _, sp := range s.Splits {
			switch sp.Name {
			case "train":
				got[0] = sp.N
			case "test":
				got[1] = sp.N
			}
		}
		if got != want {
			t.Errorf("%s: sizes %v, want %v", name, got, want)
		}
	}
	if _, err := Builtin("nope"); err == nil || !strings.Contains(err.Error(), "msd-zero") {
		t.Errorf("unknown dataset error should list the valid ones: %v", err)
	}
}

func TestSpecYAMLRoundTrip(t *testing.T) {
	for _, name := range BuiltinNames() {
		s, _ := Builtin(name)
		y, err := s.YAML()
		if err != nil {
			t.Fatal(err)
		}
		back, err := ParseSpec([]byte(y))
		if err != nil {
			t.Fatalf("%s: %v\n%s", name, err, y)
		}
		y2, _ := back.YAML()
		if y != y2 {
			t.Fatalf("%s: YAML changed on a round trip:\n%s\n---\n%s", name, y, y2)
		}
	}
	s, _ := Builtin("sine-tiny")
	y, _ := s.YAML()
	// π/6 must survive exactly, and the sine has no solver settings.
	third := strconv.FormatFloat(math.Pi/6, 'g', -1, 64)
	if !strings.Contains(y, "uniform(-"+third+","+third+")") || strings.Contains(y, "rtol") {
		t.Errorf("sine YAML:\n%s", y)
	}
}

const userSpec = `
name: my-lv
system: lv
t0: 0
t1: 2
points: 33
method: dop853
rtol: 1e-9
atol: 1e-12
seed: 7
splits:
  - name: train
    n: 4
    params:
      a: loguniform(20,50)
      b: normal(100,0)
      c: 90
      d: uniform(20,30)
    y0:
      prey: uniform(0.5,1.5)
  - name: test
    n: 2
`

func TestUserSpecFromYAML(t *testing.T) {
	s, err := ParseSpec([]byte(userSpec))
	if err != nil {
		t.Fatal(err)
	}
	d := gen(t, s, GenerateOptions{})
	tr := d.Splits["train"]
	if tr.T != 33 || tr.Times[32] != 2 || d.Provenance["solver"] != "dop853" || d.Provenance["rtol"] != "1e-09" {
		t.Fatalf("T=%d t_end=%g provenance %v", tr.T, tr.Times[tr.T-1], d.Provenance)
	}
	for i := range tr.N {
		a, b, c := tr.Params[i*4], tr.Params[i*4+1], tr.Params[i*4+2]
		if a < 20 || a > 50 || b != 100 || c != 90 || tr.Y0[i*2+1] != 1 {
			t.Fatalf("params %v y0 %v", tr.Params[i*4:i*4+4], tr.Y0[i*2:i*2+2])
		}
	}
	te := d.Splits["test"]
	if te.Params[0] != 35 || te.Y0[0] != 1 { // unnamed → the system's defaults
		t.Fatalf("test defaults: %v %v", te.Params[:4], te.Y0[:2])
	}
	if !strings.Contains(d.Provenance["spec"], "loguniform(20,50)") || d.Provenance["params.train.a"] != "loguniform(20,50)" {
		t.Errorf("provenance spec: %s", d.Provenance["spec"])
	}
}

func TestSpecValidationNamesTheField(t *testing.T) {
	cases := []struct{ edit, want string }{
		{"system: lv", "system: ode: unknown system \"nosuch\""},
		{"points: 33", "points: want at least 2, got 0"},
		{"a: loguniform(20,50)", "splits.train.params.zz"},
		{"d: uniform(20,30)", "uniform(30,20)"},
		{"method: dop853", "method: "},
		{"n: 4", "splits.train.n: want at least 1"},
		{"prey: uniform(0.5,1.5)", "splits.train.y0.wolf"},
		{"seed: 7", "field colour not found"},
	}
	repl := []string{"system: nosuch", "points: 0", "zz: loguniform(20,50)", "d: uniform(30,20)", "method: rk99", "n: 0", "wolf: 1", "colour: red"}
	for i, c := range cases {
		text := strings.Replace(userSpec, c.edit, repl[i], 1)
		s, err := ParseSpec([]byte(text))
		if err == nil {
			err = s.Validate()
		}
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want it to mention %q", repl[i], err, c.want)
		}
	}
	// A negative mass is outside the physical domain even though the distribution is valid.
	s, _ := Builtin("msd")
	s.Splits[0].Params["m"] = u(-0.01, 0.04)
	if err := s.Validate(); err == nil || !strings.Contains(err.Error(), "splits.train.params.m") || !strings.Contains(err.Error(), "positive") {
		t.Errorf("negative mass: %v", err)
	}
	s, _ = Builtin("msd")
	s.Splits[0].Params["k"] = D(ode.Normal{Mean: 10, Std: 1})
	if err := s.Validate(); err == nil {
		t.Error("a normal stiffness can go negative and should be refused")
	}
	if err := s.Scale(-1); err == nil {
		t.Error("negative scale accepted")
	}
}

func decay[T ode.Number](_ T, y, p, dy []T) { dy[0] = -p[0] * y[0] }

// A caller's own system, defined in Go, generates like a library one.
func TestUserSystemFromGo(t *testing.T) {
	sys := &ode.System{
		Name: "decay", States: []string{"y"}, Y0: []float64{2},
		Params: []ode.Param{{Name: "k", Default: 1, Min: 0, Max: 10, Domain: ode.NonNegative}},
		F64:    decay[float64], C128: decay[complex128],
	}
	s := &Spec{Name: "decay", Sys: sys, T0: 0, T1: 3, Points: 31, Seed: 1,
		Splits: []SplitSpec{{Name: "train", N: 5, Params: map[string]Dist{"k": u(0.5, 2)}}}}
	d := gen(t, s, GenerateOptions{})
	if !strings.Contains(d.Provenance["spec"], "system: decay") || d.Provenance["system"] != "decay" {
		t.Errorf("provenance does not name the caller's system: %q", d.Provenance["spec"])
	}
	tr := d.Splits["train"]
	for i := range tr.N {
		k := tr.Params[i]
		for j, tt := range tr.Times {
			if want := 2 * math.Exp(-k*tt); math.Abs(tr.X[i*tr.T+j]-want) > 1e-7 {
				t.Fatalf("y(%g) = %g, want %g", tt, tr.X[i*tr.T+j], want)
			}
		}
	}
}
