package cli

import (
	"context"
	"fmt"
	"io"

	"github.com/warpkit/warpkit/datasets"
)

func init() {
	register(command{name: "merge", summary: "join the shards of `warpkit gen --shard` into one dataset file", args: true, run: runMerge})
}

func runMerge(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("merge", "--out OUT [--format h5|arrow|parquet|npz|npy] [--compress] [--force] SHARD...", stderr)
	output := defineDatasetOutputFlags(fs, "merged output `file`; missing folders are created")
	shards, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	out := output.out
	if *out == "" {
		return fmt.Errorf("merge: %w: --out is required", errUsage)
	}
	if len(shards) == 0 {
		return fmt.Errorf("merge: %w: no shard files given", errUsage)
	}
	// A missing shard is refused before the output's folder is made.
	if err := checkInputs(shards...); err != nil {
		return fmt.Errorf("merge: %w", err)
	}
	wopt, err := output.prepare("--out", *out)
	if err != nil {
		return fmt.Errorf("merge: %w", err)
	}
	parts := make([]*datasets.Dataset, len(shards))
	for i, p := range shards {
		if parts[i], err = datasets.Open(p); err != nil {
			return fmt.Errorf("merge: %w", err)
		}
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("merge: interrupted; nothing written: %w", err)
		}
	}
	m, err := datasets.Merge(parts)
	if err != nil {
		return fmt.Errorf("merge: %w", err)
	}
	if err := datasets.Write(m, *out, wopt); err != nil {
		return fmt.Errorf("merge: %w", err)
	}
	return nil
}
