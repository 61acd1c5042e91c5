package datasets_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/warpkit/warpkit/datasets"
)

// Generate a small version of the paper's MSD dataset and write it as HDF5. From Python:
//
//	import h5py
//	f = h5py.File("msd.h5")
//	x = f["train/trajectories"][...]   # (N, T, D)
//	spec = f.attrs["spec"]             # the YAML that made it
func Example() {
	spec, err := datasets.Builtin("msd")
	if err != nil {
		panic(err)
	}
	spec.Scale(0.001) // 20 train and 4 test trajectories
	d, err := datasets.Generate(context.Background(), spec, datasets.GenerateOptions{})
	if err != nil {
		panic(err)
	}
	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "msd.h5")
	if err := datasets.Write(d, path, datasets.WriteOptions{}); err != nil {
		panic(err)
	}
	back, err := datasets.Open(path)
	if err != nil {
		panic(err)
	}
	for _, name := range back.SplitNames() {
		s := back.Splits[name]
		fmt.Printf("%s: (%d, %d, %d)\n", name, s.N, s.T, s.D)
	}
	fmt.Println("states:", back.States, "params:", back.ParamNames, "solver:", back.Provenance["solver"])
	// Output:
	// test: (4, 256, 2)
	// train: (20, 256, 2)
	// states: [x v] params: [m k c] solver: dp5
}

// A user-defined dataset from a YAML spec: any library system, any distributions.
func ExampleParseSpec() {
	spec, err := datasets.ParseSpec([]byte(`
name: pendulum-small
system: pendulum
t0: 0
t1: 5
points: 101
seed: 1
splits:
  - name: train
    n: 8
    params:
      L: uniform(0.5,2)
    y0:
      theta: uniform(-1,1)
  - name: test
    n: 4
    params:
      L: loguniform(2,4)
`))
	if err != nil {
		panic(err)
	}
	if err := spec.Validate(); err != nil {
		panic(err)
	}
	d, err := datasets.Generate(context.Background(), spec, datasets.GenerateOptions{})
	if err != nil {
		panic(err)
	}
	fmt.Println(d.States, d.Splits["train"].N, d.Splits["test"].T)
	// Output: [theta omega] 8 101
}
