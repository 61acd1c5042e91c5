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

// denseStorage reports whether a link-info or attribute-info message points at a
// fractal heap, the dense storage this package does not read. indexSize is the width of
// the optional maximum creation index: 8 bytes for links, 2 for attributes.
func (r *reader) denseStorage(b []byte, indexSize int) (bool, error) {
	d := &dec{b: b}
	d.u8() // version
	flags := d.u8()
	if flags&0x01 != 0 {
		d.skip(indexSize)
	}
	heap := r.off(d)
	if d.err != nil {
		return false, fmt.Errorf("storage info message: %w", d.err)
	}
	return heap != undef, nil
}
