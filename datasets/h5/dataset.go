package h5

import (
	"fmt"
	"unsafe"
)

// Dataset is a dataset opened for reading.
type Dataset struct {
	f       *File
	path    string
	addr    uint64
	t       *dtype
	space   *dataspace
	lay     *layout
	filters []filter
	fill    []byte // one element; nil for zeros
}

// Dataset opens the dataset at path, relative to g ("x", "train/trajectories") or
// absolute.
func (g *Group) Dataset(path string) (*Dataset, error) {
	if g.node != nil {
		return nil, g.errorf(joinPath(g.path, path), fmt.Errorf("file is open for writing; datasets can be read once it is closed and reopened"))
	}
	parent, name, err := g.resolve(path)
	if err != nil {
		return nil, err
	}
	addr, err := parent.lookup(name)
	if err != nil {
		return nil, err
	}
	ds := &Dataset{f: g.f, path: joinPath(parent.path, name), addr: addr}
	if err := ds.load(); err != nil {
		return nil, g.errorf(ds.path, err)
	}
	return ds, nil
}

func (ds *Dataset) load() error {
	r := ds.f.r
	h, err := r.header(ds.addr)
	if err != nil {
		return err
	}
	need := func(typ uint16, what string) (*message, error) {
		m := h.find(typ)
		if m == nil {
			return nil, fmt.Errorf("not a dataset: no %s message", what)
		}
		if m.flags&0x02 != 0 {
			return nil, fmt.Errorf("shared (committed) %s not supported", what)
		}
		return m, nil
	}
	m, err := need(msgDatatype, "datatype")
	if err != nil {
		return err
	}
	if ds.t, _, err = parseDtype(m.data); err != nil {
		return err
	}
	if m, err = need(msgDataspace, "dataspace"); err != nil {
		return err
	}
	if ds.space, err = r.parseDataspace(m.data); err != nil {
		return err
	}
	if m, err = need(msgLayout, "layout"); err != nil {
		return err
	}
	if ds.lay, err = r.parseLayout(m.data); err != nil {
		return err
	}
	if fm := h.find(msgFilters); fm != nil {
		if ds.filters, err = parseFilters(fm.data); err != nil {
			return err
		}
	}
	if ds.fill, err = parseFill(h, ds.t.size); err != nil {
		return err
	}
	if ds.lay.class == layoutChunked && len(ds.lay.chunk) != len(ds.space.dims) {
		return fmt.Errorf("chunk rank %d differs from dataspace rank %d", len(ds.lay.chunk), len(ds.space.dims))
	}
	return nil
}

// Name is the dataset's full path.
func (ds *Dataset) Name() string { return ds.path }

// Shape is the dataset's dimensions; a scalar has none.
func (ds *Dataset) Shape() []int {
	s := make([]int, len(ds.space.dims))
	for i, d := range ds.space.dims {
		s[i] = int(d)
	}
	return s
}

// Chunks is the chunk shape of a chunked dataset, nil for contiguous or compact ones.
func (ds *Dataset) Chunks() []int {
	if ds.lay.class != layoutChunked {
		return nil
	}
	c := make([]int, len(ds.lay.chunk))
	for i, n := range ds.lay.chunk {
		c[i] = int(n)
	}
	return c
}

// Filters names the filters applied to each chunk, in order: "shuffle", "deflate",
// "fletcher32" or "filter-N" for others.
func (ds *Dataset) Filters() []string {
	var out []string
	for _, f := range ds.filters {
		switch f.id {
		case filterDeflate:
			out = append(out, "deflate")
		case filterShuffle:
			out = append(out, "shuffle")
		case filterFletcher32:
			out = append(out, "fletcher32")
		default:
			out = append(out, fmt.Sprintf("filter-%d", f.id))
		}
	}
	return out
}

// Dtype names the element type as numpy does: "float64", "float32", "int64", "uint8",
// ..., or "string".
func (ds *Dataset) Dtype() string { return ds.t.name() }

// Attrs returns the dataset's attributes by name.
func (ds *Dataset) Attrs() (map[string]any, error) {
	return ds.f.r.attrs(ds.addr, ds.f.name, ds.path)
}

// Attr returns one attribute of the dataset.
func (ds *Dataset) Attr(name string) (any, error) {
	all, err := ds.Attrs()
	return pickAttr(all, err, name, ds.errorf)
}

// pickAttr is Attr of a group or dataset: the attribute name out of all (what Attrs returned,
// with its error), or an error that wrap makes name the object.
func pickAttr(all map[string]any, err error, name string, wrap func(error) error) (any, error) {
	if err != nil {
		return nil, err
	}
	v, ok := all[name]
	if !ok {
		return nil, wrap(fmt.Errorf("no attribute %q", name))
	}
	return v, nil
}

func (ds *Dataset) errorf(err error) error {
	return fmt.Errorf("h5: %s: %s: %w", ds.f.name, ds.path, err)
}

