package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/warpkit/warpkit/nn/rnn"
)

var (
	helpFlagLine  = regexp.MustCompile(`^  --([a-z0-9][a-z0-9-]*)(?: (.*))?$`)
	valueName     = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]*(?:[=/|:.][A-Za-z0-9_]+)*$`)
	synopsisFlags = regexp.MustCompile(`--([a-z][a-z0-9-]*)`)
	// otherForm is a usage line of a command's subcommand, whose flags are its own.
	otherForm = regexp.MustCompile(`^\s*(?:Usage: )?warpkit \S+ [a-z]+(?:\s|$)`)
)

// helpProblems lists what is wrong with a command's help: a flag line that is not
// "  --name [placeholder]", a placeholder that is no value name (a command name, several
// words, the flag package's "value" for a Var flag with no name of its own), a back quote left
// in the text, a "Flags:" heading with no flag under it, or a --flag in the usage line that
// the command does not define.
func helpProblems(help string) []string {
	var probs []string
	lines := strings.Split(strings.TrimRight(help, "\n"), "\n")
	if !strings.HasPrefix(lines[0], "Usage: warpkit ") {
		probs = append(probs, fmt.Sprintf("first line %q is not a usage line", lines[0]))
	}
	if strings.Contains(help, "`") {
		probs = append(probs, "a back quote is left in the help")
	}
	defined := map[string]bool{"help": true, "h": true}
	heading := len(lines)
	for i, l := range lines {
		if l == "Flags:" {
			heading = i
			if i+1 == len(lines) || !strings.HasPrefix(lines[i+1], "  --") {
				probs = append(probs, "a Flags: heading with no flag under it")
			}
		}
		if i <= heading || !strings.HasPrefix(l, "  -") {
			continue
		}
		m := helpFlagLine.FindStringSubmatch(l)
		if m == nil {
			probs = append(probs, fmt.Sprintf("flag line %q is not '  --name [value]'", l))
			continue
		}
		defined[m[1]] = true
		if i+1 == len(lines) || !strings.HasPrefix(lines[i+1], "      ") || strings.TrimSpace(lines[i+1]) == "" {
			probs = append(probs, fmt.Sprintf("--%s has no description", m[1]))
		}
		p := m[2]
		switch _, isCommand := commands[p]; {
		case p == "":
		case isCommand || p == "warpkit":
			probs = append(probs, fmt.Sprintf("--%s: placeholder %q is a command name", m[1], p))
		case p == "value" || !valueName.MatchString(p):
			probs = append(probs, fmt.Sprintf("--%s: placeholder %q is not a value name", m[1], p))
		}
	}
	for _, l := range lines[:heading] {
		if otherForm.MatchString(l) {
			continue // another form's flags (warpkit bench report DIR... --partial)
		}
		for _, m := range synopsisFlags.FindAllStringSubmatch(l, -1) {
			if !defined[m[1]] {
				probs = append(probs, fmt.Sprintf("the usage line names --%s, which is not a flag", m[1]))
			}
		}
	}
	return probs
}

// Every command's help, however asked for, is the same text with well-formed flag lines and
// placeholders that name values.
func TestEveryCommandsHelp(t *testing.T) {
	forms := [][]string{{"bench", "report"}} // a command's own subcommands
	for _, name := range commandNames() {
		forms = append(forms, []string{name})
	}
	for _, form := range forms {
		name := strings.Join(form, " ")
		asks := [][]string{append(slices.Clone(form), "--help"), append(slices.Clone(form), "-h")}
		if len(form) == 1 {
			asks = append(asks, []string{"help", name})
		}
		var helps []string
		for _, args := range asks {
			code, out, errs := wk(t, context.Background(), args...)
			if code != 0 || out != "" {
				t.Errorf("warpkit %v: exit %d, stdout %q", args, code, out)
			}
			helps = append(helps, errs)
		}
		for _, h := range helps[1:] {
			if h != helps[0] {
				t.Errorf("%s: help differs as asked for by %v:\n%s\n%s", name, asks, helps[0], h)
			}
		}
		for _, p := range helpProblems(helps[0]) {
			t.Errorf("%s: %s", name, p)
		}
		if !strings.HasPrefix(helps[0], "Usage: warpkit "+name+" ") {
			t.Errorf("%s: help does not name the command:\n%s", name, helps[0])
		}
	}
}

