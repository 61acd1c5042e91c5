package warp

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/warpkit/warpkit/nn"
	"gonum.org/v1/gonum/mat"
)

// plainMLP evaluates the root network the textbook way with gonum matrices, reading every
// weight through its exported name (l0.w[i,j], l0.b[i]), so both the fused evaluator and the
// naming of θ are checked.
func plainMLP(t *testing.T, m *Model, theta, in []float64, act func(float64) float64) []float64 {
	t.Helper()
	pos := map[string]int{}
	for i, name := range m.WeightNames() {
		pos[name] = i
	}
	if len(pos) != m.NumWeights() {
		t.Fatalf("%d distinct weight names for %d weights", len(pos), m.NumWeights())
	}
	x := mat.NewVecDense(len(in), append([]float64(nil), in...))
	for l, ly := range m.root.layers {
		w := mat.NewDense(ly.out, ly.in, nil)
		b := mat.NewVecDense(ly.out, nil)
		for i := 0; i < ly.out; i++ {
			for j := 0; j < ly.in; j++ {
				w.Set(i, j, theta[pos[fmt.Sprintf("l%d.w[%d,%d]", l, i, j)]])
			}
			b.SetVec(i, theta[pos[fmt.Sprintf("l%d.b[%d]", l, i)]])
		}
		y := mat.NewVecDense(ly.out, nil)
		y.MulVec(w, x)
		y.AddVec(y, b)
		if l < len(m.root.layers)-1 {
			for i := 0; i < ly.out; i++ {
				y.SetVec(i, act(y.AtVec(i)))
			}
		}
		x = y
	}
	return x.RawVector().Data
}

var acts = map[string]func(float64) float64{
	"swish": func(x float64) float64 { return x / (1 + math.Exp(-x)) },
	"relu":  func(x float64) float64 { return math.Max(x, 0) },
	"tanh":  math.Tanh,
}

// TestRootMatchesPlainMLP evaluates per-sample root networks against a plain MLP with the
// same weights, for every activation and input mode.
func TestRootMatchesPlainMLP(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 8))
	for name, act := range acts {
		for _, input := range []string{"tau", "tau+prev"} {
			m := mustNew(t, Config{Dim: 3, RootWidth: 7, RootDepth: 3, Activation: name, RootInput: input, Stochastic: true})
			e := newRootEval(&m.root)
			for trial := 0; trial < 5; trial++ {
				theta := make([]float64, m.NumWeights())
				for i := range theta {
					theta[i] = rng.NormFloat64()
				}
				for i := range e.z0 {
					e.z0[i] = rng.NormFloat64()
				}
				want := plainMLP(t, m, theta, e.z0, act)
				e.forward(theta)
				if len(want) != len(e.o) {
					t.Fatalf("%s/%s: %d outputs, plain MLP has %d", name, input, len(e.o), len(want))
				}
				for i := range want {
					if math.Abs(want[i]-e.o[i]) > 1e-12*math.Max(1, math.Abs(want[i])) {
						t.Errorf("%s/%s: output %d = %.15g, plain MLP %.15g", name, input, i, e.o[i], want[i])
					}
				}
			}
		}
	}
}

// TestForecastWithZeroB: while B = 0 the weights never move, so every forecast is the root
// network θ_0 evaluated at τ_t, mapped back with the standardisation; checked with the plain
// MLP for a free θ_0.
func TestForecastWithZeroB(t *testing.T) {
	mean, std := []float64{0.5, -1}, []float64{2, 0.25}
	m := mustNew(t, Config{Dim: 2, RootWidth: 5, RootDepth: 2, Init: "free", Mean: mean, Std: std, Seed: 2})
	x := sines(rand.New(rand.NewPCG(1, 1)), 2, 9, 2, 0.5, 1, -1, 1, 1)
	const context = 3
	f, err := m.Forecast(x, context)
	if err != nil {
		t.Fatal(err)
	}
	theta0 := m.init.(*freeInit).p.Data
	for n := 0; n < x.N; n++ {
		for tt := 0; tt < x.T; tt++ {
			got := f.At(n, tt)
			want := x.At(n, tt)
			if tt >= context {
				want = plainMLP(t, m, theta0, []float64{float64(tt) / float64(x.T-1)}, acts["swish"])
				for i := range want {
					want[i] = mean[i] + std[i]*want[i]
				}
			}
			for i := range want {
				if math.Abs(got[i]-want[i]) > 1e-12 {
					t.Errorf("forecast[%d,%d,%d] = %.15g, want %.15g", n, tt, i, got[i], want[i])
				}
			}
		}
	}
}

