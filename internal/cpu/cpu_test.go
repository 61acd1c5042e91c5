package cpu

import (
	"os"
	"slices"
	"strings"
	"testing"
)

// TestRequest fails when the WARPKIT_KERNEL this test run was started with cannot be met,
// so that a run meant to cover a kernel does not pass on another one instead; and when it
// can, checks that the process uses that kernel.
func TestRequest(t *testing.T) {
	if err := Err(); err != nil {
		t.Fatal(err)
	}
	if env := os.Getenv(EnvVar); env != "" && Active().String() != strings.ToLower(strings.TrimSpace(env)) {
		t.Errorf("%s=%s, but the process uses %s", EnvVar, env, Active())
	}
	if !Active().Runs() {
		t.Errorf("active kernel %s cannot run here", Active())
	}
	t.Logf("kernel %s; this machine runs %v", Active(), Supported())
}

func TestParse(t *testing.T) {
	sup := Supported()
	if len(sup) == 0 || sup[0] != Go {
		t.Fatalf("Supported() = %v, want go first", sup)
	}
	for _, k := range All() {
		for _, spelling := range []string{k.String(), " " + strings.ToUpper(k.String()) + "\n"} {
			got, err := Parse(spelling)
			switch {
			case slices.Contains(sup, k) && (err != nil || got != k):
				t.Errorf("Parse(%q) = %v, %v; want %v", spelling, got, err, k)
			case !slices.Contains(sup, k) && (err == nil || !strings.Contains(err.Error(), "cannot run")):
				t.Errorf("Parse(%q) on a machine without it = %v, %v; want an error", spelling, got, err)
			}
		}
	}
	for _, bad := range []string{"bogus", "avx", "sse2", "go4x4"} {
		_, err := Parse(bad)
		if err == nil {
			t.Errorf("Parse(%q): no error", bad)
			continue
		}
		for _, k := range sup {
			if !strings.Contains(err.Error(), k.String()) {
				t.Errorf("Parse(%q): error %q does not list %s", bad, err, k)
			}
		}
	}
}

// TestChoose checks how the variable's value becomes the process's kernel.
func TestChoose(t *testing.T) {
	if k, err := choose(""); k != Default() || err != nil {
		t.Errorf("unset: %v, %v; want %v, nil", k, err, Default())
	}
	if k, err := choose("go"); k != Go || err != nil {
		t.Errorf("go: %v, %v", k, err)
	}
	for _, bad := range []string{"bogus", "avx1024"} {
		k, err := choose(bad)
		if err == nil || !strings.Contains(err.Error(), EnvVar+"="+bad) || !strings.Contains(err.Error(), "go") {
			t.Errorf("%s: error %v, want one naming %s=%s and listing go", bad, err, EnvVar, bad)
		}
		if k != Default() {
			t.Errorf("%s: falls back to %v, want %v", bad, k, Default())
		}
	}
	if !Default().Runs() {
		t.Errorf("Default() = %v cannot run here", Default())
	}
}
