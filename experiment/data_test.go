package experiment

import (
	"context"
	"slices"
	"testing"

	"github.com/warpkit/warpkit/datasets"
	"github.com/warpkit/warpkit/nn"
)

// rampDataset has trajectory n equal to n at every step, so a held-out set says which
// trajectories it took.
func rampDataset(n, t int, withVal bool) *datasets.Dataset {
	mk := func(n int, off float64) *datasets.Split {
		s := &datasets.Split{N: n, T: t, D: 1, X: make([]float64, n*t)}
		for i := range n {
			for k := range t {
				s.X[i*t+k] = float64(i) + off + 0.01*float64(k)
			}
		}
		return s
	}
	d := &datasets.Dataset{Name: "ramp", States: []string{"x"}, Splits: map[string]*datasets.Split{"train": mk(n, 0)}}
	if withVal {
		d.Splits["val"] = mk(3, 1000)
	}
	return d
}

func ids(s *nn.Sequences) []int {
	var out []int
	for i := range s.N {
		out = append(out, int(s.X[i*s.T]))
	}
	return out
}

// Without a val split, ValSplit of train is held out: disjoint, together the whole split,
// each in file order, the same every time; with one, the file's val split validates.
func TestNewDataHoldsOutValidation(t *testing.T) {
	d, err := NewData(rampDataset(40, 5, false), 0.1)
	if err != nil {
		t.Fatal(err)
	}
	tr, va := ids(d.Train), ids(d.Val)
	if d.ValFrom != "train" || len(va) != 4 || len(tr) != 36 || !slices.IsSorted(tr) || !slices.IsSorted(va) {
		t.Fatalf("train %v val %v (%s)", tr, va, d.ValFrom)
	}
	all := slices.Sorted(slices.Values(append(slices.Clone(tr), va...)))
	for i, v := range all {
		if v != i {
			t.Fatalf("held-out and kept trajectories do not partition the split: %v", all)
		}
	}
	if slices.Equal(va, []int{36, 37, 38, 39}) {
		t.Errorf("held out the last trajectories %v, not a shuffle", va)
	}
	again, _ := NewData(rampDataset(40, 5, false), 0.1)
	if !slices.Equal(ids(again.Val), va) {
		t.Error("held-out set changes between calls")
	}
	// The statistics are those of the kept trajectories.
	if m, _ := ChannelStats(d.Train); m[0] != d.Mean[0] {
		t.Errorf("mean %v, kept trajectories' %v", d.Mean, m)
	}
	f, err := NewData(rampDataset(40, 5, true), 0.1)
	if err != nil || f.ValFrom != "file" || f.Train.N != 40 || ids(f.Val)[0] != 1000 {
		t.Fatalf("%+v %v", f, err)
	}
	none, _ := NewData(rampDataset(40, 5, false), 0)
	if none.Val != nil || none.Train.N != 40 {
		t.Fatalf("val_split 0: %+v", none)
	}
}

// Train through the library: a step budget is met exactly, the model holds the weights of the
// best validation, and Best is a copy of them (the non-finite stop is tested in nn).
func TestTrainKeepsBest(t *testing.T) {
	d, err := NewData(rampDataset(20, 8, false), 0.25)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := Defaults("gru")
	if err != nil {
		t.Fatal(err)
	}
	cfg.Hidden, cfg.Epochs, cfg.Steps, cfg.BatchSize = 4, 0, 9, 5
	res, err := Train(context.Background(), cfg, d, TrainOptions{Quiet: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Fit.Steps != 9 || res.Fit.Stopped != "steps" || cfg.Context != 1 {
		t.Fatalf("%+v context %d", res.Fit, cfg.Context)
	}
	ts := &TestSet{Seq: d.Val, Context: cfg.Context}
	ev, err := ts.Evaluate(res.Model)
	if err != nil {
		t.Fatal(err)
	}
	if ev.All.MSE != res.Fit.BestValue {
		t.Errorf("model's val mse %v, best recorded %v", ev.All.MSE, res.Fit.BestValue)
	}
	for i, p := range res.Model.Params() {
		if !slices.Equal(p.Data, res.Best[i]) {
			t.Fatal("Best is not the model's weights")
		}
	}
}