// ReadFloat64 returns every element in row-major order, converting float32, float16
// and integers to float64.
func (ds *Dataset) ReadFloat64() ([]float64, error) {
	if !ds.t.numeric() {
		return nil, ds.errorf(fmt.Errorf("type %s does not convert to float64", ds.t.name()))
	}
	n, err := ds.elements()
	if err != nil {
		return nil, ds.errorf(err)
	}
	out := make([]float64, n)
	// Contiguous little-endian float64 lands straight in the result.
	if ds.t.class == classFloat && ds.t.size == 8 && !ds.t.bigEndian && littleEndian && ds.lay.class == layoutContiguous && ds.lay.addr != undef {
		if err := ds.contiguousInto(unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(out))), 8*n)); err != nil {
			return nil, ds.errorf(err)
		}
		return out, nil
	}
	raw, err := ds.raw(n)
	if err != nil {
		return nil, ds.errorf(err)
	}
	if err := toFloat64(ds.t, raw, out); err != nil {
		return nil, ds.errorf(err)
	}
	return out, nil
}

// ReadInt64 returns every element of an integer dataset in row-major order.
func (ds *Dataset) ReadInt64() ([]int64, error) {
	if ds.t.class != classFixed && ds.t.class != classEnum {
		return nil, ds.errorf(fmt.Errorf("type %s is not an integer type", ds.t.name()))
	}
	raw, n, err := ds.rawAll()
	if err != nil {
		return nil, ds.errorf(err)
	}
	out := make([]int64, n)
	for i := range out {
		if ds.t.signed {
			out[i] = signedAt(ds.t.order(), raw[i*ds.t.size:], ds.t.size)
		} else {
			out[i] = int64(unsignedAt(ds.t.order(), raw[i*ds.t.size:], ds.t.size))
		}
	}
	return out, nil
}

// ReadStrings returns every element of a string dataset (fixed or variable length).
func (ds *Dataset) ReadStrings() ([]string, error) {
	if ds.t.class != classString && !ds.t.vlenStr {
		return nil, ds.errorf(fmt.Errorf("type %s is not a string type", ds.t.name()))
	}
	raw, n, err := ds.rawAll()
	if err != nil {
		return nil, ds.errorf(err)
	}
	v, err := ds.f.r.decodeValues(ds.t, raw, int(n), false)
	if err != nil {
		return nil, ds.errorf(err)
	}
	return v.([]string), nil
}

// maxInflation bounds how much larger than the file a dataset may decode to: deflate
// cannot exceed about 1032:1, and unwritten chunks read as zeros only up to the same
// bound, so a forged dataspace cannot force a huge allocation.
const maxInflation = 1100

// rawAll returns the bytes of every element and their count.
func (ds *Dataset) rawAll() ([]byte, uint64, error) {
	n, err := ds.elements()
	if err != nil {
		return nil, 0, err
	}
	raw, err := ds.raw(n)
	return raw, n, err
}

// elements counts the dataset's elements, refusing a count this file cannot hold.
func (ds *Dataset) elements() (uint64, error) {
	n, err := ds.space.count()
	if err != nil {
		return 0, err
	}
	limit := uint64(ds.f.r.size)*maxInflation + 1<<20
	if n > limit/uint64(ds.t.size) {
		return 0, fmt.Errorf("dataspace %v of %d-byte elements is larger than this %d-byte file can hold", ds.space.dims, ds.t.size, ds.f.r.size)
	}
	return n, nil
}

// raw returns the n elements' bytes in file byte order.
func (ds *Dataset) raw(n uint64) ([]byte, error) {
	total := n * uint64(ds.t.size)
	switch ds.lay.class {
	case layoutCompact:
		if uint64(len(ds.lay.compact)) < total {
			return nil, fmt.Errorf("compact data holds %d bytes, need %d", len(ds.lay.compact), total)
		}
		return ds.lay.compact[:total], nil
	case layoutContiguous:
		out := make([]byte, total)
		if ds.lay.addr == undef {
			fillBytes(out, ds.fill) // never written
			return out, nil
		}
		return out, ds.contiguousInto(out)
	case layoutChunked:
		return ds.chunked(total)
	}
	return nil, fmt.Errorf("layout class %d not supported", ds.lay.class)
}

func (ds *Dataset) contiguousInto(out []byte) error {
	r := ds.f.r
	if ds.lay.size != undef && ds.lay.size < uint64(len(out)) {
		return fmt.Errorf("contiguous storage of %d bytes, need %d", ds.lay.size, len(out))
	}
	if !r.fits(ds.lay.addr, uint64(len(out))) {
		return fmt.Errorf("contiguous data of %d bytes at %d: %w", len(out), ds.lay.addr, errRange)
	}
	return r.readInto(out, ds.lay.addr+r.base)
}
