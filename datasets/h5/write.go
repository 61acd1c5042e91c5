package h5

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"maps"
	"math"
	"runtime"
	"slices"
)

// DatasetOptions controls how WriteDataset stores a dataset. The zero value (or nil)
// stores it contiguously.
type DatasetOptions struct {
	// Chunk is the chunk shape; nil stores the dataset contiguously unless Deflate or
	// Shuffle asks for a filter, which needs chunks (a shape near 1 MiB is chosen).
	// Empty datasets are always stored contiguously, without filters.
	Chunk []int
	// Deflate is the gzip level: 0 none, 1 (fast) to 9 (small).
	Deflate int
	// Shuffle groups the bytes of each element before deflate, which usually shrinks
	// floating-point data further.
	Shuffle bool
	// Attrs are attributes of the dataset, with the value types SetAttr accepts.
	Attrs map[string]any
}

// defaultChunkBytes is the chunk size chosen when only filters are requested: large
// enough for good compression and few index entries, small enough to read one piece.
const defaultChunkBytes = 1 << 20

// CreateGroup creates a group called name inside g.
func (g *Group) CreateGroup(name string) (*Group, error) {
	if g.node == nil || g.f.w == nil {
		return nil, g.errorf(joinPath(g.path, name), fmt.Errorf("file is not open for writing"))
	}
	c := newGroupNode(name)
	if err := g.node.add(c); err != nil {
		return nil, g.errorf(joinPath(g.path, name), err)
	}
	return &Group{f: g.f, path: joinPath(g.path, name), node: c}, nil
}

// SetAttr sets an attribute of g. Values may be string, []string, float64, []float64,
// float32, []float32, int64, []int64, int32, []int32, int or []int (stored as int64).
// Strings are variable-length UTF-8, which h5py returns as str.
func (g *Group) SetAttr(name string, value any) error {
	if g.node == nil || g.f.w == nil {
		return g.errorf(g.path, fmt.Errorf("file is not open for writing"))
	}
	if err := g.node.setAttr(name, value); err != nil {
		return g.errorf(g.path, err)
	}
	return nil
}

// WriteDataset writes data ([]float64, []float32, []int64 or []int32, row-major) as a
// dataset of the given shape inside g. An empty shape writes a scalar. The values go
// to disk now; data may be reused as soon as WriteDataset returns.
func (g *Group) WriteDataset(name string, shape []int, data any, opts *DatasetOptions) error {
	p := joinPath(g.path, name)
	if g.node == nil || g.f.w == nil {
		return g.errorf(p, fmt.Errorf("file is not open for writing"))
	}
	if err := g.writeDataset(name, shape, data, opts); err != nil {
		return g.errorf(p, err)
	}
	return nil
}

func (g *Group) writeDataset(name string, shape []int, data any, opts *DatasetOptions) error {
	if err := checkName(name); err != nil {
		return err
	}
	if g.node.index[name] != nil {
		return fmt.Errorf("%q already exists", name)
	}
	raw, t, count, err := leBytes(data)
	if err != nil {
		return err
	}
	want, err := checkShape(shape, t.size)
	if err != nil {
		return err
	}
	if want != count {
		return fmt.Errorf("shape %v needs %d values, data has %d", shape, want, count)
	}
	if opts == nil {
		opts = &DatasetOptions{}
	}
	n := &wnode{name: name, shape: append([]int(nil), shape...), t: t, addr: undef}
	if opts.Deflate < 0 || opts.Deflate > 9 {
		return fmt.Errorf("deflate level %d outside 0..9", opts.Deflate)
	}
	n.deflate, n.shuffle = opts.Deflate, opts.Shuffle
	chunk := opts.Chunk
	if chunk == nil && (opts.Deflate > 0 || opts.Shuffle) && len(shape) > 0 {
		chunk = defaultChunk(shape, t.size)
	}
	if want == 0 {
		// HDF5 needs chunks within the dimensions; an empty dataset (an empty split,
		// say) has nothing to compress, so it is stored contiguously whatever opts ask.
		chunk, n.deflate, n.shuffle = nil, 0, false
	}
	if err := n.setAttrs(opts.Attrs); err != nil {
		return err
	}
	w := g.f.w
	if chunk == nil {
		if n.deflate > 0 || n.shuffle {
			return fmt.Errorf("filters need a chunked dataset, not a scalar")
		}
		if len(raw) > 0 {
			if n.addr, err = w.writeData(raw); err != nil {
				return err
			}
		}
		n.size = uint64(len(raw))
	} else {
		if err := checkChunk(shape, chunk, t.size); err != nil {
			return err
		}
		n.chunk = append([]int(nil), chunk...)
		if err := writeChunks(w, n, raw); err != nil {
			return err
		}
	}
	return g.node.add(n)
}

