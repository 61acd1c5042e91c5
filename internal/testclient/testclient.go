// Package testclient finds the independent readers that warpkit's tests check files against
// (Debian's python3 with numpy/h5py/scipy, h5dump, node with the Arrow JS library and DuckDB) and
// runs them. A missing client skips the test on a developer's machine but fails it under CI
// (CI=true), so the real-client checks can never silently stop running.
package testclient

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
)

// Missing skips t, or fails it when CI=true, because what is unavailable.
func Missing(t testing.TB, what string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is required when CI=true (scripts/setup-test-clients.sh installs it)", what)
	}
	t.Skipf("%s not available; skipping (CI=true makes this a failure)", what)
}

// Python returns Debian's python3 after checking that it imports every named module.
func Python(t testing.TB, modules ...string) string {
	t.Helper()
	py := "/usr/bin/python3"
	if _, err := os.Stat(py); err != nil {
		Missing(t, py)
	}
	for _, m := range modules {
		if err := exec.Command(py, "-c", "import "+m).Run(); err != nil {
			Missing(t, "python module "+m)
		}
	}
	return py
}

// Tool returns the path of an executable on PATH.
func Tool(t testing.TB, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		Missing(t, name)
	}
	return p
}

// JSClients returns the folder holding the Node clients (testdata/jsclients at the module
// root) after checking that node and the installed packages are there.
func JSClients(t testing.TB) string {
	t.Helper()
	Tool(t, "node")
	_, file, _, _ := runtime.Caller(0)
	dir := filepath.Join(filepath.Dir(file), "..", "..", "testdata", "jsclients")
	for _, pkg := range []string{"apache-arrow", "@duckdb/node-api"} {
		if _, err := os.Stat(filepath.Join(dir, "node_modules", pkg)); err != nil {
			Missing(t, "npm package "+pkg+" (npm ci in testdata/jsclients)")
		}
	}
	return dir
}

// RunJSON runs a command and decodes its standard output as JSON into v, failing t with the
// command's standard error when it does not succeed.
func RunJSON(t testing.TB, v any, name string, args ...string) {
	t.Helper()
	cmd := exec.Command(name, args...)
	var stderr []byte
	out, err := cmd.Output()
	if ee, ok := err.(*exec.ExitError); ok {
		stderr = ee.Stderr
	}
	if err != nil {
		t.Fatalf("%s %v: %v\n%s", name, args, err, stderr)
	}
	if err := json.Unmarshal(out, v); err != nil {
		t.Fatalf("%s %v: output is not JSON: %v\n%.2000s", name, args, err, out)
	}
}
