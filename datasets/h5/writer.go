package h5

import (
	"fmt"
	"sort"

	"github.com/warpkit/warpkit/internal/atomicfile"
)

// writer streams dataset values to a temporary file as they arrive; metadata is laid
// out at the end by finish.
type writer struct {
	fh  *atomicfile.File
	eof uint64
}

// start reserves room for the superblock, which is written last.
func (w *writer) start() error {
	_, err := w.fh.WriteAt(make([]byte, superblockSize), 0)
	w.eof = superblockSize
	return err
}

// writeData appends b at the next 8-byte aligned address and returns that address. Writes go
// to explicit offsets (never the file position), so space set aside by reserve is skipped.
func (w *writer) writeData(b []byte) (uint64, error) {
	if pad := pad8(int(w.eof%8)) - int(w.eof%8); pad > 0 {
		if _, err := w.fh.WriteAt(make([]byte, pad), int64(w.eof)); err != nil {
			return 0, err
		}
		w.eof += uint64(pad)
	}
	addr := w.eof
	if _, err := w.fh.WriteAt(b, int64(addr)); err != nil {
		return 0, err
	}
	w.eof += uint64(len(b))
	return addr, nil
}

// reserve sets aside size bytes at the next 8-byte aligned address, to be filled later with
// WriteAt, and returns that address. Bytes never filled read as zero, as padding does.
func (w *writer) reserve(size uint64) uint64 {
	w.eof += uint64(pad8(int(w.eof%8)) - int(w.eof%8))
	addr := w.eof
	w.eof += size
	return addr
}

// meta accumulates metadata blocks that will be written in one piece at base.
type meta struct {
	base uint64
	buf  enc
}

func (m *meta) next() uint64 { return m.base + uint64(len(m.buf.b)) }

// add appends a block, 8-byte aligned, and returns its address.
func (m *meta) add(b []byte) uint64 {
	addr := m.next()
	m.buf.raw(b)
	m.buf.pad8()
	return addr
}

// finish lays out the global heap, every object header, heap and B-tree, then the
// superblock, and renames the file into place.
func (w *writer) finish(root *wnode) error {
	m := &meta{base: uint64(pad8(int(w.eof)))}
	ids := map[*attrValue][]heapID{}
	g := &gheapWriter{m: m}
	var collect func(n *wnode)
	collect = func(n *wnode) {
		for _, a := range n.attrs {
			for _, s := range a.strings {
				addr, idx := g.put(s)
				ids[a] = append(ids[a], heapID{addr, idx})
			}
		}
		for _, c := range n.children {
			collect(c)
		}
	}
	collect(root)
	g.flush()
	rootObj, err := emitGroup(m, root, ids, "/")
	if err != nil {
		return err
	}
	if _, err := w.writeData(nil); err != nil { // align to m.base
		return err
	}
	if w.eof != m.base {
		return fmt.Errorf("internal: metadata base %d differs from end of data %d", m.base, w.eof)
	}
	if _, err := w.writeData(m.buf.b); err != nil {
		return err
	}
	sb := encodeSuperblock(w.eof, rootObj.header, rootObj.btree, rootObj.heap)
	if _, err := w.fh.WriteAt(sb, 0); err != nil {
		return err
	}
	return w.fh.Commit()
}

// abort closes and removes the temporary file.
func (w *writer) abort() {
	w.fh.Abort()
}

// emitted locates a written object; groups also report their B-tree and heap for the
// symbol-table entries that point at them.
type emitted struct {
	header, btree, heap uint64
}

