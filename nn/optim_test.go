package nn

import (
	"math"
	"testing"
)

// refAdam is Adam written from Kingma & Ba (2015), Algorithm 1, for one scalar, as an
// independent reference (with optional L2 or decoupled decay).
type refAdam struct{ m, v float64 }

func (r *refAdam) step(theta, g, lr, wd float64, decoupled bool, t int) float64 {
	const b1, b2, eps = 0.9, 0.999, 1e-8
	if decoupled {
		theta -= lr * wd * theta
	} else {
		g += wd * theta
	}
	r.m = b1*r.m + (1-b1)*g
	r.v = b2*r.v + (1-b2)*g*g
	mh := r.m / (1 - math.Pow(b1, float64(t)))
	vh := r.v / (1 - math.Pow(b2, float64(t)))
	return theta - lr*mh/(math.Sqrt(vh)+eps)
}

func TestAdamMatchesReference(t *testing.T) {
	for _, decoupled := range []bool{false, true} {
		p := NewParam("p", 2)
		p.Data[0], p.Data[1] = 3, -1
		q := NewParam("q", 1)
		q.Data[0] = 2
		q.LRScale = 0.1
		opt, err := NewAdam([]*Param{p, q}, AdamConfig{WeightDecay: 0.01, Decoupled: decoupled})
		if err != nil {
			t.Fatal(err)
		}
		refs := make([]refAdam, 3)
		want := []float64{3, -1, 2}
		lr := 0.05
		for step := 1; step <= 50; step++ {
			// f = Σ θ² (sin(θ)+2): a non-quadratic gradient so the moments vary.
			grad := func(x float64) float64 { return 2*x*(math.Sin(x)+2) + x*x*math.Cos(x) }
			p.Grad[0], p.Grad[1], q.Grad[0] = grad(p.Data[0]), grad(p.Data[1]), grad(q.Data[0])
			gw := []float64{grad(want[0]), grad(want[1]), grad(want[2])}
			opt.Step(lr)
			for i := range want {
				l := lr
				if i == 2 {
					l *= 0.1
				}
				want[i] = refs[i].step(want[i], gw[i], l, 0.01, decoupled, step)
			}
		}
		got := []float64{p.Data[0], p.Data[1], q.Data[0]}
		for i := range got {
			if math.Abs(got[i]-want[i]) > 1e-12 {
				t.Errorf("decoupled=%v: θ[%d] = %.15g, reference %.15g", decoupled, i, got[i], want[i])
			}
		}
	}
}

func TestAdamFirstStepIsSignTimesLR(t *testing.T) {
	// After bias correction the first Adam step is lr·g/(|g|+ε): the sign of g times lr.
	p := NewParam("p", 3)
	copy(p.Grad, []float64{5, -0.001, 2e3})
	opt, _ := NewAdam([]*Param{p}, AdamConfig{})
	opt.Step(0.01)
	for i, want := range []float64{-0.01, 0.01, -0.01} {
		if math.Abs(p.Data[i]-want) > 1e-7 {
			t.Errorf("θ[%d] = %g, want %g", i, p.Data[i], want)
		}
	}
}

func TestClipGradNorm(t *testing.T) {
	a, b := NewParam("a", 2), NewParam("b", 1)
	copy(a.Grad, []float64{3, 0})
	b.Grad[0] = 4
	n := ClipGradNorm([]*Param{a, b}, 1)
	if n != 5 {
		t.Fatalf("norm before clipping %g, want 5", n)
	}
	if math.Abs(a.Grad[0]-0.6) > 1e-15 || math.Abs(b.Grad[0]-0.8) > 1e-15 {
		t.Fatalf("clipped grads %v %v, want 0.6 0.8", a.Grad, b.Grad)
	}
	before := a.Grad[0]
	if n := ClipGradNorm([]*Param{a, b}, 10); math.Abs(n-1) > 1e-15 || a.Grad[0] != before {
		t.Fatalf("under the limit: norm %g, grads changed to %v", n, a.Grad)
	}
	a.Grad[0] = 1e200
	b.Grad[0] = 1e200
	if n := GradNorm([]*Param{a, b}); math.Abs(n/(math.Sqrt2*1e200)-1) > 1e-15 {
		t.Fatalf("huge norm %g overflowed", n)
	}
	b.Grad[0] = math.NaN()
	if n := ClipGradNorm([]*Param{a, b}, 1); !math.IsNaN(n) {
		t.Fatalf("NaN gradient norm %g", n)
	}
}

func TestScheduleCosine(t *testing.T) {
	s, err := NewSchedule("cosine", 1e-2)
	if err != nil {
		t.Fatal(err)
	}
	s.MinLR, s.WarmupSteps, s.TotalSteps = 1e-4, 10, 110
	checks := map[int]float64{0: 1e-3, 9: 1e-2, 10: 1e-2, 60: (1e-2 + 1e-4) / 2, 110: 1e-4, 500: 1e-4}
	for step, want := range checks {
		if got := s.LR(step); math.Abs(got-want) > 1e-15 {
			t.Errorf("LR(%d) = %g, want %g", step, got, want)
		}
	}
}

func TestSchedulePlateau(t *testing.T) {
	s, _ := NewSchedule("plateau", 1)
	s.Patience = 2
	for i, m := range []float64{5, 4, 4, 4, 4} { // the third non-improvement exceeds patience 2
		s.Observe(m)
		if i < 4 && s.LR(0) != 1 {
			t.Fatalf("reduced too early after %d observations", i+1)
		}
	}
	if s.LR(0) != 0.5 {
		t.Fatalf("LR after plateau %g, want 0.5", s.LR(0))
	}
	if _, err := NewSchedule("step", 1); err == nil {
		t.Fatal("unknown schedule should be an error")
	}
	if _, err := NewSchedule("constant", math.NaN()); err == nil {
		t.Fatal("NaN learning rate should be an error")
	}
}

func TestAdamLargeParamMatchesReference(t *testing.T) {
	// Larger than one parallel chunk: every element, across chunk boundaries, must follow the
	// scalar reference.
	n := 3*adamGrain + 17
	p := NewParam("big", n)
	rng := testRNG(21)
	copy(p.Data, randSlice(rng, n, 1))
	want := append([]float64(nil), p.Data...)
	refs := make([]refAdam, n)
	opt, _ := NewAdam([]*Param{p}, AdamConfig{WeightDecay: 0.1, Decoupled: true})
	for step := 1; step <= 3; step++ {
		copy(p.Grad, randSlice(rng, n, 2))
		opt.Step(0.01)
		for j := range want {
			want[j] = refs[j].step(want[j], p.Grad[j], 0.01, 0.1, true, step)
		}
	}
	for j := range want {
		if math.Abs(p.Data[j]-want[j]) > 1e-14 {
			t.Fatalf("element %d: %.17g, reference %.17g", j, p.Data[j], want[j])
		}
	}
}
