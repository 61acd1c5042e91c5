package warp

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/warpkit/warpkit/nn"
	"github.com/warpkit/warpkit/physics"
)

func TestConfigErrorsNameTheField(t *testing.T) {
	for _, c := range []struct {
		cfg  Config
		want string
	}{
		{Config{}, "dim"},
		{Config{Dim: 1, RootWidth: -1}, "root_width"},
		{Config{Dim: 1, RootDepth: -1}, "root_depth"},
		{Config{Dim: 1, Activation: "gelu"}, "activation"},
		{Config{Dim: 1, RootInput: "prev"}, "root_input"},
		{Config{Dim: 1, Init: "hyper3"}, "init"},
		{Config{Dim: 1, Transition: "full"}, "transition"},
		{Config{Dim: 1, Transition: "lowrank", Rank: -2}, "rank"},
		{Config{Dim: 1, AInit: "random"}, "a_init"},
		{Config{Dim: 1, AInit: "spread", Transition: "lowrank"}, "a_init"},
		{Config{Dim: 1, AInit: "rotations", Transition: "diagonal"}, "a_init"},
		{Config{Dim: 1, Squash: "softclip"}, "clip_c"},
		{Config{Dim: 1, Squash: "sigmoid"}, "squash"},
		{Config{Dim: 1, Squash: "clip"}, "clip_c"},
		{Config{Dim: 1, Squash: "scaled", Alpha: 1}, "scale"},
		{Config{Dim: 1, MinStd: -1}, "min_std"},
		{Config{Dim: 1, ALRScale: math.NaN()}, "a_lr_scale"},
		{Config{Dim: 1, AClip: -1}, "a_clip"},
		{Config{Dim: 2, Mean: []float64{0}, Std: []float64{1}}, "mean/std"},
		{Config{Dim: 1, Mean: []float64{0}, Std: []float64{0}}, "std"},
		{Config{Dim: 1, Prior: &physics.Spec{Name: "nope"}}, "prior"},
		{Config{Dim: 2, ParamSmooth: 1}, "param_smooth"},
		{Config{Dim: 2, ParamSmooth: -1, Prior: &physics.Spec{Name: "msd"}}, "param_smooth"},
		{Config{Dim: 1, Prior: &physics.Spec{Name: "msd"}}, "prior"}, // msd predicts 2 states
	} {
		_, err := New(c.cfg)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: error %v, want one naming %s", c.cfg, err, c.want)
		}
	}
}

func TestBadInputErrors(t *testing.T) {
	m := mustNew(t, Config{Dim: 2, RootWidth: 3, RootDepth: 1})
	good := sines(rand.New(rand.NewPCG(1, 1)), 2, 5, 2, 1, 1, 0, 1, 1)
	rng := rand.New(rand.NewPCG(1, 1))
	bad := func(f func(s *nn.Sequences)) *nn.Sequences {
		s := *good
		s.X = append([]float64(nil), good.X...)
		s.Times = append([]float64(nil), good.Times...)
		f(&s)
		return &s
	}
	for _, c := range []struct {
		name string
		b    *nn.Sequences
		opt  nn.LossOptions
		want string
	}{
		{"channels", bad(func(s *nn.Sequences) { s.D = 1 }), nn.LossOptions{}, "channels"},
		{"short", bad(func(s *nn.Sequences) { s.X = s.X[:3] }), nn.LossOptions{}, "X has"},
		{"times", bad(func(s *nn.Sequences) { s.Times = s.Times[:2] }), nn.LossOptions{}, "Times has"},
		{"nan", bad(func(s *nn.Sequences) { s.X[7] = math.NaN() }), nn.LossOptions{}, "X[0,3,1]"},
		{"time order", bad(func(s *nn.Sequences) { s.Times[2] = s.Times[1] }), nn.LossOptions{}, "increase"},
		{"loss", good, nn.LossOptions{Loss: "huber"}, "huber"},
		{"nll", good, nn.LossOptions{Loss: "nll"}, "stochastic"},
		{"forcing", good, nn.LossOptions{ForcingProb: math.NaN()}, "forcing"},
		{"context", good, nn.LossOptions{Context: -1}, "context"},
	} {
		if _, err := m.Loss(c.b, c.opt, rng); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one mentioning %q", c.name, err, c.want)
		}
	}
	if _, err := m.Loss(good, nn.LossOptions{ForcingProb: 0.5}, nil); err == nil || !strings.Contains(err.Error(), "rng") {
		t.Errorf("nil rng: %v", err)
	}
	for _, c := range []int{0, 6} {
		if _, err := m.Forecast(good, c); err == nil || !strings.Contains(err.Error(), "context") {
			t.Errorf("Forecast context %d: %v", c, err)
		}
	}
	if _, err := m.Weights(nil, 1); err == nil {
		t.Error("Weights(nil) accepted")
	}
}

func TestAClipBoundsA(t *testing.T) {
	m := mustNew(t, Config{Dim: 2, RootWidth: 3, RootDepth: 1, AClip: 0.9})
	perturb(m, 1, 0.5)
	if _, err := m.Loss(sines(rand.New(rand.NewPCG(1, 1)), 2, 5, 2, 1, 1, 0, 1, 1), nn.LossOptions{ForcingProb: 1}, nil); err != nil {
		t.Fatal(err)
	}
	for _, v := range m.tr.params()[0].Data {
		if math.Abs(v) > 0.9 {
			t.Fatalf("A entry %g outside ±0.9", v)
		}
	}
}

// recordingPrior returns next = prev + raw (raw has one entry per state) and records the
// previous states it is handed, to check that WARP-Phys passes physical, unstandardised states.
type recordingPrior struct{ seen *[][]float64 }

func (p recordingPrior) Name() string                 { return "test-recording" }
func (p recordingPrior) Dim() int                     { return 2 }
func (p recordingPrior) NumRaw() int                  { return 2 }
func (p recordingPrior) RawNames() []string           { return []string{"a", "b"} }
func (p recordingPrior) NewStepper() physics.Stepper  { return p }
func (p recordingPrior) Spec() physics.Spec           { return physics.Spec{Name: "test-recording"} }
func (p recordingPrior) Params(raw, params []float64) { copy(params, raw) }
func (p recordingPrior) Step(tau, dt float64, prev, raw, next, dPrev, dRaw []float64) {
	*p.seen = append(*p.seen, append([]float64(nil), prev...))
	for i := range next {
		next[i] = prev[i] + raw[i]
	}
}

func TestPhysPriorSeesPhysicalStates(t *testing.T) {
	var seen [][]float64
	m, err := NewWithPrior(Config{Dim: 2, RootWidth: 3, RootDepth: 1, Mean: []float64{5, -3}, Std: []float64{10, 0.1}}, recordingPrior{&seen})
	if err != nil {
		t.Fatal(err)
	}
	x := sines(rand.New(rand.NewPCG(1, 1)), 1, 5, 2, 1, 1, 0, 1, 1)
	if _, err := m.Forecast(x, x.T); err != nil {
		t.Fatal(err)
	}
	if len(seen) != x.T-1 {
		t.Fatalf("prior stepped %d times, want %d", len(seen), x.T-1)
	}
	for tt, prev := range seen {
		for i, v := range prev {
			if v != x.At(0, tt)[i] {
				t.Fatalf("step %d: prior got prev %v, want the physical state %v", tt, prev, x.At(0, tt))
			}
		}
	}
}
