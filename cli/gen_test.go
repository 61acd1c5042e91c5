package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/warpkit/warpkit/datasets"
	"github.com/warpkit/warpkit/internal/clienttest"
	"github.com/warpkit/warpkit/ode"
)

// wk runs the command line in-process and returns its exit status and output.
func wk(t *testing.T, ctx context.Context, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Run(ctx, args, &out, &errb)
	return code, out.String(), errb.String()
}

func mustWK(t *testing.T, args ...string) string {
	t.Helper()
	code, out, errs := wk(t, context.Background(), args...)
	if code != 0 {
		t.Fatalf("warpkit %v: exit %d\n%s", args, code, errs)
	}
	return out
}

// The bar: the MSD file at 512 + 128 trajectories reads in h5py with the right shapes,
// its stored parameters reproduce the closed form to 1e-6, h5py's values equal Go's, and
// h5dump lists the same structure.
func TestGenMSDBar(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "d.h5")
	code, out, errs := wk(t, context.Background(), "gen", "--dataset", "msd", "--n-train", "512", "--n-test", "128", "--out", path)
	if code != 0 || errs != "" { // stderr is no terminal: no progress bar
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	if !strings.Contains(out, "train (512, 256, 2)") {
		t.Errorf("summary: %q", out)
	}
	d, err := datasets.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	worst := 0.0
	for _, name := range []string{"train", "test"} {
		s := d.Splits[name]
		for i := range s.N {
			p, y := s.Params[i*3:], s.Y0[i*2:]
			for k, tt := range s.Times {
				x, v := ode.MSDSolution(p[0], p[1], p[2], y[0], y[1], tt)
				worst = max(worst, math.Abs(s.X[(i*s.T+k)*2]-x), math.Abs(s.X[(i*s.T+k)*2+1]-v))
			}
		}
	}
	t.Logf("largest deviation from ode.MSDSolution over 640 trajectories: %.3g", worst)
	if worst > 1e-6 {
		t.Errorf("largest deviation from the closed form %.3g > 1e-6", worst)
	}

	py := clienttest.RequirePython(t, "h5py", "numpy")
	script := `
import h5py, json, sys
with h5py.File(sys.argv[1], "r") as f:
    print(json.dumps({k: {"shape": list(f[k + "/trajectories"].shape), "x": f[k + "/trajectories"][()].ravel().tolist(),
                          "params": f[k + "/params"][()].ravel().tolist()} for k in ("train", "test")}))`
	b, err := exec.Command(py, "-c", script, path).Output()
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]struct {
		Shape     []int
		X, Params []float64
	}
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got["train"].Shape, []int{512, 256, 2}) || !slices.Equal(got["test"].Shape, []int{128, 256, 2}) {
		t.Fatalf("h5py shapes %v %v", got["train"].Shape, got["test"].Shape)
	}
	for _, name := range []string{"train", "test"} {
		if !slices.Equal(got[name].X, d.Splits[name].X) || !slices.Equal(got[name].Params, d.Splits[name].Params) {
			t.Fatalf("h5py's %s values differ from Go's", name)
		}
	}

	h5d := clienttest.RequireCommand(t, "h5dump")
	dump, err := exec.Command(h5d, "-H", path).Output()
	if err != nil {
		t.Fatal(err)
	}
	// Every group and dataset warpkit inspect lists appears in h5dump, with the same shape.
	insp := mustWK(t, "inspect", path)
	for _, line := range strings.Split(insp, "\n") {
		line = strings.TrimSpace(line)
		if name, ok := strings.CutSuffix(line, "/"); ok && !strings.Contains(name, " ") {
			if !strings.Contains(string(dump), `GROUP "`+name+`"`) {
				t.Errorf("h5dump lacks group %s", name)
			}
		}
		if name, rest, ok := strings.Cut(line, ": dataset ["); ok {
			dims := strings.Fields(strings.TrimSuffix(strings.Fields(rest)[0], "]"))
			if len(strings.Fields(rest)) > 1 {
				dims = strings.Fields(strings.Split(rest, "]")[0])
			}
			want := "( " + strings.Join(dims, ", ") + " )"
			if !strings.Contains(string(dump), `DATASET "`+name+`"`) || !strings.Contains(string(dump), want) {
				t.Errorf("h5dump lacks dataset %s %s", name, want)
			}
		}
	}
}

