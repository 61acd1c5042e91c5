package cli

import (
	"context"
	"encoding/json"
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// rdTrainedRun trains the test model once into a fresh folder.
func rdTrainedRun(t *testing.T) string {
	t.Helper()
	run := filepath.Join(t.TempDir(), "run")
	if code, _, errs := rdRun(context.Background(), rdTrainArgs(run)...); code != 0 {
		t.Fatal(errs)
	}
	return run
}

func TestEvalJSONAgreesWithNumpyOnForecastTable(t *testing.T) {
	run := rdTrainedRun(t)
	code, out, errs := rdRun(context.Background(), "eval", "--run", run, "--data", rdFakeName, "--context", "4", "--json")
	if code != 0 {
		t.Fatal(errs)
	}
	var r map[string]any
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("%v: %q", err, out)
	}
	for _, k := range []string{"mse", "mae", "persistence_mse", "persistence_mae", "context", "split", "model", "params", "n"} {
		if _, ok := r[k]; !ok {
			t.Errorf("eval --json lacks %s: %s", k, out)
		}
	}
	if r["split"] != "test" || r["context"] != 4.0 || r["n"] != 5.0 || r["model"] != rdKind || r["params"] != 6.0 {
		t.Fatalf("eval --json %s", out)
	}
	// numpy recomputes every metric from the forecast table: the model's columns give mse and
	// mae over steps ≥ context; the truth alone gives persistence (last context value held).
	csv := filepath.Join(t.TempDir(), "pred.csv")
	if code, _, errs := rdRun(context.Background(), "forecast", "--run", run, "--data", rdFakeName, "--context", "4", "--out", csv); code != 0 {
		t.Fatal(errs)
	}
	py := rdPython(t, `import sys, numpy as np, pandas as pd
d = pd.read_csv(sys.argv[1], float_precision='round_trip').sort_values(["traj", "step"])
C = 4
n, T = d.traj.nunique(), d.step.nunique()
y = d[["q", "p"]].to_numpy().reshape(n, T, 2)
p = d[["q_pred", "p_pred"]].to_numpy().reshape(n, T, 2)
e = p[:, C:] - y[:, C:]
pe = y[:, C - 1:C] - y[:, C:]
print(repr(float(np.mean(e**2))), repr(float(np.mean(np.abs(e)))), repr(float(np.mean(pe**2))), repr(float(np.mean(np.abs(pe)))))`, csv)
	want := strings.Fields(py)
	for i, k := range []string{"mse", "mae", "persistence_mse", "persistence_mae"} {
		w, _ := strconv.ParseFloat(want[i], 64)
		got := r[k].(float64)
		if math.Abs(got-w) > 1e-12*math.Max(1, math.Abs(w)) {
			t.Errorf("%s: eval %v, numpy %v", k, got, w)
		}
	}
	if r["mse"].(float64) >= r["persistence_mse"].(float64) {
		t.Errorf("trained model (mse %v) does not beat persistence (%v) on a linear system", r["mse"], r["persistence_mse"])
	}
	// The text form carries the same numbers.
	code, txt, _ := rdRun(context.Background(), "eval", "--run", run, "--data", rdFakeName, "--context", "4")
	if code != 0 || !strings.Contains(txt, "persistence") || !strings.Contains(txt, strconv.FormatFloat(r["mse"].(float64), 'g', 6, 64)) {
		t.Fatalf("text eval: %q", txt)
	}
}

func TestEvalBadInputsNameTheFlag(t *testing.T) {
	run := rdTrainedRun(t)
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"eval", "--data", rdFakeName}, "--run"},
		{[]string{"eval", "--run", filepath.Join(run, "nope"), "--data", rdFakeName}, "nope"},
		{[]string{"eval", "--run", run}, "--data"},
		{[]string{"eval", "--run", run, "--data", "/nonexistent/d.h5"}, "/nonexistent/d.h5"},
		{[]string{"eval", "--run", run, "--data", rdFakeName, "--split", "holdout"}, "holdout"},
		{[]string{"eval", "--run", run, "--data", rdFakeName, "--context", "12"}, "--context"},
	}
	for _, c := range cases {
		code, _, errs := rdRun(context.Background(), c.args...)
		if code == 0 || !strings.Contains(errs, c.want) {
			t.Errorf("%v: exit %d, stderr %q should name %s", c.args[1:], code, errs, c.want)
		}
	}
}

