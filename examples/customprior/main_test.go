package main

import (
	"io"
	"strings"
	"testing"

	"github.com/warpkit/warpkit/physics"
)

// A small run must learn: the trained WARP-Phys forecast beats both persistence and the same
// model before training (the prior at the parameters an untrained network outputs), which it
// can only do if gradients flow through the prior's complex-step Jacobians into the network.
func TestSmallRunLearns(t *testing.T) {
	s, err := parseSettings([]string{"-train", "64", "-test", "32", "-epochs", "60"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	r, err := train(s, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
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
