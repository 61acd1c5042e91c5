package h5

import (
	"bytes"
	"fmt"
)

// freeNull is the local heap's "no free block" marker (H5HL_FREE_NULL in the library).
const freeNull = 1

// localHeap is the data segment of a local heap: the names of a symbol-table group.
type localHeap []byte

// readLocalHeap reads the "HEAP" structure at addr and its data segment.
func (r *reader) readLocalHeap(addr uint64) (localHeap, error) {
	head, err := r.read(addr, uint64(8+2*r.sl+r.so))
	if err != nil {
		return nil, fmt.Errorf("local heap: %w", err)
	}
	if !bytes.HasPrefix(head, []byte("HEAP")) || head[4] != 0 {
		return nil, fmt.Errorf("local heap at %d lacks HEAP signature or has version %d", addr, head[4])
	}
	d := &dec{b: head, off: 8}
	size := r.length(d)
	r.length(d) // free list
	data := r.off(d)
	seg, err := r.read(data, size)
	if err != nil {
		return nil, fmt.Errorf("local heap data segment: %w", err)
	}
	return seg, nil
}

// name returns the null-terminated string at off.
func (h localHeap) name(off uint64) (string, error) {
	if off >= uint64(len(h)) {
		return "", fmt.Errorf("name offset %d outside a %d-byte local heap", off, len(h))
	}
	s := h[off:]
	i := bytes.IndexByte(s, 0)
	if i < 0 {
		return "", fmt.Errorf("name at heap offset %d is not terminated", off)
	}
	return string(s[:i]), nil
}

// encodeLocalHeap lays out names (offset 0 holds the empty string, as the library
// expects) and returns the heap header and data segment together, plus each name's
// offset. The data segment follows the 32-byte header directly.
func encodeLocalHeap(m *meta, names []string) (uint64, []uint64) {
	seg := &enc{}
	seg.zeros(8)
	offs := make([]uint64, len(names))
	for i, n := range names {
		offs[i] = uint64(len(seg.b))
		seg.raw([]byte(n))
		seg.u8(0)
		seg.pad8()
	}
	e := &enc{}
	e.raw([]byte("HEAP"))
	e.zeros(4)
	e.u64(uint64(len(seg.b)))
	e.u64(freeNull)
	addr := m.next()
	e.u64(addr + 32)
	e.raw(seg.b)
	m.add(e.b)
	return addr, offs
}