// On a dataset that stores parameters, eval also splits the error between test trajectories
// whose every parameter lies within the train split's range (interpolation) and the others
// (extrapolation); numpy recomputes both from the forecast table and the file's params.
func TestEvalSplitsByTrainRange(t *testing.T) {
	dir := t.TempDir()
	data, run, csv := filepath.Join(dir, "msd.h5"), filepath.Join(dir, "run"), filepath.Join(dir, "pred.csv")
	mustWK(t, "gen", "--dataset", "msd", "--n-train", "48", "--n-test", "40", "--out", data, "--quiet")
	mustWK(t, "train", "--model", "gru", "--hidden", "4", "--data", data, "--out", run, "--epochs", "1", "--batch", "16", "--context", "100", "--quiet")
	mustWK(t, "forecast", "--run", run, "--data", data, "--out", csv)
	var r evalResult
	if err := json.Unmarshal([]byte(mustWK(t, "eval", "--run", run, "--data", data, "--json")), &r); err != nil {
		t.Fatal(err)
	}
	in, out := r.InTrainRange, r.BeyondTrainRange
	if in == nil || out == nil || in.N+out.N != 40 || in.N == 0 || out.N == 0 {
		t.Fatalf("subsets %+v %+v, want both non-empty and 40 trajectories in all", in, out)
	}
	py := rdPython(t, `import sys, numpy as np, pandas as pd, h5py
f = h5py.File(sys.argv[2], "r")
tr, te = f["train/params"][...], f["test/params"][...]
inside = np.all((te >= tr.min(0)) & (te <= tr.max(0)), axis=1)
d = pd.read_csv(sys.argv[1], float_precision='round_trip').sort_values(["traj", "step"])
C = 100
n, T = d.traj.nunique(), d.step.nunique()
y = d[["x", "v"]].to_numpy().reshape(n, T, 2)
p = d[["x_pred", "v_pred"]].to_numpy().reshape(n, T, 2)
e, pe = p[:, C:] - y[:, C:], y[:, C - 1:C] - y[:, C:]
for m in (inside, ~inside):
    print(int(m.sum()), repr(float(np.mean(e[m]**2))), repr(float(np.mean(np.abs(e[m])))), repr(float(np.mean(pe[m]**2))))`, csv, data)
	lines := strings.Split(strings.TrimSpace(py), "\n")
	for i, sub := range []*evalSubset{in, out} {
		f := strings.Fields(lines[i])
		n, _ := strconv.Atoi(f[0])
		if n != sub.N {
			t.Errorf("subset %d: eval counts %d trajectories, numpy %d", i, sub.N, n)
		}
		for j, got := range []float64{float64(sub.MSE), float64(sub.MAE), float64(sub.PersistenceMSE)} {
			w, _ := strconv.ParseFloat(f[j+1], 64)
			if math.Abs(got-w) > 1e-12*math.Max(1, math.Abs(w)) {
				t.Errorf("subset %d value %d: eval %v, numpy %v", i, j, got, w)
			}
		}
	}
}

// A forecast that diverged has a NaN or infinite error, which JSON cannot hold: eval --json
// writes null for it (and stays valid JSON) where it used to fail.
func TestEvalJSONWritesNonFiniteAsNull(t *testing.T) {
	r := evalResult{Model: "m", MSE: metric(math.NaN()), MAE: metric(math.Inf(1)), PersistenceMSE: 2.5,
		BeyondTrainRange: &evalSubset{N: 3, MSE: metric(math.Inf(-1))}}
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var back map[string]any
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatalf("not valid JSON: %v: %s", err, b)
	}
	beyond, _ := back["beyond_train_range"].(map[string]any)
	if back["mse"] != nil || back["mae"] != nil || back["persistence_mse"] != 2.5 || beyond == nil || beyond["mse"] != nil {
		t.Errorf("got %s", b)
	}
}
