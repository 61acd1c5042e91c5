package physics

import (
	"encoding/json"
	"math"
	"strings"
	"sync"
	"testing"

	"github.com/warpkit/warpkit/ode"
)

var registerPendulum = sync.OnceValue(func() error { return ode.Register(drivenPendulum()) })

// allPriors builds one prior of every kind, with non-default options so that a round trip
// that dropped an option would show.
func allPriors(t *testing.T) []Prior {
	t.Helper()
	if err := registerPendulum(); err != nil {
		t.Fatal(err)
	}
	var ps []Prior
	add := func(p Prior, err error) {
		if err != nil {
			t.Fatal(err)
		}
		ps = append(ps, p)
	}
	add(MSD(MSDOptions{}))
	add(MSD(MSDOptions{Integrator: IntegratorExact, K: [2]float64{1, 30}}))
	add(MSD(MSDOptions{Integrator: IntegratorMidpoint, Substeps: 3}))
	add(Sine(SineOptions{Freq: 2.5, Phase: Sigmoid(-1, 1)}))
	add(LV(LVOptions{Substeps: 3, AD: [2]float64{5, 70}}))
	add(FromSystem(drivenPendulum(), Options{
		Predict: []Predicted{{Name: "amp", Transform: Softplus(0.2)}, {Name: "g_over_l"}},
		Fixed:   map[string]float64{"gamma": 0.3}, FixDefaults: true, Widen: 0.2,
		Integrator: IntegratorEuler, Substeps: 5, TimeScale: 3, TimeOffset: -0.25,
	}))
	return ps
}

func TestBuildRoundTrip(t *testing.T) {
	for _, p := range allPriors(t) {
		spec := p.Spec()
		// Through JSON, as a checkpoint stores it.
		b, err := json.Marshal(spec)
		if err != nil {
			t.Fatal(err)
		}
		var back Spec
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatal(err)
		}
		q, err := Build(back)
		if err != nil {
			t.Fatalf("%s: Build(%s): %v", p.Name(), b, err)
		}
		if q.Name() != p.Name() || q.Dim() != p.Dim() || q.NumRaw() != p.NumRaw() || strings.Join(q.RawNames(), ",") != strings.Join(p.RawNames(), ",") {
			t.Fatalf("%s: rebuilt prior %s dim %d raw %v, want dim %d raw %v", p.Name(), q.Name(), q.Dim(), q.RawNames(), p.Dim(), p.RawNames())
		}
		d, r := p.Dim(), p.NumRaw()
		prev, raw := make([]float64, d), make([]float64, r)
		for i := range prev {
			prev[i] = 0.8 - 0.3*float64(i)
		}
		for j := range raw {
			raw[j] = 0.4*float64(j) - 0.5
		}
		n1, n2 := make([]float64, d), make([]float64, d)
		a1, a2 := make([]float64, d*d), make([]float64, d*d)
		r1, r2 := make([]float64, d*r), make([]float64, d*r)
		p.NewStepper().Step(0.4, 0.02, prev, raw, n1, a1, r1)
		q.NewStepper().Step(0.4, 0.02, prev, raw, n2, a2, r2)
		for _, pair := range [][2][]float64{{n1, n2}, {a1, a2}, {r1, r2}} {
			for i := range pair[0] {
				if math.Float64bits(pair[0][i]) != math.Float64bits(pair[1][i]) {
					t.Errorf("%s: rebuilt prior differs: %v vs %v", p.Name(), pair[0], pair[1])
					break
				}
			}
		}
	}
}

