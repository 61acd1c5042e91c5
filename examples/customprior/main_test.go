package main

import (
	"bytes"
	"encoding/csv"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/warpkit/warpkit/benchmarks"
	"github.com/warpkit/warpkit/datasets"
	"github.com/warpkit/warpkit/ode"
	"github.com/warpkit/warpkit/solvers"
)

// priorOptions are the README's and the package doc's: the network predicts damping and
// torque, g/L is known.
const priorOptions = `{"predict":[{"name":"damping"},{"name":"torque"}],"fixed":{"g_over_l":9.81}}`

// binaries builds this example and the stock warpkit into a temporary folder.
func binaries(t *testing.T) (example, stock string) {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go tool to build the binaries with")
	}
	dir := t.TempDir()
	// One go build links both, in parallel; with -o naming a folder each gets its package's name.
	if out, err := exec.Command(goTool, "build", "-o", dir+string(filepath.Separator), ".", "github.com/warpkit/warpkit/cmd/warpkit").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	example, stock = filepath.Join(dir, "customprior"), filepath.Join(dir, "warpkit")
	return example, stock
}

// run runs a binary in dir and returns its exit status, stdout and stderr.
func run(t *testing.T, dir, bin string, args ...string) (int, string, string) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode(), out.String(), errb.String()
	} else if err != nil {
		t.Fatalf("%s %v: %v", bin, args, err)
	}
	return 0, out.String(), errb.String()
}

// mustRun is run that fails the test unless the command succeeds.
func mustRun(t *testing.T, dir, bin string, args ...string) string {
	t.Helper()
	code, out, errs := run(t, dir, bin, args...)
	if code != 0 {
		t.Fatalf("%s %s: exit %d\n%s%s", filepath.Base(bin), strings.Join(args, " "), code, out, errs)
	}
	return out
}

// referencePendulum is the torqued pendulum transcribed again from the package doc's equation,
// θ″ = τ − (g/L) sin θ − γ θ′, with p = (g/L, γ, τ), for the independent solve.
var referencePendulum = &ode.System{
	Name: "reference_pendulum", States: []string{"theta", "omega"},
	Params: []ode.Param{{Name: "g_over_l"}, {Name: "damping"}, {Name: "torque"}},
	F64: func(_ float64, y, p, dy []float64) {
		dy[0] = y[1]
		dy[1] = p[2] - p[0]*math.Sin(y[0]) - p[1]*y[1]
	},
}

// bounds are the ranges pendulum.yaml draws each split's parameters and initial states from.
var bounds = map[string]map[string][2]float64{
	"train": {"g_over_l": {9.81, 9.81}, "damping": {0.1, 0.6}, "torque": {-2.5, 2.5}, "theta": {-2, 2}, "omega": {-1, 1}},
	"test":  {"g_over_l": {9.81, 9.81}, "damping": {0.1, 0.8}, "torque": {-3, 3}, "theta": {-2, 2}, "omega": {-1, 1}},
}

func within(v float64, r [2]float64) bool { return v >= r[0] && v <= r[1] }

