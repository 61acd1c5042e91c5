package nn

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"
	"time"
)

// slowModel sleeps in every Loss call, so a small time budget runs out after a few batches.
type slowModel struct{ *linPred }

func (m slowModel) Loss(s *Sequences, o LossOptions, r *rand.Rand) (float64, error) {
	time.Sleep(20 * time.Millisecond)
	return m.linPred.Loss(s, o, r)
}

func TestFitTimeBudgetStops(t *testing.T) {
	train := linearData(16, 5, sysA, []float64{0, 0}, 0.01, 3)
	var out bytes.Buffer
	res, err := Fit(context.Background(), slowModel{newLinPred(2, 1)}, train, nil,
		TrainConfig{Epochs: 1000, BatchSize: 4, TimeBudget: 100 * time.Millisecond, Progress: &out})
	if err != nil {
		t.Fatal(err)
	}
	if res.Stopped != "time budget" || res.Steps >= 4000 || res.Steps < 1 {
		t.Fatalf("stopped %q after %d steps", res.Stopped, res.Steps)
	}
	// A bytes.Buffer is not a terminal: no progress bar even without Quiet, only the log
	// form's plain line per finished epoch.
	if o := out.String(); strings.Contains(o, "\r") || strings.Count(o, "\n") != len(res.History) {
		t.Fatalf("progress written to a non-terminal: %q, want one plain line for each of %d epochs", o, len(res.History))
	}
}

func TestFitWithoutValidationKeepsBestTrainLoss(t *testing.T) {
	train := linearData(16, 6, sysA, []float64{0.1, 0}, 0.05, 5)
	res, err := Fit(context.Background(), newLinPred(2, 2), train, nil, TrainConfig{Epochs: 8, BatchSize: 4, LR: 0.05, Quiet: true})
	if err != nil {
		t.Fatal(err)
	}
	best := math.Inf(1)
	for _, r := range res.History {
		if r.Validated {
			t.Fatalf("epoch %d validated without a validation set", r.Epoch)
		}
		best = math.Min(best, r.TrainLoss)
	}
	if res.BestValue != best {
		t.Fatalf("best value %g, minimum training loss %g", res.BestValue, best)
	}
}

func TestLinearDeterministicAcrossThreads(t *testing.T) {
	// Large enough for the matrix product to split over goroutines.
	batch, in, out := 300, 256, 200
	l, x, dy := randomLinear(11, batch, in, out)
	run := func(procs int) ([]float64, []float64, []float64) {
		old := runtime.GOMAXPROCS(procs)
		defer runtime.GOMAXPROCS(old)
		ZeroGrad(l.Params())
		y := make([]float64, batch*out)
		dx := make([]float64, batch*in)
		l.Forward(x, y)
		l.Backward(x, dy, dx)
		return y, dx, append([]float64(nil), l.W.Grad...)
	}
	y1, dx1, g1 := run(1)
	y4, dx4, g4 := run(4)
	for name, pair := range map[string][2][]float64{"y": {y1, y4}, "dx": {dx1, dx4}, "dW": {g1, g4}} {
		for i := range pair[0] {
			if math.Float64bits(pair[0][i]) != math.Float64bits(pair[1][i]) {
				t.Fatalf("%s[%d] differs between 1 and 4 threads: %v vs %v", name, i, pair[0][i], pair[1][i])
			}
		}
	}
}

// divergingForecast trains normally but forecasts NaN from its second validation on, like
// an autoregressive model whose rollout blows up.
type divergingForecast struct {
	*linPred
	calls int
}

func (m *divergingForecast) Forecast(x *Sequences, c int) (*Sequences, error) {
	m.calls++
	p, err := m.linPred.Forecast(x, c)
	if m.calls >= 2 && err == nil {
		p.At(0, x.T-1)[0] = math.NaN()
	}
	return p, err
}

