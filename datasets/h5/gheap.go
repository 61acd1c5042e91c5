package h5

import (
	"bytes"
	"encoding/binary"
	"fmt"
)

// Global heap collections must be at least this large: the library reads this much
// before it looks at a collection's real size.
const gheapMinSize = 4096

// gheapObject reads object idx of the global heap collection at addr.
func (r *reader) gheapObject(addr uint64, idx uint16) ([]byte, error) {
	objs, ok := r.gheaps[addr]
	if !ok {
		var err error
		objs, err = r.readGheap(addr)
		if err != nil {
			return nil, err
		}
		if r.gheaps == nil {
			r.gheaps = map[uint64]map[uint16][]byte{}
		}
		r.gheaps[addr] = objs
	}
	b, ok := objs[idx]
	if !ok {
		return nil, fmt.Errorf("global heap at %d has no object %d", addr, idx)
	}
	return b, nil
}

func (r *reader) readGheap(addr uint64) (map[uint16][]byte, error) {
	head, err := r.read(addr, uint64(8+r.sl))
	if err != nil {
		return nil, fmt.Errorf("global heap: %w", err)
	}
	if !bytes.HasPrefix(head, []byte("GCOL")) || head[4] != 1 {
		return nil, fmt.Errorf("global heap at %d lacks GCOL signature or version 1", addr)
	}
	d := &dec{b: head, off: 8}
	size := r.length(d)
	if size < uint64(len(head)) {
		return nil, fmt.Errorf("global heap at %d has size %d", addr, size)
	}
	buf, err := r.read(addr, size)
	if err != nil {
		return nil, fmt.Errorf("global heap at %d: %w", addr, err)
	}
	objs := map[uint16][]byte{}
	d = &dec{b: buf, off: len(head)}
	for d.left() >= 8+r.sl {
		idx := d.u16()
		d.skip(6) // reference count, reserved
		n := r.length(d)
		if idx == 0 {
			break // free space runs to the end of the collection
		}
		if n > uint64(d.left()) {
			return nil, fmt.Errorf("global heap object %d of %d bytes overruns its collection", idx, n)
		}
		objs[idx] = d.take(int(n))
		d.skip(pad8(int(n)) - int(n))
	}
	return objs, nil
}

// gheapWriter packs variable-length strings into global heap collections. It must be
// the only user of m while collections are open, because a collection's address is
// where m's next block will start when the collection is flushed.
type gheapWriter struct {
	m    *meta
	cur  *enc
	addr uint64
	idx  uint16
}

// maxGheapSize keeps collections small enough that readers load them cheaply.
const maxGheapSize = 1 << 20

// put stores s and returns the collection address and object index for its heap ID.
func (g *gheapWriter) put(s string) (addr uint64, idx uint16) {
	need := 16 + pad8(len(s))
	if g.cur != nil && (len(g.cur.b)+need+16 > maxGheapSize || g.idx == 0xffff) {
		g.flush()
	}
	if g.cur == nil {
		g.cur = &enc{}
		g.cur.raw([]byte("GCOL"))
		g.cur.u8(1)
		g.cur.zeros(3)
		g.cur.u64(0) // size, filled in by flush
		g.idx = 0
		g.addr = g.m.next()
	}
	g.idx++
	g.cur.u16(g.idx)
	g.cur.u16(0)
	g.cur.u32(0)
	g.cur.u64(uint64(len(s)))
	g.cur.raw([]byte(s))
	g.cur.pad8()
	return g.addr, g.idx
}

// flush closes the current collection: a free-space object fills it out to at least
// gheapMinSize bytes.
func (g *gheapWriter) flush() {
	if g.cur == nil {
		return
	}
	size := max(gheapMinSize, len(g.cur.b)+16)
	free := size - len(g.cur.b)
	g.cur.u16(0)
	g.cur.u16(0)
	g.cur.u32(0)
	g.cur.u64(uint64(free))
	g.cur.zeros(size - len(g.cur.b))
	binary.LittleEndian.PutUint64(g.cur.b[8:], uint64(size))
	g.m.add(g.cur.b)
	g.cur = nil
}
