package h5

import (
	"bytes"
	"fmt"
)

// symbolEntrySize is the size of a symbol-table entry with 8-byte offsets.
const symbolEntrySize = 40

// encodeSymbolEntry writes a symbol-table entry. A group's entry caches its B-tree and
// local heap addresses (cache type 1), as the library writes them; other objects use
// cache type 0.
func encodeSymbolEntry(e *enc, nameOff, header, btree, heap uint64) {
	e.u64(nameOff)
	e.u64(header)
	if btree != 0 {
		e.u32(1)
		e.u32(0)
		e.u64(btree)
		e.u64(heap)
		return
	}
	e.zeros(24)
}

// link is a named child of a group: its object header address.
type link struct {
	name string
	addr uint64
}

// readSymbolTable lists the members of a symbol-table group: its v1 B-tree leads to
// "SNOD" nodes whose entries name objects through the local heap.
func (r *reader) readSymbolTable(body []byte) ([]link, error) {
	d := &dec{b: body}
	btree, heapAddr := r.off(d), r.off(d)
	if d.err != nil {
		return nil, fmt.Errorf("symbol table message: %w", d.err)
	}
	heap, err := r.readLocalHeap(heapAddr)
	if err != nil {
		return nil, err
	}
	entries, err := r.walkBtree(btree, btreeGroup, r.sl)
	if err != nil {
		return nil, fmt.Errorf("group B-tree: %w", err)
	}
	entrySize := 2*r.so + 24
	var links []link
	for _, en := range entries {
		head, err := r.read(en.child, 8)
		if err != nil {
			return nil, fmt.Errorf("symbol table node: %w", err)
		}
		if !bytes.HasPrefix(head, []byte("SNOD")) {
			return nil, fmt.Errorf("symbol table node at %d lacks SNOD signature", en.child)
		}
		n := int(head[6]) | int(head[7])<<8
		buf, err := r.read(en.child+8, uint64(n*entrySize))
		if err != nil {
			return nil, fmt.Errorf("symbol table node at %d with %d entries: %w", en.child, n, err)
		}
		sd := &dec{b: buf}
		for i := 0; i < n; i++ {
			nameOff := r.off(sd)
			addr := r.off(sd)
			sd.skip(24)
			name, err := heap.name(nameOff)
			if err != nil {
				return nil, err
			}
			links = append(links, link{name, addr})
		}
	}
	return links, nil
}

// encodeSymbolNode writes one "SNOD" node at full capacity (2*groupLeafK entries).
func encodeSymbolNode(entries func(e *enc), n int) []byte {
	e := &enc{}
	e.raw([]byte("SNOD"))
	e.u8(1)
	e.u8(0)
	e.u16(uint16(n))
	entries(e)
	e.zeros(8 + 2*groupLeafK*symbolEntrySize - len(e.b))
	return e.b
}
