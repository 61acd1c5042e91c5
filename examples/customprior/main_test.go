package main

import (
	"io"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/warpkit/warpkit/nn"
	"github.com/warpkit/warpkit/physics"
	"github.com/warpkit/warpkit/warp"
)

// trainWith parses args as the command line would and trains, failing the test on any error.
func trainWith(t *testing.T, args ...string) (settings, result, *warp.Model) {
	t.Helper()
	s, err := parseSettings(args, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	r, m, err := train(s, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	return s, r, m
}

// A small run must learn: the trained WARP-Phys forecast beats both persistence and the same
// model before training (the prior at the parameters an untrained network outputs), which it
// can only do if gradients flow through the prior's complex-step Jacobians into the network.
func TestSmallRunLearns(t *testing.T) {
	_, r, _ := trainWith(t, "-train", "64", "-test", "32", "-epochs", "60")
	t.Logf("test MSE: trained %.4g, untrained %.4g, persistence %.4g", r.ModelMSE, r.UntrainedMSE, r.PersistenceMSE)
	if !(r.ModelMSE < r.PersistenceMSE/10) {
		t.Errorf("trained MSE %.4g is not 10× below persistence %.4g", r.ModelMSE, r.PersistenceMSE)
	}
	if !(r.ModelMSE < 0.8*r.UntrainedMSE) {
		t.Errorf("trained MSE %.4g is not 20%% below the untrained model's %.4g", r.ModelMSE, r.UntrainedMSE)
	}
}

// Once registered, the custom system's prior rebuilds from its spec, as a checkpoint needs.
func TestPriorRebuildsFromSpec(t *testing.T) {
	sys, err := register()
	if err != nil {
		t.Fatal(err)
	}
	p, err := physics.FromSystem(sys, physics.Options{
		Predict: []physics.Predicted{{Name: "damping"}, {Name: "torque"}},
		Fixed:   map[string]float64{"g_over_l": gOverL},
	})
	if err != nil {
		t.Fatal(err)
	}
	q, err := physics.Build(p.Spec())
	if err != nil {
		t.Fatal(err)
	}
	var a, b [2]float64
	p.NewStepper().Step(0.5, 0.05, []float64{0.3, -0.2}, []float64{0.1, 0.4}, a[:], nil, nil)
	q.NewStepper().Step(0.5, 0.05, []float64{0.3, -0.2}, []float64{0.1, 0.4}, b[:], nil, nil)
	if a != b {
		t.Errorf("rebuilt prior steps to %v, original to %v", b, a)
	}
}

// A saved model loads back through nn.LoadCheckpoint, which rebuilds the prior from its spec
// (physics.Build finds the registered system by name), and forecasts the same bytes.
func TestCheckpointRoundTrip(t *testing.T) {
	dir := t.TempDir()
	out := new(strings.Builder)
	if err := run([]string{"-train", "16", "-test", "8", "-epochs", "1", "-save", dir}, out); err != nil {
		t.Fatal(err)
	}
	loaded, err := nn.LoadCheckpoint(dir)
	if err != nil {
		t.Fatal(err)
	}
	m, ok := loaded.(*warp.Model)
	if !ok || m.Prior() == nil || m.Prior().Name() != "system:torqued_pendulum" {
		t.Fatalf("loaded %T, want WARP-Phys with the pendulum prior", loaded)
	}
	s, _, orig := trainWith(t, "-train", "16", "-test", "8", "-epochs", "1")
	sys, err := register()
	if err != nil {
		t.Fatal(err)
	}
	x, err := generate(sys, 4, s, rand.New(rand.NewPCG(9, 9)))
	if err != nil {
		t.Fatal(err)
	}
	a, err := orig.Forecast(x, s.context)
	if err != nil {
		t.Fatal(err)
	}
	b, err := m.Forecast(x, s.context)
	if err != nil {
		t.Fatal(err)
	}
	for i := range a.X {
		if a.X[i] != b.X[i] {
			t.Fatalf("forecast of the loaded model differs at %d: %g vs %g", i, b.X[i], a.X[i])
		}
	}
}

func TestBadFlags(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"-train", "0"}, "-train"},
		{[]string{"-context", "64"}, "-context"},
		{[]string{"-lr", "-1"}, "-lr"},
		{[]string{"-tend", "0"}, "-tend"},
		{[]string{"-nosuch"}, "nosuch"},
	} {
		err := run(c.args, io.Discard)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: error %v, want one naming %s", c.args, err, c.want)
		}
	}
}