// The checker finds what the issue found: placeholders made of back-quoted commands, an empty
// Flags: heading, -flag lines, and a usage line naming a flag that does not exist.
func TestHelpProblemsCatchesTheOldFaults(t *testing.T) {
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	fs.String("run", "", "run folder written by `warpkit train`")
	fs.String("system", "", "see `systems`")
	var p solveParams
	fs.Var(&p, "param", "a parameter")
	var b bytes.Buffer
	printUsage(&b, fs, "--run RUNDIR --nope")
	got := strings.Join(helpProblems(b.String()), "\n")
	for _, want := range []string{`--run: placeholder "warpkit train" is not a value name`, `--system: placeholder "systems" is a command name`, `--param: placeholder "value"`, "names --nope"} {
		if !strings.Contains(got, want) {
			t.Errorf("problems %q lack %q", got, want)
		}
	}
	for help, want := range map[string]string{
		"Usage: warpkit inspect FILE...\n\nFlags:\n":                   "a Flags: heading with no flag",
		"Usage: warpkit x\n\nFlags:\n  -force\n    \toverwrite\n":      "is not '  --name [value]'",
		"Usage: warpkit x [--force]\n\nFlags:\n  --force\n  --quiet\n": "--force has no description",
	} {
		if got := strings.Join(helpProblems(help), "\n"); !strings.Contains(got, want) {
			t.Errorf("%q: problems %q lack %q", help, got, want)
		}
	}
}

// Parse errors spell flags as help does, --name, and point to the help.
func TestParseErrorsSayDashDash(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"gen", "--nope"}, "flag provided but not defined: --nope"},
		{[]string{"gen", "--out"}, "flag needs an argument: --out"},
		{[]string{"gen", "--n-train", "x"}, `invalid value "x" for flag --n-train: want a count ≥ 0`},
		{[]string{"gen", "--force=maybe"}, `invalid boolean value "maybe" for --force`},
		{[]string{"train", "--model", "gru", "--residual", "--epochs", "3"}, `invalid value "--epochs" for flag --residual: missing value (--epochs is a flag)`},
	} {
		code, _, errs := wk(t, context.Background(), c.args...)
		if code != 2 || !strings.Contains(errs, c.want) || !strings.Contains(errs, "warpkit "+c.args[0]+" --help") {
			t.Errorf("%v: exit %d, stderr %q, want 2 and %q", c.args, code, errs, c.want)
		}
		if strings.Contains(errs, "Usage:") {
			t.Errorf("%v: a parse error prints the whole help: %q", c.args, errs)
		}
	}
}

// --residual takes true, false or auto as a value; auto is the kind's rnn.DefaultResidual.
func TestResidualTakesAuto(t *testing.T) {
	for _, kind := range []string{"gru", "lstm", "lru"} {
		for val, want := range map[string]bool{"true": true, "false": false, "auto": rnn.DefaultResidual(kind)} {
			code, out, errs := wk(t, context.Background(), "train", "--model", kind, "--data", rdFakeName, "--context", "3", "--residual", val, "--print-config")
			if code != 0 || !strings.Contains(out, fmt.Sprintf("\nresidual: %v\n", want)) {
				t.Errorf("%s --residual %s: exit %d, want residual: %v in\n%s%s", kind, val, code, want, out, errs)
			}
		}
	}
	code, _, errs := wk(t, context.Background(), "train", "--model", "gru", "--residual", "maybe", "--print-config")
	if code != 2 || !strings.Contains(errs, "--residual") || !strings.Contains(errs, "want true, false or auto") {
		t.Errorf("--residual maybe: exit %d, %q", code, errs)
	}
}

