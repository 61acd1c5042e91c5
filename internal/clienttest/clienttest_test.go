package clienttest

import (
	"fmt"
	"math"
	"os/exec"
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
	if py := RequirePython(r, "json"); py != Python || r.skipped != "" || r.failed != "" {
		t.Fatalf("json: %q, skipped %q, failed %q", py, r.skipped, r.failed)
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
