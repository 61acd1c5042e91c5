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
	h := &objHeader{}
	queue := []span{{addr + 16, size}}
	seen := map[uint64]bool{}
	for len(queue) > 0 && len(h.msgs) < nmsgs {
		c := queue[0]
		queue = queue[1:]
		if seen[c.addr] || len(seen) >= maxHeaderChunks {
			return nil, fmt.Errorf("continuation chunks loop or exceed %d", maxHeaderChunks)
		}
		seen[c.addr] = true
		buf, err := r.read(c.addr, c.size)
		if err != nil {
			return nil, fmt.Errorf("header chunk: %w", err)
		}
		cd := &dec{b: buf}
		for cd.left() >= 8 && len(h.msgs) < nmsgs {
			typ := cd.u16()
			sz := int(cd.u16())
			flags := cd.u8()
			cd.skip(3)
			body := cd.take(sz)
			if cd.err != nil {
				return nil, fmt.Errorf("message type %#x of %d bytes overruns its chunk", typ, sz)
			}
			m := message{typ: typ, flags: flags, data: body}
			h.msgs = append(h.msgs, m)
			if typ == msgContinuation {
				s, err := r.continuation(body)
				if err != nil {
					return nil, err
				}
				queue = append(queue, s)
			}
		}
	}
	return h, nil
}

func (r *reader) continuation(body []byte) (span, error) {
	d := &dec{b: body}
	s := span{r.off(d), r.length(d)}
	if d.err != nil {
		return s, fmt.Errorf("continuation message: %w", d.err)
	}
	return s, nil
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
	h := &objHeader{}
	queue := []span{{addr + uint64(d.off), size}}
	seen := map[uint64]bool{}
	first := true
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		if seen[c.addr] || len(seen) >= maxHeaderChunks {
			return nil, fmt.Errorf("continuation chunks loop or exceed %d", maxHeaderChunks)
		}
		seen[c.addr] = true
		var body []byte
		if first {
			body, err = r.read(c.addr, c.size)
			first = false
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
				cd.skip(2)
			}
			data := cd.take(sz)
			if cd.err != nil {
				return nil, fmt.Errorf("message type %#x of %d bytes overruns its chunk", typ, sz)
			}
			if len(h.msgs) >= maxHeaderMessages {
				return nil, fmt.Errorf("more than %d messages", maxHeaderMessages)
			}
			h.msgs = append(h.msgs, message{typ: typ, flags: mflags, data: data})
			if typ == msgContinuation {
				s, err := r.continuation(data)
				if err != nil {
					return nil, err
				}
				queue = append(queue, s)
			}
		}
	}
	return h, nil
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