// TestWeightsIdentityA: with A = I the recurrence telescopes to θ_t = θ_0 + B (u_t − u_0),
// u the standardised input with the time channel τ appended.
func TestWeightsIdentityA(t *testing.T) {
	mean, std := []float64{0.1, 0.2}, []float64{0.5, 3}
	m := mustNew(t, Config{Dim: 2, RootWidth: 4, RootDepth: 1, Init: "hyper1", TimeChan: true, Mean: mean, Std: std, Seed: 5})
	rng := rand.New(rand.NewPCG(2, 3))
	for i := range m.b.Data {
		m.b.Data[i] = rng.NormFloat64()
	}
	x := sines(rng, 3, 6, 2, 0.5, 1, -1, 1, 1)
	w, err := m.Weights(x, x.T)
	if err != nil {
		t.Fatal(err)
	}
	D, du := m.NumWeights(), m.du
	for n := 0; n < x.N; n++ {
		theta0 := w[(n*x.T)*D : (n*x.T+1)*D]
		for tt := 1; tt < x.T; tt++ {
			diff := make([]float64, du)
			for i := 0; i < 2; i++ {
				diff[i] = (x.At(n, tt)[i] - x.At(n, 0)[i]) / std[i]
			}
			diff[2] = float64(tt) / float64(x.T-1)
			for k := 0; k < D; k++ {
				want := theta0[k]
				for j := 0; j < du; j++ {
					want += m.b.Data[k*du+j] * diff[j]
				}
				if got := w[(n*x.T+tt)*D+k]; math.Abs(got-want) > 1e-12*math.Max(1, math.Abs(want)) {
					t.Fatalf("θ[%d,%d,%d] = %.15g, want %.15g", n, tt, k, got, want)
				}
			}
		}
	}
}

// TestConfigRoundTrip rebuilds a model through nn.Build from its JSON config and checks that,
// with the weights copied over, it forecasts exactly the same.
func TestConfigRoundTrip(t *testing.T) {
	m := mustNew(t, Config{Dim: 2, RootWidth: 5, RootDepth: 1, Transition: "lowrank", Rank: 2, Squash: "tanh", TimeChan: true, Seed: 1})
	perturb(m, 3, 0.1)
	raw := mustJSON(t, m.Config())
	re, err := nn.Build("warp", raw)
	if err != nil {
		t.Fatal(err)
	}
	ps, qs := m.Params(), re.Params()
	if len(ps) != len(qs) {
		t.Fatalf("rebuilt model has %d params, want %d", len(qs), len(ps))
	}
	for i := range ps {
		if ps[i].Name != qs[i].Name || len(ps[i].Data) != len(qs[i].Data) || ps[i].LRScale != qs[i].LRScale {
			t.Fatalf("param %d: %s/%d/%g vs %s/%d/%g", i, ps[i].Name, len(ps[i].Data), ps[i].LRScale, qs[i].Name, len(qs[i].Data), qs[i].LRScale)
		}
		copy(qs[i].Data, ps[i].Data)
	}
	x := sines(rand.New(rand.NewPCG(1, 1)), 2, 8, 2, 0.5, 1, -1, 1, 1)
	a, err := m.Forecast(x, 2)
	if err != nil {
		t.Fatal(err)
	}
	b, err := re.Forecast(x, 2)
	if err != nil {
		t.Fatal(err)
	}
	for i := range a.X {
		if a.X[i] != b.X[i] {
			t.Fatalf("forecast differs at %d: %g vs %g", i, a.X[i], b.X[i])
		}
	}
	if _, err := nn.Build("warp-phys", raw); err == nil {
		t.Error("warp-phys without a prior was accepted")
	}
}
