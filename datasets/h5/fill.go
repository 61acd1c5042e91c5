package h5

import "fmt"

// parseFill returns a dataset's fill value (the bytes of one element), or nil when it
// is the default zero. Storage never written (unallocated chunks, a contiguous dataset
// without an address) reads as this value, as in h5py.
func parseFill(h *objHeader, esize int) ([]byte, error) {
	var value []byte
	if m := h.find(msgFill); m != nil {
		d := &dec{b: m.data}
		switch version := d.u8(); version {
		case 1, 2:
			d.skip(2) // allocation and write times
			defined := d.u8()
			if version == 1 || defined != 0 {
				n := int(d.u32())
				value = d.take(n)
			}
		case 3:
			flags := d.u8()
			if flags&0x20 != 0 {
				n := int(d.u32())
				value = d.take(n)
			}
		default:
			return nil, fmt.Errorf("fill value message version %d not supported", version)
		}
		if d.err != nil {
			return nil, fmt.Errorf("fill value message: %w", d.err)
		}
	} else if m := h.find(msgFillOld); m != nil {
		d := &dec{b: m.data}
		n := int(d.u32())
		value = d.take(n)
		if d.err != nil {
			return nil, fmt.Errorf("old fill value message: %w", d.err)
		}
	}
	if len(value) == 0 {
		return nil, nil
	}
	if len(value) != esize {
		return nil, fmt.Errorf("fill value of %d bytes for %d-byte elements", len(value), esize)
	}
	for _, b := range value {
		if b != 0 {
			return value, nil
		}
	}
	return nil, nil
}

// fillBytes repeats the fill value over out (which starts zeroed).
func fillBytes(out, value []byte) {
	if value == nil || len(out) == 0 {
		return
	}
	n := copy(out, value)
	for n < len(out) {
		n += copy(out[n:], out[:n])
	}
}
