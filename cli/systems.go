package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/warpkit/warpkit/ode"
)

func init() {
	register(command{name: "systems", summary: "list the library's dynamical systems with states, parameters and defaults", args: true, run: runSystems})
}

// systemInfo is the JSON form of one library entry.
type systemInfo struct {
	Name   string      `json:"name"`
	Doc    string      `json:"doc"`
	States []string    `json:"states"`
	Params []ode.Param `json:"params"`
	Y0     []float64   `json:"y0"`
	TSpan  [2]float64  `json:"tspan"`
	Stiff  bool        `json:"stiff"`
}

func runSystems(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("systems", "[--json] [NAME]", stderr)
	asJSON := fs.Bool("json", false, "print the library as JSON")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	names := ode.Names()
	if fs.NArg() > 0 {
		names = fs.Args()
	}
	var infos []systemInfo
	for _, n := range names {
		s, err := ode.Lookup(n)
		if err != nil {
			return fmt.Errorf("systems: %w", err)
		}
		infos = append(infos, systemInfo{s.Name, s.Doc, s.States, s.Params, s.Y0, s.TSpan, s.Stiff})
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(infos)
	}
	tw := tabwriter.NewWriter(stdout, 0, 2, 2, ' ', 0)
	fmt.Fprintln(tw, "SYSTEM\tSTATES\tPARAMETERS (default [range])\tY0\tT")
	for _, s := range infos {
		var ps []string
		for _, p := range s.Params {
			ps = append(ps, fmt.Sprintf("%s=%g [%g,%g]", p.Name, p.Default, p.Min, p.Max))
		}
		stiff := ""
		if s.Stiff {
			stiff = " (stiff)"
		}
		fmt.Fprintf(tw, "%s%s\t%s\t%s\t%v\t[%g, %g]\n", s.Name, stiff, strings.Join(s.States, ","), strings.Join(ps, " "), s.Y0, s.TSpan[0], s.TSpan[1])
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		for _, s := range infos {
			fmt.Fprintf(stdout, "\n%s: %s\n", s.Name, s.Doc)
		}
	}
	return nil
}
