package h5

import "fmt"

// Filler writes the values of a contiguous float64 dataset created by ReserveFloat64, in any
// order and from several goroutines at once, so a producer can stream an array larger than
// it wants to hold in memory straight to its place in the file. Values never written read as
// zero. The file's bytes are the same as WriteDataset's with the whole array.
type Filler struct {
	w    *writer
	path string
	addr uint64
	n    int // values in the dataset
}

// ReserveFloat64 creates a contiguous float64 dataset of the given shape whose values come
// later through the returned Filler's WriteAt. Space is set aside at the current end of the
// file, so datasets written afterwards follow it as they would follow WriteDataset's.
func (g *Group) ReserveFloat64(name string, shape []int, attrs map[string]any) (*Filler, error) {
	p := joinPath(g.path, name)
	if g.node == nil || g.f.w == nil {
		return nil, g.errorf(p, fmt.Errorf("file is not open for writing"))
	}
	fl, err := g.reserveFloat64(name, shape, attrs)
	if err != nil {
		return nil, g.errorf(p, err)
	}
	fl.path = g.f.name + ": " + p
	return fl, nil
}

func (g *Group) reserveFloat64(name string, shape []int, attrs map[string]any) (*Filler, error) {
	if err := checkName(name); err != nil {
		return nil, err
	}
	if g.node.index[name] != nil {
		return nil, fmt.Errorf("%q already exists", name)
	}
	count, err := checkShape(shape, 8)
	if err != nil {
		return nil, err
	}
	n := &wnode{name: name, shape: append([]int(nil), shape...), t: typeF64, addr: undef}
	if err := n.setAttrs(attrs); err != nil {
		return nil, err
	}
	w := g.f.w
	if count > 0 {
		n.addr = w.reserve(uint64(count) * 8)
	}
	n.size = uint64(count) * 8
	if err := g.node.add(n); err != nil {
		return nil, err
	}
	return &Filler{w: w, addr: n.addr, n: count}, nil
}

// WriteAt writes vals as the dataset's values off, off+1, ... in row-major order.
func (f *Filler) WriteAt(vals []float64, off int) error {
	if off < 0 || off > f.n || len(vals) > f.n-off {
		return fmt.Errorf("h5: %s: values %d..%d outside the dataset's %d", f.path, off, off+len(vals), f.n)
	}
	if len(vals) == 0 {
		return nil
	}
	raw, _, _, err := leBytes(vals)
	if err != nil {
		return err
	}
	if _, err := f.w.fh.WriteAt(raw, int64(f.addr)+int64(off)*8); err != nil {
		return fmt.Errorf("h5: %s: %w", f.path, err)
	}
	return nil
}
