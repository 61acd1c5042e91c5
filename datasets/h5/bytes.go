package h5

import (
	"encoding/binary"
	"errors"
)

// undef is HDF5's "undefined address": all bits set.
const undef = ^uint64(0)

// enc appends little-endian fields to a metadata block being built in memory.
type enc struct{ b []byte }

func (e *enc) u8(v uint8)   { e.b = append(e.b, v) }
func (e *enc) u16(v uint16) { e.b = binary.LittleEndian.AppendUint16(e.b, v) }
func (e *enc) u32(v uint32) { e.b = binary.LittleEndian.AppendUint32(e.b, v) }
func (e *enc) u64(v uint64) { e.b = binary.LittleEndian.AppendUint64(e.b, v) }
func (e *enc) raw(p []byte) { e.b = append(e.b, p...) }
func (e *enc) zeros(n int)  { e.b = append(e.b, make([]byte, n)...) }

// pad8 pads to a multiple of eight bytes, the alignment of v1 object header messages,
// heap objects and attribute message parts.
func (e *enc) pad8() { e.zeros(pad8(len(e.b)) - len(e.b)) }

func pad8(n int) int { return (n + 7) &^ 7 }

// errShort is returned by dec when a structure claims more bytes than it holds.
var errShort = errors.New("structure truncated")

// dec reads little-endian fields from a byte slice; the first overrun sets err and
// every later read returns zero, so parsers check err once per structure.
type dec struct {
	b   []byte
	off int
	err error
}

func (d *dec) take(n int) []byte {
	if d.err != nil {
		return nil
	}
	if n < 0 || n > len(d.b)-d.off {
		d.err = errShort
		return nil
	}
	p := d.b[d.off : d.off+n]
	d.off += n
	return p
}

func (d *dec) skip(n int) { d.take(n) }

func (d *dec) u8() uint8 {
	p := d.take(1)
	if p == nil {
		return 0
	}
	return p[0]
}

func (d *dec) u16() uint16 {
	p := d.take(2)
	if p == nil {
		return 0
	}
	return binary.LittleEndian.Uint16(p)
}

func (d *dec) u32() uint32 {
	p := d.take(4)
	if p == nil {
		return 0
	}
	return binary.LittleEndian.Uint32(p)
}

func (d *dec) u64() uint64 {
	p := d.take(8)
	if p == nil {
		return 0
	}
	return binary.LittleEndian.Uint64(p)
}

// uN reads an n-byte little-endian unsigned integer (n = 1..8), the form of HDF5's
// "size of offsets" and "size of lengths" fields; an all-ones value stays all ones so
// the undefined address survives narrower offset sizes.
func (d *dec) uN(n int) uint64 {
	p := d.take(n)
	if p == nil {
		return 0
	}
	var v uint64
	all := true
	for i := n - 1; i >= 0; i-- {
		v = v<<8 | uint64(p[i])
		if p[i] != 0xff {
			all = false
		}
	}
	if all {
		return undef
	}
	return v
}

func (d *dec) rest() []byte { return d.take(len(d.b) - d.off) }

func (d *dec) left() int { return len(d.b) - d.off }
