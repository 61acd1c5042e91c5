package h5

import "fmt"

// parseLink decodes a link message of a compact (new-style) group. Soft and external
// links return ok=false: they name no object in this file to list.
func (r *reader) parseLink(b []byte) (l link, ok bool, err error) {
	d := &dec{b: b}
	if v := d.u8(); v != 1 {
		return l, false, fmt.Errorf("link message version %d not supported", v)
	}
	flags := d.u8()
	typ := uint8(0)
	if flags&0x08 != 0 {
		typ = d.u8()
	}
	if flags&0x04 != 0 {
		d.skip(8) // creation order
	}
	if flags&0x10 != 0 {
		d.skip(1) // name character set
	}
	n := d.uN(1 << (flags & 3))
	if d.err == nil && n > uint64(d.left()) {
		return l, false, fmt.Errorf("link name of %d bytes: %w", n, errShort)
	}
	l.name = string(d.take(int(n)))
	if typ == 0 {
		l.addr = r.off(d)
		ok = true
	}
	if d.err != nil {
		return l, false, fmt.Errorf("link message: %w", d.err)
	}
	return l, ok, nil
}

// denseStorage reads a link-info or attribute-info message: the fractal heap and
// name-index B-tree of dense storage, or undef when the messages sit in the header.
// indexSize is the width of the optional maximum creation index: 8 bytes for links,
// 2 for attributes.
func (r *reader) denseStorage(b []byte, indexSize int) (heap, btree uint64, err error) {
	d := &dec{b: b}
	d.u8() // version
	flags := d.u8()
	if flags&0x01 != 0 {
		d.skip(indexSize)
	}
	heap, btree = r.off(d), r.off(d)
	if d.err != nil {
		return 0, 0, fmt.Errorf("storage info message: %w", d.err)
	}
	return heap, btree, nil
}

// denseMessages returns the messages (links or attributes) of dense storage: the
// name index lists a heap ID per message, and the fractal heap holds the message.
func (r *reader) denseMessages(heapAddr, btreeAddr uint64) ([][]byte, error) {
	h, err := r.readFheap(heapAddr)
	if err != nil {
		return nil, err
	}
	typ, recs, err := r.walkBtree2(btreeAddr)
	if err != nil {
		return nil, err
	}
	out := make([][]byte, 0, len(recs))
	for _, rec := range recs {
		var id []byte
		switch typ {
		case 5: // link name index: hash, heap ID
			if len(rec) < 5 {
				return nil, fmt.Errorf("link index record of %d bytes", len(rec))
			}
			id = rec[4:]
		case 8: // attribute name index: heap ID, flags, creation order, hash
			if len(rec) < 9 {
				return nil, fmt.Errorf("attribute index record of %d bytes", len(rec))
			}
			if rec[8]&0x02 != 0 {
				return nil, fmt.Errorf("shared attributes are not supported")
			}
			id = rec[:8]
		default:
			return nil, fmt.Errorf("v2 B-tree of type %d is not a name index", typ)
		}
		obj, err := h.object(id[:min(len(id), h.idLen)])
		if err != nil {
			return nil, err
		}
		out = append(out, obj)
	}
	return out, nil
}
