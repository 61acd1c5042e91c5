package clienttest

import (
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// recorder stands in for a test so that Missing's skip or failure can be observed without
// ending the real test.
type recorder struct {
	testing.TB
	skipped, failed string
}

func (r *recorder) Helper() {}
func (r *recorder) Skipf(f string, a ...any) {
	r.skipped = fmt.Sprintf(f, a...)
}
func (r *recorder) Fatalf(f string, a ...any) {
	r.failed = fmt.Sprintf(f, a...)
}

func TestMissingSkipsOrFailsUnderCI(t *testing.T) {
	for _, ci := range []string{"", "false", "true"} {
		t.Setenv("CI", ci)
		r := &recorder{TB: t}
		RequireCommand(r, "warpkit-no-such-client")
		got := r.skipped
		if ci == "true" {
			got = r.failed
		}
		if !strings.Contains(got, "warpkit-no-such-client") || (r.skipped != "") == (r.failed != "") {
			t.Errorf("CI=%q: skipped %q, failed %q", ci, r.skipped, r.failed)
		}
	}
}

func TestRequirePythonNamesTheMissingModule(t *testing.T) {
	RequirePython(t) // the interpreter itself must be there for the probe to mean anything
	t.Setenv("CI", "")
	r := &recorder{TB: t}
	RequirePython(r, "json", "warpkit_no_such_module")
	if !strings.Contains(r.skipped, "warpkit_no_such_module") || r.failed != "" {
		t.Fatalf("skipped %q, failed %q", r.skipped, r.failed)
	}
	r = &recorder{TB: t}
	if py := RequirePython(r, "json"); py == "" || r.skipped != "" || r.failed != "" {
		t.Fatalf("json: %q, skipped %q, failed %q", py, r.skipped, r.failed)
	}
}

// TestRequirePythonSearchesPath puts first on PATH a python3 that imports nothing (a pyenv
// or virtualenv without the modules) and checks that RequirePython passes over it to one that
// does, and that WARPKIT_PYTHON overrides the search.
func TestRequirePythonSearchesPath(t *testing.T) {
	good := RequirePython(t, "json")
	sh := RequireCommand(t, "sh")
	bare := t.TempDir()
	fake := filepath.Join(bare, "python3")
	if err := os.WriteFile(fake, []byte("#!"+sh+"\necho \"ModuleNotFoundError: no module\" >&2\nexit 1\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv(PythonEnv, "")
	t.Setenv("PATH", bare+string(os.PathListSeparator)+filepath.Dir(good)+string(os.PathListSeparator)+os.Getenv("PATH"))
	if got := findPython([]string{"json"}); got.python != filepath.Join(filepath.Dir(good), "python3") {
		t.Errorf("found %+v, want the python3 beside %s after skipping %s", got, good, fake)
	}
	if got := findPython([]string{"warpkit_no_such_module"}); got.python != "" || !strings.Contains(got.why, fake) || !strings.Contains(got.why, "ModuleNotFoundError") {
		t.Errorf("no interpreter has the module: %+v, want a reason naming %s", got, fake)
	}
	t.Setenv(PythonEnv, fake)
	if got := findPython([]string{"json"}); got.python != "" || !strings.Contains(got.why, fake) {
		t.Errorf("%s=%s: %+v, want only it tried", PythonEnv, fake, got)
	}
}

func TestRunJSONAndOutput(t *testing.T) {
	sh := RequireCommand(t, "sh")
	var v struct{ A []int }
	RunJSON(t, &v, sh, "-c", `echo '{"A": [1, 2]}'`)
	if len(v.A) != 2 || v.A[0] != 1 || v.A[1] != 2 {
		t.Fatalf("decoded %+v", v)
	}
	r := &recorder{TB: t}
	Output(r, exec.Command(sh, "-c", "echo broken >&2; exit 3"))
	if !strings.Contains(r.failed, "broken") || !strings.Contains(r.failed, "exit status 3") {
		t.Fatalf("failure %q", r.failed)
	}
	r = &recorder{TB: t}
	RunJSON(r, &v, sh, "-c", "echo not json")
	if !strings.Contains(r.failed, "not JSON") {
		t.Fatalf("failure %q", r.failed)
	}
}

// SameBits tells apart what == does not (0 and -0) and accepts what == rejects (equal NaNs).
func TestSameBits(t *testing.T) {
	nan := math.NaN()
	for _, c := range []struct {
		got, want []float64
		fail      string
	}{
		{[]float64{1, nan}, []float64{1, nan}, ""},
		{[]float64{0}, []float64{math.Copysign(0, -1)}, "x[0] = 0, want -0"},
		{[]float64{1}, []float64{1, 2}, "x: 1 values, want 2"},
	} {
		r := &recorder{TB: t}
		SameBits(r, "x", c.got, c.want)
		if r.failed != c.fail {
			t.Errorf("SameBits(%v, %v) failed with %q, want %q", c.got, c.want, r.failed, c.fail)
		}
	}
}
