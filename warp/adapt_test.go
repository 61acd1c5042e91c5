package warp

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/warpkit/warpkit/nn"
)

// train runs Adam on fresh batches from gen and returns the first and last losses.
func train(t *testing.T, m *Model, gen func(*rand.Rand) *nn.Sequences, opt nn.LossOptions, steps int, lr float64) (first, last float64) {
	t.Helper()
	adam, err := nn.NewAdam(m.Params(), nn.AdamConfig{})
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(21, 22))
	for i := 0; i < steps; i++ {
		nn.ZeroGrad(m.Params())
		l, err := m.Loss(gen(rng), opt, rng)
		if err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		if i == 0 {
			first = l
		}
		last = l
		adam.Step(lr)
	}
	return first, last
}

// forecastMSE is the mean squared forecast error on steps from..T−1.
func forecastMSE(t *testing.T, m *Model, x *nn.Sequences, context, from int) float64 {
	t.Helper()
	f, err := m.Forecast(x, context)
	if err != nil {
		t.Fatal(err)
	}
	s, c := 0.0, 0
	for n := 0; n < x.N; n++ {
		for tt := from; tt < x.T; tt++ {
			for i, v := range x.At(n, tt) {
				e := f.At(n, tt)[i] - v
				s += e * e
				c++
			}
		}
	}
	return s / float64(c)
}

// TestGradientFreeAdaptation trains WARP briefly on sine waves a·sin(2πt + φ) with random
// phase and amplitude in [0.5, 1], then shows it an out-of-distribution trajectory (amplitude
// 1.2–1.4): with no optimiser running, the context moves the root network's weights away from
// θ_0 and the forecast after the context is far better than one that starts from θ_0 without
// it, while the model's parameters stay untouched.
func TestGradientFreeAdaptation(t *testing.T) {
	const T, context = 24, 12
	m := mustNew(t, Config{Dim: 1, RootWidth: 12, RootDepth: 1, Init: "free", Transition: "diagonal", ALRScale: 1, Seed: 7})
	gen := func(rng *rand.Rand) *nn.Sequences { return sines(rng, 32, T, 1, 0.5, 1, -math.Pi, math.Pi, 1) }
	first, last := train(t, m, gen, nn.LossOptions{ForcingProb: 0.5}, 400, 1e-2)
	t.Logf("training loss %.4g → %.4g", first, last)

	before := make([][]float64, len(m.Params()))
	for i, p := range m.Params() {
		before[i] = append([]float64(nil), p.Data...)
	}
	ood := sines(rand.New(rand.NewPCG(99, 1)), 64, T, 1, 1.2, 1.4, -math.Pi, math.Pi, 1)
	adapted := forecastMSE(t, m, ood, context, context)
	blind := forecastMSE(t, m, ood, 1, context)
	t.Logf("OOD forecast MSE on steps %d..%d: %.4g with %d context steps, %.4g from θ_0 alone", context, T-1, adapted, context, blind)
	if !(adapted < 0.3*blind) {
		t.Errorf("context did not help: MSE %.4g with context vs %.4g without", adapted, blind)
	}

	w, err := m.Weights(ood, context)
	if err != nil {
		t.Fatal(err)
	}
	D := m.NumWeights()
	moved := 0.0
	for k := 0; k < D; k++ {
		d := w[(context-1)*D+k] - w[k]
		moved += d * d
	}
	if math.Sqrt(moved) < 1e-2 {
		t.Errorf("θ moved only %.3g over the context", math.Sqrt(moved))
	}
	for i, p := range m.Params() {
		for j := range p.Data {
			if p.Data[j] != before[i][j] {
				t.Fatalf("parameter %s changed during inference", p.Name)
			}
		}
	}
}

// TestLearnsSine: a dense WARP with a hypernetwork, trained teacher-forced for a few hundred
// steps on two-channel sine waves, cuts its loss tenfold and forecasts better than holding the
// last context value (persistence).
func TestLearnsSine(t *testing.T) {
	const T, context = 16, 4
	m := mustNew(t, Config{Dim: 2, RootWidth: 8, RootDepth: 1, Init: "hyper1", ParallelScan: true, ALRScale: 0.1, Seed: 3})
	gen := func(rng *rand.Rand) *nn.Sequences { return sines(rng, 32, T, 2, 1, 1, -math.Pi/6, math.Pi/6, 1) }
	first, last := train(t, m, gen, nn.LossOptions{ForcingProb: 1}, 300, 1e-2)
	t.Logf("training loss %.4g → %.4g", first, last)
	if !(last < first/10) {
		t.Errorf("loss fell only from %.4g to %.4g", first, last)
	}
	test := sines(rand.New(rand.NewPCG(5, 5)), 64, T, 2, 1, 1, -math.Pi/6, math.Pi/6, 1)
	got := forecastMSE(t, m, test, context, context)
	persist := 0.0
	for n := 0; n < test.N; n++ {
		for tt := context; tt < T; tt++ {
			for i, v := range test.At(n, tt) {
				e := test.At(n, context-1)[i] - v
				persist += e * e
			}
		}
	}
	persist /= float64(test.N * (T - context) * 2)
	t.Logf("forecast MSE %.4g, persistence %.4g", got, persist)
	if !(got < persist/4) {
		t.Errorf("forecast MSE %.4g not well below persistence %.4g", got, persist)
	}
}
