package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// The README's tour is run as written, but small. Its section is "## A short tour" up to the
// next "## " heading; every command in its sh, bash or shell code blocks runs (a line ending
// in \ continues on the next; comment-only lines are text), each with sh -c in one fresh
// folder that holds only a copy of examples/. A command that cannot run there ends in
// tourSkipMark and a reason; any other command must run warpkit.
const (
	tourHeading  = "## A short tour"
	tourWarpkit  = "go run ./cmd/warpkit"
	tourSkipMark = "# not run in tests:"
)

// tourRewrites make the tour small and fast, and do nothing else: tiny splits, two optimiser
// steps per train (a --steps limit is inserted, so no other budget is reached first).
var tourRewrites = []struct {
	re   *regexp.Regexp
	with string
}{
	{regexp.MustCompile(`--n-train[= ]\d+`), "--n-train 16"},
	{regexp.MustCompile(`--n-test[= ]\d+`), "--n-test 8"},
	{regexp.MustCompile(`--n-val[= ]\d+`), "--n-val 4"},
	{regexp.MustCompile(`--steps[= ]\d+`), "--steps 2"},
	{regexp.MustCompile(regexp.QuoteMeta(tourWarpkit) + ` train(\s)`), tourWarpkit + " train --steps 2$1"},
}

// tourCommand is one command of the tour and the README line it starts on.
type tourCommand struct {
	line int
	text string
}

// readmeTour extracts the tour's commands, and those marked not to run.
func readmeTour(readme string) (run, skipped []tourCommand, err error) {
	lines := strings.Split(readme, "\n")
	start := -1
	for i, l := range lines {
		if strings.TrimSpace(l) == tourHeading {
			start = i
			break
		}
	}
	if start < 0 {
		return nil, nil, fmt.Errorf("no %q section", tourHeading)
	}
	inBlock, shell := false, false
	var cur *tourCommand
	for i := start + 1; i < len(lines); i++ {
		l := lines[i]
		if !inBlock && strings.HasPrefix(l, "## ") {
			break
		}
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "```") {
			if inBlock && cur != nil {
				return nil, nil, fmt.Errorf("README.md:%d: the block ends in a continued line", i+1)
			}
			inBlock = !inBlock
			lang := strings.TrimSpace(strings.TrimPrefix(t, "```"))
			shell = inBlock && (lang == "sh" || lang == "bash" || lang == "shell")
			continue
		}
		if !inBlock || !shell {
			continue
		}
		if cur == nil {
			if t == "" || strings.HasPrefix(t, "#") {
				continue
			}
			cur = &tourCommand{line: i + 1}
		} else {
			cur.text += "\n"
		}
		cur.text += l
		if strings.HasSuffix(strings.TrimRight(l, " \t"), `\`) {
			continue
		}
		switch {
		case strings.Contains(cur.text, tourSkipMark):
			skipped = append(skipped, *cur)
		case !strings.Contains(cur.text, tourWarpkit):
			return nil, nil, fmt.Errorf("README.md:%d: %q does not run %s; end it in %q and a reason if it cannot run in the test", cur.line, cur.text, tourWarpkit, tourSkipMark)
		default:
			run = append(run, *cur)
		}
		cur = nil
	}
	if inBlock {
		return nil, nil, fmt.Errorf("the tour ends inside a code block")
	}
	return run, skipped, nil
}

// rewriteTour applies tourRewrites and runs bin for go run ./cmd/warpkit.
func rewriteTour(cmd, bin string) string {
	for _, r := range tourRewrites {
		cmd = r.re.ReplaceAllString(cmd, r.with)
	}
	return strings.ReplaceAll(cmd, tourWarpkit, "'"+strings.ReplaceAll(bin, "'", `'\''`)+"'")
}

func TestReadmeTourExtraction(t *testing.T) {
	readme := strings.Join([]string{
		"# x", "```sh", "go run ./cmd/warpkit before the tour", "```",
		tourHeading, "text `go run ./cmd/warpkit not code`",
		"```sh",
		"go run ./cmd/warpkit systems   # a comment",
		"",
		"# a comment line",
		"go run ./cmd/warpkit train --model gru \\",
		"    --data d.h5 --epochs 9 --out r   # budget",
		"    # an indented comment line",
		"go run ./cmd/warpkit cluster --hosts a,b   # not run in tests: needs hosts",
		"for i in 0 1; do go run ./cmd/warpkit gen --n-train 2048 --n-test=512 --shard $i/2 --out o$i.h5; done",
		"```",
		"```go", "x := 1", "```",
		"### sub", "```bash", "go run ./cmd/warpkit train --steps 100 --out s", "```",
		"## Next", "```sh", "go run ./cmd/warpkit after the tour", "```",
	}, "\n")
	run, skipped, err := readmeTour(readme)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range run {
		got = append(got, fmt.Sprintf("%d: %s", c.line, rewriteTour(c.text, "/b/wk")))
	}
	want := []string{
		"8: '/b/wk' systems   # a comment",
		"11: '/b/wk' train --steps 2 --model gru \\\n    --data d.h5 --epochs 9 --out r   # budget",
		"15: for i in 0 1; do '/b/wk' gen --n-train 16 --n-test 8 --shard $i/2 --out o$i.h5; done",
		"22: '/b/wk' train --steps 2 --steps 2 --out s",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(skipped) != 1 || skipped[0].line != 14 {
		t.Errorf("skipped %v", skipped)
	}
	for _, bad := range []string{
		tourHeading + "\n```sh\npython3 plot.py\n```",
		tourHeading + "\n```sh\ngo run ./cmd/warpkit train \\\n```",
		tourHeading + "\n```sh\ngo run ./cmd/warpkit systems",
		"# no tour",
	} {
		if _, _, err := readmeTour(bad); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

// warpkitProcess returns this test binary's path and the environment in which it runs as the
// warpkit command (TestMain), for the tests that need a process of their own: signals, the
// README's shell commands.
func warpkitProcess(t *testing.T) (path string, env []string) {
	t.Helper()
	path, err := filepath.Abs(os.Args[0])
	if err != nil {
		t.Fatal(err)
	}
	return path, append(os.Environ(), "WARPKIT_RUN_MAIN=1")
}

// The README's tour works from a fresh clone: every command runs, small, against warpkit (see
// readmeTour and tourRewrites).
func TestReadmeTour(t *testing.T) {
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh to run the README's commands with")
	}
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	run, skipped, err := readmeTour(string(readme))
	if err != nil {
		t.Fatal(err)
	}
	if len(run) < 10 {
		t.Fatalf("only %d commands found in the tour: the extraction is broken", len(run))
	}
	for _, c := range skipped {
		t.Logf("README.md:%d: not run: %s", c.line, c.text)
	}
	bin, env := warpkitProcess(t)
	dir := t.TempDir()
	if err := os.CopyFS(filepath.Join(dir, "examples"), os.DirFS("../../examples")); err != nil {
		t.Fatal(err)
	}
	for _, c := range run {
		text := rewriteTour(c.text, bin)
		// A watchdog for a command that would run long at full size, not a timing.
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		cmd := exec.CommandContext(ctx, sh, "-c", "set -e\n"+text)
		cmd.Dir, cmd.Env = dir, env
		out, err := cmd.CombinedOutput()
		cancel()
		if err != nil {
			t.Fatalf("README.md:%d: %v\n%s\nran as\n%s\n%s", c.line, err, c.text, text, out)
		}
	}
	t.Logf("ran the tour's %d commands", len(run))
}
