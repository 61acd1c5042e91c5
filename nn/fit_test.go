package nn

import (
	"bytes"
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

var sysA = []float64{0.9, -0.2, 0.15, 0.8}

func TestLinPredGradCheck(t *testing.T) {
	// The test model itself must have right gradients before it can test the loop; with
	// ForcingProb 0.5 this also checks that GradCheck replays the same forcing draws.
	data := linearData(3, 8, sysA, []float64{0.1, -0.05}, 0.01, 1)
	m := newLinPred(2, 3)
	for _, p := range []float64{1, 0.5, 0} {
		rel, worst, err := GradCheck(m, data, LossOptions{ForcingProb: p, Context: 2}, GradCheckOptions{Seed: 9})
		if err != nil || rel > gradTol {
			t.Fatalf("forcing %g: rel %g at %v, err %v", p, rel, worst, err)
		}
	}
}

// leastSquares solves min Σ‖x_{t+1} − W x_t − b‖² by the normal equations, independently of
// any gradient code.
func leastSquares(s *Sequences) (w [][]float64, b []float64) {
	D := s.D
	rows := s.N * (s.T - 1)
	X := mat.NewDense(rows, D+1, nil)
	Y := mat.NewDense(rows, D, nil)
	r := 0
	for n := 0; n < s.N; n++ {
		for t := 0; t < s.T-1; t++ {
			for d := 0; d < D; d++ {
				X.Set(r, d, s.At(n, t)[d])
				Y.Set(r, d, s.At(n, t+1)[d])
			}
			X.Set(r, D, 1)
			r++
		}
	}
	var sol mat.Dense
	if err := sol.Solve(X, Y); err != nil {
		panic(err)
	}
	w = make([][]float64, D)
	b = make([]float64, D)
	for o := 0; o < D; o++ {
		w[o] = make([]float64, D)
		for i := 0; i < D; i++ {
			w[o][i] = sol.At(i, o)
		}
		b[o] = sol.At(D, o)
	}
	return w, b
}

func TestFitReachesLeastSquaresOptimum(t *testing.T) {
	train := linearData(64, 6, sysA, []float64{0.3, -0.1}, 0.3, 4)
	m := newLinPred(2, 5)
	res, err := Fit(context.Background(), m, train, nil, TrainConfig{
		Epochs: 300, BatchSize: 16, LR: 0.02, Schedule: "cosine", MinLR: 1e-5,
		Loss: LossOptions{ForcingProb: 1}, Seed: 1, Quiet: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	// Mini-batch noise leaves Adam about 1e-4 from the optimum; the generating system differs
	// from the least-squares fit by ~5e-3, so the tolerance tells them apart.
	w, b := leastSquares(train)
	for o := 0; o < 2; o++ {
		for i := 0; i < 2; i++ {
			if got := m.W.Data[o*2+i]; math.Abs(got-w[o][i]) > 5e-4 {
				t.Errorf("W[%d,%d] = %.6f, least squares %.6f", o, i, got, w[o][i])
			}
		}
		if math.Abs(m.B.Data[o]-b[o]) > 5e-4 {
			t.Errorf("b[%d] = %.6f, least squares %.6f", o, m.B.Data[o], b[o])
		}
	}
	if len(res.History) != 300 || res.History[299].TrainLoss >= res.History[0].TrainLoss {
		t.Errorf("history %d epochs, loss %g → %g", len(res.History), res.History[0].TrainLoss, res.History[len(res.History)-1].TrainLoss)
	}
}

// nanModel produces a NaN loss on its k-th Loss call.
type nanModel struct {
	*linPred
	calls, at int
}

func (m *nanModel) Loss(s *Sequences, o LossOptions, r *rand.Rand) (float64, error) {
	m.calls++
	l, err := m.linPred.Loss(s, o, r)
	if m.calls == m.at {
		return math.NaN(), err
	}
	return l, err
}

func TestFitNaNGuardNamesEpochAndBatch(t *testing.T) {
	dir := t.TempDir()
	train := linearData(32, 6, sysA, []float64{0, 0}, 0.01, 6)
	m := &nanModel{linPred: newLinPred(2, 1), at: 7} // 4 batches per epoch: call 7 is epoch 2, batch 3
	_, err := Fit(context.Background(), m, train, train, TrainConfig{Epochs: 5, BatchSize: 8, Context: 2, Dir: dir, Quiet: true})
	if err == nil || !strings.Contains(err.Error(), "epoch 2 batch 3") || !strings.Contains(err.Error(), "NaN") {
		t.Fatalf("error %v should name epoch 2 batch 3 and NaN", err)
	}
	// The checkpoint of epoch 1 stays and loads.
	_, meta, err := ReadSafetensors(filepath.Join(dir, StateFile))
	if err != nil || !strings.Contains(meta["state"], `"epoch":1,"batch":0`) {
		t.Fatalf("state after NaN: %v %.60s", err, meta["state"])
	}
	if _, err := LoadModel(filepath.Join(dir, ModelFile)); err != nil {
		t.Fatal(err)
	}
}

// validationOnlyWorsens is a model at the validation system's exact dynamics with training data
// from another system: training can only make validation worse, so the best validated weights
// are those of the first validation.
func validationOnlyWorsens() (m *linPred, train, val *Sequences) {
	other := []float64{0.5, 0.4, -0.4, 0.5}
	train = linearData(32, 10, other, []float64{0, 0}, 0, 7)
	val = linearData(16, 10, sysA, []float64{0, 0}, 0, 8)
	m = newLinPred(2, 1)
	copy(m.W.Data, sysA)
	clear(m.B.Data)
	return m, train, val
}

func TestFitKeepsBestByValidation(t *testing.T) {
	// Validation error grows with training, so the best weights are an early epoch's, not the last.
	m, train, val := validationOnlyWorsens()
	res, err := Fit(context.Background(), m, train, val, TrainConfig{Epochs: 6, BatchSize: 8, LR: 0.01, Context: 3, ValEvery: 2, Quiet: true})
	if err != nil {
		t.Fatal(err)
	}
	bestI, best := -1, math.Inf(1)
	for i, r := range res.History {
		if r.Validated != ((i+1)%2 == 0) {
			t.Fatalf("epoch %d validated=%v with ValEvery 2", r.Epoch, r.Validated)
		}
		if r.Validated && r.ValMSE < best {
			bestI, best = i, r.ValMSE
		}
	}
	if res.BestEpoch != bestI+1 || res.BestEpoch == 6 {
		t.Fatalf("best epoch %d, history minimum at %d (want an early epoch)", res.BestEpoch, bestI+1)
	}
	pred, _ := m.Forecast(val, 3)
	mse, _, _ := ForecastErrors(pred, val, 3)
	if mse != best {
		t.Fatalf("model holds weights with val mse %g, best recorded %g", mse, best)
	}
}

// cancelModel cancels the run's context on its k-th Loss call, like Ctrl-C mid-epoch.
type cancelModel struct {
	*linPred
	calls, at int
	cancel    func()
}

func (m *cancelModel) Loss(s *Sequences, o LossOptions, r *rand.Rand) (float64, error) {
	m.calls++
	if m.calls == m.at {
		m.cancel()
	}
	return m.linPred.Loss(s, o, r)
}

func TestFitResumeIsBitIdentical(t *testing.T) {
	train := linearData(40, 8, sysA, []float64{0.2, 0}, 0.05, 10)
	val := linearData(8, 8, sysA, []float64{0.2, 0}, 0.05, 11)
	cfg := TrainConfig{Epochs: 5, BatchSize: 12, LR: 0.05, Schedule: "plateau", PlateauPatience: 0, Clip: 0.5,
		Loss: LossOptions{ForcingProb: 0.5}, Context: 2, Seed: 42, Quiet: true}

	dirA := t.TempDir()
	ref := newLinPred(2, 1)
	cfgA := cfg
	cfgA.Dir = dirA
	resA, err := Fit(context.Background(), ref, train, val, cfgA)
	if err != nil {
		t.Fatal(err)
	}

	for _, stopAt := range []int{6, 8} { // 4 batches per epoch: mid-epoch 2, and at its end
		dirB := t.TempDir()
		ctx, cancel := context.WithCancel(context.Background())
		first := &cancelModel{linPred: newLinPred(2, 1), at: stopAt, cancel: cancel}
		cfgB := cfg
		cfgB.Dir = dirB
		res, err := Fit(ctx, first, train, val, cfgB)
		if err != nil || res.Stopped != "interrupted" {
			t.Fatalf("interrupted run: %v, stopped %q", err, res.Stopped)
		}
		second := newLinPred(2, 99) // different init: everything must come from the state file
		cfgB.Resume = true
		var seen []EpochRecord
		cfgB.OnHistory = func(h []EpochRecord) { seen = h }
		resB, err := Fit(context.Background(), second, train, val, cfgB)
		if err != nil {
			t.Fatal(err)
		}
		if len(seen) != cfg.Epochs || seen[0] != resB.History[0] {
			t.Fatalf("OnHistory saw %d epochs (want all %d, resumed ones included)", len(seen), cfg.Epochs)
		}
		if !paramsEqual(ref.Params(), second.Params()) {
			t.Fatalf("stop at call %d: resumed weights %v %v differ from uninterrupted %v %v", stopAt, second.W.Data, second.B.Data, ref.W.Data, ref.B.Data)
		}
		if len(resB.History) != len(resA.History) || resB.Steps != resA.Steps || resB.BestEpoch != resA.BestEpoch {
			t.Fatalf("histories differ: %d/%d epochs, %d/%d steps", len(resB.History), len(resA.History), resB.Steps, resA.Steps)
		}
		for i := range resA.History {
			a, b := resA.History[i], resB.History[i]
			a.Seconds, b.Seconds = 0, 0
			if a != b {
				t.Fatalf("epoch %d: %+v vs %+v", i+1, a, b)
			}
		}
		for _, f := range []string{ModelFile, StateFile} {
			ba, _ := os.ReadFile(filepath.Join(dirA, f))
			bb, _ := os.ReadFile(filepath.Join(dirB, f))
			if f == StateFile {
				continue // holds epoch seconds, which differ; its tensors are compared via weights
			}
			if !bytes.Equal(ba, bb) {
				t.Fatalf("%s differs between resumed and uninterrupted runs", f)
			}
		}
	}
}

func TestFitBadConfig(t *testing.T) {
	train := linearData(4, 5, sysA, []float64{0, 0}, 0, 1)
	m := newLinPred(2, 1)
	for _, c := range []TrainConfig{{LR: -1}, {Schedule: "wavy"}, {Optimizer: "sgd"}, {Resume: true}, {Loss: LossOptions{ForcingProb: 2}}} {
		if _, err := Fit(context.Background(), m, train, nil, c); err == nil {
			t.Errorf("config %+v accepted", c)
		}
	}
	bad := *train
	bad.X = bad.X[:3]
	if _, err := Fit(context.Background(), m, &bad, nil, TrainConfig{}); err == nil || !strings.Contains(err.Error(), "train") {
		t.Errorf("malformed train accepted: %v", err)
	}
	if _, err := Fit(context.Background(), m, train, nil, TrainConfig{Resume: true, Dir: t.TempDir()}); err == nil || errors.Is(err, nil) {
		t.Errorf("resume from an empty dir accepted")
	}
}
