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
	if err := output.rewrite(ctx, shards, "--out", *out, datasets.Merge); err != nil {
		return fmt.Errorf("merge: %w", err)
	}
	return nil
}
