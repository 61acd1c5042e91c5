package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/warpkit/warpkit/experiment"
	"github.com/warpkit/warpkit/nn"
)

func rdTrainArgs(out string, extra ...string) []string {
	return append([]string{"train", "--model", rdKind, "--data", rdFakeName, "--out", out, "--epochs", "6",
		"--batch", "8", "--lr", "0.02", "--context", "3", "--seed", "5", "--quiet"}, extra...)
}

// A run in which no epoch's validation error was finite has no weights to keep: train must
// fail and say so, not report success over a run folder without a model.
func TestTrainWithoutAFiniteValidationFails(t *testing.T) {
	run := filepath.Join(t.TempDir(), "run")
	args := rdTrainArgs(run)
	args[4] = rdFakeHugeValName // --data
	code, out, errs := rdRun(context.Background(), args...)
	if code == 0 || !strings.Contains(errs, "no model was written") {
		t.Fatalf("exit %d, stdout %q, stderr %q: want a failure saying no model was written", code, out, errs)
	}
	if _, err := os.Stat(filepath.Join(run, nn.ModelFile)); !os.IsNotExist(err) {
		t.Fatalf("%s: %v, want no model file", nn.ModelFile, err)
	}
}

func TestTrainWritesRunFolder(t *testing.T) {
	run := filepath.Join(t.TempDir(), "run")
	code, out, errs := rdRun(context.Background(), rdTrainArgs(run)...)
	if code != 0 {
		t.Fatalf("exit %d: %s %s", code, out, errs)
	}
	if errs != "" {
		t.Errorf("quiet train wrote to stderr: %q", errs)
	}
	for _, f := range []string{nn.ModelFile, nn.ConfigFile, nn.StateFile, lossesCSV, lossesArrow} {
		if _, err := os.Stat(filepath.Join(run, f)); err != nil {
			t.Errorf("missing %s: %v", f, err)
		}
	}
	// config.json names the data absolutely, config.yaml relative to the run folder.
	absData, _ := filepath.Abs(rdFakeName)
	rc, err := experiment.LoadRun(run)
	if err != nil || rc.Model.Kind() != rdKind || rc.Config.Epochs != 6 || rc.Context != 3 || rc.Data.Path != absData || len(rc.Data.States) != 2 {
		t.Fatalf("run %+v (%v)", rc, err)
	}
	cfg, _ := os.ReadFile(filepath.Join(run, nn.ConfigFile))
	for _, want := range []string{`"provenance"`, `"system": "rotation"`, `"mean"`, `"std"`, `"warpkit_version"`} {
		if !strings.Contains(string(cfg), want) {
			t.Errorf("config.json lacks %s", want)
		}
	}
	// losses.csv read by pandas, losses.arrow by Arrow JS: both must hold the same 6 epochs
	// with decreasing training loss.
	csvOut := rdPython(t, `import sys, pandas as pd
d = pd.read_csv(sys.argv[1], float_precision='round_trip')
print(list(d.columns)); print(len(d)); print(" ".join(repr(float(v)) for v in d.train_loss))`, filepath.Join(run, lossesCSV))
	lines := strings.Split(csvOut, "\n")
	if lines[0] != "['epoch', 'train_loss', 'val_mse', 'lr', 'skipped', 'seconds']" || lines[1] != "6" {
		t.Fatalf("pandas saw %q", csvOut)
	}
	jsOut := rdNode(t, `import { tableFromIPC } from 'apache-arrow';
import { readFileSync } from 'fs';
const t = tableFromIPC(readFileSync(process.argv[1]));
console.log(t.schema.fields.map(f => f.name).join(','));
console.log(t.numRows);
console.log(Array.from(t.getChild('train_loss').toArray()).map(v => v.toPrecision(17)).join(' '));`, filepath.Join(run, lossesArrow))
	jl := strings.Split(strings.TrimSpace(jsOut), "\n")
	if jl[0] != "epoch,train_loss,val_mse,lr,skipped,seconds" || jl[1] != "6" {
		t.Fatalf("arrow js saw %q", jsOut)
	}
	pyLoss, jsLoss := strings.Fields(lines[2]), strings.Fields(jl[2])
	prev := 1e300
	for i := range pyLoss {
		a, _ := strconv.ParseFloat(pyLoss[i], 64)
		b, _ := strconv.ParseFloat(jsLoss[i], 64)
		if a != b {
			t.Errorf("epoch %d: csv %v, arrow %v", i+1, a, b)
		}
		if a >= prev {
			t.Errorf("training loss did not decrease at epoch %d: %v → %v", i+1, prev, a)
		}
		prev = a
	}
}

