package cli

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/warpkit/warpkit/datasets"
	"github.com/warpkit/warpkit/ode"
)

const duffingSpec = "../examples/duffing/duffing.yaml"

// duffingOptions are the prior_options for the equation-defined Duffing.
const duffingOptions = `{"predict":[{"name":"delta"},{"name":"beta"}],"fixed":{"alpha":-1},"integrator":"rk4"}`

// TestHelperWarpkit is not a test: run as a child process with WARPKIT_CHILD_ARGS set, it is a
// fresh warpkit with nothing registered beyond the library.
func TestHelperWarpkit(t *testing.T) {
	args := os.Getenv("WARPKIT_CHILD_ARGS")
	if args == "" {
		t.Skip("only a child process of TestEquationSystemEverywhere runs this")
	}
	var out, errb strings.Builder
	if code := Run(context.Background(), strings.Split(args, "\x1f"), &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
}

// wkChild runs warpkit args in a fresh process.
func wkChild(t *testing.T, args ...string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperWarpkit$", "-test.count=1")
	cmd.Env = append(os.Environ(), "WARPKIT_CHILD_ARGS="+strings.Join(args, "\x1f"))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("warpkit %v in a fresh process: %v\n%s", args, err, out)
	}
}

// TestEquationSystemEverywhere takes the shipped duffing spec through gen, solve, train with a
// system: prior and forecast, the last in a fresh process that knows the system only from the
// run folder.
func TestEquationSystemEverywhere(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "duffing.h5")
	mustWK(t, "gen", "--spec", duffingSpec, "--scale", "0.0625", "--out", data, "--quiet")

	// solve --spec integrates the equations; the library Duffing without forcing is the same.
	eq := parseSolveCSV(t, mustWK(t, "solve", "--spec", duffingSpec, "--y0", "0.5,0", "--points", "11"), []string{"t", "x", "v"}, 11)
	lib := parseSolveCSV(t, mustWK(t, "solve", "--system", "duffing", "--param", "gamma=0", "--y0", "0.5,0",
		"--t0", "0", "--t1", "10", "--points", "11", "--rtol", "1e-8", "--atol", "1e-10"), []string{"t", "x", "v"}, 11)
	for i := range eq {
		for j := range eq[i] {
			if d := eq[i][j] - lib[i][j]; d > 1e-7 || d < -1e-7 {
				t.Fatalf("row %d: equations %v, library %v", i, eq[i], lib[i])
			}
		}
	}

	if _, err := ode.Lookup("my-duffing"); err == nil {
		t.Fatal("my-duffing is registered before any command read the file")
	}
	run := filepath.Join(dir, "run")
	mustWK(t, "train", "--model", "warp-phys", "--prior", "system:my-duffing", "--prior-options", duffingOptions,
		"--root-width", "4", "--root-depth", "1", "--data", data, "--out", run, "--epochs", "1", "--batch", "8", "--context", "50", "--quiet")
	out := filepath.Join(dir, "f.csv")
	wkChild(t, "forecast", "--run", run, "--data", data, "--out", out)
	rows := readCSVRows(t, out)
	if got := strings.Join(rows[0], ","); got != "split,traj,step,t,x,x_pred,v,v_pred,param_delta,param_beta" {
		t.Fatalf("forecast columns %s", got)
	}
	for _, r := range rows[1:] {
		if r[2] == "0" {
			continue
		}
		// The default sigmoid keeps each predicted parameter inside its declared range.
		delta, _ := strconv.ParseFloat(r[8], 64)
		beta, _ := strconv.ParseFloat(r[9], 64)
		if !(delta >= 0.1 && delta <= 0.5 && beta >= 0.5 && beta <= 1.5) {
			t.Fatalf("step %s: delta %q, beta %q outside their ranges", r[2], r[8], r[9])
		}
	}
}

// TestTrainPriorSpecFlag: a file whose provenance names a system but does not define it (made
// from Go) trains a system: prior only when --spec supplies the equations.
func TestTrainPriorSpecFlag(t *testing.T) {
	dir := t.TempDir()
	spec, err := datasets.LoadSpec(duffingSpec)
	if err != nil {
		t.Fatal(err)
	}
	text, err := os.ReadFile(duffingSpec)
	if err != nil {
		t.Fatal(err)
	}
	own := filepath.Join(dir, "own.yaml")
	if err := os.WriteFile(own, []byte(strings.Replace(string(text), "name: my-duffing", "name: go-duffing", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	ownSpec, err := datasets.LoadSpec(own)
	if err != nil {
		t.Fatal(err)
	}
	if spec.Sys, err = ownSpec.Resolve(); err != nil {
		t.Fatal(err)
	}
	spec.Equations = nil
	if err := spec.Scale(1.0 / 32); err != nil {
		t.Fatal(err)
	}
	data := filepath.Join(dir, "d.h5")
	if _, err := datasets.GenerateFile(context.Background(), spec, datasets.GenerateOptions{}, data, datasets.WriteOptions{Format: datasets.FormatHDF5}); err != nil {
		t.Fatal(err)
	}
	args := []string{"train", "--model", "warp-phys", "--prior", "system:go-duffing", "--prior-options", duffingOptions,
		"--root-width", "4", "--root-depth", "1", "--data", data, "--epochs", "1", "--batch", "8", "--context", "50", "--quiet"}
	code, _, errs := wk(t, context.Background(), append(args, "--out", filepath.Join(dir, "a"))...)
	if code == 0 || !strings.Contains(errs, `unknown system "go-duffing"`) {
		t.Fatalf("without --spec: exit %d, %s", code, errs)
	}
	mustWK(t, append(args, "--out", filepath.Join(dir, "b"), "--spec", own)...)
	// A spec defining other equations under a registered name is refused.
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte(strings.Replace(strings.Replace(string(text), "name: my-duffing", "name: go-duffing", 1), "beta*x^3", "beta*x^5", 1)), 0o644)
	code, _, errs = wk(t, context.Background(), append(args, "--out", filepath.Join(dir, "c"), "--spec", bad)...)
	if code == 0 || !strings.Contains(errs, "different system") {
		t.Fatalf("conflicting --spec: exit %d, %s", code, errs)
	}
}
