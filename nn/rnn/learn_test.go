package rnn

import (
	"bytes"
	"encoding/binary"
	"math"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"

	"github.com/warpkit/warpkit/nn"
)

// sineBatch is n sine waves sin(2π t + φ) on 32 points of [0, 1], φ ∈ U(−π/6, π/6).
func sineBatch(n int, seed uint64) *nn.Sequences {
	rng := rand.New(rand.NewPCG(seed, 1))
	const T = 32
	s := &nn.Sequences{N: n, T: T, D: 1, X: make([]float64, n*T), Times: make([]float64, T)}
	for k := range s.Times {
		s.Times[k] = float64(k) / (T - 1)
	}
	for i := 0; i < n; i++ {
		ph := (2*rng.Float64() - 1) * math.Pi / 6
		for k := 0; k < T; k++ {
			s.X[i*T+k] = math.Sin(2*math.Pi*s.Times[k] + ph)
		}
	}
	return s
}

// TestLearnsSine trains each kind on next-step prediction of sine waves and expects the
// loss to fall at least tenfold.
func TestLearnsSine(t *testing.T) {
	batch := sineBatch(16, 1)
	for _, kind := range Kinds {
		m := mustNew(t, Config{Kind: kind, D: 1, Hidden: 8, Layers: 1, Seed: 1})
		opt, err := nn.NewAdam(m.Params(), nn.AdamConfig{})
		if err != nil {
			t.Fatal(err)
		}
		var first, last float64
		for it := 0; it < 300; it++ {
			nn.ZeroGrad(m.Params())
			l, err := m.Loss(batch, nn.LossOptions{ForcingProb: 1}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if it == 0 {
				first = l
			}
			last = l
			opt.Step(1e-2)
		}
		t.Logf("%s: loss %.4g → %.4g", kind, first, last)
		if !(last < first/10) {
			t.Errorf("%s: loss fell from %.4g to %.4g, less than tenfold", kind, first, last)
		}
	}
}

// TestSameBitsAnyGoroutines runs an autoregressive loss with 1 and 4 goroutines and
// expects identical loss and gradients.
func TestSameBitsAnyGoroutines(t *testing.T) {
	sameBitsAnyGoroutines(t, randomBatch(70, 9, 2, 5), 6)
	// Products large enough to run in parallel, whose row spans (and the gate work fused
	// into them) depend on the thread count.
	sameBitsAnyGoroutines(t, randomBatch(256, 4, 2, 6), 32)
}

func sameBitsAnyGoroutines(t *testing.T, batch *nn.Sequences, hidden int) {
	t.Helper()
	run := func(procs int, kind string) []byte {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		m := mustNew(t, Config{Kind: kind, D: 2, Hidden: hidden, Layers: 2, Residual: true, Seed: 3})
		l, err := m.Loss(batch, nn.LossOptions{ForcingProb: 0.5}, rand.New(rand.NewPCG(1, 2)))
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		binary.Write(&buf, binary.LittleEndian, l)
		for _, p := range m.Params() {
			binary.Write(&buf, binary.LittleEndian, p.Grad)
		}
		return buf.Bytes()
	}
	for _, kind := range Kinds {
		if !bytes.Equal(run(1, kind), run(4, kind)) {
			t.Errorf("%s: loss or gradients differ between 1 and 4 goroutines", kind)
		}
	}
}

// TestBadInput expects errors that name what was wrong, never a panic.
func TestBadInput(t *testing.T) {
	m := mustNew(t, Config{Kind: "gru", D: 2, Hidden: 3, Layers: 1})
	good := randomBatch(2, 4, 2, 1)
	cases := []struct {
		name string
		run  func() error
		want string
	}{
		{"channels", func() error {
			_, err := m.Loss(randomBatch(2, 4, 3, 1), nn.LossOptions{ForcingProb: 1}, nil)
			return err
		}, "channels"},
		{"short", func() error {
			_, err := m.Loss(randomBatch(2, 1, 2, 1), nn.LossOptions{ForcingProb: 1}, nil)
			return err
		}, "time points"},
		{"len", func() error {
			b := *good
			b.X = b.X[:5]
			_, err := m.Loss(&b, nn.LossOptions{ForcingProb: 1}, nil)
			return err
		}, "N·T·D"},
		{"loss", func() error { _, err := m.Loss(good, nn.LossOptions{ForcingProb: 1, Loss: "nll"}, nil); return err }, "nll"},
		{"rng", func() error { _, err := m.Loss(good, nn.LossOptions{ForcingProb: 0.5}, nil); return err }, "rng"},
		{"prob", func() error { _, err := m.Loss(good, nn.LossOptions{ForcingProb: math.NaN()}, nil); return err }, "forcing"},
		{"context", func() error { _, err := m.Forecast(good, 0); return err }, "context"},
		{"kind", func() error { _, err := New(Config{Kind: "rnn", D: 1, Hidden: 1, Layers: 1}); return err }, "kind"},
		{"hidden", func() error { _, err := New(Config{Kind: "gru", D: 1, Hidden: 0, Layers: 1}); return err }, "hidden"},
		{"std", func() error {
			_, err := New(Config{Kind: "lstm", D: 1, Hidden: 1, Layers: 1, Mean: []float64{0}, Std: []float64{0}})
			return err
		}, "std[0]"},
		{"ring", func() error {
			_, err := New(Config{Kind: "lru", D: 1, Hidden: 1, Layers: 1, RMin: 0.9, RMax: 0.5})
			return err
		}, "r_min"},
		{"json", func() error { _, err := nn.Build("lru", []byte(`{"kind":"gru"}`)); return err }, "kind"},
	}
	for _, c := range cases {
		err := c.run()
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one mentioning %q", c.name, err, c.want)
		}
	}
}

// TestLossAccumulates checks the contract that Loss adds to Param.Grad: two calls on the
// same batch give exactly twice the gradient of one.
func TestLossAccumulates(t *testing.T) {
	batch := randomBatch(300, 20, 2, 9) // 5700 rows: several reduction blocks
	for _, kind := range Kinds {
		m := mustNew(t, Config{Kind: kind, D: 2, Hidden: 3, Layers: 2, Seed: 6})
		if _, err := m.Loss(batch, nn.LossOptions{ForcingProb: 1}, nil); err != nil {
			t.Fatal(err)
		}
		var once [][]float64
		for _, p := range m.Params() {
			once = append(once, append([]float64(nil), p.Grad...))
		}
		if _, err := m.Loss(batch, nn.LossOptions{ForcingProb: 1}, nil); err != nil {
			t.Fatal(err)
		}
		for i, p := range m.Params() {
			for j, g := range p.Grad {
				if g != 2*once[i][j] {
					t.Fatalf("%s: %s[%d] = %v after two calls, %v after one", kind, p.Name, j, g, once[i][j])
				}
			}
		}
	}
}
