//go:build unix

package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/warpkit/warpkit/experiment"
)

// A train with a budget it will not reach, stopped by SIGINT or SIGTERM, exits 130 or 143
// with every file of its run folder whole: the epochs logged before the signal are still
// there, and the saved state resumes.
func TestSignalStopsTrainKeepingItsRun(t *testing.T) {
	bin, env := warpkitProcess(t)
	dir := t.TempDir()
	data := filepath.Join(dir, "msd.h5")
	runProcess(t, bin, env, "gen", "--dataset", "msd", "--n-train", "16", "--n-test", "4", "--out", data, "--quiet")
	for _, c := range []struct {
		sig  syscall.Signal
		code int
	}{{syscall.SIGINT, 130}, {syscall.SIGTERM, 143}} {
		t.Run(c.sig.String(), func(t *testing.T) {
			run := filepath.Join(dir, "run-"+strconv.Itoa(int(c.sig)))
			losses := filepath.Join(run, lossesCSV)
			cmd := exec.Command(bin, "train", "--model", "gru", "--hidden", "8", "--data", data, "--out", run, "--epochs", "1000000", "--quiet")
			var stderr bytes.Buffer
			cmd.Env, cmd.Stderr = env, &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			// Wait for two logged epochs (a watchdog, not a timing: the run has no end of its own).
			var before []string
			for deadline := time.Now().Add(2 * time.Minute); len(before) < 3; time.Sleep(10 * time.Millisecond) {
				if time.Now().After(deadline) {
					cmd.Process.Kill()
					t.Fatalf("no two epochs logged in %s: %s", losses, stderr.String())
				}
				before = readLines(t, losses)
			}
			if err := cmd.Process.Signal(c.sig); err != nil {
				t.Fatal(err)
			}
			err := cmd.Wait()
			if code := cmd.ProcessState.ExitCode(); code != c.code {
				t.Fatalf("exit %d (%v), want %d: %s", code, err, c.code, stderr.String())
			}
			if !strings.Contains(stderr.String(), "interrupted") || !strings.Contains(stderr.String(), "--resume") {
				t.Errorf("stderr %q does not say the run was interrupted and how to go on", stderr.String())
			}
			// Nothing half-written: the folder holds the run's files and nothing else...
			ents, err := os.ReadDir(run)
			if err != nil {
				t.Fatal(err)
			}
			want := append(slices.Clone(experiment.RunFiles), lossesCSV, lossesArrow)
			for _, e := range ents {
				if !slices.Contains(want, e.Name()) {
					t.Errorf("left %s in the run folder", e.Name())
				}
			}
			// ...the epochs logged before the signal are still there...
			after := readLines(t, losses)
			if len(after) < len(before) || !slices.Equal(after[:len(before)], before) {
				t.Fatalf("losses before the signal:\n%s\nafter:\n%s", strings.Join(before, "\n"), strings.Join(after, "\n"))
			}
			if _, err := experiment.LoadRun(run); err != nil {
				t.Fatalf("the interrupted run does not load: %v", err)
			}
			// ...and the saved state resumes, adding one epoch to the log.
			epochs := len(after) - 1
			runProcess(t, bin, env, "train", "--resume", "--out", run, "--epochs", strconv.Itoa(epochs+1), "--quiet")
			resumed := readLines(t, losses)
			if len(resumed) != epochs+2 || !slices.Equal(resumed[:len(after)], after) {
				t.Fatalf("resumed losses:\n%s\nafter the signal:\n%s", strings.Join(resumed, "\n"), strings.Join(after, "\n"))
			}
		})
	}
}

// readLines reads a file's lines, none when it does not exist yet.
func readLines(t *testing.T, path string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
}

// runProcess runs warpkit as a process and fails the test unless it exits 0.
func runProcess(t *testing.T, bin string, env []string, args ...string) string {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("warpkit %v: %v\n%s", args, err, out)
	}
	return string(out)
}
