package cli

import (
	"context"
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
	// The one input passes through unchanged: only the file's format changes.
	same := func(d []*datasets.Dataset) (*datasets.Dataset, error) { return d[0], nil }
	if err := output.rewrite(ctx, pos[:1], "OUT", pos[1], same); err != nil {
		return fmt.Errorf("convert: %w", err)
	}
	return nil
}