func TestGenEveryFormatAndConvertChain(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "s.npz")
	mustWK(t, "gen", "--dataset", "lv", "--scale", "0.0005", "--n-val", "3", "--out", src, "--quiet")
	want, err := datasets.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	if want.Splits["train"].N != 8 || want.Splits["val"].N != 3 || want.Splits["test"].N != 2 {
		t.Fatalf("sizes %d %d %d", want.Splits["train"].N, want.Splits["val"].N, want.Splits["test"].N)
	}
	prev := src
	for _, next := range []string{"a.arrow", "b.parquet", "c.h5", "set/", "d.npz"} {
		out := filepath.Join(dir, next)
		if strings.HasSuffix(next, "/") {
			out += "/"
		}
		in := prev
		if strings.HasSuffix(prev, "/") {
			in = strings.TrimSuffix(prev, "/")
		}
		mustWK(t, "convert", in, out, "--compress")
		got, err := datasets.Open(strings.TrimSuffix(out, "/"))
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range want.SplitNames() {
			a, b := want.Splits[n], got.Splits[n]
			if !slices.Equal(a.X, b.X) || !slices.Equal(a.Params, b.Params) || !slices.Equal(a.Times, b.Times) || !slices.Equal(a.Y0, b.Y0) {
				t.Fatalf("%s: split %s changed", next, n)
			}
		}
		for k, v := range want.Provenance {
			if got.Provenance[k] != v {
				t.Fatalf("%s: provenance %s changed: %q → %q", next, k, v, got.Provenance[k])
			}
		}
		prev = out
	}
}

func TestGenShardsAndMerge(t *testing.T) {
	dir := t.TempDir()
	whole := filepath.Join(dir, "whole.h5")
	args := []string{"gen", "--dataset", "msd-zero", "--n-train", "9", "--n-test", "4", "--quiet"}
	mustWK(t, append(args, "--out", whole)...)
	var shards []string
	for i, ext := range []string{"parquet", "h5", "npz"} { // shards may be in different formats
		p := filepath.Join(dir, "part"+string(rune('0'+i))+"."+ext)
		mustWK(t, append(args, "--shard", string(rune('0'+i))+"/3", "--workers", "1", "--out", p)...)
		shards = append(shards, p)
	}
	merged := filepath.Join(dir, "merged.arrow")
	mustWK(t, "merge", "--out", merged, shards[2], shards[0], shards[1])
	a, _ := datasets.Open(whole)
	b, err := datasets.Open(merged)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range a.SplitNames() {
		if !slices.Equal(a.Splits[n].X, b.Splits[n].X) || !slices.Equal(a.Splits[n].Params, b.Splits[n].Params) {
			t.Fatalf("merged split %s differs from the unsharded run", n)
		}
	}
	if !slices.Equal(a.Norm.Mean, b.Norm.Mean) || a.Provenance["spec"] != b.Provenance["spec"] {
		t.Fatal("merged normalisation or spec differs")
	}
	code, _, errs := wk(t, context.Background(), "merge", "--out", filepath.Join(dir, "m2.h5"), shards[0], shards[2])
	if code == 0 || !strings.Contains(errs, "shard 1/3 missing") {
		t.Errorf("incomplete merge: exit %d %q", code, errs)
	}
}

