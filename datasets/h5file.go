package datasets

import (
	"fmt"
	"maps"
	"slices"

	"github.com/warpkit/warpkit/datasets/h5"
	"github.com/warpkit/warpkit/datasets/traj"
)

// The HDF5 layout: one group per split holding trajectories (N,T,D), t (T), params (N,P) and
// y0 (N,D); a group normalization with min, max, mean and std (D); root attributes dataset,
// states, param_names, and every provenance key (system, solver, rtol, atol, seed, spec, ...)
// as a string attribute. h5py: f["train/trajectories"][...], f.attrs["spec"].

const normGroup = "normalization"

func writeHDF5(d *Dataset, path string, opt WriteOptions) (err error) {
	if err := checkDest(path, opt.Force); err != nil {
		return err
	}
	f, err := h5.Create(path)
	if err != nil {
		return fmt.Errorf("datasets: %w", err)
	}
	defer func() {
		if err != nil {
			f.Abort()
		}
	}()
	root := f.Root()
	if err := writeH5Header(root, d); err != nil {
		return err
	}
	var dsOpt *h5.DatasetOptions
	if opt.Compress {
		dsOpt = &h5.DatasetOptions{Deflate: 4, Shuffle: true}
	}
	for _, name := range d.splitOrder() {
		s := d.Splits[name]
		g, err := root.CreateGroup(name)
		if err != nil {
			return fmt.Errorf("datasets: %w", err)
		}
		if s.X != nil {
			if err := g.WriteDataset("trajectories", []int{s.N, s.T, s.D}, s.X, dsOpt); err != nil {
				return fmt.Errorf("datasets: %w", err)
			}
		}
		if err := writeH5SplitRest(g, s, len(d.ParamNames), dsOpt); err != nil {
			return err
		}
	}
	if err := writeH5Norm(root, d.Norm); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("datasets: %w", err)
	}
	return nil
}

// writeH5Header writes the root attributes: dataset, states, param_names and every
// provenance key.
func writeH5Header(root *h5.Group, d *Dataset) (err error) {
	set := func(k string, v any) {
		if err == nil {
			err = root.SetAttr(k, v)
		}
	}
	set("dataset", d.Name)
	set("states", d.States)
	if len(d.ParamNames) > 0 {
		set("param_names", d.ParamNames)
	}
	for _, k := range slices.Sorted(maps.Keys(d.Provenance)) {
		if k == "dataset" || k == "states" || k == "param_names" {
			continue
		}
		set(k, d.Provenance[k])
	}
	if err != nil {
		return fmt.Errorf("datasets: %w", err)
	}
	return nil
}

// writeH5SplitRest writes a split's datasets after its trajectories: t, params (when the
// dataset names parameters) and y0, in that order, which fixes the file's layout.
func writeH5SplitRest(g *h5.Group, s *Split, P int, dsOpt *h5.DatasetOptions) error {
	for _, a := range []struct {
		key   string
		shape []int
		data  []float64
		opt   *h5.DatasetOptions
	}{
		{"t", []int{s.T}, s.Times, nil},
		{"params", []int{s.N, P}, s.Params, dsOpt},
		{"y0", []int{s.N, s.D}, s.Y0, dsOpt},
	} {
		if a.data == nil || (a.key == "params" && P == 0) {
			continue
		}
		if err := g.WriteDataset(a.key, a.shape, a.data, a.opt); err != nil {
			return fmt.Errorf("datasets: %w", err)
		}
	}
	return nil
}

// writeH5Norm writes the normalization group (nothing when n is nil).
func writeH5Norm(root *h5.Group, n *Normalization) error {
	if n == nil {
		return nil
	}
	g, err := root.CreateGroup(normGroup)
	if err != nil {
		return fmt.Errorf("datasets: %w", err)
	}
	for _, a := range []struct {
		k string
		v []float64
	}{{"min", n.Min}, {"max", n.Max}, {"mean", n.Mean}, {"std", n.Std}} {
		if err := g.WriteDataset(a.k, []int{len(a.v)}, a.v, nil); err != nil {
			return fmt.Errorf("datasets: %w", err)
		}
	}
	return nil
}