func TestTrainRefusesExistingRunFolder(t *testing.T) {
	run := filepath.Join(t.TempDir(), "run")
	if code, _, errs := rdRun(context.Background(), rdTrainArgs(run)...); code != 0 {
		t.Fatal(errs)
	}
	code, _, errs := rdRun(context.Background(), rdTrainArgs(run)...)
	if code == 0 || !strings.Contains(errs, "--out") || !strings.Contains(errs, "--force") {
		t.Fatalf("second train into the same folder: exit %d, %q", code, errs)
	}
	if code, _, errs := rdRun(context.Background(), rdTrainArgs(run, "--force")...); code != 0 {
		t.Fatalf("--force: %s", errs)
	}
}

func TestTrainResumeMatchesUninterrupted(t *testing.T) {
	dir := t.TempDir()
	full, part := filepath.Join(dir, "full"), filepath.Join(dir, "part")
	if code, _, errs := rdRun(context.Background(), rdTrainArgs(full, "--schedule", "plateau", "--plateau-patience", "1")...); code != 0 {
		t.Fatal(errs)
	}
	// Ctrl-C before the first batch ends: the run saves its state after that batch and stops.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	code, _, errs := rdRun(ctx, rdTrainArgs(part, "--schedule", "plateau", "--plateau-patience", "1")...)
	if code == 0 || !strings.Contains(errs, "--resume") {
		t.Fatalf("interrupted train: exit %d, %q", code, errs)
	}
	if code, _, errs := rdRun(context.Background(), rdTrainArgs(part, "--schedule", "plateau", "--plateau-patience", "1", "--resume")...); code != 0 {
		t.Fatalf("resume: %s", errs)
	}
	a, _ := os.ReadFile(filepath.Join(full, nn.ModelFile))
	b, _ := os.ReadFile(filepath.Join(part, nn.ModelFile))
	if len(a) == 0 || !bytes.Equal(a, b) {
		t.Fatal("resumed run's best model differs from the uninterrupted run's")
	}
	la, _ := os.ReadFile(filepath.Join(full, lossesCSV))
	lb, _ := os.ReadFile(filepath.Join(part, lossesCSV))
	if stripSeconds(string(la)) != stripSeconds(string(lb)) {
		t.Fatalf("loss histories differ:\n%s\n%s", la, lb)
	}
	if code, _, errs := rdRun(context.Background(), rdTrainArgs(part, "--resume", "--data", rdFakeSmallName)...); code == 0 || !strings.Contains(errs, "--data "+rdFakeSmallName) {
		t.Fatalf("resume on other data: exit %d %q", code, errs)
	}
	if code, _, errs := rdRun(context.Background(), rdTrainArgs(filepath.Join(dir, "none"), "--resume")...); code == 0 || !strings.Contains(errs, "config.yaml") {
		t.Fatalf("resume of a missing run: exit %d %q", code, errs)
	}
}

// stripSeconds drops the last (wall-clock) column of losses.csv.
func stripSeconds(s string) string {
	var b strings.Builder
	for _, line := range strings.Split(s, "\n") {
		if i := strings.LastIndexByte(line, ','); i >= 0 {
			line = line[:i]
		}
		b.WriteString(line + "\n")
	}
	return b.String()
}

func TestTrainBadFlagsNameTheFlag(t *testing.T) {
	run := filepath.Join(t.TempDir(), "run")
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"train", "--data", rdFakeName, "--out", run}, "--model"},
		{[]string{"train", "--model", rdKind, "--out", run}, "--data"},
		{[]string{"train", "--model", rdKind, "--data", rdFakeName}, "--out"},
		{rdTrainArgs(run, "--model", "nosuch"), "--model"},
		{rdTrainArgs(run, "--schedule", "wavy"), "--schedule"},
		{rdTrainArgs(run, "--lr", "-1"), "--lr"},
		{rdTrainArgs(run, "--forcing-prob", "1.5"), "--forcing-prob"},
		{rdTrainArgs(run, "--context", "12"), "--context"},
		{rdTrainArgs(run, "--epochs", "0"), "--epochs"},
		{rdTrainArgs(run, "--skip-nonfinite", "-1"), "--skip-nonfinite"},
		{rdTrainArgs(run, "--data", "/nonexistent/x.h5"), "/nonexistent/x.h5"},
		{rdTrainArgs(run, "--bogus"), "bogus"},
	}
	for _, c := range cases {
		code, _, errs := rdRun(context.Background(), c.args...)
		if code == 0 || !strings.Contains(errs, c.want) {
			t.Errorf("%v: exit %d, stderr %q should name %s", c.args[1:], code, errs, c.want)
		}
	}
}
