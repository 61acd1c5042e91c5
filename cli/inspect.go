package cli

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/warpkit/warpkit/datasets"
	"github.com/warpkit/warpkit/datasets/h5"
)

func init() {
	register(command{name: "inspect", summary: "show the splits, shapes, attributes and provenance of a dataset file", args: true, run: runInspect})
}

func runInspect(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("inspect", "FILE...", stderr)
	files, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return fmt.Errorf("inspect: %w: no file given", errUsage)
	}
	for i, path := range files {
		if i > 0 {
			fmt.Fprintln(stdout)
		}
		if err := inspectOne(path, stdout); err != nil {
			return fmt.Errorf("inspect: %w", err)
		}
	}
	return nil
}

func inspectOne(path string, w io.Writer) error {
	if err := checkInputs(path); err != nil {
		return err
	}
	fmt.Fprintf(w, "file: %s\n", path)
	// Any HDF5 file shows its whole tree, warpkit's layout or not.
	isH5 := false
	if f, err := h5.Open(path); err == nil {
		isH5 = true
		fmt.Fprintln(w, "hdf5:")
		walkH5(w, f.Root(), "  ", map[uint64]string{f.Root().Addr(): "/"}, "/")
		f.Close()
	}
	d, err := datasets.Open(path)
	if err != nil {
		if isH5 {
			fmt.Fprintf(w, "not a warpkit dataset: %v\n", err)
			return nil
		}
		return err
	}
	if !isH5 {
		entries, err := datasets.Contents(path)
		if err != nil {
			return err
		}
		if len(entries) > 0 {
			fmt.Fprintln(w, "stored:")
			for _, e := range entries {
				fmt.Fprintf(w, "  %s: %s %v\n", e.Name, e.Dtype, e.Shape)
			}
		}
	}
	printDataset(w, d)
	return nil
}

func printDataset(w io.Writer, d *datasets.Dataset) {
	fmt.Fprintf(w, "dataset: %s\nstates: %s\nparameters: %s\nsplits:\n", d.Name, strings.Join(d.States, ", "), strings.Join(d.ParamNames, ", "))
	for _, n := range d.SplitNames() {
		s := d.Splits[n]
		fmt.Fprintf(w, "  %s: trajectories (%d, %d, %d) float64, t (%d) from %g to %g", n, s.N, s.T, s.D, s.T, s.Times[0], s.Times[s.T-1])
		if s.Params != nil {
			fmt.Fprintf(w, ", params (%d, %d)", s.N, len(d.ParamNames))
		}
		if s.Y0 != nil {
			fmt.Fprintf(w, ", y0 (%d, %d)", s.N, s.D)
		}
		fmt.Fprintln(w)
	}
	if n := d.Norm; n != nil {
		fmt.Fprintln(w, "normalization (train):")
		for j, st := range d.States {
			fmt.Fprintf(w, "  %s: min %.6g max %.6g mean %.6g std %.6g\n", st, n.Min[j], n.Max[j], n.Mean[j], n.Std[j])
		}
	}
	if len(d.Provenance) > 0 {
		fmt.Fprintln(w, "provenance:")
		keys := make([]string, 0, len(d.Provenance))
		for k := range d.Provenance {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			v := d.Provenance[k]
			if strings.Contains(v, "\n") {
				fmt.Fprintf(w, "  %s: |\n    %s\n", k, strings.ReplaceAll(strings.TrimRight(v, "\n"), "\n", "\n    "))
			} else {
				fmt.Fprintf(w, "  %s: %s\n", k, v)
			}
		}
	}
}

// walkH5 lists groups, datasets (shape, dtype) and attributes, depth first. HDF5 groups form a
// graph, not a tree (a hard link may point back to a parent), so a group already listed is
// named, not entered again; seen maps object addresses to the path where each was listed.
func walkH5(w io.Writer, g *h5.Group, indent string, seen map[uint64]string, path string) {
	if attrs, err := g.Attrs(); err == nil {
		printAttrs(w, attrs, indent)
	}
	for _, name := range g.Datasets() {
		ds, err := g.Dataset(name)
		if err != nil {
			fmt.Fprintf(w, "%s%s: %v\n", indent, name, err)
			continue
		}
		fmt.Fprintf(w, "%s%s: dataset %v %s\n", indent, name, ds.Shape(), ds.Dtype())
		if attrs, err := ds.Attrs(); err == nil {
			printAttrs(w, attrs, indent+"  ")
		}
	}
	for _, name := range g.Groups() {
		sub, err := g.Group(name)
		if err != nil {
			fmt.Fprintf(w, "%s%s/: %v\n", indent, name, err)
			continue
		}
		subPath := path + name + "/"
		if first, ok := seen[sub.Addr()]; ok {
			fmt.Fprintf(w, "%s%s/ -> hard link to %s\n", indent, name, first)
			continue
		}
		seen[sub.Addr()] = subPath
		fmt.Fprintf(w, "%s%s/\n", indent, name)
		walkH5(w, sub, indent+"  ", seen, subPath)
	}
}

func printAttrs(w io.Writer, attrs map[string]any, indent string) {
	keys := make([]string, 0, len(attrs))
	for k := range attrs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v := fmt.Sprint(attrs[k])
		if i := strings.IndexByte(v, '\n'); i >= 0 {
			v = v[:i] + " …"
		}
		if len(v) > 100 {
			v = v[:100] + " …"
		}
		fmt.Fprintf(w, "%s@%s = %s\n", indent, k, v)
	}
}
