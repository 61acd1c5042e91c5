package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/warpkit/warpkit/experiment"
	"github.com/warpkit/warpkit/nn"
)

// `train --config RUN/config.yaml --out NEW` trains the same weights, byte for byte, for real
// model kinds whose options were given as flags (so config.yaml must hold every one of them),
// with an epoch budget and with a step budget, from another working directory.
func TestTrainConfigYAMLReproducesRun(t *testing.T) {
	dir := t.TempDir()
	for i, args := range [][]string{
		{"--model", "gru", "--hidden", "5", "--layers", "2", "--residual=false", "--epochs", "3", "--lr", "0.01", "--seed", "4", "--forcing-prob", "0.5"},
		{"--model", "warp", "--root-width", "3", "--root-depth", "1", "--transition", "lowrank:2", "--squash", "softclip:6",
			"--steps", "7", "--batch", "5", "--schedule", "cosine", "--context", "2", "--val-split", "0.25", "--data", rdFakeSmallName},
	} {
		first := filepath.Join(dir, "first", string(rune('a'+i)))
		args = append([]string{"train", "--data", rdFakeName, "--out", first, "--quiet"}, args...)
		if code, _, errs := rdRun(context.Background(), args...); code != 0 {
			t.Fatalf("%v: %s", args, errs)
		}
		again := filepath.Join(dir, "again", string(rune('a'+i)))
		wd, _ := os.Getwd()
		if err := os.Chdir(t.TempDir()); err != nil {
			t.Fatal(err)
		}
		code, _, errs := rdRun(context.Background(), "train", "--config", filepath.Join(first, experiment.ConfigYAML), "--out", again, "--quiet")
		os.Chdir(wd)
		if code != 0 {
			t.Fatalf("--config: %s", errs)
		}
		a, _ := os.ReadFile(filepath.Join(first, nn.ModelFile))
		b, _ := os.ReadFile(filepath.Join(again, nn.ModelFile))
		if len(a) == 0 || !bytes.Equal(a, b) {
			t.Errorf("%v: weights differ", args)
		}
		ya, _ := os.ReadFile(filepath.Join(first, experiment.ConfigYAML))
		yb, _ := os.ReadFile(filepath.Join(again, experiment.ConfigYAML))
		if !bytes.Equal(ya, yb) {
			t.Errorf("config.yaml differs:\n%s\n%s", ya, yb)
		}
	}
}

// Flags override the file key by key; the file's keys the flags do not name stay.
func TestTrainConfigFileAndFlags(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "run.yaml")
	os.WriteFile(file, []byte("kind: "+rdKind+"\ndata: "+rdFakeName+"\nlr: 0.02\nepochs: 2\nbatch_size: 8\ncontext: 3\n"), 0o644)
	run := filepath.Join(dir, "run")
	code, out, errs := rdRun(context.Background(), "train", "--config", file, "--epochs", "3", "--out", run, "--quiet")
	if code != 0 {
		t.Fatal(errs)
	}
	c, err := experiment.LoadConfig(filepath.Join(run, experiment.ConfigYAML))
	if err != nil || c.Epochs != 3 || c.LR != 0.02 || c.BatchSize != 8 || c.Context != 3 || !strings.Contains(out, "for 3 epochs") {
		t.Fatalf("%+v %v\n%s", c, err, out)
	}
}

// A budget the user gives is the whole budget: --time-budget alone leaves no epoch limit,
// and the configuration says the run depends on the machine; --steps alone trains exactly
// that many steps.
func TestTrainBudgetGivenRules(t *testing.T) {
	code, out, errs := rdRun(context.Background(), "train", "--model", "gru", "--data", rdFakeName, "--time-budget", "10m", "--print-config")
	if code != 0 {
		t.Fatal(errs)
	}
	for _, want := range []string{"\nepochs: 0\n", "\nsteps: 0\n", "\npatience: 0\n", "\ntime_budget: 10m0s", "Machine-dependent", "\ncontext: 1\n", "\nresidual: true\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("config lacks %q:\n%s", want, out)
		}
	}
	code, out, errs = rdRun(context.Background(), "train", "--model", rdKind, "--data", rdFakeName, "--steps", "7", "--batch", "8", "--out", filepath.Join(t.TempDir(), "r"), "--quiet")
	if code != 0 || !strings.Contains(out, " 7 steps") || !strings.Contains(out, "stopped: steps") {
		t.Fatalf("exit %d: %s %s", code, out, errs)
	}
}

// Mistakes in a configuration file name the file, the line and the key, and exit 2.
func TestTrainConfigErrorsNameFileLineKey(t *testing.T) {
	dir := t.TempDir()
	for text, want := range map[string]string{
		"kind: gru\ndata: " + rdFakeName + "\nlearning_rate: 0.1\n": `run.yaml:3: unknown key "learning_rate"`,
		"kind: gru\ndata: " + rdFakeName + "\nhidden: many\n":       `run.yaml:3: hidden: want an integer, got "many"`,
		"kind: gru\ndata: " + rdFakeName + "\n\nlr: 0\n":            "run.yaml:4: lr: must be positive",
		"kind: gru\ndata: " + rdFakeName + "\ncontext: 12\n":        "run.yaml:3: context: 12 must be below",
	} {
		file := filepath.Join(dir, "run.yaml")
		os.WriteFile(file, []byte(text), 0o644)
		code, _, errs := rdRun(context.Background(), "train", "--config", file, "--out", filepath.Join(dir, "r"))
		if code != 2 || !strings.Contains(errs, want) {
			t.Errorf("%q: exit %d, %q, want %q", text, code, errs, want)
		}
		if _, err := os.Stat(filepath.Join(dir, "r")); err == nil {
			t.Errorf("%q: a bad configuration created the run folder", text)
		}
	}
}
