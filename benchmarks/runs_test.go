package benchmarks

import (
	"bytes"
	"context"
	"encoding/gob"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/warpkit/warpkit/datasets"
	"github.com/warpkit/warpkit/experiment"
	"github.com/warpkit/warpkit/nn"
)

// tinySuitePath is two datasets, every model family, one seed, two epochs: enough to check
// each cell's run folder in a few seconds. cli's notebook test and the Python package's
// load_bench test run the same suite.
var tinySuitePath = filepath.Join("testdata", "tiny-suite.yaml")

// TestCellRunFoldersReproduceTheCells checks that every finished cell keeps a run folder that
// experiment.LoadRun reads, whose config names the bench's dataset file, and whose model,
// forecast on that file as `warpkit forecast` does, gives the cell's recorded forecast bit for
// bit; and that a run folder left by a killed run (no gob) does not block the rerun.
func TestCellRunFoldersReproduceTheCells(t *testing.T) {
	dir := t.TempDir()
	s, err := LoadSuite(tinySuitePath)
	if err != nil {
		t.Fatal(err)
	}
	// What a run killed between the rename and the gob leaves: a folder under the final name.
	stale := filepath.Join(dir, RunsDir, "msd__gru__seed0")
	if err := os.MkdirAll(stale, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(stale, "junk"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := s.Run(context.Background(), dir, RunOptions{Quiet: true, Parallel: 2}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(stale, "junk")); !os.IsNotExist(err) {
		t.Errorf("the killed run's folder was not replaced: %v", err)
	}
	gobs, _ := filepath.Glob(filepath.Join(dir, cellsDir, "*.gob"))
	if len(gobs) != len(s.Cells()) {
		t.Fatalf("%d cell gobs, want %d", len(gobs), len(s.Cells()))
	}
	dataFiles := map[string]string{}
	for _, d := range s.Datasets {
		files, _ := filepath.Glob(filepath.Join(dir, dataDir, d.Name+"-*.h5"))
		if len(files) != 1 {
			t.Fatalf("%s data files %v", d.Name, files)
		}
		dataFiles[d.Name] = files[0]
	}
	for _, g := range gobs {
		b, err := os.ReadFile(g)
		if err != nil {
			t.Fatal(err)
		}
		var c CellResult
		if err := gob.NewDecoder(bytes.NewReader(b)).Decode(&c); err != nil {
			t.Fatal(err)
		}
		name := strings.TrimSuffix(filepath.Base(g), ".gob")
		runDir := filepath.Join(dir, RunsDir, name)
		r, err := experiment.LoadRun(runDir)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if r.Kind != c.Kind || r.Config == nil {
			t.Fatalf("%s: kind %q config %v, cell kind %q", name, r.Kind, r.Config, c.Kind)
		}
		dataFile := dataFiles[c.Dataset]
		// config.yaml names the data relative to itself; read back, it is the bench's file.
		if same, err := sameFile(r.Config.Data, dataFile); err != nil || !same {
			t.Errorf("%s: config.yaml data %q, want %s (%v)", name, r.Config.Data, dataFile, err)
		}
		if same, err := sameFile(r.Data.Path, dataFile); err != nil || !same {
			t.Errorf("%s: config.json data path %q, want %s (%v)", name, r.Data.Path, dataFile, err)
		}
		ds, err := datasets.Open(r.Config.Data)
		if err != nil {
			t.Fatal(err)
		}
		ts, err := experiment.NewTestSet(ds, "test", r.Context)
		if err != nil {
			t.Fatal(err)
		}
		ev, err := ts.Evaluate(r.Model)
		if err != nil {
			t.Fatal(err)
		}
		if len(c.Forecast) == 0 || len(c.Forecast) > len(ev.Pred.X) {
			t.Fatalf("%s: cell forecast has %d values, the run's %d", name, len(c.Forecast), len(ev.Pred.X))
		}
		for i, want := range c.Forecast {
			if math.Float64bits(ev.Pred.X[i]) != math.Float64bits(want) {
				t.Fatalf("%s: forecast value %d: run folder gives %v, the cell recorded %v", name, i, ev.Pred.X[i], want)
			}
		}
		if ev.All.MSE != c.Metrics["mse"] && !(math.IsNaN(ev.All.MSE) && math.IsNaN(c.Metrics["mse"])) {
			t.Errorf("%s: test MSE %v from the run folder, %v in the cell", name, ev.All.MSE, c.Metrics["mse"])
		}
		// The cell file holds the same forecast and metrics for readers without gob.
		ts2, meta, err := nn.ReadSafetensors(filepath.Join(runDir, CellFile))
		if err != nil {
			t.Fatal(err)
		}
		if len(ts2) != 1 || ts2[0].Name != "forecast" || len(ts2[0].Data) != len(c.Forecast) {
			t.Fatalf("%s: %s tensors %v", name, CellFile, ts2)
		}
		for i := range c.Forecast {
			if math.Float64bits(ts2[0].Data[i]) != math.Float64bits(c.Forecast[i]) {
				t.Fatalf("%s: %s forecast differs from the gob at %d", name, CellFile, i)
			}
		}
		mse, err := strconv.ParseFloat(meta["metric_mse"], 64)
		if err != nil || mse != c.Metrics["mse"] {
			t.Errorf("%s: %s metric_mse %q, cell %v", name, CellFile, meta["metric_mse"], c.Metrics["mse"])
		}
		if meta["dataset"] != c.Dataset || meta["model"] != c.Model || meta["seed"] != strconv.Itoa(c.Seed) || meta["context"] != "20" {
			t.Errorf("%s: %s metadata %v", name, CellFile, meta)
		}
		if same, err := sameFile(filepath.Join(runDir, filepath.FromSlash(meta["data"])), dataFile); err != nil || !same {
			t.Errorf("%s: %s data %q does not lead to %s (%v)", name, CellFile, meta["data"], dataFile, err)
		}
	}
	readme, err := os.ReadFile(filepath.Join(dir, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(readme), fmt.Sprintf("- `runs/`: %d cells", len(s.Cells()))) {
		t.Errorf("README does not list the run folders:\n%s", readme)
	}
	leftovers, _ := filepath.Glob(filepath.Join(dir, RunsDir, ".*"))
	if len(leftovers) > 0 {
		t.Errorf("temporary run folders left: %v", leftovers)
	}
}

func sameFile(a, b string) (bool, error) {
	sa, err := os.Stat(a)
	if err != nil {
		return false, err
	}
	sb, err := os.Stat(b)
	if err != nil {
		return false, err
	}
	return os.SameFile(sa, sb), nil
}
