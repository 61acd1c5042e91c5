// Package clienttest finds and runs the independent readers that warpkit's tests check files
// against: Debian's python3 with numpy, scipy, h5py and pandas, h5dump, and node with the Arrow
// JS library and DuckDB. A missing client skips the test on a developer's machine but fails it
// under CI (CI=true), so the real-client checks can never silently stop running.
package clienttest

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// Python is Debian's interpreter, which carries numpy, scipy and h5py; the python3 on PATH may
// be a pyenv without them.
const Python = "/usr/bin/python3"

// Missing skips t, or fails it when CI=true, because client is unavailable for the reason why.
func Missing(t testing.TB, client, why string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is required under CI=true but unavailable: %s (scripts/setup-test-clients.sh installs it)", client, why)
		return
	}
	t.Skipf("%s unavailable (%s); skipped, CI=true makes this a failure", client, why)
}

// probes remembers each import check, so a package whose tests all ask for h5py starts the
// interpreter for it once rather than once a test.
var probes sync.Map // string (modules joined) -> string ("" when importable, else why not)

// RequirePython returns Python after checking that it imports every module given.
func RequirePython(t testing.TB, modules ...string) string {
	t.Helper()
	key := strings.Join(modules, ", ")
	why, ok := probes.Load(key)
	if !ok {
		args := append([]string{"-c", "import sys\nfor m in sys.argv[1:]: __import__(m)"}, modules...)
		msg := ""
		if out, err := exec.Command(Python, args...).CombinedOutput(); err != nil {
			msg = strings.TrimSpace(string(out) + " " + err.Error())
		}
		why, _ = probes.LoadOrStore(key, msg)
	}
	if why != "" {
		client := Python
		if key != "" {
			client += " with " + key
		}
		Missing(t, client, why.(string))
	}
	return Python
}

// RequireCommand returns the path of the executable name found on PATH.
func RequireCommand(t testing.TB, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		Missing(t, name, err.Error())
	}
	return p
}

// JSClients returns node and the folder of the Node readers (testdata/jsclients at the module
// root) after checking that every named npm package is installed there.
func JSClients(t testing.TB, pkgs ...string) (node, dir string) {
	t.Helper()
	node = RequireCommand(t, "node")
	_, file, _, _ := runtime.Caller(0)
	dir = filepath.Join(filepath.Dir(file), "..", "..", "testdata", "jsclients")
	for _, p := range pkgs {
		if _, err := os.Stat(filepath.Join(dir, "node_modules", p, "package.json")); err != nil {
			Missing(t, "npm package "+p, "not installed in testdata/jsclients (npm ci there)")
		}
	}
	return node, dir
}

// Output runs cmd and returns its standard output, failing t with the command's standard
// error when it does not succeed.
func Output(t testing.TB, cmd *exec.Cmd) []byte {
	t.Helper()
	var stderr bytes.Buffer
	if cmd.Stderr == nil {
		cmd.Stderr = &stderr
	}
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%.300s: %v\n%s", strings.Join(cmd.Args, " "), err, stderr.Bytes())
	}
	return out
}

// RunJSON runs a command and decodes its standard output as JSON into v, failing t with the
// command's standard error when it does not succeed.
func RunJSON(t testing.TB, v any, name string, args ...string) {
	t.Helper()
	out := Output(t, exec.Command(name, args...))
	if err := json.Unmarshal(out, v); err != nil {
		t.Fatalf("%s %v: output is not JSON: %v\n%.2000s", name, args, err, out)
	}
}

// SameBits fails t unless got, as a client read it, holds the same float64 values as want,
// bit for bit.
func SameBits(t testing.TB, what string, got, want []float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d values, want %d", what, len(got), len(want))
		return
	}
	for i := range got {
		if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
			t.Fatalf("%s[%d] = %v, want %v", what, i, got[i], want[i])
			return
		}
	}
}
