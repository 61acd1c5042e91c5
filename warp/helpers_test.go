package warp

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/warpkit/warpkit/nn"
	"github.com/warpkit/warpkit/physics"
)

// sines makes n trajectories a·sin(2π f t + φ) (and, with d = 2, their derivative scaled to
// unit amplitude) on T points of t ∈ [0, 1].
func sines(rng *rand.Rand, n, T, d int, aLo, aHi, phLo, phHi, f float64) *nn.Sequences {
	s := &nn.Sequences{N: n, T: T, D: d, X: make([]float64, n*T*d), Times: make([]float64, T)}
	for t := range s.Times {
		s.Times[t] = float64(t) / float64(T-1)
	}
	for i := 0; i < n; i++ {
		a := aLo + (aHi-aLo)*rng.Float64()
		ph := phLo + (phHi-phLo)*rng.Float64()
		for t := 0; t < T; t++ {
			x := s.At(i, t)
			arg := 2*math.Pi*f*s.Times[t] + ph
			x[0] = a * math.Sin(arg)
			if d > 1 {
				x[1] = a * math.Cos(arg)
			}
		}
	}
	return s
}

// perturb moves every parameter off its structured initialisation (A = I, B = 0), so that
// gradient checks exercise every path.
func perturb(m *Model, seed uint64, scale float64) {
	rng := rand.New(rand.NewPCG(seed, 7))
	for _, p := range m.Params() {
		for i := range p.Data {
			p.Data[i] += scale * (2*rng.Float64() - 1)
		}
	}
}

// dampedPrior is a test prior of our own: a damped oscillator x' = v, v' = −k x − c v with
// k = e^{r0}, c = e^{r1}, advanced by one explicit Euler step with its exact Jacobians, plus a
// τ-dependent forcing term so the normalised time matters.
type dampedPrior struct{}

func (dampedPrior) Name() string                { return "test-damped" }
func (dampedPrior) Dim() int                    { return 2 }
func (dampedPrior) NumRaw() int                 { return 2 }
func (dampedPrior) RawNames() []string          { return []string{"k", "c"} }
func (dampedPrior) NewStepper() physics.Stepper { return dampedStepper{} }
func (dampedPrior) Spec() physics.Spec          { return physics.Spec{Name: "test-damped"} }
func (dampedStepper) Params(raw, params []float64) {
	params[0], params[1] = math.Exp(raw[0]), math.Exp(raw[1])
}

type dampedStepper struct{}

func (dampedStepper) Step(tau, dt float64, prev, raw, next, dPrev, dRaw []float64) {
	k, c := math.Exp(raw[0]), math.Exp(raw[1])
	x, v := prev[0], prev[1]
	next[0] = x + dt*v
	next[1] = v + dt*(-k*x-c*v+math.Sin(3*tau))
	if dPrev != nil {
		dPrev[0], dPrev[1] = 1, dt
		dPrev[2], dPrev[3] = -dt*k, 1-dt*c
	}
	if dRaw != nil {
		dRaw[0], dRaw[1] = 0, 0
		dRaw[2], dRaw[3] = -dt*k*x, -dt*c*v
	}
}

func mustNew(t *testing.T, cfg Config) *Model {
	t.Helper()
	m, err := New(cfg)
	if err != nil {
		t.Fatalf("New(%+v): %v", cfg, err)
	}
	return m
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
