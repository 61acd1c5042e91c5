package warp

import (
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/warpkit/warpkit/internal/clienttest"
)

// TestWeightsArrowReadByArrowJS writes a weight table and reads it back with the official
// Arrow JavaScript library, comparing every value with Weights.
func TestWeightsArrowReadByArrowJS(t *testing.T) {
	node, js := clienttest.JSClients(t, "apache-arrow")
	m := mustNew(t, Config{Dim: 2, RootWidth: 3, RootDepth: 1, Seed: 4})
	perturb(m, 2, 0.2)
	x := sines(rand.New(rand.NewPCG(1, 2)), 3, 5, 2, 0.5, 1, -1, 1, 1)
	path := filepath.Join(t.TempDir(), "w.arrow")
	if err := m.WriteWeightsArrow(path, x, 2); err != nil {
		t.Fatal(err)
	}
	want, err := m.Weights(x, 2)
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		NumRows  int                  `json:"numRows"`
		Columns  map[string][]float64 `json:"columns"`
		Metadata map[string]string    `json:"metadata"`
	}
	clienttest.RunJSON(t, &got, node, filepath.Join(js, "read_arrow.mjs"), path)
	N, T, D := x.N, x.T, m.NumWeights()
	if got.NumRows != N*T {
		t.Fatalf("%d rows, want %d", got.NumRows, N*T)
	}
	if got.Metadata["model"] != "warp" || got.Metadata["context"] != "2" {
		t.Errorf("metadata %v", got.Metadata)
	}
	names := m.WeightNames()
	if len(got.Columns) != 3+D {
		t.Fatalf("%d columns, want %d", len(got.Columns), 3+D)
	}
	for r := 0; r < N*T; r++ {
		n, s := r/T, r%T
		if got.Columns["traj"][r] != float64(n) || got.Columns["step"][r] != float64(s) || got.Columns["t"][r] != x.Times[s] {
			t.Fatalf("row %d: traj %g step %g t %g", r, got.Columns["traj"][r], got.Columns["step"][r], got.Columns["t"][r])
		}
		for k, name := range names {
			if v := got.Columns[name][r]; v != want[(n*T+s)*D+k] {
				t.Fatalf("row %d column %s = %.17g, want %.17g", r, name, v, want[(n*T+s)*D+k])
			}
		}
	}
}