// emitGroup writes a group's members, then its local heap, symbol-table nodes,
// B-tree and object header.
func emitGroup(m *meta, n *wnode, ids map[*attrValue][]heapID, path string) (emitted, error) {
	kids := append([]*wnode(nil), n.children...)
	sortNodes(kids)
	objs := make([]emitted, len(kids))
	names := make([]string, len(kids))
	for i, c := range kids {
		var err error
		p := joinPath(path, c.name)
		if c.isGroup {
			objs[i], err = emitGroup(m, c, ids, p)
		} else {
			objs[i].header, err = emitDataset(m, c, ids, p)
		}
		if err != nil {
			return emitted{}, err
		}
		names[i] = c.name
	}
	heap, offs := encodeLocalHeap(m, names)
	var items []btreeItem
	prev := uint64(0)
	for start := 0; start < len(kids); start += 2 * groupLeafK {
		end := min(start+2*groupLeafK, len(kids))
		node := encodeSymbolNode(func(e *enc) {
			for i := start; i < end; i++ {
				encodeSymbolEntry(e, offs[i], objs[i].header, objs[i].btree, objs[i].heap)
			}
		}, end-start)
		addr := m.add(node)
		items = append(items, btreeItem{left: key64(prev), right: key64(offs[end-1]), addr: addr})
		prev = offs[end-1]
	}
	btree := buildBtree(m, btreeGroup, groupInternalK, 8, items, key64(0))
	st := &enc{}
	st.u64(btree)
	st.u64(heap)
	msgs := []message{{typ: msgSymbolTable, data: st.b}}
	msgs, err := appendAttrs(msgs, n, ids, path)
	if err != nil {
		return emitted{}, err
	}
	hdr, err := encodeObjHeader(msgs)
	if err != nil {
		return emitted{}, fmt.Errorf("%s: %w", path, err)
	}
	return emitted{header: m.add(hdr), btree: btree, heap: heap}, nil
}

func key64(v uint64) []byte {
	e := &enc{}
	e.u64(v)
	return e.b
}

// sortNodes orders members by name bytes, the order of the library's strcmp.
func sortNodes(ns []*wnode) {
	sort.Slice(ns, func(i, j int) bool { return ns[i].name < ns[j].name })
}

func appendAttrs(msgs []message, n *wnode, ids map[*attrValue][]heapID, path string) ([]message, error) {
	for _, a := range n.attrs {
		b, err := encodeAttribute(a, ids[a])
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		msgs = append(msgs, message{typ: msgAttribute, data: b})
	}
	return msgs, nil
}

// emitDataset writes a dataset's chunk index (if chunked) and object header.
func emitDataset(m *meta, n *wnode, ids map[*attrValue][]heapID, path string) (uint64, error) {
	dt := &enc{}
	n.t.encode(dt)
	// Version 2, late allocation, write the fill value if set, fill value defined with
	// size 0: the library's default fill (zeros), as h5py writes it.
	fill := []byte{2, 2, 2, 1, 0, 0, 0, 0}
	msgs := []message{
		{typ: msgDataspace, data: encodeDataspace(n.shape)},
		{typ: msgDatatype, flags: 1, data: dt.b},
		{typ: msgFill, flags: 1, data: fill},
	}
	if n.chunk == nil {
		msgs = append(msgs, message{typ: msgLayout, data: encodeContiguous(n.addr, n.size)})
	} else {
		fill[1] = 3 // incremental allocation, the library's default for chunks
		shuf := 0
		if n.shuffle {
			shuf = n.t.size
		}
		if shuf > 0 || n.deflate > 0 {
			msgs = append(msgs, message{typ: msgFilters, flags: 1, data: encodeFilters(shuf, n.deflate)})
		}
		btree := emitChunkIndex(m, n)
		msgs = append(msgs, message{typ: msgLayout, data: encodeChunked(btree, n.chunk, n.t.size)})
	}
	msgs, err := appendAttrs(msgs, n, ids, path)
	if err != nil {
		return 0, err
	}
	hdr, err := encodeObjHeader(msgs)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", path, err)
	}
	return m.add(hdr), nil
}

// emitChunkIndex writes the v1 B-tree over a dataset's chunks. Each chunk's right key
// is the next chunk's left key; the last one's is one chunk past the end along the
// first dimension, which sorts after every chunk as the library's lookups require.
func emitChunkIndex(m *meta, n *wnode) uint64 {
	rank := len(n.shape)
	key := func(size uint32, off []uint64) []byte {
		e := &enc{}
		e.u32(size)
		e.u32(0)
		for _, o := range off {
			e.u64(o)
		}
		e.u64(0)
		return e.b
	}
	items := make([]btreeItem, len(n.chunks))
	for i, c := range n.chunks {
		items[i] = btreeItem{left: key(c.size, c.offset), addr: c.addr}
		if i > 0 {
			items[i-1].right = items[i].left
		}
	}
	if len(items) > 0 {
		end := make([]uint64, rank)
		end[0] = n.chunks[len(n.chunks)-1].offset[0] + uint64(n.chunk[0])
		items[len(items)-1].right = key(0, end)
	}
	return buildBtree(m, btreeChunk, chunkK, 8+8*(rank+1), items, key(0, make([]uint64, rank)))
}
