package benchmarks

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// ReportOptions controls Report.
type ReportOptions struct {
	// Partial writes the outputs even when cells are missing or failed (they are named in the
	// README); without it such a suite is an error and nothing is written.
	Partial  bool
	Workers  int // solver goroutines, for a dataset no shard folder holds
	Progress RunOptions
}

// IncompleteError lists the cells a report found missing or failed.
type IncompleteError struct {
	Missing []string // cells no folder holds
	Failed  []string // cells whose training failed, with the error
}

func (e *IncompleteError) Error() string {
	var parts []string
	if len(e.Missing) > 0 {
		parts = append(parts, fmt.Sprintf("%d cells missing: %s", len(e.Missing), listSome(e.Missing)))
	}
	if len(e.Failed) > 0 {
		parts = append(parts, fmt.Sprintf("%d cells failed: %s", len(e.Failed), listSome(e.Failed)))
	}
	return "benchmarks: report: " + strings.Join(parts, "; ") + " (rerun the shards to finish them, or pass --partial)"
}

func listSome(names []string) string {
	const most = 30
	if len(names) <= most {
		return strings.Join(names, ", ")
	}
	return strings.Join(names[:most], ", ") + fmt.Sprintf(" and %d more", len(names)-most)
}

// Report merges the finished cells of one or more run folders (the shards of one suite, run
// into a shared folder or each into its own) into the usual outputs in out: results, tables,
// plots and README. Every folder must hold the same suite. A cell may be in any of them;
// datasets are read from them, or generated into out when none holds one. Cells missing or
// failed are named in an *IncompleteError, and nothing is written unless opt.Partial.
func Report(ctx context.Context, dirs []string, out string, opt ReportOptions) error {
	start := time.Now()
	if len(dirs) == 0 {
		return fmt.Errorf("benchmarks: report: no folders to merge")
	}
	s, err := ReadSuiteFile(dirs[0])
	if err != nil {
		return err
	}
	// The same suite, wherever its file was read from: shards may name it by other paths.
	same := func(s *Suite) string {
		c := *s
		c.Source = ""
		c.Datasets = slices.Clone(s.Datasets)
		for i := range c.Datasets {
			c.Datasets[i].Spec = filepath.Base(c.Datasets[i].Spec)
		}
		return canonicalJSON(&c)
	}
	want := same(s)
	for _, d := range dirs[1:] {
		o, err := ReadSuiteFile(d)
		if err != nil {
			return err
		}
		if same(o) != want {
			return fmt.Errorf("benchmarks: report: %s holds another suite than %s (suite %q from %s against %q from %s)", d, dirs[0], o.Name, o.Source, s.Name, s.Source)
		}
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return fmt.Errorf("benchmarks: report: %w", err)
	}
	prog := newProgress(opt.Progress)
	defer prog.finish()
	data := map[string]*loadedData{}
	var order []*loadedData
	for i := range s.Datasets {
		ld, err := loadData(ctx, dirs, out, &s.Datasets[i], opt.Workers, prog)
		if err != nil {
			return err
		}
		data[ld.cfg.Name] = ld
		order = append(order, ld)
	}
	var cells []*CellResult
	inc := &IncompleteError{}
	for _, c := range s.Cells() {
		p, err := s.plan(c, data[c.Dataset])
		if err != nil {
			return err
		}
		var found *CellResult
		failure := ""
		for _, d := range dirs {
			if found = readCell(d, p); found != nil {
				break
			}
			if f := readFailure(d, p); f != "" && failure == "" {
				failure = f
			}
		}
		switch {
		case found != nil:
			cells = append(cells, found)
		case failure != "":
			inc.Failed = append(inc.Failed, failure)
		default:
			inc.Missing = append(inc.Missing, c.Name())
		}
	}
	incomplete := len(inc.Missing)+len(inc.Failed) > 0
	if incomplete && !opt.Partial {
		return inc
	}
	var note []string
	if incomplete {
		note = append(inc.Missing, inc.Failed...)
	}
	if err := s.writeOutputs(out, order, cells, time.Since(start), false, inc.Failed, note); err != nil {
		return err
	}
	return nil
}
