package warp

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/warpkit/warpkit/nn"
)

// TestTrainingPathsAgree: the autoregressive loop, fed the truth at every step (forcing
// probability just below 1), must give the teacher-forced loss and gradients of both scans.
func TestTrainingPathsAgree(t *testing.T) {
	data := sines(rand.New(rand.NewPCG(1, 2)), 4, 9, 2, 0.5, 1.5, -1, 1, 1)
	for _, tr := range []string{"dense", "diagonal", "lowrank"} {
		run := func(p float64, parallel bool) (float64, []float64) {
			m := mustNew(t, Config{Dim: 2, RootWidth: 5, RootDepth: 2, Transition: tr, Rank: 2, TimeChan: true, RootInput: "tau+prev", ParallelScan: parallel, Seed: 4})
			perturb(m, 3, 0.1)
			l, err := m.Loss(data, nn.LossOptions{ForcingProb: p}, rand.New(rand.NewPCG(1, 1)))
			if err != nil {
				t.Fatal(err)
			}
			var g []float64
			for _, q := range m.Params() {
				g = append(g, q.Grad...)
			}
			return l, g
		}
		lA, gA := run(math.Nextafter(1, 0), false)
		for _, parallel := range []bool{false, true} {
			lT, gT := run(1, parallel)
			if math.Abs(lA-lT) > 1e-12*lT {
				t.Errorf("%s parallel=%v: loss %.15g autoregressive, %.15g teacher-forced", tr, parallel, lA, lT)
			}
			for i := range gA {
				if math.Abs(gA[i]-gT[i]) > 1e-9*math.Max(1e-3, math.Abs(gT[i])) {
					t.Fatalf("%s parallel=%v: gradient %d: %.15g vs %.15g", tr, parallel, i, gA[i], gT[i])
				}
			}
		}
	}
}

// TestForecastMatchesFreeRunningLoss: with one context step Forecast feeds back every
// prediction, exactly what the training loop does at forcing probability 0, so the MSE of the
// forecast is the training loss.
func TestForecastMatchesFreeRunningLoss(t *testing.T) {
	m := mustNew(t, Config{Dim: 2, RootWidth: 5, RootDepth: 1, RootInput: "tau+prev", TimeChan: true, Mean: []float64{0.1, 0}, Std: []float64{2, 0.5}, Seed: 8})
	perturb(m, 5, 0.1)
	x := sines(rand.New(rand.NewPCG(2, 2)), 3, 8, 2, 0.5, 1.5, -1, 1, 1)
	loss, err := m.Loss(x, nn.LossOptions{ForcingProb: 0}, rand.New(rand.NewPCG(1, 1)))
	if err != nil {
		t.Fatal(err)
	}
	f, err := m.Forecast(x, 1)
	if err != nil {
		t.Fatal(err)
	}
	mse := 0.0
	for n := 0; n < x.N; n++ {
		for tt := 1; tt < x.T; tt++ {
			for i := range x.At(n, tt) {
				e := f.At(n, tt)[i] - x.At(n, tt)[i]
				mse += e * e
			}
		}
	}
	mse /= float64(x.N * (x.T - 1) * x.D)
	if math.Abs(mse-loss) > 1e-12*loss {
		t.Errorf("forecast MSE %.15g, free-running training loss %.15g", mse, loss)
	}
}
