package h5

import (
	"fmt"
	"strings"
)

// wnode is a group or dataset of a file being written, kept in memory until Close
// lays out the metadata. Dataset values are already on disk.
type wnode struct {
	name     string
	isGroup  bool
	children []*wnode
	index    map[string]*wnode
	attrs    []*attrValue

	// datasets
	shape   []int
	t       *dtype
	addr    uint64 // contiguous data (undef when empty)
	size    uint64
	chunk   []int // nil: contiguous
	chunks  []chunkRec
	shuffle bool
	deflate int
}

// chunkRec is one chunk written to disk.
type chunkRec struct {
	offset []uint64
	addr   uint64
	size   uint32
}

func newGroupNode(name string) *wnode {
	return &wnode{name: name, isGroup: true, index: map[string]*wnode{}}
}

// add inserts a child after checking its name.
func (n *wnode) add(c *wnode) error {
	if err := checkName(c.name); err != nil {
		return err
	}
	if n.index[c.name] != nil {
		return fmt.Errorf("%q already exists", c.name)
	}
	n.index[c.name] = c
	n.children = append(n.children, c)
	return nil
}

// setAttr adds or replaces an attribute.
func (n *wnode) setAttr(name string, value any) error {
	if name == "" || strings.ContainsRune(name, 0) {
		return fmt.Errorf("attribute name %q is empty or contains NUL", name)
	}
	a, err := newAttrValue(name, value)
	if err != nil {
		return fmt.Errorf("attribute %q: %w", name, err)
	}
	for i, old := range n.attrs {
		if old.name == name {
			n.attrs[i] = a
			return nil
		}
	}
	n.attrs = append(n.attrs, a)
	return nil
}

// attrMap returns the attributes as Attrs reports them after reading back.
func (n *wnode) attrMap() map[string]any {
	out := map[string]any{}
	for _, a := range n.attrs {
		if a.t.vlenStr {
			out[a.name] = one(a.strings, a.dims == nil)
			continue
		}
		var r reader
		v, err := r.decodeValues(a.t, a.raw, len(a.raw)/a.t.size, a.dims == nil)
		if err == nil {
			out[a.name] = v
		}
	}
	return out
}

// checkName rejects names HDF5 cannot store or would misread as paths.
func checkName(name string) error {
	switch {
	case name == "" || name == "." || name == "..":
		return fmt.Errorf("name %q is not allowed", name)
	case strings.ContainsAny(name, "/\x00"):
		return fmt.Errorf("name %q contains '/' or NUL", name)
	}
	return nil
}
