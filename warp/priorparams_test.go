package warp

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/warpkit/warpkit/nn"
	"github.com/warpkit/warpkit/ode"
	"github.com/warpkit/warpkit/physics"
)

// The parameters PriorParams reports must be the ones the forecast stepped with: from each
// point fed to the decoder (the truth in the context, the model's own prediction after it), the
// textbook MSD solution over one step at the reported m, k, c (ode.MSDSolution, independent of
// the prior's flow) must land on the forecast's next point. Both the three-parameter prior and
// the fixed-mass one (k and c only) are checked, on a perturbed model whose parameters vary
// along the trajectory.
func TestPriorParamsDriveTheForecast(t *testing.T) {
	for _, cfg := range []string{`{"integrator":"exact"}`, `{"integrator":"exact","mass":0.03,"transform":"softplus"}`} {
		m := mustNew(t, Config{Dim: 2, RootWidth: 5, RootDepth: 1, Seed: 3, Prior: &physics.Spec{Name: "msd", Config: []byte(cfg)}})
		perturb(m, 11, 0.05)
		x := sines(rand.New(rand.NewPCG(1, 2)), 3, 20, 2, 0.5, 1, -1, 1, 1)
		const context = 8
		f, err := m.Forecast(x, context)
		if err != nil {
			t.Fatal(err)
		}
		params, err := m.PriorParams(x, context)
		if err != nil {
			t.Fatal(err)
		}
		P := m.Prior().NumRaw()
		if len(params) != x.N*x.T*P {
			t.Fatalf("%s: %d params, want %d", cfg, len(params), x.N*x.T*P)
		}
		varies := false
		for n := 0; n < x.N; n++ {
			for tt := 0; tt < x.T; tt++ {
				p := params[(n*x.T+tt)*P : (n*x.T+tt+1)*P]
				if tt == 0 {
					if !math.IsNaN(p[0]) {
						t.Errorf("%s: step 0 has parameters %v; nothing predicts it", cfg, p)
					}
					continue
				}
				mass, k, c := 0.03, p[0], p[1]
				if P == 3 {
					mass, k, c = p[0], p[1], p[2]
				}
				if tt > 1 && k != params[(n*x.T+tt-1)*P+P-2] {
					varies = true
				}
				from := x.At(n, tt-1)
				if tt-1 >= context {
					from = f.At(n, tt-1)
				}
				dt := x.Times[tt] - x.Times[tt-1]
				wx, wv := ode.MSDSolution(mass, k, c, from[0], from[1], dt)
				got := f.At(n, tt)
				if tt < context {
					continue // the forecast holds the truth there; the decoder's output is not kept
				}
				if math.Abs(got[0]-wx) > 1e-10 || math.Abs(got[1]-wv) > 1e-10*math.Max(1, math.Abs(wv)) {
					t.Errorf("%s: traj %d step %d: forecast (%.12g, %.12g), MSD solution at the reported parameters (%.12g, %.12g)", cfg, n, tt, got[0], got[1], wx, wv)
				}
			}
		}
		if !varies {
			t.Errorf("%s: the reported stiffness never changes along a trajectory; the check above would not see a misaligned step", cfg)
		}
	}
	plain := mustNew(t, Config{Dim: 2, RootWidth: 4, RootDepth: 1, Seed: 1})
	if _, err := plain.PriorParams(sines(rand.New(rand.NewPCG(1, 2)), 1, 5, 2, 1, 1, 0, 0, 1), 2); err == nil || !strings.Contains(err.Error(), "no physics prior") {
		t.Errorf("plain WARP: error %v, want one saying it has no prior", err)
	}
}

// The smoothness penalty's value is ParamSmooth times the mean squared change, between
// consecutive predicted steps, of the raw outputs, which for the test prior are the logs of
// the parameters PriorParams reports: with the teacher-forced loss the two Loss values must
// differ by exactly that, computed here from the reported parameters.
func TestParamSmoothPenaltyValue(t *testing.T) {
	const w = 0.3
	cfg := Config{Dim: 2, RootWidth: 5, RootDepth: 1, Seed: 8}
	plain, err := NewWithPrior(cfg, dampedPrior{})
	if err != nil {
		t.Fatal(err)
	}
	perturb(plain, 5, 0.05)
	cfg.ParamSmooth = w
	smooth, err := NewWithPrior(cfg, dampedPrior{})
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range smooth.Params() {
		copy(p.Data, plain.Params()[i].Data)
	}
	x := sines(rand.New(rand.NewPCG(3, 1)), 4, 9, 2, 0.5, 1, -1, 1, 1)
	opt := nn.LossOptions{ForcingProb: 1}
	l0, err := plain.Loss(x, opt, nil)
	if err != nil {
		t.Fatal(err)
	}
	l1, err := smooth.Loss(x, opt, nil)
	if err != nil {
		t.Fatal(err)
	}
	params, err := plain.PriorParams(x, x.T)
	if err != nil {
		t.Fatal(err)
	}
	sum, cnt := 0.0, 0
	for n := 0; n < x.N; n++ {
		for tt := 2; tt < x.T; tt++ {
			for j := 0; j < 2; j++ {
				e := math.Log(params[(n*x.T+tt)*2+j]) - math.Log(params[(n*x.T+tt-1)*2+j])
				sum += e * e
				cnt++
			}
		}
	}
	want := w * sum / float64(cnt)
	if want < 1e-6 {
		t.Fatalf("the raw outputs barely change (penalty %g); the check would see nothing", want)
	}
	if got := l1 - l0; math.Abs(got-want) > 1e-13*math.Max(1, l0) {
		t.Errorf("penalty %.15g (loss %g without it), want %.15g", got, l0, want)
	}
}
