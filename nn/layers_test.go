package nn

import (
	"math"
	"strings"
	"testing"
)

const gradTol = 1e-6

func TestActivationClosedForms(t *testing.T) {
	cases := []struct {
		name string
		x, y float64
	}{
		{"sigmoid", 0, 0.5},
		{"softplus", 0, math.Ln2},
		{"softplus", 800, 800}, // must not overflow
		{"sigmoid", -800, 0},   // must not overflow
		{"swish", 1, 1 / (1 + math.Exp(-1))},
		{"gelu", 1, 0.8413447460685429},    // Φ(1)
		{"gelu", -1, -0.15865525393145707}, // −Φ(−1)
		{"tanh", 0.5, 0.46211715726000974},
		{"relu", -2, 0},
		{"relu", 2, 2},
		{"identity", -3, -3},
	}
	for _, c := range cases {
		a, err := ActivationByName(c.name)
		if err != nil {
			t.Fatal(err)
		}
		if got := a.F(c.x); math.Abs(got-c.y) > 1e-15*math.Max(1, math.Abs(c.y)) {
			t.Errorf("%s(%g) = %.17g, want %.17g", c.name, c.x, got, c.y)
		}
	}
}

func TestActivationDerivativesFiniteDifference(t *testing.T) {
	xs := []float64{-3.1, -1.2, -0.3, 0.2, 0.7, 2.5, 6}
	for _, name := range ActivationNames() {
		a, _ := ActivationByName(name)
		for _, x := range xs {
			h := 1e-6
			num := (a.F(x+h) - a.F(x-h)) / (2 * h)
			an := a.DF(x, a.F(x))
			if rel := math.Abs(an-num) / math.Max(math.Abs(num), 1e-4); rel > gradTol {
				t.Errorf("%s'(%g): analytic %.12g numeric %.12g rel %.2g", name, x, an, num, rel)
			}
		}
	}
}

func TestActivationUnknownNameListsValid(t *testing.T) {
	_, err := ActivationByName("elu")
	if err == nil || !strings.Contains(err.Error(), "swish") || !strings.Contains(err.Error(), "elu") {
		t.Fatalf("error %v should name the bad name and list valid ones", err)
	}
}

func TestLinearForwardMatchesLoops(t *testing.T) {
	rng := testRNG(1)
	batch, in, out := 5, 7, 3
	l, err := NewLinear("l", in, out, true, InitGlorot, rng)
	if err != nil {
		t.Fatal(err)
	}
	copy(l.B.Data, randSlice(rng, out, 1))
	x := randSlice(rng, batch*in, 1)
	y := make([]float64, batch*out)
	l.Forward(x, y)
	for r := 0; r < batch; r++ {
		for o := 0; o < out; o++ {
			want := l.B.Data[o]
			for i := 0; i < in; i++ {
				want += x[r*in+i] * l.W.Data[o*in+i]
			}
			if math.Abs(y[r*out+o]-want) > 1e-14 {
				t.Fatalf("y[%d,%d] = %g, want %g", r, o, y[r*out+o], want)
			}
		}
	}
}

func TestInitBounds(t *testing.T) {
	w := make([]float64, 4000)
	if err := InitUniform(w, 30, 10, InitGlorot, testRNG(2)); err != nil {
		t.Fatal(err)
	}
	bound := math.Sqrt(6.0 / 40)
	var mx, ss float64
	for _, v := range w {
		mx = math.Max(mx, math.Abs(v))
		ss += v * v
	}
	// U(±a) has variance a²/3: with 4000 draws the sample variance is within a few percent.
	if mx > bound || mx < 0.95*bound || math.Abs(ss/4000/(bound*bound/3)-1) > 0.1 {
		t.Fatalf("glorot: max %g (bound %g), variance ratio %g", mx, bound, ss/4000/(bound*bound/3))
	}
	if err := InitUniform(w, 30, 10, InitZero, nil); err != nil || w[0] != 0 {
		t.Fatalf("zero init: %v %g", err, w[0])
	}
	if err := InitUniform(w, 30, 10, InitHe, nil); err == nil {
		t.Fatal("nil rng should be an error")
	}
}

