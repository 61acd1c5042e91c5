package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/warpkit/warpkit/experiment"
	"github.com/warpkit/warpkit/internal/clienttest"
)

// tinySuite is a bench suite of seconds (msd and lv, every model kind, one seed), the one
// benchmarks' run-folder test and the Python package's load_bench test run.
var tinySuite = filepath.Join("..", "benchmarks", "testdata", "tiny-suite.yaml")

// TestNotebooks runs notebooks/run_notebooks.py on inputs made by the real commands: every
// notebook whose imports Debian provides must execute, the others must be valid notebooks.
func TestNotebooks(t *testing.T) {
	if testing.Short() {
		t.Skip("executes Jupyter notebooks")
	}
	py := clienttest.RequirePython(t, "nbformat", "nbconvert", "h5py", "numpy", "pandas", "matplotlib")
	dir := t.TempDir()
	data := filepath.Join(dir, "msd.h5")
	npz := filepath.Join(dir, "msd.npz")
	run := filepath.Join(dir, "run")
	phys, physForecast := filepath.Join(dir, "phys"), filepath.Join(dir, "phys.h5")
	steps := [][]string{
		{"gen", "--dataset", "msd", "--n-train", "16", "--n-test", "8", "--out", data, "--quiet"},
		{"convert", data, npz},
		{"train", "--model", "gru", "--data", data, "--hidden", "8", "--epochs", "2", "--batch", "8", "--context", "100", "--out", run, "--quiet"},
		{"train", "--model", "warp-phys", "--prior-options", `{"integrator":"exact"}`, "--root-width", "4", "--root-depth", "1",
			"--data", data, "--epochs", "2", "--batch", "8", "--context", "100", "--out", phys, "--quiet"},
		{"forecast", "--run", phys, "--data", data, "--out", physForecast},
	}
	// A tiny bench run of every model kind, for the Python package's notebook (05), which loads
	// a bench folder's models, and the results notebook (02).
	bench := filepath.Join(dir, "bench")
	steps = append(steps, []string{"bench", "--suite", tinySuite, "--out", bench, "--quiet", "--parallel", "2"})
	for _, args := range steps {
		var out, errb bytes.Buffer
		if code := Run(context.Background(), args, &out, &errb); code != 0 {
			t.Fatalf("warpkit %v: exit %d: %s", args, code, errb.String())
		}
	}
	// `warpkit forecast` of a bench cell's run folder, on the dataset its config.yaml names.
	physRun := filepath.Join(bench, "runs", "msd__warp-phys__seed0")
	physRunCfg, err := experiment.LoadConfig(filepath.Join(physRun, experiment.ConfigYAML))
	if err != nil {
		t.Fatal(err)
	}
	benchForecast := filepath.Join(dir, "msd__warp-phys__seed0.h5")
	if code := Run(context.Background(), []string{"forecast", "--run", physRun, "--data", physRunCfg.Data, "--out", benchForecast}, io.Discard, io.Discard); code != 0 {
		t.Fatalf("warpkit forecast of the bench's run folder %s: exit %d", physRun, code)
	}
	cmd := exec.Command(py, filepath.Join("..", "notebooks", "run_notebooks.py"))
	cmd.Env = append(os.Environ(), "WARPKIT_DATA="+data, "WARPKIT_NPZ="+npz, "WARPKIT_RUN="+run, "WARPKIT_BENCH="+bench, "WARPKIT_BENCH_FORECAST="+benchForecast, "WARPKIT_PHYS_FORECAST="+physForecast, "PYDEVD_DISABLE_FILE_VALIDATION=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	var report map[string]struct {
		Status  string   `json:"status"`
		Missing []string `json:"missing"`
		Outputs string   `json:"outputs"`
		Error   string   `json:"error"`
	}
	if jerr := json.Unmarshal(out, &report); jerr != nil {
		t.Fatalf("run_notebooks.py: %v %v\n%s\n%s", err, jerr, out, stderr.String())
	}
	for name, r := range report {
		t.Logf("%s: %s (missing %v)", name, r.Status, r.Missing)
		if r.Status == "failed" {
			t.Errorf("%s failed to execute:\n%s", name, r.Error)
		}
	}
	for _, name := range []string{"01_datasets_h5py_numpy.ipynb", "03_checkpoint_safetensors.ipynb", "04_warp_phys_parameters.ipynb", "05_python_package_forecasts.ipynb"} {
		if report[name].Status != "executed" {
			t.Errorf("%s: %s, want executed (its imports are all Debian packages)", name, report[name].Status)
		}
	}
	if o := report["01_datasets_h5py_numpy.ipynb"].Outputs; !strings.Contains(o, "max |x - closed form|") || !strings.Contains(o, "equal to the HDF5 values: True") {
		t.Errorf("dataset notebook output:\n%s", o)
	}
	if o := report["03_checkpoint_safetensors.ipynb"].Outputs; !strings.Contains(o, "kind: gru") {
		t.Errorf("checkpoint notebook output:\n%s", o)
	}
	// numpy's closed-form MSD step at the parameters the forecast reports must land on the
	// forecast: an independent check of what forecast writes as params.
	o := report["04_warp_phys_parameters.ipynb"].Outputs
	var worst float64
	if i := strings.Index(o, "inferred parameters| = "); i < 0 {
		t.Errorf("WARP-Phys notebook output:\n%s", o)
	} else if _, err := fmt.Sscanf(o[i+len("inferred parameters| = "):], "%g", &worst); err != nil || !(worst < 1e-10) {
		t.Errorf("forecast and numpy's MSD step at the reported parameters differ by %g (%v):\n%s", worst, err, o)
	}
	// The Python package's forecasts of the bench's models against the forecasts the bench
	// recorded and against `warpkit forecast` of a bench run folder, and every kind loaded.
	o = report["05_python_package_forecasts.ipynb"].Outputs
	for _, ds := range []string{"msd", "lv"} {
		for _, kind := range []string{"gru", "lstm", "lru", "warp", "warp-phys"} {
			if !strings.Contains(o, ds+"/"+kind+"/seed0: "+kind+", trained with context 20") {
				t.Errorf("Python package notebook did not load the bench's %s/%s run:\n%s", ds, kind, o)
			}
		}
	}
	for _, line := range []string{"max |package - bench's recorded forecasts| over 10 runs = ", "max |package - warpkit forecast| (msd__warp-phys__seed0, context 20) = "} {
		if i := strings.Index(o, line); i < 0 {
			t.Errorf("Python package notebook output has no %q:\n%s", line, o)
		} else if _, err := fmt.Sscanf(o[i+len(line):], "%g", &worst); err != nil || !(worst <= 1e-9) {
			t.Errorf("%s%g (%v):\n%s", line, worst, err, o)
		}
	}
	if r := report["02_bench_results_pandas.ipynb"]; r.Status == "" {
		t.Error("bench notebook not checked")
	}
}