// readHDF5 reads warpkit's layout or a user's file with the same layout written by h5py:
// any root group holding a trajectories dataset is a split; t, params and y0 are optional,
// and float32 or integer data are converted.
func readHDF5(path string) (*Dataset, error) {
	f, err := h5.Open(path)
	if err != nil {
		return nil, fmt.Errorf("datasets: %w", err)
	}
	defer f.Close()
	root := f.Root()
	attrs, err := root.Attrs()
	if err != nil {
		return nil, fmt.Errorf("datasets: %w", err)
	}
	d := &Dataset{Splits: map[string]*Split{}, Provenance: map[string]string{}}
	for k, v := range attrs {
		switch k {
		case "dataset":
			d.Name = fmt.Sprint(v)
		case "states":
			d.States = stringList(v)
		case "param_names":
			d.ParamNames = stringList(v)
		default:
			if s, ok := v.(string); ok {
				d.Provenance[k] = s
			} else {
				d.Provenance[k] = fmt.Sprint(v)
			}
		}
	}
	read := func(g *h5.Group, name string, wantDims int) ([]float64, []int, error) {
		ds, err := g.Dataset(name)
		if err != nil {
			return nil, nil, nil // absent: optional
		}
		shape := ds.Shape()
		if len(shape) != wantDims {
			return nil, nil, fmt.Errorf("datasets: %s: %s/%s: want %d dimensions, got shape %v", path, g.Name(), name, wantDims, shape)
		}
		v, err := ds.ReadFloat64()
		if err != nil {
			return nil, nil, fmt.Errorf("datasets: %w", err)
		}
		return v, shape, nil
	}
	for _, name := range root.Groups() {
		g, err := root.Group(name)
		if err != nil {
			return nil, fmt.Errorf("datasets: %w", err)
		}
		x, shape, err := read(g, "trajectories", 3)
		if err != nil {
			return nil, err
		}
		if x == nil {
			continue
		}
		s := &Split{Name: name, N: shape[0], T: shape[1], D: shape[2], X: x}
		t, tshape, err := read(g, "t", 1)
		if err != nil {
			return nil, err
		}
		if t == nil {
			traj.AssumeUniformTimes(s, d.Provenance)
		} else if tshape[0] != s.T {
			return nil, fmt.Errorf("datasets: %s: %s/t: %d points, trajectories have %d", path, name, tshape[0], s.T)
		} else {
			s.Times = t
		}
		p, pshape, err := read(g, "params", 2)
		if err != nil {
			return nil, err
		}
		if p != nil {
			if d.ParamNames == nil {
				d.ParamNames = traj.Names("p", pshape[1])
			}
			if pshape[0] != s.N || pshape[1] != len(d.ParamNames) {
				return nil, fmt.Errorf("datasets: %s: %s/params: shape %v, want (%d, %d)", path, name, pshape, s.N, len(d.ParamNames))
			}
			s.Params = p
		}
		y0, yshape, err := read(g, "y0", 2)
		if err != nil {
			return nil, err
		}
		if y0 != nil {
			if yshape[0] != s.N || yshape[1] != s.D {
				return nil, fmt.Errorf("datasets: %s: %s/y0: shape %v, want (%d, %d)", path, name, yshape, s.N, s.D)
			}
			s.Y0 = y0
		}
		d.Splits[name] = s
	}
	if len(d.Splits) == 0 {
		return nil, fmt.Errorf("datasets: %s: no group with a trajectories (N, T, D) dataset", path)
	}
	if g, err := root.Group(normGroup); err == nil {
		n := &Normalization{}
		for _, a := range []struct {
			k string
			v *[]float64
		}{{"min", &n.Min}, {"max", &n.Max}, {"mean", &n.Mean}, {"std", &n.Std}} {
			v, _, err := read(g, a.k, 1)
			if err != nil {
				return nil, err
			}
			*a.v = v
		}
		d.Norm = n
	}
	fillDefaults(d, path)
	return d, nil
}

func stringList(v any) []string {
	switch s := v.(type) {
	case []string:
		return s
	case string:
		return []string{s}
	}
	return nil
}
