package datasets

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/warpkit/warpkit/datasets/h5"
)

// SplitShape is the (N, T, D) of one split of a generated file.
type SplitShape struct {
	Name    string
	N, T, D int
}

// streamBlock is the number of trajectories generated and written together when streaming:
// a few MB for the paper's sizes, so a block is still in cache when it is checked, reduced
// into the normalization and written.
const streamBlock = 512

// GenerateFile generates the dataset spec describes (or one shard of it) and writes it to path
// in wopt's format (from the extension when unset), atomically: on any error, cancellation
// included, nothing appears at path. Uncompressed HDF5 is streamed: blocks of trajectories are
// written to their place in the file as they are solved, while the next block is solved, so
// memory stays at a few blocks whatever the dataset's size; the file's bytes are the same as
// Write(Generate(...)) gives. Other formats are generated in memory, then written.
func GenerateFile(ctx context.Context, spec *Spec, opt GenerateOptions, path string, wopt WriteOptions) ([]SplitShape, error) {
	f := wopt.Format
	if f == "" {
		var err error
		if f, err = FormatFromPath(path); err != nil {
			return nil, err
		}
	}
	if f == FormatHDF5 && !wopt.Compress {
		return streamHDF5(ctx, spec, opt, path, wopt)
	}
	d, err := Generate(ctx, spec, opt)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := Write(d, path, wopt); err != nil {
		return nil, err
	}
	var shapes []SplitShape
	for _, n := range d.splitOrder() {
		s := d.Splits[n]
		shapes = append(shapes, SplitShape{n, s.N, s.T, s.D})
	}
	return shapes, nil
}

func streamHDF5(ctx context.Context, spec *Spec, opt GenerateOptions, path string, wopt WriteOptions) (shapes []SplitShape, err error) {
	g, err := prepareGeneration(spec, opt)
	if err != nil {
		return nil, err
	}
	if err := checkDest(path, wopt.Force); err != nil {
		return nil, err
	}
	f, err := h5.Create(path)
	if err != nil {
		return nil, fmt.Errorf("datasets: %w", err)
	}
	defer func() {
		if err != nil {
			f.Abort()
		}
	}()
	root := f.Root()
	d := g.header()
	if err := writeH5Header(root, d); err != nil {
		return nil, err
	}
	// Splits in the order Write lays them out (train, val, test, others), for the same bytes;
	// g.c is prepareGeneration's own copy of the spec.
	slices.SortStableFunc(g.c.Splits, func(a, b SplitSpec) int {
		if r := splitRank(a.Name) - splitRank(b.Name); r != 0 {
			return r
		}
		return strings.Compare(a.Name, b.Name)
	})
	var norm *Normalization
	err = g.eachSplit(func(sp SplitSpec, lo, hi int, progress func(int)) error {
		n, T, D, P := hi-lo, len(g.times), g.sys.Dim(), len(d.ParamNames)
		grp, err := root.CreateGroup(sp.Name)
		if err != nil {
			return err
		}
		fill, err := grp.ReserveFloat64("trajectories", []int{n, T, D}, nil)
		if err != nil {
			return err
		}
		var acc *normAccumulator
		if sp.Name == "train" && n > 0 {
			acc = newNormAccumulator(D)
		}
		whole := &Split{Name: sp.Name, N: n, T: T, D: D, Times: g.times, Params: make([]float64, 0, n*P), Y0: make([]float64, 0, n*D)}
		// One goroutine checks, reduces and writes block k while this one solves block k+1.
		type block struct {
			s     *Split
			first int
		}
		blocks, werr := make(chan block, 1), make(chan error, 1)
		go func() {
			var err error
			for b := range blocks {
				if err != nil {
					continue // drain, so the solver never blocks on a failed writer
				}
				if err = checkSplitBlock(b.s, d.States, P, b.first); err != nil {
					continue
				}
				if acc != nil {
					acc.add(b.s.X)
				}
				err = fill.WriteAt(b.s.X, b.first*T*D)
			}
			werr <- err
		}()
		var solveErr error
		for b := lo; b < hi; b += streamBlock {
			e := min(b+streamBlock, hi)
			var bp func(int)
			if progress != nil {
				base := b - lo
				bp = func(k int) { progress(base + k) }
			}
			s, err := generateSplit(ctx, g.c, g.sys, sp, b, e, g.times, opt.Workers, bp)
			if err == nil {
				err = ctx.Err()
			}
			if err != nil {
				solveErr = err
				break
			}
			whole.Params = append(whole.Params, s.Params...)
			whole.Y0 = append(whole.Y0, s.Y0...)
			blocks <- block{s, b - lo}
		}
		close(blocks)
		if err := <-werr; err != nil {
			return err
		}
		if solveErr != nil {
			return solveErr
		}
		if err := writeH5SplitRest(grp, whole, P, nil); err != nil {
			return err
		}
		if acc != nil {
			norm = acc.result()
		}
		shapes = append(shapes, SplitShape{sp.Name, n, T, D})
		return nil
	})
	if err != nil {
		return nil, err
	}
	if err := writeH5Norm(root, norm); err != nil {
		return nil, err
	}
	if err := f.Close(); err != nil {
		return nil, fmt.Errorf("datasets: %w", err)
	}
	return shapes, nil
}