func TestOptionErrors(t *testing.T) {
	sys := drivenPendulum()
	all := []Predicted{{Name: "g_over_l"}}
	for _, c := range []struct {
		name string
		opts Options
		want []string
	}{
		{"unknown predicted", Options{Predict: []Predicted{{Name: "length"}}, FixDefaults: true}, []string{`"length"`, "g_over_l"}},
		{"unknown fixed", Options{Predict: all, Fixed: map[string]float64{"mass": 1}, FixDefaults: true}, []string{`"mass"`}},
		{"overlap", Options{Predict: all, Fixed: map[string]float64{"g_over_l": 9.8}, FixDefaults: true}, []string{`"g_over_l"`, "both predicted and fixed"}},
		{"missing fixed", Options{Predict: all, Fixed: map[string]float64{"gamma": 1}}, []string{`"amp"`, `"freq"`, "neither predicted nor fixed"}},
		{"twice", Options{Predict: []Predicted{{Name: "amp"}, {Name: "amp"}}, FixDefaults: true}, []string{`"amp"`, "twice"}},
		{"none predicted", Options{FixDefaults: true}, []string{"no predicted"}},
		{"nan fixed", Options{Predict: all, Fixed: map[string]float64{"gamma": math.NaN()}, FixDefaults: true}, []string{`"gamma"`, "non-finite"}},
		{"bad transform", Options{Predict: []Predicted{{Name: "amp", Transform: Sigmoid(1, 0)}}, FixDefaults: true}, []string{`"amp"`, "lo < hi"}},
		{"integrator", Options{Predict: all, FixDefaults: true, Integrator: "rk45"}, []string{`"rk45"`}},
		{"substeps", Options{Predict: all, FixDefaults: true, Substeps: -2}, []string{"substeps -2"}},
		{"widen", Options{Predict: all, FixDefaults: true, Widen: -1}, []string{"widen"}},
	} {
		_, err := FromSystem(sys, c.opts)
		if err == nil {
			t.Errorf("%s: no error", c.name)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q does not mention %s", c.name, err, w)
			}
		}
	}
	noRange := drivenPendulum()
	noRange.Params[1].Min, noRange.Params[1].Max = 0, 0
	noRange.Params[1].Default = 0
	if _, err := FromSystem(noRange, Options{Predict: []Predicted{{Name: "gamma"}}, FixDefaults: true}); err == nil || !strings.Contains(err.Error(), `"gamma"`) {
		t.Errorf("default sigmoid without a range: error %v, want one naming gamma", err)
	}
	noC := drivenPendulum()
	noC.C128 = nil
	if _, err := FromSystem(noC, Options{Predict: all, FixDefaults: true}); err == nil || !strings.Contains(err.Error(), "C128") {
		t.Errorf("system without C128: error %v", err)
	}
	if _, err := FromSystem(nil, Options{}); err == nil {
		t.Error("nil system: no error")
	}
	if _, err := MSD(MSDOptions{Integrator: "leapfrog"}); err == nil || !strings.Contains(err.Error(), `"leapfrog"`) {
		t.Errorf("msd with unknown integrator: error %v", err)
	}
	if _, err := MSD(MSDOptions{M: [2]float64{-1, 1}}); err == nil || !strings.Contains(err.Error(), "range of m") {
		t.Errorf("msd with a non-positive mass range: error %v", err)
	}
}

func TestBuildErrors(t *testing.T) {
	for _, c := range []struct {
		spec Spec
		want string
	}{
		{Spec{}, "no name"},
		{Spec{Name: "duffing-prior"}, `unknown prior "duffing-prior"`},
		{Spec{Name: "msd", Config: json.RawMessage(`{"integrater":"rk4"}`)}, "integrater"},
		{Spec{Name: "sine", Config: json.RawMessage(`{"freq":`)}, `spec "sine"`},
		{Spec{Name: "system:not_registered_anywhere", Config: json.RawMessage(`{"system":"not_registered_anywhere","predict":[{"name":"x","transform":{"kind":"identity"}}]}`)}, "ode.Register"},
		{Spec{Name: "system:msd", Config: json.RawMessage(`{"system":"lv"}`)}, `names system "lv"`},
		{Spec{Name: "system:msd", Config: json.RawMessage(`{"system":"msd","predict":[{"name":"m","transform":{}}],"fixed":{"k":1,"c":1}}`)}, "no transform"},
	} {
		_, err := Build(c.spec)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Build(%s %s): error %v, want one containing %q", c.spec.Name, c.spec.Config, err, c.want)
		}
	}
}

