package rnn

import (
	"encoding/json"
	"math"
	"math/cmplx"
	"testing"

	"github.com/warpkit/warpkit/nn"
)

// The references below are written from the textbook equations, one scalar at a time, with
// no shared code: they read the weights by name and run one sequence in plain loops.

func param(t *testing.T, m *Model, name string) []float64 {
	t.Helper()
	for _, p := range m.Params() {
		if p.Name == name {
			return p.Data
		}
	}
	t.Fatalf("no parameter %q", name)
	return nil
}

// affine is W x + b for W stored row-major (len(b) × len(x)); rows [r0, r0+k) only.
func affine(w, b, x []float64, r0, k int) []float64 {
	y := make([]float64, k)
	for i := range y {
		s := b[r0+i]
		for j, v := range x {
			s += w[(r0+i)*len(x)+j] * v
		}
		y[i] = s
	}
	return y
}

func sig(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

// refGRUStep is PyTorch's documented GRU update.
func refGRUStep(wih, whh, bih, bhh, x, h []float64) []float64 {
	H := len(h)
	ir, iz, in := affine(wih, bih, x, 0, H), affine(wih, bih, x, H, H), affine(wih, bih, x, 2*H, H)
	hr, hz, hn := affine(whh, bhh, h, 0, H), affine(whh, bhh, h, H, H), affine(whh, bhh, h, 2*H, H)
	out := make([]float64, H)
	for j := range out {
		r := sig(ir[j] + hr[j])
		z := sig(iz[j] + hz[j])
		n := math.Tanh(in[j] + r*hn[j])
		out[j] = (1-z)*n + z*h[j]
	}
	return out
}

// refLSTMStep is PyTorch's documented LSTM update.
func refLSTMStep(wih, whh, bih, bhh, x, h, c []float64) (hNew, cNew []float64) {
	H := len(h)
	gate := func(k int) []float64 {
		a, b := affine(wih, bih, x, k*H, H), affine(whh, bhh, h, k*H, H)
		for j := range a {
			a[j] += b[j]
		}
		return a
	}
	i, f, g, o := gate(0), gate(1), gate(2), gate(3)
	hNew, cNew = make([]float64, H), make([]float64, H)
	for j := 0; j < H; j++ {
		cNew[j] = sig(f[j])*c[j] + sig(i[j])*math.Tanh(g[j])
		hNew[j] = sig(o[j]) * math.Tanh(cNew[j])
	}
	return hNew, cNew
}

// refPredictions runs sequence n of s through the reference cells (see refRollout).
func refPredictions(t *testing.T, m *Model, s *nn.Sequences, n, ctx int) [][]float64 {
	c := m.cfg
	H := c.Hidden
	hs := make([][]float64, c.Layers)
	cs := make([][]float64, c.Layers)
	for l := range hs {
		hs[l], cs[l] = make([]float64, H), make([]float64, H)
	}
	return refRollout(t, m, s, n, ctx, func(l int, x []float64, p func(string) []float64) []float64 {
		if c.Kind == "gru" {
			hs[l] = refGRUStep(p("weight_ih"), p("weight_hh"), p("bias_ih"), p("bias_hh"), x, hs[l])
		} else {
			hs[l], cs[l] = refLSTMStep(p("weight_ih"), p("weight_hh"), p("bias_ih"), p("bias_hh"), x, hs[l], cs[l])
		}
		return hs[l]
	})
}

// sqErr is the squared error of sequence n's standardised next-step predictions (from
// refRollout) against its standardised truth, summed over steps and states.
func sqErr(s *nn.Sequences, c Config, n int, preds [][]float64) float64 {
	sum := 0.0
	for k, p := range preds {
		for j, v := range p {
			e := v - (s.At(n, k+1)[j]-c.Mean[j])/c.Std[j]
			sum += e * e
		}
	}
	return sum
}

// refRollout runs sequence n of s through a reference network whose layer l maps x to its
// output (p reads that layer's parameters), feeding the truth for the first ctx steps and
// its own previous prediction after, and returns the standardised next-step predictions for
// steps 0..T−2.
func refRollout(t *testing.T, m *Model, s *nn.Sequences, n, ctx int, layer func(l int, x []float64, p func(string) []float64) []float64) [][]float64 {
	c := m.cfg
	var preds [][]float64
	for k := 0; k < s.T-1; k++ {
		u := make([]float64, c.D)
		for j := range u {
			u[j] = (s.At(n, k)[j] - c.Mean[j]) / c.Std[j]
		}
		if k >= ctx {
			u = preds[k-1]
		}
		x := u
		for l := 0; l < c.Layers; l++ {
			x = layer(l, x, func(name string) []float64 { return param(t, m, "l"+string(rune('0'+l))+"."+name) })
		}
		y := affine(param(t, m, "readout.weight"), param(t, m, "readout.bias"), x, 0, c.D)
		if c.Residual {
			for j := range y {
				y[j] += u[j]
			}
		}
		preds = append(preds, y)
	}
	return preds
}

// TestAgainstTextbook checks the teacher-forced loss and a forecast of GRU and LSTM against
// the reference cells, on two stacked layers and two chunks of sequences.
func TestAgainstTextbook(t *testing.T) {
	s := randomBatch(40, 6, 2, 3)
	for _, kind := range []string{"gru", "lstm"} {
		for _, residual := range []bool{false, true} {
			c := Config{Kind: kind, D: 2, Hidden: 5, Layers: 2, Residual: residual,
				Mean: []float64{3, 2}, Std: []float64{2, 0.5}, Seed: 9}
			m := mustNew(t, c)
			loss, err := m.Loss(s, nn.LossOptions{ForcingProb: 1}, nil)
			if err != nil {
				t.Fatal(err)
			}
			want := 0.0
			ctx := s.T - 1
			fc, err := m.Forecast(s, ctx)
			if err != nil {
				t.Fatal(err)
			}
			for n := 0; n < s.N; n++ {
				preds := refPredictions(t, m, s, n, s.T)
				want += sqErr(s, c, n, preds)
				last := preds[ctx-1]
				for j := range last {
					got := fc.At(n, ctx)[j]
					ref := last[j]*c.Std[j] + c.Mean[j]
					if math.Abs(got-ref) > 1e-12*math.Max(1, math.Abs(ref)) {
						t.Fatalf("%s residual=%v: forecast[%d, %d, %d] = %.15g, reference %.15g", kind, residual, n, ctx, j, got, ref)
					}
				}
			}
			want /= float64(s.N * (s.T - 1) * s.D)
			if math.Abs(loss-want) > 1e-12*want {
				t.Errorf("%s residual=%v: loss %.15g, reference %.15g", kind, residual, loss, want)
			}
			// A free-running forecast after two true steps.
			fc, err = m.Forecast(s, 2)
			if err != nil {
				t.Fatal(err)
			}
			for n := 0; n < s.N; n++ {
				preds := refPredictions(t, m, s, n, 2)
				for k := 0; k < s.T; k++ {
					for j := 0; j < s.D; j++ {
						ref := s.At(n, k)[j]
						if k >= 2 {
							ref = preds[k-1][j]*c.Std[j] + c.Mean[j]
						}
						if got := fc.At(n, k)[j]; math.Abs(got-ref) > 1e-12*math.Max(1, math.Abs(ref)) {
							t.Fatalf("%s residual=%v: free forecast[%d, %d, %d] = %.15g, reference %.15g", kind, residual, n, k, j, got, ref)
						}
					}
				}
			}
		}
	}
}

// refLRU runs sequence n of s through a stack of LRU blocks computed with complex128
// arithmetic from the paper's equations (see refRollout).
func refLRU(t *testing.T, m *Model, s *nn.Sequences, n, ctx int) [][]float64 {
	c := m.cfg
	H := c.Hidden
	states := make([][]complex128, c.Layers)
	for l := range states {
		states[l] = make([]complex128, H)
	}
	return refRollout(t, m, s, n, ctx, func(l int, x []float64, p func(string) []float64) []float64 {
		nu, th, gl, B, C := p("nu_log"), p("theta_log"), p("gamma_log"), p("B"), p("C")
		in := len(x)
		y := make([]float64, H)
		for j := 0; j < H; j++ {
			lam := cmplx.Exp(complex(-math.Exp(nu[j]), math.Exp(th[j])))
			var bx complex128
			for q := 0; q < in; q++ {
				bx += complex(B[j*in+q], B[(H+j)*in+q]) * complex(x[q], 0)
			}
			states[l][j] = lam*states[l][j] + complex(math.Exp(gl[j]), 0)*bx
		}
		for i := 0; i < H; i++ {
			var ch complex128
			for j := 0; j < H; j++ {
				ch += complex(C[i*2*H+j], -C[i*2*H+H+j]) * states[l][j]
			}
			y[i] = real(ch)
			if in == H {
				y[i] += p("D")[i] * x[i]
			}
			y[i] = 0.5 * y[i] * (1 + math.Tanh(math.Sqrt(2/math.Pi)*(y[i]+0.044715*y[i]*y[i]*y[i])))
		}
		ab := affine(p("glu.weight"), p("glu.bias"), y, 0, 2*H)
		out := make([]float64, H)
		for i := range out {
			out[i] = ab[i] * sig(ab[H+i])
			if in == H {
				out[i] += x[i]
			}
		}
		return out
	})
}

// TestLRUAgainstComplex compares the teacher-forced loss and a free-running forecast of a
// two-block LRU with the complex128 reference, over two chunks of sequences.
func TestLRUAgainstComplex(t *testing.T) {
	s := randomBatch(40, 7, 2, 4)
	for _, residual := range []bool{false, true} {
		c := Config{Kind: "lru", D: 2, Hidden: 4, Layers: 2, Residual: residual, Mean: []float64{3, 2}, Std: []float64{2, 0.5}, Seed: 2}
		m := mustNew(t, c)
		loss, err := m.Loss(s, nn.LossOptions{ForcingProb: 1}, nil)
		if err != nil {
			t.Fatal(err)
		}
		fc, err := m.Forecast(s, 3)
		if err != nil {
			t.Fatal(err)
		}
		want := 0.0
		for n := 0; n < s.N; n++ {
			want += sqErr(s, c, n, refLRU(t, m, s, n, s.T))
			free := refLRU(t, m, s, n, 3)
			for k := 3; k < s.T; k++ {
				for j := 0; j < s.D; j++ {
					ref := free[k-1][j]*c.Std[j] + c.Mean[j]
					if got := fc.At(n, k)[j]; math.Abs(got-ref) > 1e-12*math.Max(1, math.Abs(ref)) {
						t.Fatalf("residual=%v: forecast[%d, %d, %d] = %.15g, reference %.15g", residual, n, k, j, got, ref)
					}
				}
			}
		}
		want /= float64(s.N * (s.T - 1) * s.D)
		if math.Abs(loss-want) > 1e-12*want {
			t.Errorf("residual=%v: loss %.15g, complex reference %.15g", residual, loss, want)
		}
	}
}

// TestLRURing checks the ring initialisation: |λ|² uniform on [r_min², r_max²] (uniform by
// area), arg λ uniform on [0, max phase], γ = √(1 − |λ|²).
func TestLRURing(t *testing.T) {
	const h = 1000
	rmin, rmax, phase := 0.5, 0.95, math.Pi/3
	m := mustNew(t, Config{Kind: "lru", D: 1, Hidden: h, Layers: 1, RMin: rmin, RMax: rmax, MaxPhase: phase, Seed: 8})
	nu, th, gl := param(t, m, "l0.nu_log"), param(t, m, "l0.theta_log"), param(t, m, "l0.gamma_log")
	var sumMod2, sumPh float64
	for j := 0; j < h; j++ {
		lam := cmplx.Exp(complex(-math.Exp(nu[j]), math.Exp(th[j])))
		mod2 := real(lam)*real(lam) + imag(lam)*imag(lam)
		ph := math.Exp(th[j])
		if mod2 < rmin*rmin-1e-12 || mod2 > rmax*rmax+1e-12 {
			t.Fatalf("|λ_%d|² = %v outside [%v, %v]", j, mod2, rmin*rmin, rmax*rmax)
		}
		if ph < 0 || ph > phase {
			t.Fatalf("arg λ_%d = %v outside [0, %v]", j, ph, phase)
		}
		if g := math.Exp(gl[j]); math.Abs(g-math.Sqrt(1-mod2)) > 1e-12 {
			t.Fatalf("γ_%d = %v, want √(1−|λ|²) = %v", j, g, math.Sqrt(1-mod2))
		}
		sumMod2 += mod2
		sumPh += ph
	}
	// Means of uniforms, within 5 standard errors (σ of U(a,b) is (b−a)/√12).
	a, b := rmin*rmin, rmax*rmax
	if d := math.Abs(sumMod2/h - (a+b)/2); d > 5*(b-a)/math.Sqrt(12*h) {
		t.Errorf("mean |λ|² = %v, want %v", sumMod2/h, (a+b)/2)
	}
	if d := math.Abs(sumPh/h - phase/2); d > 5*phase/math.Sqrt(12*h) {
		t.Errorf("mean arg λ = %v, want %v", sumPh/h, phase/2)
	}
}

// TestConfigRoundTrip rebuilds each kind from its JSON config through nn.Build and expects
// the same architecture (parameter names and shapes) and, from the same seed, the same weights.
func TestConfigRoundTrip(t *testing.T) {
	for _, kind := range Kinds {
		m := mustNew(t, Config{Kind: kind, D: 3, Hidden: 4, Layers: 2, Residual: true, Mean: []float64{1, 2, 3}, Std: []float64{1, 1, 2}, Seed: 4})
		raw, err := json.Marshal(m.Config())
		if err != nil {
			t.Fatal(err)
		}
		b, err := nn.Build(kind, raw)
		if err != nil {
			t.Fatal(err)
		}
		if b.Kind() != kind {
			t.Errorf("rebuilt kind %q, want %q", b.Kind(), kind)
		}
		p0, p1 := m.Params(), b.Params()
		if len(p0) != len(p1) {
			t.Fatalf("%s: %d params rebuilt as %d", kind, len(p0), len(p1))
		}
		for i := range p0 {
			if p0[i].Name != p1[i].Name || len(p0[i].Data) != len(p1[i].Data) || p0[i].Data[0] != p1[i].Data[0] {
				t.Errorf("%s: param %d: %s/%d rebuilt as %s/%d", kind, i, p0[i].Name, len(p0[i].Data), p1[i].Name, len(p1[i].Data))
			}
		}
	}
}
