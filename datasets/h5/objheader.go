package h5

import (
	"bytes"
	"fmt"
)

// Object header message types used here.
const (
	msgNil          = 0x00
	msgDataspace    = 0x01
	msgLinkInfo     = 0x02
	msgDatatype     = 0x03
	msgFillOld      = 0x04
	msgFill         = 0x05
	msgLink         = 0x06
	msgLayout       = 0x08
	msgGroupInfo    = 0x0a
	msgFilters      = 0x0b
	msgAttribute    = 0x0c
	msgContinuation = 0x10
	msgSymbolTable  = 0x11
	msgAttrInfo     = 0x15
)

// Limits that keep a damaged header from looping or growing without bound.
const (
	maxHeaderChunks   = 4096
	maxHeaderMessages = 1 << 16
)

// message is one object header message: its type, flags and undecoded body.
type message struct {
	typ   uint16
	flags uint8
	data  []byte
}

// objHeader is a parsed object header (version 1 or 2) with continuation chunks
// already followed.
type objHeader struct {
	msgs []message
}

// find returns the first message of the given type.
func (h *objHeader) find(typ uint16) *message {
	for i := range h.msgs {
		if h.msgs[i].typ == typ {
			return &h.msgs[i]
		}
	}
	return nil
}

// header reads (and caches) the object header at addr.
func (r *reader) header(addr uint64) (*objHeader, error) {
	if h, ok := r.headers[addr]; ok {
		return h, nil
	}
	prefix, err := r.readUpTo(addr, 16)
	if err != nil {
		return nil, fmt.Errorf("object header at %d: %w", addr, err)
	}
	var h *objHeader
	if bytes.HasPrefix(prefix, []byte("OHDR")) {
		h, err = r.headerV2(addr)
	} else {
		h, err = r.headerV1(addr, prefix)
	}
	if err != nil {
		return nil, fmt.Errorf("object header at %d: %w", addr, err)
	}
	if r.headers == nil {
		r.headers = map[uint64]*objHeader{}
	}
	r.headers[addr] = h
	return h, nil
}

type span struct{ addr, size uint64 }

// chunks is an object header's chunks still to read, in the order their continuation
// messages name them, and the messages read so far. Both header versions walk their chunks
// with it.
type chunks struct {
	todo []span
	seen map[uint64]bool
	h    objHeader
}

func newChunks(first span) *chunks {
	return &chunks{todo: []span{first}, seen: map[uint64]bool{}}
}

// next returns the next chunk to read, ok false when none is left; a chunk seen before or one
// too many is an error, so a crafted file cannot make the walk loop.
func (q *chunks) next() (c span, ok bool, err error) {
	if len(q.todo) == 0 {
		return span{}, false, nil
	}
	c, q.todo = q.todo[0], q.todo[1:]
	if q.seen[c.addr] || len(q.seen) >= maxHeaderChunks {
		return span{}, false, fmt.Errorf("continuation chunks loop or exceed %d", maxHeaderChunks)
	}
	q.seen[c.addr] = true
	return c, true, nil
}

// add takes the body of a message (sz bytes) from the chunk cd, records the message, and
// queues the chunk it names when it is a continuation.
func (q *chunks) add(r *reader, cd *dec, typ uint16, flags uint8, sz int) error {
	m := message{typ: typ, flags: flags, data: cd.take(sz)}
	if cd.err != nil {
		return fmt.Errorf("message type %#x of %d bytes overruns its chunk", typ, sz)
	}
	if len(q.h.msgs) >= maxHeaderMessages {
		return fmt.Errorf("more than %d messages", maxHeaderMessages)
	}
	q.h.msgs = append(q.h.msgs, m)
	if m.typ != msgContinuation {
		return nil
	}
	d := &dec{b: m.data}
	s := span{r.off(d), r.length(d)}
	if d.err != nil {
		return fmt.Errorf("continuation message: %w", d.err)
	}
	q.todo = append(q.todo, s)
	return nil
}