// gen, convert and merge create the folders of their output, as bench --out does, and name
// --out when a file stands where a folder should.
func TestDatasetOutputsCreateFolders(t *testing.T) {
	dir := t.TempDir()
	gen := []string{"gen", "--dataset", "msd", "--n-train", "4", "--n-test", "2", "--quiet"}
	d := filepath.Join(dir, "a", "b", "msd.h5")
	mustWK(t, append(gen, "--out", d)...)
	mustWK(t, "convert", d, filepath.Join(dir, "c", "msd.arrow"))
	for i := range 2 {
		mustWK(t, append(gen, "--shard", fmt.Sprintf("%d/2", i), "--out", filepath.Join(dir, "s", fmt.Sprintf("%d.parquet", i)))...)
	}
	mustWK(t, "merge", "--out", filepath.Join(dir, "m", "n", "all.h5"), filepath.Join(dir, "s", "0.parquet"), filepath.Join(dir, "s", "1.parquet"))
	for _, p := range []string{"c/msd.arrow", "m/n/all.h5"} {
		if _, err := os.Stat(filepath.Join(dir, p)); err != nil {
			t.Error(err)
		}
	}
	code, _, errs := wk(t, context.Background(), append(gen, "--out", filepath.Join(d, "x.h5"))...)
	if code == 0 || !strings.Contains(errs, "--out") || !strings.Contains(errs, d) {
		t.Errorf("output under a file: exit %d, %q", code, errs)
	}
	// A missing input makes no output folder.
	for _, args := range [][]string{
		{"convert", filepath.Join(dir, "none.h5"), filepath.Join(dir, "x", "y.arrow")},
		{"merge", "--out", filepath.Join(dir, "x", "y.h5"), filepath.Join(dir, "s", "0.parquet"), filepath.Join(dir, "none.parquet")},
	} {
		code, _, errs := wk(t, context.Background(), args...)
		if code == 0 || !strings.Contains(errs, "none.") {
			t.Errorf("%v: exit %d, %q", args, code, errs)
		}
		if _, err := os.Stat(filepath.Join(dir, "x")); err == nil {
			t.Errorf("%v made the output's folder", args)
		}
	}
}

// printUsage lists flags as flag.PrintDefaults does (placeholders, defaults, zero defaults
// left out, strings quoted), but as --name with the text indented by spaces.
func TestPrintUsageMatchesPrintDefaults(t *testing.T) {
	fs := flag.NewFlagSet("x", flag.ContinueOnError)
	fs.String("split", "test", "`split` to use")
	fs.String("out", "", "output file")
	fs.Int("points", 256, "rows")
	fs.Int("context", 0, "steps,\nover two lines")
	fs.Float64("rtol", 1e-3, "tolerance")
	fs.Bool("force", false, "overwrite")
	fs.Bool("on", true, "default on")
	fs.Duration("budget", 0, "wall clock")
	fs.Uint64("seed", 7, "seed")
	var n optionalCount
	fs.Var(&n, "n-train", "`count` of trajectories")
	fs.Var(&rawFlag{}, "lr", "learning rate (key `lr`)")
	fs.Var(&rawFlag{isBool: true}, "stochastic", "a bool option")
	var theirs, ours bytes.Buffer
	fs.SetOutput(&theirs)
	fs.PrintDefaults()
	printUsage(&ours, fs, "[flags]")
	want := strings.NewReplacer("\n  -", "\n  --", "\n    \t", "\n      ").Replace("\n" + theirs.String())
	got := strings.TrimPrefix(ours.String(), "Usage: warpkit x [flags]\n\nFlags:")
	if got != want {
		t.Errorf("printUsage:\n%s\nflag.PrintDefaults, respelled:\n%s", got, want)
	}
}