func TestLinearGradCheck(t *testing.T) {
	rng := testRNG(3)
	batch, in, out := 4, 5, 3
	l, _ := NewLinear("l", in, out, true, InitGlorot, rng)
	copy(l.B.Data, randSlice(rng, out, 1))
	xp := NewParam("x", batch, in)
	copy(xp.Data, randSlice(rng, batch*in, 1))
	c := randSlice(rng, batch*out, 1)
	ps := append(l.Params(), xp)
	f := func() (float64, error) {
		y := make([]float64, batch*out)
		l.Forward(xp.Data, y)
		dy := make([]float64, len(y))
		L := dotLoss(y, c, dy)
		l.Backward(xp.Data, dy, xp.Grad)
		return L, nil
	}
	rel, worst, err := GradCheckFunc(f, ps, GradCheckOptions{})
	if err != nil || rel > gradTol {
		t.Fatalf("linear gradcheck rel %g at %+v, err %v", rel, worst, err)
	}
}

func TestMLPGradCheck(t *testing.T) {
	for _, act := range ActivationNames() {
		if act == "relu" {
			continue // kink at 0; checked separately away from it below
		}
		t.Run(act, func(t *testing.T) {
			rng := testRNG(4)
			batch, sizes := 3, []int{4, 6, 5, 2}
			m, err := NewMLP("m", sizes, act, "tanh", InitGlorot, InitGlorot, rng)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range m.Params() {
				if strings.HasSuffix(p.Name, "bias") {
					copy(p.Data, randSlice(rng, p.Size(), 0.5))
				}
			}
			xp := NewParam("x", batch, sizes[0])
			copy(xp.Data, randSlice(rng, xp.Size(), 1.5))
			c := randSlice(rng, batch*sizes[3], 1)
			ps := append(m.Params(), xp)
			for _, withTape := range []bool{true, false} {
				f := func() (float64, error) {
					y := make([]float64, batch*sizes[3])
					var tape *MLPTape
					if withTape {
						tape = &MLPTape{}
					}
					m.Forward(xp.Data, y, tape)
					dy := make([]float64, len(y))
					L := dotLoss(y, c, dy)
					m.Backward(xp.Data, dy, xp.Grad, tape)
					return L, nil
				}
				rel, worst, err := GradCheckFunc(f, ps, GradCheckOptions{})
				if err != nil || rel > gradTol {
					t.Fatalf("tape=%v: rel %g at %+v, err %v", withTape, rel, worst, err)
				}
			}
		})
	}
}

func TestMLPReluGradCheckAwayFromKink(t *testing.T) {
	rng := testRNG(5)
	m, _ := NewMLP("m", []int{3, 4, 2}, "relu", "identity", InitHe, InitGlorot, rng)
	// Biases far from zero pre-activations keep every unit clear of the kink for ±h steps.
	copy(m.Layers[0].B.Data, []float64{2, -2, 3, -3})
	xp := NewParam("x", 2, 3)
	copy(xp.Data, randSlice(rng, 6, 0.3))
	c := randSlice(rng, 4, 1)
	f := func() (float64, error) {
		y := make([]float64, 4)
		tape := &MLPTape{}
		m.Forward(xp.Data, y, tape)
		dy := make([]float64, 4)
		L := dotLoss(y, c, dy)
		m.Backward(xp.Data, dy, xp.Grad, tape)
		return L, nil
	}
	rel, worst, err := GradCheckFunc(f, append(m.Params(), xp), GradCheckOptions{})
	if err != nil || rel > gradTol {
		t.Fatalf("relu mlp rel %g at %+v, err %v", rel, worst, err)
	}
}

