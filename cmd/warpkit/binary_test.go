package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
)

var built struct {
	once      sync.Once
	dir, path string
	err       error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if built.dir != "" {
		os.RemoveAll(built.dir)
	}
	os.Exit(code)
}

// warpkitBinary builds this command with go build, once per test run, and returns its path:
// the tests that need a process of their own (signals, the README's shell commands) run the
// program a user runs.
func warpkitBinary(t *testing.T) string {
	t.Helper()
	goTool, err := exec.LookPath("go") // go test puts its own go first on PATH
	if err != nil {
		t.Skip("no go command to build warpkit with")
	}
	built.once.Do(func() {
		if built.dir, built.err = os.MkdirTemp("", "warpkit-bin-"); built.err != nil {
			return
		}
		built.path = filepath.Join(built.dir, "warpkit")
		if runtime.GOOS == "windows" {
			built.path += ".exe"
		}
		if out, err := exec.Command(goTool, "build", "-o", built.path, ".").CombinedOutput(); err != nil {
			built.err = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if built.err != nil {
		t.Fatal(built.err)
	}
	return built.path
}
