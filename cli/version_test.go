package cli

import (
	"bytes"
	"context"
	"errors"
	"os/exec"
	"strings"
	"testing"

	"github.com/warpkit/warpkit/internal/cpu"
)

// TestVersionNamesKernel checks that `warpkit version` names the process's kernel, and, in a
// child process started with WARPKIT_KERNEL=bogus, that every command fails with status 2
// and a message listing the kernels this CPU runs (warpkitProcess).
func TestVersionNamesKernel(t *testing.T) {
	if err := cpu.Err(); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if code := Run(context.Background(), []string{"version"}, &out, &out); code != 0 {
		t.Fatalf("version: status %d: %s", code, out.String())
	}
	if want := "(kernel " + cpu.Active().String() + ")"; !strings.Contains(out.String(), want) {
		t.Errorf("version printed %q, want it to contain %q", out.String(), want)
	}

	path, env := warpkitProcess(t)
	child := exec.Command(path, "version")
	child.Env = append(env, cpu.EnvVar+"=bogus")
	got, err := child.CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 2 {
		t.Fatalf("WARPKIT_KERNEL=bogus warpkit version: %v, want status 2; output %q", err, got)
	}
	for _, k := range cpu.Supported() {
		if !strings.Contains(string(got), k.String()) || !strings.Contains(string(got), `"bogus"`) {
			t.Errorf("WARPKIT_KERNEL=bogus: output %q does not name %q and the kernel %s", got, "bogus", k)
		}
	}
}
