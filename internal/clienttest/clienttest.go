// Package clienttest finds and runs the independent readers that warpkit's tests check files
// against: a python3 with numpy, scipy, h5py and pandas, h5dump, and node with the Arrow JS
// library and DuckDB. A missing client skips the test on a developer's machine but fails it
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

// PythonEnv names an interpreter to use instead of searching PATH.
const PythonEnv = "WARPKIT_PYTHON"

// pythonCandidates lists the interpreters RequirePython tries, in order: $WARPKIT_PYTHON
// alone when it is set, otherwise every python3 on PATH. The first python3 on PATH may be a
// pyenv or virtualenv without the modules while the system's (scripts/setup-test-clients.sh
// installs Debian's) comes later, so each is asked in turn.
func pythonCandidates() []string {
	if p := os.Getenv(PythonEnv); p != "" {
		return []string{p}
	}
	var out []string
	seen := map[string]bool{}
	for _, dir := range filepath.SplitList(os.Getenv("PATH")) {
		if dir == "" {
			dir = "."
		}
		p := filepath.Join(dir, "python3")
		if st, err := os.Stat(p); err != nil || st.IsDir() || st.Mode()&0o111 == 0 {
			continue
		}
		// /bin and /usr/bin are one folder on merged-/usr systems: ask each file once.
		key := p
		if r, err := filepath.EvalSymlinks(p); err == nil {
			key = r
		}
		if !seen[key] {
			seen[key] = true
			out = append(out, p)
		}
	}
	return out
}

// Missing skips t, or fails it when CI=true, because client is unavailable for the reason why.
func Missing(t testing.TB, client, why string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is required under CI=true but unavailable: %s (scripts/setup-test-clients.sh installs it)", client, why)
		return
	}
	t.Skipf("%s unavailable (%s); skipped, CI=true makes this a failure", client, why)
}

// probe is the outcome of looking for an interpreter with some modules.
type probe struct {
	python string // "" when none imports them
	why    string // why not, when python is ""
}

// probes remembers each search, so a package whose tests all ask for h5py starts the
// interpreters for it once rather than once a test.
var probes sync.Map // string (modules joined) -> probe

// RequirePython returns the first interpreter (see pythonCandidates) that imports every module
// given.
func RequirePython(t testing.TB, modules ...string) string {
	t.Helper()
	key := strings.Join(modules, ", ")
	p, ok := probes.Load(key)
	if !ok {
		p, _ = probes.LoadOrStore(key, findPython(modules))
	}
	found := p.(probe)
	if found.python == "" {
		client := "python3"
		if key != "" {
			client += " with " + key
		}
		Missing(t, client, found.why)
	}
	return found.python
}

func findPython(modules []string) probe {
	args := append([]string{"-c", "import sys\nfor m in sys.argv[1:]: __import__(m)"}, modules...)
	cands := pythonCandidates()
	if len(cands) == 0 {
		return probe{why: "no python3 on PATH (or set " + PythonEnv + ")"}
	}
	var whys []string
	for _, py := range cands {
		out, err := exec.Command(py, args...).CombinedOutput()
		if err == nil {
			return probe{python: py}
		}
		lines := strings.Split(strings.TrimSpace(string(out)), "\n")
		whys = append(whys, py+": "+strings.TrimSpace(lines[len(lines)-1]+" "+err.Error()))
	}
	return probe{why: strings.Join(whys, "; ")}
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
