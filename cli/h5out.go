package cli

import (
	"fmt"
	"maps"
	"slices"

	"github.com/warpkit/warpkit/datasets/h5"
	"github.com/warpkit/warpkit/nn"
	"github.com/warpkit/warpkit/warp"
)

// h5Array is one dataset of an HDF5 output: its name inside the split's group, shape and values.
type h5Array struct {
	name  string
	shape []int
	data  []float64
}

// writeSplitH5 writes arrays into the group named split of a new HDF5 file at path, with attrs
// on the root, atomically (the file appears complete or not at all). The layout follows the
// datasets' files, one group per split with (N, T, D) arrays and t (T), so h5py code written
// for a dataset reads a forecast or a weight export the same way.
func writeSplitH5(path, split string, attrs map[string]any, arrays []h5Array) (err error) {
	f, err := h5.Create(path)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Abort()
		}
	}()
	root := f.Root()
	for _, k := range slices.Sorted(maps.Keys(attrs)) {
		if err := root.SetAttr(k, attrs[k]); err != nil {
			return err
		}
	}
	g, err := root.CreateGroup(split)
	if err != nil {
		return err
	}
	for _, a := range arrays {
		if a.data == nil {
			continue
		}
		if err := g.WriteDataset(a.name, a.shape, a.data, nil); err != nil {
			return err
		}
	}
	return f.Close()
}

// writeForecastH5 writes the truth as trajectories and the forecast as predictions, both
// (N, T, D), with t (T) when the data have times.
func writeForecastH5(path, split, kind string, context int, states []string, truth, pred *nn.Sequences, inferred *priorParams) error {
	shape := []int{truth.N, truth.T, truth.D}
	attrs := map[string]any{"model": kind, "context": int64(context), "states": states, "split": split}
	arrays := []h5Array{
		{"trajectories", shape, truth.X},
		{"predictions", shape, pred.X},
		{"t", []int{truth.T}, truth.Times},
	}
	if inferred != nil {
		attrs["params"] = inferred.names
		arrays = append(arrays, h5Array{"params", []int{truth.N, truth.T, len(inferred.names)}, inferred.values})
	}
	err := writeSplitH5(path, split, attrs, arrays)
	if err != nil {
		return fmt.Errorf("--out %s: %w", path, err)
	}
	return nil
}

// writeWeightsH5 writes the weight trajectories θ_t of x (see warp.Model.Weights) as
// <split>/weights (N, T, D), the entries' names (l0.w[i,j], ...) as the names attribute of the
// file, and t (T).
func writeWeightsH5(path, split string, m *warp.Model, x *nn.Sequences, context int) error {
	theta, err := m.Weights(x, context)
	if err != nil {
		return err
	}
	attrs := map[string]any{"model": m.Kind(), "context": int64(context), "names": m.WeightNames(), "split": split}
	err = writeSplitH5(path, split, attrs, []h5Array{
		{"weights", []int{x.N, x.T, m.NumWeights()}, theta},
		{"t", []int{x.T}, x.Times},
	})
	if err != nil {
		return fmt.Errorf("--out %s: %w", path, err)
	}
	return nil
}

// isH5 reports whether an extension (as lowerExt returns it) names an HDF5 file.
func isH5(ext string) bool { return ext == ".h5" || ext == ".hdf5" }