// headerV1 parses a version-1 header: a 16-byte prefix, then 8-byte aligned messages
// in the first chunk and in any continuation chunks.
func (r *reader) headerV1(addr uint64, prefix []byte) (*objHeader, error) {
	d := &dec{b: prefix}
	if v := d.u8(); v != 1 {
		return nil, fmt.Errorf("object header version %d not supported", v)
	}
	d.skip(1)
	nmsgs := int(d.u16())
	d.skip(4) // reference count
	size := uint64(d.u32())
	if d.err != nil {
		return nil, d.err
	}
	q := newChunks(span{addr + 16, size})
	for len(q.h.msgs) < nmsgs {
		c, ok, err := q.next()
		if err != nil {
			return nil, err
		}
		if !ok {
			break
		}
		buf, err := r.read(c.addr, c.size)
		if err != nil {
			return nil, fmt.Errorf("header chunk: %w", err)
		}
		cd := &dec{b: buf}
		for cd.left() >= 8 && len(q.h.msgs) < nmsgs {
			typ := cd.u16()
			sz := int(cd.u16())
			flags := cd.u8()
			cd.skip(3)
			if err := q.add(r, cd, typ, flags, sz); err != nil {
				return nil, err
			}
		}
	}
	return &q.h, nil
}

// headerV2 parses an "OHDR" header and its "OCHK" continuation chunks. Checksums are
// not verified; every field is bounds-checked instead.
func (r *reader) headerV2(addr uint64) (*objHeader, error) {
	buf, err := r.readUpTo(addr, 64)
	if err != nil {
		return nil, err
	}
	d := &dec{b: buf, off: 4}
	if v := d.u8(); v != 2 {
		return nil, fmt.Errorf("OHDR version %d not supported", v)
	}
	flags := d.u8()
	if flags&0x20 != 0 {
		d.skip(16) // access, modification, change, birth times
	}
	if flags&0x10 != 0 {
		d.skip(4) // attribute phase change values
	}
	size := d.uN(1 << (flags & 3))
	if d.err != nil {
		return nil, d.err
	}
	q := newChunks(span{addr + uint64(d.off), size})
	for first := true; ; first = false {
		c, ok, err := q.next()
		if err != nil {
			return nil, err
		}
		if !ok {
			break
		}
		var body []byte
		if first {
			body, err = r.read(c.addr, c.size)
		} else {
			if c.size < 8 {
				return nil, fmt.Errorf("OCHK chunk of %d bytes too small", c.size)
			}
			body, err = r.read(c.addr, c.size)
			if err == nil && !bytes.HasPrefix(body, []byte("OCHK")) {
				err = fmt.Errorf("continuation chunk at %d lacks OCHK signature", c.addr)
			}
			if err == nil {
				body = body[4 : len(body)-4]
			}
		}
		if err != nil {
			return nil, fmt.Errorf("header chunk: %w", err)
		}
		hdr := 4
		if flags&0x04 != 0 {
			hdr = 6
		}
		cd := &dec{b: body}
		for cd.left() >= hdr {
			typ := uint16(cd.u8())
			sz := int(cd.u16())
			mflags := cd.u8()
			if flags&0x04 != 0 {
				cd.skip(2) // creation order
			}
			if err := q.add(r, cd, typ, mflags, sz); err != nil {
				return nil, err
			}
		}
	}
	return &q.h, nil
}

// encodeObjHeader builds a version-1 object header holding msgs in one chunk.
func encodeObjHeader(msgs []message) ([]byte, error) {
	body := &enc{}
	for _, m := range msgs {
		n := pad8(len(m.data))
		if n > 0xffff {
			return nil, fmt.Errorf("object header message type %#x is %d bytes (limit 65535)", m.typ, len(m.data))
		}
		body.u16(m.typ)
		body.u16(uint16(n))
		body.u8(m.flags)
		body.zeros(3)
		body.raw(m.data)
		body.pad8()
	}
	e := &enc{}
	e.u8(1)
	e.u8(0)
	e.u16(uint16(len(msgs)))
	e.u32(1) // reference count
	e.u32(uint32(len(body.b)))
	e.u32(0) // the prefix is padded to 16 bytes so messages stay 8-aligned
	e.raw(body.b)
	return e.b, nil
}