// TestCommandsWithTheUsersSystem takes the user's system through gen, train, forecast and
// bench in the example binary, and checks that the stock warpkit does not know it.
func TestCommandsWithTheUsersSystem(t *testing.T) {
	example, stock := binaries(t)
	dir := t.TempDir()
	spec, err := filepath.Abs("pendulum.yaml")
	if err != nil {
		t.Fatal(err)
	}

	// gen: the file holds the spec's distributions, and its trajectories are the pendulum's.
	mustRun(t, dir, example, "gen", "--spec", spec, "--n-train", "24", "--n-test", "8", "--out", "p.h5", "--quiet")
	ds, err := datasets.Open(filepath.Join(dir, "p.h5"))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ds.States, []string{"theta", "omega"}) || !slices.Equal(ds.ParamNames, []string{"g_over_l", "damping", "torque"}) {
		t.Fatalf("states %v, params %v", ds.States, ds.ParamNames)
	}
	worst := 0.0
	for name, b := range bounds {
		s, err := ds.Split(name)
		if err != nil {
			t.Fatal(err)
		}
		if s.T != 64 || s.D != 2 || s.Times[0] != 0 || s.Times[s.T-1] != 4 {
			t.Fatalf("%s: shape (%d, %d, %d) over [%g, %g], want (N, 64, 2) over [0, 4]", name, s.N, s.T, s.D, s.Times[0], s.Times[s.T-1])
		}
		for i := range s.N {
			p, x := s.Params[i*3:(i+1)*3], s.X[i*s.T*2:(i+1)*s.T*2]
			for j, pn := range ds.ParamNames {
				if !within(p[j], b[pn]) {
					t.Errorf("%s %d: %s = %g outside the spec's %v", name, i, pn, p[j], b[pn])
				}
			}
			if !within(x[0], b["theta"]) || !within(x[1], b["omega"]) {
				t.Errorf("%s %d: initial state %v outside the spec's ranges", name, i, x[:2])
			}
			sol, err := solvers.Solve(solvers.Problem{System: referencePendulum, Y0: x[:2], P: p, T0: 0, T1: 4},
				solvers.DOP853, solvers.Options{RTol: 1e-12, ATol: 1e-13, Times: s.Times})
			if err != nil {
				t.Fatal(err)
			}
			for k, v := range sol.Y {
				worst = max(worst, math.Abs(v-x[k]))
			}
		}
	}
	// gen integrates with dp5 at rtol 1e-8, atol 1e-10 (the spec's defaults).
	if worst > 1e-6 {
		t.Errorf("generated trajectories differ from an independent DOP853 solve by up to %g", worst)
	}
	t.Logf("generated trajectories agree with the reference solve to %.2g", worst)

	// train: WARP-Phys with the user's system as its prior, a few steps.
	train := []string{"train", "--model", "warp-phys", "--prior", "system:torqued_pendulum", "--prior-options", priorOptions,
		"--root-width", "4", "--root-depth", "1", "--context", "16", "--data", "p.h5", "--steps", "3", "--batch", "8", "--quiet"}
	mustRun(t, dir, example, append(train, "--out", "r")...)

	// The stock warpkit does not know the system: that is what registering it is for.
	for _, args := range [][]string{
		append(train, "--out", "r-stock"),
		{"gen", "--spec", spec, "--n-train", "4", "--n-test", "2", "--out", "stock.h5"},
	} {
		code, _, errs := run(t, dir, stock, args...)
		if code == 0 || !strings.Contains(errs, `unknown system "torqued_pendulum"`) {
			t.Errorf("stock warpkit %s: exit %d, stderr %q; want an error naming the unknown system", args[0], code, errs)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "r-stock", "model.safetensors")); err == nil {
		t.Error("the stock warpkit wrote a model for a prior it does not know")
	}

	// forecast: one row per test trajectory and step, the truth as in the file, the context
	// fed through, finite forecasts and inferred parameters inside the ranges the system
	// declares (the default sigmoid's).
	mustRun(t, dir, example, "forecast", "--run", "r", "--data", "p.h5", "--out", "f.csv")
	checkForecast(t, filepath.Join(dir, "f.csv"), ds)

	// bench: a tiny suite on the shipped spec, and the shipped suite resolved.
	suite := filepath.Join(dir, "tiny.yaml")
	os.WriteFile(suite, []byte(`name: tiny
datasets:
  - name: pendulum
    spec: `+strconv.Quote(spec)+`
    train: 12
    test: 6
    context: 16
    prior: "system:torqued_pendulum"
    prior_options: `+priorOptions+`
seeds: [0]
budget: {steps: 2}
models:
  - {label: warp-phys, kind: warp-phys, root_width: 4, root_depth: 1}
  - {label: gru, kind: gru, hidden: 8}
`), 0o644)
	mustRun(t, dir, example, "bench", "--suite", suite, "--out", "b", "--quiet", "--parallel", "1")
	recs, _, err := benchmarks.ReadResults(filepath.Join(dir, "b", "results.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	mse := map[string]float64{}
	for _, r := range recs {
		if r.Dataset == "pendulum" && r.Metric == "mse" {
			mse[r.Model] = r.Value
		}
	}
	for _, m := range []string{"warp-phys", "gru", benchmarks.Persistence} {
		if v, ok := mse[m]; !ok || !(v >= 0) || math.IsInf(v, 0) {
			t.Errorf("results.parquet: %s on pendulum: mse %v (present %v)", m, v, ok)
		}
	}
	shipped, err := filepath.Abs("suite.yaml")
	if err != nil {
		t.Fatal(err)
	}
	out := mustRun(t, dir, example, "bench", "--suite", shipped, "--dry-run")
	if !strings.Contains(out, "warp-phys") || !strings.Contains(out, "gru") {
		t.Errorf("dry run of suite.yaml names no warp-phys and gru cells:\n%s", out)
	}
}

// checkForecast checks forecast's CSV against the test split of ds.
func checkForecast(t *testing.T, path string, ds *datasets.Dataset) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	const header = "split,traj,step,t,theta,theta_pred,omega,omega_pred,param_damping,param_torque"
	if got := strings.Join(rows[0], ","); got != header {
		t.Fatalf("forecast columns %s, want %s", got, header)
	}
	test, err := ds.Split("test")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows)-1 != test.N*test.T {
		t.Fatalf("forecast has %d rows, want %d trajectories × %d steps", len(rows)-1, test.N, test.T)
	}
	ranges := [2][2]float64{{0, 1}, {-4, 4}} // damping and torque as pendulum() declares them
	for r, row := range rows[1:] {
		n, k := r/test.T, r%test.T
		if row[0] != "test" || row[1] != strconv.Itoa(n) || row[2] != strconv.Itoa(k) {
			t.Fatalf("row %d: %v, want test trajectory %d step %d", r+1, row[:3], n, k)
		}
		v := make([]float64, len(row)-3)
		for j := range v {
			if k == 0 && j >= 5 {
				continue // no parameters inferred before the first step
			}
			if v[j], err = strconv.ParseFloat(row[3+j], 64); err != nil || math.IsNaN(v[j]) || math.IsInf(v[j], 0) {
				t.Fatalf("row %d column %s: %q is not a finite number", r+1, rows[0][3+j], row[3+j])
			}
		}
		x := test.X[(n*test.T+k)*2:]
		if v[0] != test.Times[k] || v[1] != x[0] || v[3] != x[1] {
			t.Fatalf("row %d: t, theta, omega = %v, %v, %v; the file has %v, %v, %v", r+1, v[0], v[1], v[3], test.Times[k], x[0], x[1])
		}
		if k < 16 && (v[2] != v[1] || v[4] != v[3]) {
			t.Fatalf("row %d: inside the context the forecast is not the truth: %v", r+1, row)
		}
		if k > 0 && (!within(v[5], ranges[0]) || !within(v[6], ranges[1])) {
			t.Fatalf("row %d: inferred damping %g, torque %g outside [0, 1] and [-4, 4]", r+1, v[5], v[6])
		}
	}
}