func TestCheckStep(t *testing.T) {
	p, err := LV(LVOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := CheckStep(p, make([]float64, 2), make([]float64, 4), make([]float64, 2), make([]float64, 4), make([]float64, 8)); err != nil {
		t.Errorf("right sizes: %v", err)
	}
	if err := CheckStep(p, make([]float64, 2), make([]float64, 3), make([]float64, 2), nil, nil); err == nil || !strings.Contains(err.Error(), "raw has 3 values, want 4") {
		t.Errorf("short raw: %v", err)
	}
	if err := CheckStep(p, make([]float64, 2), make([]float64, 4), make([]float64, 2), nil, make([]float64, 6)); err == nil || !strings.Contains(err.Error(), "dRaw") {
		t.Errorf("short dRaw: %v", err)
	}
}

// A Prior is shared by goroutines, each with its own Stepper; under -race this shows that no
// prior keeps scratch of its own, and the results must not depend on the interleaving.
func TestConcurrentSteppers(t *testing.T) {
	for _, p := range allPriors(t) {
		d, r := p.Dim(), p.NumRaw()
		prev, raw := make([]float64, d), make([]float64, r)
		for i := range prev {
			prev[i] = 0.5 + 0.1*float64(i)
		}
		want := make([]float64, d*(1+d+r))
		p.NewStepper().Step(0.3, 0.01, prev, raw, want[:d], want[d:d+d*d], want[d+d*d:])
		var wg sync.WaitGroup
		got := make([][]float64, 4)
		for g := range got {
			wg.Add(1)
			go func() {
				defer wg.Done()
				s := p.NewStepper()
				out := make([]float64, len(want))
				for range 50 {
					s.Step(0.3, 0.01, prev, raw, out[:d], out[d:d+d*d], out[d+d*d:])
				}
				got[g] = out
			}()
		}
		wg.Wait()
		for g, out := range got {
			for i := range out {
				if out[i] != want[i] {
					t.Fatalf("%s: goroutine %d: entry %d is %g, want %g", p.Name(), g, i, out[i], want[i])
				}
			}
		}
	}
}

func TestSystemSpecFromPersonsOptions(t *testing.T) {
	// Options as a person writes them on the command line (train --prior-options): names only,
	// one fixed value, the rest at their defaults; SystemSpec must complete them with default
	// sigmoid transforms over the system's ranges.
	spec, err := SystemSpec("system:duffing", json.RawMessage(`{"predict":[{"name":"delta"},{"name":"beta"}],"fixed":{"alpha":-1},"fix_defaults":true,"integrator":"rk4"}`))
	if err != nil {
		t.Fatal(err)
	}
	p, err := Build(spec)
	if err != nil {
		t.Fatalf("Build(%s): %v", spec.Config, err)
	}
	if p.Name() != "system:duffing" || strings.Join(p.RawNames(), ",") != "delta,beta" {
		t.Fatalf("prior %s with raw %v", p.Name(), p.RawNames())
	}
	// A default sigmoid over the system's range [0, 1] for delta: raw 0 is its middle.
	params := make([]float64, 2)
	p.NewStepper().Params([]float64{0, 0}, params)
	if math.Abs(params[0]-0.5) > 1e-15 {
		t.Fatalf("delta at raw 0 = %g, want the middle of [0, 1]", params[0])
	}
	// The stored form goes back in unchanged.
	again, err := SystemSpec("system:duffing", spec.Config)
	if err != nil || string(again.Config) != string(spec.Config) {
		t.Fatalf("stored config given back: %v\n%s\n%s", err, spec.Config, again.Config)
	}
	for _, c := range []struct{ name, opts, want string }{
		{"system:duffing", `{"predict":[{"name":"delta"}],"fixd":{}}`, `unknown field "fixd"`},
		{"system:duffing", `{"predict":[{"name":"delta"}]}`, "neither predicted nor fixed"},
		{"system:duffing", `{"system":"msd","predict":[{"name":"delta"}]}`, `options name system "msd"`},
		{"system:nope", `{}`, `unknown system "nope"`},
		{"msd", `{}`, "is not a system:NAME prior"},
	} {
		if _, err := SystemSpec(c.name, json.RawMessage(c.opts)); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s %s: want %q, got %v", c.name, c.opts, c.want, err)
		}
	}
}