// checkShape reports a shape a dataset cannot have (too many dimensions, a negative one, more
// bytes of esize-byte elements than an int counts) and returns its number of elements.
func checkShape(shape []int, esize int) (int, error) {
	if len(shape) > maxRank {
		return 0, fmt.Errorf("shape %v has more than %d dimensions", shape, maxRank)
	}
	count := 1
	for _, d := range shape {
		if d < 0 {
			return 0, fmt.Errorf("shape %v has a negative dimension", shape)
		}
		if d > 0 && count > math.MaxInt/esize/d {
			return 0, fmt.Errorf("shape %v holds too many elements", shape)
		}
		count *= d
	}
	return count, nil
}

// setAttrs sets every attribute of attrs on n in name order: a map's order is random, and
// the file's bytes must not be.
func (n *wnode) setAttrs(attrs map[string]any) error {
	for _, k := range slices.Sorted(maps.Keys(attrs)) {
		if err := n.setAttr(k, attrs[k]); err != nil {
			return err
		}
	}
	return nil
}

// defaultChunk keeps trailing dimensions whole and halves leading ones until a chunk
// is at most defaultChunkBytes.
func defaultChunk(shape []int, esize int) []int {
	c := append([]int(nil), shape...)
	bytes := esize
	for _, d := range c {
		bytes *= d
	}
	for i := 0; i < len(c) && bytes > defaultChunkBytes; {
		if c[i] <= 1 {
			i++
			continue
		}
		bytes = bytes / c[i] * ((c[i] + 1) / 2)
		c[i] = (c[i] + 1) / 2
	}
	return c
}

func checkChunk(shape, chunk []int, esize int) error {
	if len(chunk) != len(shape) || len(shape) == 0 {
		return fmt.Errorf("chunk %v does not match shape %v", chunk, shape)
	}
	total := uint64(esize)
	for i, c := range chunk {
		if c < 1 || c > shape[i] {
			return fmt.Errorf("chunk %v must lie within shape %v, each dimension at least 1", chunk, shape)
		}
		total *= uint64(c)
	}
	if total >= 1<<32 {
		return fmt.Errorf("chunk %v is %d bytes; HDF5 chunks must be under 4 GiB", chunk, total)
	}
	return nil
}

// writeChunks cuts raw into chunks in row-major chunk order, pads edge chunks with
// zeros (HDF5 stores every chunk whole), filters and writes them. Chunks are encoded
// in parallel a batch at a time and written in order, so the file's bytes do not
// depend on the number of goroutines.
func writeChunks(w *writer, n *wnode, raw []byte) error {
	rank := len(n.shape)
	dims := make([]uint64, rank)
	cdims := make([]uint64, rank)
	grid := make([]int, rank)
	esize := uint64(n.t.size)
	chunkBytes := esize
	total := 1
	for i := range dims {
		dims[i], cdims[i] = uint64(n.shape[i]), uint64(n.chunk[i])
		grid[i] = (n.shape[i] + n.chunk[i] - 1) / n.chunk[i]
		chunkBytes *= cdims[i]
		total *= grid[i]
	}
	offsets := make([][]uint64, total)
	for k := range offsets {
		off := make([]uint64, rank)
		rem := k
		for i := rank - 1; i >= 0; i-- {
			off[i] = uint64(rem%grid[i]) * cdims[i]
			rem /= grid[i]
		}
		offsets[k] = off
	}
	batch := 4 * runtime.GOMAXPROCS(0)
	encoded := make([][]byte, batch)
	for start := 0; start < total; start += batch {
		end := min(start+batch, total)
		err := forEach(end-start, func(j int) error {
			var err error
			encoded[j], err = encodeChunk(n, raw, dims, cdims, offsets[start+j], esize, chunkBytes)
			return err
		})
		if err != nil {
			return err
		}
		for j := 0; j < end-start; j++ {
			addr, err := w.writeData(encoded[j])
			if err != nil {
				return err
			}
			n.chunks = append(n.chunks, chunkRec{offset: offsets[start+j], addr: addr, size: uint32(len(encoded[j]))})
		}
	}
	return nil
}

// encodeChunk gathers one chunk and applies the filters.
func encodeChunk(n *wnode, raw []byte, dims, cdims, off []uint64, esize, chunkBytes uint64) ([]byte, error) {
	buf := make([]byte, chunkBytes)
	gatherChunk(buf, raw, dims, cdims, off, esize)
	if n.shuffle {
		buf = shuffle(buf, int(esize))
	}
	if n.deflate == 0 {
		return buf, nil
	}
	var z bytes.Buffer
	zw, err := zlib.NewWriterLevel(&z, n.deflate)
	if err != nil {
		return nil, err
	}
	if _, err := zw.Write(buf); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return z.Bytes(), nil
}
