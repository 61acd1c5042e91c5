// Package clienttest finds the independent readers (numpy, h5py, h5dump, Arrow JS, DuckDB)
// that warpkit's tests compare against. A missing client skips the test on a developer
// machine and fails it under CI (CI=true), so CI cannot pass by skipping.
package clienttest

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
)

// Python is Debian's interpreter, which carries numpy, scipy and h5py (the python3 on PATH
// may be a pyenv without them).
const Python = "/usr/bin/python3"

// Missing skips t, or fails it when CI=true, because the named client is unavailable.
func Missing(t testing.TB, client, why string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is required under CI=true but unavailable: %s (run scripts/setup-test-clients.sh)", client, why)
	}
	t.Skipf("%s unavailable (%s); run scripts/setup-test-clients.sh", client, why)
}

// RequirePython checks that /usr/bin/python3 imports every module given.
func RequirePython(t testing.TB, modules ...string) string {
	t.Helper()
	args := []string{"-c", "import sys\nfor m in sys.argv[1:]: __import__(m)"}
	args = append(args, modules...)
	if out, err := exec.Command(Python, args...).CombinedOutput(); err != nil {
		Missing(t, "python3 with "+joinWords(modules), string(out)+err.Error())
	}
	return Python
}

// RequireCommand returns the path of an executable on PATH.
func RequireCommand(t testing.TB, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		Missing(t, name, err.Error())
	}
	return p
}

// JSClients returns testdata/jsclients with its node_modules installed (npm ci) and node.
func JSClients(t testing.TB, pkgs ...string) (node, dir string) {
	t.Helper()
	node = RequireCommand(t, "node")
	_, file, _, _ := runtime.Caller(0)
	dir = filepath.Join(filepath.Dir(file), "..", "..", "testdata", "jsclients")
	for _, p := range pkgs {
		if _, err := os.Stat(filepath.Join(dir, "node_modules", p, "package.json")); err != nil {
			Missing(t, "npm package "+p, "not installed in testdata/jsclients")
		}
	}
	return node, dir
}

func joinWords(ws []string) string {
	s := ""
	for i, w := range ws {
		if i > 0 {
			s += ", "
		}
		s += w
	}
	return s
}
