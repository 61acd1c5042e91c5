package cli

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/warpkit/warpkit/datasets"
)

func init() {
	register(command{name: "convert", summary: "convert a dataset between HDF5, Arrow, Parquet and NumPy, keeping its provenance", args: true, run: runConvert})
}

func runConvert(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("convert", "IN OUT [--format h5|arrow|parquet|npz|npy] [--compress] [--force]", stderr)
	output := defineDatasetOutputFlags(fs, "")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		return fmt.Errorf("convert: %w: want IN and OUT, got %d arguments", errUsage, len(pos))
	}
	in, out := pos[0], pos[1]
	// A missing input is refused before the output's folder is made.
	if err := checkInputs(in); err != nil {
		return fmt.Errorf("convert: %w", err)
	}
	wopt, err := output.prepare("OUT", out)
	if err != nil {
		return fmt.Errorf("convert: %w", err)
	}
	d, err := datasets.Open(in)
	if err != nil {
		return fmt.Errorf("convert: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("convert: interrupted; nothing written: %w", err)
	}
	if err := datasets.Write(d, out, wopt); err != nil {
		return fmt.Errorf("convert: %w", err)
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
