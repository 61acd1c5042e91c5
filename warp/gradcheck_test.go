package warp

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/warpkit/warpkit/nn"
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
			checkGrad(t, m, data, c.opt, 5)
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
	checkGrad(t, m, data, nn.LossOptions{ForcingProb: 0.5}, 6)
}

// checkGrad compares the analytic gradient of a random sample of 12 entries per parameter with
// a fourth-order central difference, (8(f(+h) − f(−h)) − (f(+2h) − f(−2h)))/(12h) with
// h = 1e-3: truncation is O(h⁴) ≈ 1e-12 and round-off about 1e-16·loss/h ≈ 1e-13, so a
// relative error of 1e-6 is well above the method's own error. The rng is reseeded for every
// evaluation so forcing draws and noise are identical.
func checkGrad(t *testing.T, m *Model, data *nn.Sequences, opt nn.LossOptions, seed uint64) {
	t.Helper()
	f := func() float64 {
		l, err := m.Loss(data, opt, rand.New(rand.NewPCG(seed, 99)))
		if err != nil {
			t.Fatal(err)
		}
		return l
	}
	ps := m.Params()
	nn.ZeroGrad(ps)
	f()
	analytic := make([][]float64, len(ps))
	for i, p := range ps {
		analytic[i] = append([]float64(nil), p.Grad...)
	}
	pick := rand.New(rand.NewPCG(seed, 1))
	h := 1e-3
	if m.cfg.Activation == "relu" {
		// Stay clear of ReLU's kinks, which a stencil 4h wide can straddle.
		h = 1e-5
	}
	worst, where := 0.0, ""
	for i, p := range ps {
		an := analytic[i]
		idx := pick.Perm(len(p.Data))
		if len(idx) > 12 {
			idx = idx[:12]
		}
		for _, j := range idx {
			orig := p.Data[j]
			at := func(x float64) float64 { p.Data[j] = x; return f() }
			num := (8*(at(orig+h)-at(orig-h)) - (at(orig+2*h) - at(orig-2*h))) / (12 * h)
			p.Data[j] = orig
			rel := math.Abs(an[j]-num) / math.Max(math.Max(math.Abs(an[j]), math.Abs(num)), 1e-8)
			if !(rel <= worst) {
				worst, where = rel, fmt.Sprintf("%s[%d]: analytic %.12g numeric %.12g", p.Name, j, an[j], num)
			}
		}
	}
	if worst > 1e-6 {
		t.Errorf("max relative gradient error %.3g > 1e-6 at %s", worst, where)
	}
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
			checkGrad(t, m, data, opt, 6)
		})
	}
}
