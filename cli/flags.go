package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/warpkit/warpkit/datasets"
)

// newFlagSet makes a flag set that reports errors instead of exiting, with a usage line that
// names the command, so every subcommand's --help looks alike (printUsage).
func newFlagSet(name, synopsis string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	// parseFlags prints the help and the errors; the flag package would print both on an error.
	fs.SetOutput(io.Discard)
	fs.Usage = func() { printUsage(stderr, fs, synopsis) }
	return fs
}

// parseFlags parses args, prints the help on --help, and wraps a parse failure as a usage
// error that spells the flag --name.
func parseFlags(fs *flag.FlagSet, args []string) error {
	usage := fs.Usage
	fs.Usage = func() {}
	err := fs.Parse(args)
	fs.Usage = usage
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			if usage != nil {
				usage()
			}
			return err
		}
		return fmt.Errorf("%s: %w: %s (see warpkit %s --help)", fs.Name(), errUsage, dashDash(err), fs.Name())
	}
	if fs.NArg() > 0 && !commands[fs.Name()].args {
		return fmt.Errorf("%s: %w: unexpected argument %q", fs.Name(), errUsage, fs.Arg(0))
	}
	return nil
}

// parseInterleaved parses flags that may come before, between or after positional arguments
// (`warpkit convert in.h5 out.arrow --force`), which flag.Parse alone stops at.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := parseFlags(fs, args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if rest[0] == "--" {
			return append(pos, rest[1:]...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// printUsage writes a command's help: its usage line, then every flag as --name, the way
// usage lines and error messages spell them (flag.PrintDefaults writes -name). A flag's value
// placeholder is the back-quoted word of its usage, as in flag.PrintDefaults, so back quotes
// in a usage text mean exactly that and nothing else; a command with no flags has no "Flags:"
// heading.
func printUsage(w io.Writer, fs *flag.FlagSet, synopsis string) {
	fmt.Fprintf(w, "Usage: warpkit %s %s\n", fs.Name(), synopsis)
	first := true
	fs.VisitAll(func(f *flag.Flag) {
		if first {
			fmt.Fprint(w, "\nFlags:\n")
			first = false
		}
		placeholder, usage := flag.UnquoteUsage(f)
		line := "  --" + f.Name
		if placeholder != "" {
			line += " " + placeholder
		}
		if !isZeroDefault(f) {
			if g, ok := f.Value.(flag.Getter); ok && isString(g.Get()) {
				usage += fmt.Sprintf(" (default %q)", f.DefValue)
			} else {
				usage += fmt.Sprintf(" (default %s)", f.DefValue)
			}
		}
		fmt.Fprintf(w, "%s\n      %s\n", line, strings.ReplaceAll(usage, "\n", "\n      "))
	})
}

// flagsGiven returns the names of the flags the command line set, for the commands whose
// defaults come from a spec or a system unless a flag overrides them (a zero value cannot say
// whether it was given).
func flagsGiven(fs *flag.FlagSet) map[string]bool {
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	return set
}

func isString(v any) bool { _, ok := v.(string); return ok }

// isZeroDefault reports whether a flag's default is its type's zero value, which help leaves
// unsaid, as flag.PrintDefaults does.
func isZeroDefault(f *flag.Flag) (zero bool) {
	t := reflect.TypeOf(f.Value)
	var z reflect.Value
	if t.Kind() == reflect.Pointer {
		z = reflect.New(t.Elem())
	} else {
		z = reflect.Zero(t)
	}
	defer func() {
		if recover() != nil { // a Value whose zero String panics: show the default
			zero = false
		}
	}()
	zv, ok := z.Interface().(flag.Value)
	return ok && f.DefValue == zv.String()
}

// goFlagError matches the flag package's parse errors that name a flag as -name.
var goFlagError = regexp.MustCompile(`^(flag provided but not defined: |flag needs an argument: |invalid value "(?:[^"\\]|\\.)*" for flag |invalid boolean value "(?:[^"\\]|\\.)*" for )-`)

// dashDash respells a flag package error's -name as --name, as help and usage lines spell it.
func dashDash(err error) string {
	return goFlagError.ReplaceAllString(err.Error(), "$1--")
}

// runInputFlags are the flags of the commands that feed a dataset split to a trained run:
// eval, forecast and weights.
type runInputFlags struct {
	run, data, split *string
	context          *int
}

func defineRunInputFlags(fs *flag.FlagSet) *runInputFlags {
	return &runInputFlags{
		run:     fs.String("run", "", "run `folder` written by warpkit train"),
		data:    fs.String("data", "", "dataset `file`"),
		split:   fs.String("split", "test", "`split` whose trajectories are fed to the model"),
		context: fs.Int("context", 0, "true `steps` fed before the model runs on its own predictions (0: the run's training context)"),
	}
}

// outFile checks the required --out of a command that writes one file, whose extension
// (returned in lower case, as lowerExt gives it) must be one of exts.
func outFile(cmd, out string, exts ...string) (string, error) {
	if out == "" {
		return "", fmt.Errorf("%s: --out: %w: required", cmd, errUsage)
	}
	ext := lowerExt(out)
	if !slices.Contains(exts, ext) {
		return "", fmt.Errorf("%s: --out %s: %w: unknown extension (valid: %s)", cmd, out, errUsage, strings.Join(exts, ", "))
	}
	return ext, nil
}

// datasetOutputFlags are the flags of the commands that write a dataset file: gen, convert
// and merge.
type datasetOutputFlags struct {
	out             *string // nil where the output is a positional argument (convert)
	format          *string
	compress, force *bool
}

// defineDatasetOutputFlags defines the output flags, --out among them unless outUsage is
// empty (the output is then a positional argument).
func defineDatasetOutputFlags(fs *flag.FlagSet, outUsage string) *datasetOutputFlags {
	o := &datasetOutputFlags{}
	if outUsage != "" {
		o.out = fs.String("out", "", outUsage)
	}
	o.format = fs.String("format", "", "output `format`: h5, arrow, parquet, npz or npy (default: from the output's extension)")
	o.compress = fs.Bool("compress", false, "compress (HDF5 chunked+deflate, Parquet zstd, npz deflate)")
	o.force = fs.Bool("force", false, "overwrite an existing output")
	return o
}

// rewrite opens the dataset files inputs, combines them into one and writes it to path
// (named label in errors). A missing input is refused before the output's folder is made, and
// an interrupt before the write leaves nothing written.
func (o *datasetOutputFlags) rewrite(ctx context.Context, inputs []string, label, path string, combine func([]*datasets.Dataset) (*datasets.Dataset, error)) error {
	if err := checkInputs(inputs...); err != nil {
		return err
	}
	wopt, err := o.prepare(label, path)
	if err != nil {
		return err
	}
	parts := make([]*datasets.Dataset, len(inputs))
	for i, p := range inputs {
		if parts[i], err = datasets.Open(p); err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("interrupted; nothing written: %w", err)
		}
	}
	d, err := combine(parts)
	if err != nil {
		return err
	}
	return datasets.Write(d, path, wopt)
}