func TestGenBadInput(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "x.h5")
	nspec := 0
	spec := func(body string) string {
		nspec++
		p := filepath.Join(dir, "spec"+string(rune('0'+nspec))+".yaml")
		os.WriteFile(p, []byte(body), 0o644)
		return p
	}
	base := "name: s\nsystem: msd\nt0: 0\nt1: 1\npoints: 8\nsplits:\n  - name: train\n    n: 2\n    params:\n      m: %s\n"
	cases := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"gen", "--dataset", "msdd", "--out", out}, 2, `unknown dataset "msdd"`},
		{[]string{"gen", "--out", out}, 2, "exactly one of --dataset"},
		{[]string{"gen", "--spec", spec(strings.Replace(base, "%s", "uniform(0.04,0.02)", 1)), "--out", out}, 1, "splits.train.params.m"},
		{[]string{"gen", "--spec", spec(strings.Replace(base, "%s", "uniform(-0.01,0.02)", 1)), "--out", out}, 1, "positive"},
		{[]string{"gen", "--spec", spec(strings.Replace(strings.Replace(base, "%s", "0.03", 1), "points: 8", "points: 0", 1)), "--out", out}, 1, "points"},
		{[]string{"gen", "--dataset", "msd", "--n-train", "2", "--n-test", "2", "--method", "rk99", "--out", out}, 1, "method"},
		{[]string{"gen", "--dataset", "msd", "--n-train", "2", "--n-test", "2", "--out", filepath.Join(dir, "spec1.yaml", "x.h5")}, 1, "spec1.yaml"}, // a file, not a folder
		{[]string{"gen", "--dataset", "msd", "--n-train", "2", "--n-test", "2", "--out", filepath.Join(dir, "x.csv")}, 2, ".csv"},
		{[]string{"gen", "--dataset", "msd", "--shard", "3/3", "--out", out}, 2, "shard"},
		{[]string{"convert", filepath.Join(dir, "missing.h5"), out}, 1, "missing.h5"},
		{[]string{"inspect"}, 2, "no file"},
	}
	for _, c := range cases {
		code, _, errs := wk(t, context.Background(), c.args...)
		if code != c.code || !strings.Contains(errs, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d mentioning %q", c.args, code, errs, c.code, c.want)
		}
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a failed run left an output file")
	}
	// An existing output is kept without --force.
	small := []string{"gen", "--dataset", "sine-tiny", "--quiet", "--out", out}
	mustWK(t, small...)
	before, _ := os.ReadFile(out)
	code, _, errs := wk(t, context.Background(), append(small, "--seed", "9")...)
	after, _ := os.ReadFile(out)
	if code == 0 || !strings.Contains(errs, "--force") || !bytes.Equal(before, after) {
		t.Errorf("overwrite without --force: exit %d %q, changed %v", code, errs, !bytes.Equal(before, after))
	}
	mustWK(t, append(small, "--seed", "9", "--force")...)
	// A file holding a NaN is refused on conversion, naming the file and the place.
	npz := filepath.Join(dir, "nan.npz")
	writeNaNNPZ(t, npz)
	code, _, errs = wk(t, context.Background(), "convert", npz, filepath.Join(dir, "nan.arrow"))
	if code == 0 || !strings.Contains(errs, "nan.npz") || !strings.Contains(errs, "NaN") {
		t.Errorf("NaN file: exit %d %q", code, errs)
	}
	if _, err := os.Stat(filepath.Join(dir, "nan.arrow")); err == nil {
		t.Error("NaN conversion left an output")
	}
}

// writeNaNNPZ writes an npz holding a NaN with numpy, as a user's broken file would.
func writeNaNNPZ(t *testing.T, path string) {
	py := clienttest.RequirePython(t, "numpy")
	script := "import numpy as np, sys\na = np.zeros((2, 3, 1)); a[1, 2, 0] = np.nan\nnp.savez(sys.argv[1], train_trajectories=a)"
	if out, err := exec.Command(py, "-c", script, path).CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
}

func TestGenInterruptedLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	code, _, errs := wk(t, ctx, "gen", "--dataset", "msd", "--scale", "0.1", "--out", filepath.Join(dir, "d.h5"))
	if code == 0 || !strings.Contains(errs, "interrupted") {
		t.Errorf("cancelled: exit %d %q", code, errs)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("left %v", entries)
	}
}

// inspect walks any HDF5 file, including one h5py wrote that is not a warpkit dataset.
func TestInspectArbitraryHDF5(t *testing.T) {
	py := clienttest.RequirePython(t, "h5py", "numpy")
	path := filepath.Join(t.TempDir(), "user.h5")
	script := `
import h5py, numpy as np, sys
with h5py.File(sys.argv[1], "w") as f:
    f.attrs["owner"] = "lab"
    g = f.create_group("runs/run1")
    g.create_dataset("signal", data=np.arange(12, dtype=np.float32).reshape(3, 4), chunks=(1, 4), compression="gzip")
    g["signal"].attrs["unit"] = "mV"`
	if out, err := exec.Command(py, "-c", script, path).CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	out := mustWK(t, "inspect", path)
	for _, want := range []string{"@owner = lab", "runs/", "run1/", "signal: dataset [3 4] float32", "@unit = mV", "not a warpkit dataset"} {
		if !strings.Contains(out, want) {
			t.Errorf("inspect output lacks %q:\n%s", want, out)
		}
	}
}

// A user's HDF5 written by h5py, contiguous and chunked+gzip, goes through `warpkit convert`
// to Arrow with the values numpy holds.
func TestConvertH5pyFileToArrow(t *testing.T) {
	py := clienttest.RequirePython(t, "h5py", "numpy")
	for _, layout := range []string{"contiguous", "gzip"} {
		dir := t.TempDir()
		in, out := filepath.Join(dir, "user.h5"), filepath.Join(dir, "user.arrow")
		b, err := exec.Command(py, "../datasets/testdata/make_h5py_dataset.py", in, layout, "float64").Output()
		if err != nil {
			t.Fatal(err)
		}
		var want struct{ Train, Test, T, Params []float64 }
		if err := json.Unmarshal(b, &want); err != nil {
			t.Fatal(err)
		}
		mustWK(t, "convert", in, out)
		d, err := datasets.Open(out)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(d.Splits["train"].X, want.Train) || !slices.Equal(d.Splits["test"].X, want.Test) ||
			!slices.Equal(d.Splits["train"].Times, want.T) || !slices.Equal(d.Splits["train"].Params, want.Params) {
			t.Errorf("%s: values changed through convert", layout)
		}
		if d.Provenance["note"] != "made by h5py" || !slices.Equal(d.States, []string{"a", "b", "c"}) {
			t.Errorf("%s: attributes lost: %v %v", layout, d.Provenance, d.States)
		}
	}
}

