package nn

import (
	"math"
	"slices"
	"testing"
)

func TestForecastAndPersistenceErrors(t *testing.T) {
	// One trajectory, one state: 0, 1, 2, 3, 4. Context 2: persistence holds 1 for steps 2..4,
	// errors 1, 2, 3 → MSE 14/3, MAE 2.
	truth := &Sequences{N: 1, T: 5, D: 1, X: []float64{0, 1, 2, 3, 4}}
	mse, mae, err := PersistenceErrors(truth, 2)
	if err != nil || math.Abs(mse-14.0/3) > 1e-15 || mae != 2 {
		t.Fatalf("persistence %g %g %v", mse, mae, err)
	}
	// Prediction off by +1 after the context only; errors inside the context must not count.
	pred := &Sequences{N: 1, T: 5, D: 1, X: []float64{9, 9, 3, 4, 5}}
	mse, mae, err = ForecastErrors(pred, truth, 2)
	if err != nil || mse != 1 || mae != 1 {
		t.Fatalf("forecast %g %g %v", mse, mae, err)
	}
	if _, _, err := ForecastErrors(pred, truth, 5); err == nil {
		t.Fatal("context = T accepted")
	}
	if _, _, err := PersistenceErrors(truth, 0); err == nil {
		t.Fatal("persistence without context accepted")
	}
	if _, _, err := ForecastErrors(&Sequences{N: 1, T: 4, D: 1, X: make([]float64, 4)}, truth, 1); err == nil {
		t.Fatal("shape mismatch accepted")
	}
}

func TestGradShardsDeterministic(t *testing.T) {
	// Σ over items of v_i·(i-th weight) split into chunks: the shard sum must equal a serial
	// sum in chunk order exactly, whatever the scheduling.
	p := NewParam("p", 3)
	n := 1000
	vals := randSlice(testRNG(3), n, 1e3)
	chunks := Chunks(n, 64)
	g := NewGradShards([]*Param{p}, len(chunks))
	ParallelFor(n, 64, func(c, lo, hi int) {
		buf := g.Grad(c, 0)
		for i := lo; i < hi; i++ {
			buf[i%3] += vals[i]
		}
	})
	g.Reduce()
	want := make([]float64, 3)
	for _, c := range chunks {
		part := make([]float64, 3)
		for i := c[0]; i < c[1]; i++ {
			part[i%3] += vals[i]
		}
		for k := range want {
			want[k] += part[k]
		}
	}
	for k := range want {
		if p.Grad[k] != want[k] {
			t.Fatalf("grad[%d] = %v, serial chunked sum %v", k, p.Grad[k], want[k])
		}
	}
}

func TestSequencesSelect(t *testing.T) {
	s := &Sequences{N: 3, T: 2, D: 1, X: []float64{1, 2, 3, 4, 5, 6}, Times: []float64{0, 1}}
	in, out := s.Select([]bool{true, false, true}, true), s.Select([]bool{true, false, true}, false)
	if in.N != 2 || !slices.Equal(in.X, []float64{1, 2, 5, 6}) || out.N != 1 || !slices.Equal(out.X, []float64{3, 4}) || !slices.Equal(in.Times, s.Times) {
		t.Errorf("selected %+v and %+v", in, out)
	}
	in.X[0] = 9
	if s.X[0] != 1 {
		t.Error("Select shares the trajectories with its source")
	}
}