func TestFitSurvivesNonFiniteValidation(t *testing.T) {
	dir := t.TempDir()
	train := linearData(16, 6, sysA, []float64{0, 0}, 0.01, 3)
	m := &divergingForecast{linPred: newLinPred(2, 1)}
	res, err := Fit(context.Background(), m, train, train, TrainConfig{Epochs: 3, BatchSize: 8, Context: 2, Dir: dir, Quiet: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.BestEpoch != 1 || !math.IsNaN(res.History[2].ValMSE) {
		t.Fatalf("best epoch %d, history %+v", res.BestEpoch, res.History)
	}
	// The saved state (JSON with a NaN in it) resumes.
	res2, err := Fit(context.Background(), &divergingForecast{linPred: newLinPred(2, 1), calls: 5}, train, train,
		TrainConfig{Epochs: 4, BatchSize: 8, Context: 2, Dir: dir, Resume: true, Quiet: true})
	if err != nil || len(res2.History) != 4 || !math.IsNaN(res2.History[1].ValMSE) || res2.History[0].ValMSE != res.History[0].ValMSE {
		t.Fatalf("resume after NaN validation: %v %+v", err, res2)
	}
}

func TestEpochRecordJSONRoundTrip(t *testing.T) {
	for _, v := range []float64{math.NaN(), math.Inf(1), math.Inf(-1), 0.1, 1e-300} {
		r := EpochRecord{Epoch: 3, TrainLoss: 0.5, Validated: true, ValMSE: v, LR: 1e-3, Seconds: 2}
		b, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		var back EpochRecord
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatal(err)
		}
		if math.Float64bits(back.ValMSE) != math.Float64bits(v) && !(math.IsNaN(v) && math.IsNaN(back.ValMSE)) {
			t.Fatalf("%v → %s → %v", v, b, back.ValMSE)
		}
		back.ValMSE, r.ValMSE = 0, 0
		if back != r {
			t.Fatalf("%+v → %s → %+v", r, b, back)
		}
	}
}

// nanOnCalls is linPred whose Loss reports NaN, with a NaN in every gradient, on the listed
// calls (1-based), and records every finite loss it returns.
type nanOnCalls struct {
	*linPred
	bad    map[int]bool
	calls  int
	finite []float64
}

func (m *nanOnCalls) Loss(s *Sequences, o LossOptions, r *rand.Rand) (float64, error) {
	m.calls++
	l, err := m.linPred.Loss(s, o, r)
	if m.bad[m.calls] {
		// A poisoned gradient: any optimiser step taken on it would put NaN in the weights.
		for _, p := range m.Params() {
			p.Grad[0] = math.NaN()
		}
		return math.NaN(), err
	}
	m.finite = append(m.finite, l)
	return l, err
}

// With SkipNonFinite, a run of non-finite batches no longer than the limit is skipped: no
// optimiser step (8 batches, 3 skipped, 5 steps) and no NaN in the weights, the epoch's loss is the mean over the batches that trained, and the count is in the history;
// one more in a row stops training with an error saying so.
func TestFitSkipsNonFiniteBatches(t *testing.T) {
	train := linearData(16, 6, sysA, []float64{0.1, 0}, 0.05, 5)
	cfg := TrainConfig{Epochs: 2, BatchSize: 4, LR: 0.05, Quiet: true, SkipNonFinite: 2}
	m := &nanOnCalls{linPred: newLinPred(2, 2), bad: map[int]bool{2: true, 3: true, 7: true}}
	res, err := Fit(context.Background(), m, train, nil, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if res.Steps != 8-3 || res.History[0].Skipped != 2 || res.History[1].Skipped != 1 {
		t.Fatalf("%d steps, history %+v", res.Steps, res.History)
	}
	mean := func(v []float64) float64 {
		s := 0.0
		for _, x := range v {
			s += x
		}
		return s / float64(len(v))
	}
	if got, want := res.History[0].TrainLoss, mean(m.finite[:2]); math.Abs(got-want) > 1e-15*want {
		t.Errorf("epoch 1 loss %g, want the mean of its two trained batches %g", got, want)
	}
	for _, p := range m.Params() {
		for _, v := range p.Data {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				t.Fatal("a skipped batch's gradient reached the weights")
			}
		}
	}
	// Three in a row with a limit of two: training stops, naming the run.
	m3 := &nanOnCalls{linPred: newLinPred(2, 2), bad: map[int]bool{2: true, 3: true, 4: true}}
	if _, err := Fit(context.Background(), m3, train, nil, cfg); err == nil || !strings.Contains(err.Error(), "after 2 skipped batches in a row") {
		t.Errorf("three non-finite batches in a row: error %v", err)
	}
	cfg.SkipNonFinite = -1
	if _, err := Fit(context.Background(), newLinPred(2, 2), train, nil, cfg); err == nil || !strings.Contains(err.Error(), "SkipNonFinite") {
		t.Errorf("negative limit: error %v", err)
	}
}