func TestInspectShowsStoredTypes(t *testing.T) {
	dir := t.TempDir()
	want := map[string][]string{
		"s.parquet": {"traj: int64 [32]", "x: float64 [32]", "split: utf8 [32]", "spec: |"},
		"s.arrow":   {"step: int64 [32]", "phi: float64 [32]", "solver: closed form"},
		"s.npz":     {"train_trajectories: <f8 [2 16 1]", "provenance: <U", "normalization (train):"},
	}
	for name, lines := range want {
		p := filepath.Join(dir, name)
		mustWK(t, "gen", "--dataset", "sine-tiny", "--n-train", "2", "--n-test", "0", "--n-val", "0", "--quiet", "--out", p)
		out := mustWK(t, "inspect", p)
		for _, l := range lines {
			if !strings.Contains(out, l) {
				t.Errorf("inspect %s lacks %q:\n%s", name, l, out)
			}
		}
	}
}

// The same seed gives the same file bytes whatever the number of workers.
func TestGenSameBytesAnyWorkers(t *testing.T) {
	dir := t.TempDir()
	for _, ext := range []string{"h5", "arrow", "parquet", "npz"} {
		var files [][]byte
		for _, w := range []string{"1", "3"} {
			p := filepath.Join(dir, "w"+w+"."+ext)
			mustWK(t, "gen", "--dataset", "msd-zero", "--n-train", "20", "--n-test", "5", "--workers", w, "--quiet", "--out", p)
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			files = append(files, b)
		}
		if !bytes.Equal(files[0], files[1]) {
			t.Errorf("%s: files differ between 1 and 3 workers", ext)
		}
	}
}

// The same generated data as .arrow (Arrow JS), .parquet (DuckDB) and .npy (numpy) hold the
// same values as the HDF5 file.
func TestGenReadByForeignClients(t *testing.T) {
	dir := t.TempDir()
	args := []string{"gen", "--dataset", "msd", "--n-train", "6", "--n-test", "3", "--quiet", "--out"}
	for _, out := range []string{"d.h5", "d.arrow", "d.parquet", "set/"} {
		mustWK(t, append(args, filepath.Join(dir, out)+map[bool]string{true: "/"}[strings.HasSuffix(out, "/")])...)
	}
	ref, err := datasets.Open(filepath.Join(dir, "d.h5"))
	if err != nil {
		t.Fatal(err)
	}
	type table struct {
		Columns map[string][]any `json:"columns"`
	}
	// x column in split order (test, train), as both table readers return it.
	var wantX []float64
	for _, n := range []string{"test", "train"} {
		s := ref.Splits[n]
		for r := range s.N * s.T {
			wantX = append(wantX, s.X[r*2])
		}
	}
	check := func(who string, col []any) {
		if len(col) != len(wantX) {
			t.Fatalf("%s: %d values, want %d", who, len(col), len(wantX))
		}
		for i, v := range col {
			if v.(float64) != wantX[i] {
				t.Fatalf("%s: x[%d] = %v, want %v", who, i, v, wantX[i])
			}
		}
	}
	node, js := clienttest.JSClients(t, "apache-arrow", "@duckdb/node-api")
	var pq table
	clienttest.RunJSON(t, &pq, node, filepath.Join(js, "read_parquet.mjs"), filepath.Join(dir, "d.parquet"), "split, traj, step")
	check("duckdb", pq.Columns["x"])
	var ar table
	clienttest.RunJSON(t, &ar, node, filepath.Join(js, "read_arrow.mjs"), filepath.Join(dir, "d.arrow"))
	// The Arrow file keeps writing order (train, then test); reorder to test, train.
	ntrain := ref.Splits["train"].N * ref.Splits["train"].T
	check("arrow js", append(ar.Columns["x"][ntrain:], ar.Columns["x"][:ntrain]...))
	py := clienttest.RequirePython(t, "numpy")
	var np []float64
	clienttest.RunJSON(t, &np, py, "-c", "import numpy as np, sys, json\nprint(json.dumps(np.load(sys.argv[1]).ravel().tolist()))", filepath.Join(dir, "set", "msd_train.npy"))
	if !slices.Equal(np, ref.Splits["train"].X) {
		t.Fatal("numpy's msd_train.npy differs")
	}
}