// prepare settles the format of the output at path (named label in errors), creates its
// folder if missing, and refuses an existing output without --force, all before any work.
func (o *datasetOutputFlags) prepare(label, path string) (datasets.WriteOptions, error) {
	w := datasets.WriteOptions{Compress: *o.compress, Force: *o.force}
	var err error
	if *o.format != "" {
		if w.Format, err = datasets.ParseFormat(*o.format); err != nil {
			return w, fmt.Errorf("--format: %w: %v", errUsage, err)
		}
	} else if w.Format, err = datasets.FormatFromPath(path); err != nil {
		return w, fmt.Errorf("%s: %w: %v", label, errUsage, err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return w, fmt.Errorf("%s %s: %w", label, path, err)
	}
	return w, datasets.CheckOutput(path, w)
}

// optionalCount is a count flag whose absence means "as configured elsewhere", so its help
// shows no default (gen's --n-train: the spec's size).
type optionalCount struct {
	n   int
	set bool
}

func (c *optionalCount) String() string {
	if c == nil || !c.set {
		return ""
	}
	return strconv.Itoa(c.n)
}

func (c *optionalCount) Set(s string) error {
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return fmt.Errorf("want a count ≥ 0, got %q", s)
	}
	c.n, c.set = n, true
	return nil
}
