package warp

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/warpkit/warpkit/nn"
	"github.com/warpkit/warpkit/nn/nntest"
	"github.com/warpkit/warpkit/physics"
)

// TestGradCheck compares Loss's gradients with central differences for every option.
func TestGradCheck(t *testing.T) {
	ar := nn.LossOptions{ForcingProb: 0.4, Context: 2}
	tf := nn.LossOptions{ForcingProb: 1}
	base := Config{Dim: 2, RootWidth: 5, RootDepth: 2, Seed: 3}
	with := func(f func(c *Config)) Config { c := base; f(&c); return c }
	cases := []struct {
		name  string
		cfg   Config
		opt   nn.LossOptions
		prior physics.Prior
	}{
		{"dense-teacher", base, tf, nil},
		{"dense-teacher-parallel", with(func(c *Config) { c.ParallelScan = true }), tf, nil},
		{"dense-ar", base, ar, nil},
		{"dense-ar-no-context", base, nn.LossOptions{ForcingProb: 0.3}, nil},
		{"dense-spread-ar", with(func(c *Config) { c.AInit = "spread" }), ar, nil},
		{"dense-rotations-ar", with(func(c *Config) { c.AInit = "rotations" }), ar, nil},
		{"diagonal-spread-ar", with(func(c *Config) { c.Transition = "diagonal"; c.AInit = "spread" }), ar, nil},
		{"diagonal-ar", with(func(c *Config) { c.Transition = "diagonal" }), ar, nil},
		{"lowrank-ar", with(func(c *Config) { c.Transition = "lowrank"; c.Rank = 3 }), ar, nil},
		{"lowrank-teacher-parallel", with(func(c *Config) { c.Transition = "lowrank"; c.Rank = 3; c.ParallelScan = true }), tf, nil},
		{"hyper0", with(func(c *Config) { c.Init = "hyper0" }), ar, nil},
		{"hyper2", with(func(c *Config) { c.Init = "hyper2" }), ar, nil},
		{"free", with(func(c *Config) { c.Init = "free" }), ar, nil},
		{"time-channel", with(func(c *Config) { c.TimeChan = true }), ar, nil},
		{"tau+prev-standardised", with(func(c *Config) {
			c.RootInput = "tau+prev"
			c.Mean, c.Std = []float64{0.1, -0.2}, []float64{0.7, 1.3}
		}), ar, nil},
		{"stochastic-nll", with(func(c *Config) { c.Stochastic = true; c.Std = []float64{2, 0.5}; c.Mean = []float64{0, 1} }), ar, nil},
		{"stochastic-mse", with(func(c *Config) { c.Stochastic = true }), nn.LossOptions{ForcingProb: 0.4, Loss: "mse"}, nil},
		{"squash-tanh", with(func(c *Config) { c.Squash = "tanh" }), ar, nil},
		{"squash-clip", with(func(c *Config) { c.Squash = "clip"; c.ClipC = 0.6 }), ar, nil},
		{"squash-scaled", with(func(c *Config) { c.Squash = "scaled"; c.Alpha, c.Bias, c.Scale, c.Beta = 1.5, 0.2, 0.8, -0.1 }), ar, nil},
		{"squash-softclip", with(func(c *Config) { c.Squash = "softclip"; c.ClipC = 1 }), ar, nil},
		{"relu", with(func(c *Config) { c.Activation = "relu" }), ar, nil},
		{"tanh", with(func(c *Config) { c.Activation = "tanh"; c.RootDepth = 1 }), ar, nil},
		{"prior-ar", with(func(c *Config) { c.RootInput = "tau+prev"; c.Mean, c.Std = []float64{0, 0}, []float64{0.5, 2} }), ar, dampedPrior{}},
		{"prior-teacher", base, tf, dampedPrior{}},
		{"prior-stochastic", with(func(c *Config) { c.Stochastic = true; c.TimeChan = true }), ar, dampedPrior{}},
		{"prior-param-smooth-ar", with(func(c *Config) { c.ParamSmooth = 0.7 }), ar, dampedPrior{}},
		{"prior-param-smooth-teacher", with(func(c *Config) { c.ParamSmooth = 0.7; c.Squash = "tanh" }), tf, dampedPrior{}},
	}
	data := sines(rand.New(rand.NewPCG(1, 2)), 3, 7, 2, 0.5, 1.5, -1, 1, 1)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var m *Model
			var err error
			if c.prior != nil {
				m, err = NewWithPrior(c.cfg, c.prior)
			} else {
				m, err = New(c.cfg)
			}
			if err != nil {
				t.Fatal(err)
			}
			perturb(m, 11, 0.1)
			nntest.GradCheck(t, m, data, c.opt, gradStep(m), 5)
		})
	}
}

// TestGradCheckPhysicsMSD runs the check through the physics package's MSD prior (RK4 step
// with complex-step Jacobians), the prior WARP-Phys uses on the paper's main task.
func TestGradCheckPhysicsMSD(t *testing.T) {
	m := mustNew(t, Config{Dim: 2, RootWidth: 4, RootDepth: 1, Seed: 4, Prior: &physics.Spec{Name: "msd"}})
	perturb(m, 12, 0.1)
	data := sines(rand.New(rand.NewPCG(3, 4)), 2, 6, 2, 0.5, 1.5, -1, 1, 1)
	for i := range data.Times {
		// A step well inside RK4's stability region for the stiffest springs in the prior's range.
		data.Times[i] *= 0.01
	}
	nntest.GradCheck(t, m, data, nn.LossOptions{ForcingProb: 0.5}, gradStep(m), 6)
}

// gradStep is the step of nntest.GradCheck for m: a stencil 4h wide around a ReLU's kink
// would straddle it at the default step.
func gradStep(m *Model) float64 {
	if m.cfg.Activation == "relu" {
		return nntest.KinkStep
	}
	return nntest.GradStep
}

// TestGradCheckLongSequence checks the dense transition's gradients over 19 steps, where the
// products over all steps stacked span many more rows than the tests above.
func TestGradCheckLongSequence(t *testing.T) {
	data := sines(rand.New(rand.NewPCG(5, 6)), 3, 20, 2, 0.5, 1.5, -1, 1, 1)
	for _, opt := range []nn.LossOptions{{ForcingProb: 0.4, Context: 2}, {ForcingProb: 1}} {
		t.Run(fmt.Sprint("forcing=", opt.ForcingProb), func(t *testing.T) {
			m := mustNew(t, Config{Dim: 2, RootWidth: 5, RootDepth: 2, Seed: 3})
			// A smaller perturbation than above keeps A's spectrum near 1, so that over 19
			// steps the loss stays smooth enough for central differences.
			perturb(m, 13, 0.01)
			nntest.GradCheck(t, m, data, opt, gradStep(m), 6)
		})
	}
}
