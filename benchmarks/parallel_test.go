package benchmarks

import (
	"context"
	"math"
	"path/filepath"
	"testing"
)

// TestRunParallelCellsMatchSerial trains the same small suite with one cell at a time and
// with three at once: each cell is deterministic on its own, so every metric must agree to
// the bit whatever the order cells finish in. scripts/test.sh runs it under the race
// detector, which checks the cells' shared state (progress, results, the data they read).
func TestRunParallelCellsMatchSerial(t *testing.T) {
	suite := func() *Suite {
		s := tinySuite()
		s.Datasets = s.Datasets[:1]
		s.Datasets[0].NTrain, s.Datasets[0].NTest = 6, 4
		s.Train.Epochs = 1
		return s
	}
	read := func(par int) map[[4]any]float64 {
		dir := t.TempDir()
		if err := suite().Run(context.Background(), dir, RunOptions{Quiet: true, Parallel: par}); err != nil {
			t.Fatalf("Parallel %d: %v", par, err)
		}
		recs, _, err := ReadResults(filepath.Join(dir, "results.parquet"))
		if err != nil {
			t.Fatal(err)
		}
		out := map[[4]any]float64{}
		for _, r := range recs {
			out[[4]any{r.Dataset, r.Model, r.Seed, r.Metric}] = r.Value
		}
		return out
	}
	serial, parallel := read(1), read(3)
	if len(serial) == 0 || len(serial) != len(parallel) {
		t.Fatalf("%d results one at a time, %d three at once", len(serial), len(parallel))
	}
	for key, v := range serial {
		if w, ok := parallel[key]; !ok || math.Float64bits(v) != math.Float64bits(w) {
			t.Errorf("%v: %v one at a time, %v three at once", key, v, w)
		}
	}
}