func TestMLPSpecFlatMatchesLayers(t *testing.T) {
	rng := testRNG(6)
	sizes := []int{2, 5, 3}
	m, _ := NewMLP("m", sizes, "swish", "identity", InitGlorot, InitGlorot, rng)
	// Pack the layer weights into θ by hand in the documented layout (W0, b0, W1, b1).
	var theta []float64
	for _, l := range m.Layers {
		theta = append(theta, l.W.Data...)
		theta = append(theta, randSlice(rng, l.Out, 0.5)...)
		copy(l.B.Data, theta[len(theta)-l.Out:])
	}
	if len(theta) != m.Spec.NumWeights() {
		t.Fatalf("NumWeights %d, packed %d", m.Spec.NumWeights(), len(theta))
	}
	x := randSlice(rng, 4*2, 1)
	y1, y2 := make([]float64, 12), make([]float64, 12)
	m.Forward(x, y1, nil)
	m.Spec.Forward(theta, x, y2, 4, nil)
	for i := range y1 {
		if y1[i] != y2[i] {
			t.Fatalf("flat and layered MLP differ at %d: %g vs %g", i, y1[i], y2[i])
		}
	}
	// Gradient through flat θ (as WARP differentiates its root network).
	th := NewParam("theta", len(theta))
	copy(th.Data, theta)
	xp := NewParam("x", 4, 2)
	copy(xp.Data, x)
	c := randSlice(rng, 12, 1)
	shared := &MLPTape{} // reused across calls, as a per-sample loop would
	for _, tape := range []*MLPTape{shared, nil} {
		f := func() (float64, error) {
			y := make([]float64, 12)
			m.Spec.Forward(th.Data, xp.Data, y, 4, tape)
			dy := make([]float64, 12)
			L := dotLoss(y, c, dy)
			m.Spec.Backward(th.Data, th.Grad, xp.Data, dy, xp.Grad, 4, tape)
			return L, nil
		}
		rel, worst, err := GradCheckFunc(f, []*Param{th, xp}, GradCheckOptions{})
		if err != nil || rel > gradTol {
			t.Fatalf("flat mlp (tape %v) rel %g at %+v, err %v", tape != nil, rel, worst, err)
		}
	}
}

func TestLinearBlockedPathMatchesLoops(t *testing.T) {
	// 20·20·21 > smallProduct: the blocked product runs; compare it with plain sums.
	rng := testRNG(12)
	batch, in, out := 20, 20, 21
	w, b := randSlice(rng, out*in, 1), randSlice(rng, out, 1)
	x, dy := randSlice(rng, batch*in, 1), randSlice(rng, batch*out, 1)
	y := make([]float64, batch*out)
	dx, dw, db := make([]float64, batch*in), make([]float64, out*in), make([]float64, out)
	LinearForward(y, x, w, b, batch, in, out)
	LinearBackward(dx, dw, db, dy, x, w, batch, in, out)
	near := func(a, b float64) bool { return math.Abs(a-b) <= 1e-12*math.Max(1, math.Abs(b)) }
	for r := 0; r < batch; r++ {
		for o := 0; o < out; o++ {
			s := b[o]
			for i := 0; i < in; i++ {
				s += x[r*in+i] * w[o*in+i]
			}
			if !near(y[r*out+o], s) {
				t.Fatalf("y[%d,%d] %g, want %g", r, o, y[r*out+o], s)
			}
		}
		for i := 0; i < in; i++ {
			s := 0.0
			for o := 0; o < out; o++ {
				s += dy[r*out+o] * w[o*in+i]
			}
			if !near(dx[r*in+i], s) {
				t.Fatalf("dx[%d,%d] %g, want %g", r, i, dx[r*in+i], s)
			}
		}
	}
	for o := 0; o < out; o++ {
		sb := 0.0
		for r := 0; r < batch; r++ {
			sb += dy[r*out+o]
		}
		if !near(db[o], sb) {
			t.Fatalf("db[%d] %g, want %g", o, db[o], sb)
		}
		for i := 0; i < in; i++ {
			s := 0.0
			for r := 0; r < batch; r++ {
				s += dy[r*out+o] * x[r*in+i]
			}
			if !near(dw[o*in+i], s) {
				t.Fatalf("dw[%d,%d] %g, want %g", o, i, dw[o*in+i], s)
			}
		}
	}
}
