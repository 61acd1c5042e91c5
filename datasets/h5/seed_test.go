package h5

import (
	"flag"
	"math"
	"path/filepath"
	"testing"
)

var updateSeeds = flag.Bool("update-seeds", false, "rewrite testdata/warpkit_small.h5, the warpkit-made fuzz seed")

// TestMakeWarpkitSeed writes the small warpkit-made file that seeds FuzzOpen and the
// damaged-file tests: go test -run TestMakeWarpkitSeed -update-seeds.
func TestMakeWarpkitSeed(t *testing.T) {
	if !*updateSeeds {
		t.Skip("run with -update-seeds to rewrite testdata/warpkit_small.h5")
	}
	f, err := Create(filepath.Join("testdata", "warpkit_small.h5"))
	if err != nil {
		t.Fatal(err)
	}
	root := f.Root()
	must := func(err error) {
		t.Helper()
		if err != nil {
			f.Abort()
			t.Fatal(err)
		}
	}
	must(root.SetAttr("system", "msd"))
	must(root.SetAttr("states", []string{"x", "v"}))
	must(root.SetAttr("params", []float64{0.03, 10, 0.1}))
	must(root.SetAttr("seed", 7))
	g, err := root.CreateGroup("train")
	must(err)
	x := make([]float64, 3*5*2)
	for i := range x {
		x[i] = math.Cos(0.3 * float64(i))
	}
	must(g.WriteDataset("trajectories", []int{3, 5, 2}, x, nil))
	must(g.WriteDataset("packed", []int{3, 5, 2}, x, &DatasetOptions{Chunk: []int{2, 5, 2}, Deflate: 1, Shuffle: true, Attrs: map[string]any{"unit": "m"}}))
	must(root.WriteDataset("times", []int{5}, []float32{0, 0.25, 0.5, 0.75, 1}, nil))
	must(f.Close())
}
