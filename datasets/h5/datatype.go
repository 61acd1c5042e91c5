package h5

import (
	"fmt"
)

// Datatype classes.
const (
	classFixed  = 0
	classFloat  = 1
	classString = 3
	classEnum   = 8
	classVlen   = 9
)

// dtype is a decoded datatype message, limited to the classes warpkit reads: integers,
// IEEE floats, fixed and variable-length strings, and enums (read as their base integer).
type dtype struct {
	class     uint8
	size      int
	bigEndian bool
	signed    bool
	strPad    uint8 // 0 null-terminated, 1 null-padded, 2 space-padded
	charset   uint8 // 0 ASCII, 1 UTF-8
	vlenStr   bool  // variable-length string (class 9, type 1)
	base      *dtype
}

// name is the numpy-style name of the type, as Dataset.Dtype reports it.
func (t *dtype) name() string {
	switch t.class {
	case classFixed:
		if t.signed {
			return fmt.Sprintf("int%d", 8*t.size)
		}
		return fmt.Sprintf("uint%d", 8*t.size)
	case classFloat:
		return fmt.Sprintf("float%d", 8*t.size)
	case classString:
		return "string"
	case classVlen:
		return "string"
	case classEnum:
		return t.base.name()
	}
	return "unknown"
}

// numeric reports whether values of this type convert to float64.
func (t *dtype) numeric() bool {
	return t.class == classFixed || t.class == classFloat || t.class == classEnum
}

// parseDtype decodes a datatype message and returns it with the bytes it used.
func parseDtype(b []byte) (*dtype, int, error) {
	return parseDtypeDepth(b, 0)
}

func parseDtypeDepth(b []byte, depth int) (*dtype, int, error) {
	if depth > 4 {
		return nil, 0, fmt.Errorf("datatype nested too deeply")
	}
	d := &dec{b: b}
	cv := d.u8()
	bits := [3]byte{d.u8(), d.u8(), d.u8()}
	size := d.u32()
	if d.err != nil {
		return nil, 0, fmt.Errorf("datatype: %w", d.err)
	}
	version, class := cv>>4, cv&0x0f
	if version < 1 || version > 5 {
		return nil, 0, fmt.Errorf("datatype version %d not supported", version)
	}
	if size == 0 || size > 1<<16 {
		return nil, 0, fmt.Errorf("datatype size %d out of range", size)
	}
	t := &dtype{class: class, size: int(size), bigEndian: bits[0]&1 != 0}
	switch class {
	case classFixed:
		t.signed = bits[0]&0x08 != 0
		offset, prec := d.u16(), d.u16()
		if d.err != nil {
			return nil, 0, fmt.Errorf("integer datatype: %w", d.err)
		}
		if size != 1 && size != 2 && size != 4 && size != 8 || offset != 0 || int(prec) != 8*t.size {
			return nil, 0, fmt.Errorf("integer datatype of %d bytes, precision %d, offset %d not supported", size, prec, offset)
		}
	case classFloat:
		if bits[0]&0x40 != 0 {
			return nil, 0, fmt.Errorf("VAX float byte order not supported")
		}
		offset, prec := d.u16(), d.u16()
		expLoc, expSize, manLoc, manSize := d.u8(), d.u8(), d.u8(), d.u8()
		bias := d.u32()
		if d.err != nil {
			return nil, 0, fmt.Errorf("float datatype: %w", d.err)
		}
		ok := offset == 0 && manLoc == 0 && bits[1] == uint8(8*size-1)
		switch size {
		case 2:
			ok = ok && prec == 16 && expLoc == 10 && expSize == 5 && manSize == 10 && bias == 15
		case 4:
			ok = ok && prec == 32 && expLoc == 23 && expSize == 8 && manSize == 23 && bias == 127
		case 8:
			ok = ok && prec == 64 && expLoc == 52 && expSize == 11 && manSize == 52 && bias == 1023
		default:
			ok = false
		}
		if !ok {
			return nil, 0, fmt.Errorf("float datatype of %d bytes is not IEEE 754 binary%d", size, 8*size)
		}
	case classString:
		t.strPad, t.charset = bits[0]&0x0f, bits[0]>>4
	case classVlen:
		if bits[0]&0x0f != 1 {
			return nil, 0, fmt.Errorf("variable-length sequences are not supported (only strings)")
		}
		t.vlenStr = true
		t.strPad, t.charset = bits[0]>>4, bits[1]&0x0f
		base, n, err := parseDtypeDepth(b[d.off:], depth+1)
		if err != nil {
			return nil, 0, fmt.Errorf("variable-length string base: %w", err)
		}
		t.base = base
		d.skip(n)
	case classEnum:
		nmembers := int(bits[0]) | int(bits[1])<<8
		base, n, err := parseDtypeDepth(b[d.off:], depth+1)
		if err != nil {
			return nil, 0, fmt.Errorf("enum base: %w", err)
		}
		if base.class != classFixed || base.size != t.size {
			return nil, 0, fmt.Errorf("enum base type must be an integer of the enum's size")
		}
		t.base = base
		t.signed, t.bigEndian = base.signed, base.bigEndian
		d.skip(n)
		for i := 0; i < nmembers && d.err == nil; i++ {
			start := d.off
			for d.err == nil && d.u8() != 0 {
			}
			if version < 3 {
				d.skip(pad8(d.off-start) - (d.off - start))
			}
		}
		d.skip(nmembers * t.size)
	default:
		return nil, 0, fmt.Errorf("datatype class %d not supported (compound, array, reference, opaque, bitfield and time types are not read)", class)
	}
	if d.err != nil {
		return nil, 0, fmt.Errorf("datatype: %w", d.err)
	}
	return t, d.off, nil
}

// encode appends the datatype message for the types the writer produces.
func (t *dtype) encode(e *enc) {
	switch {
	case t.class == classFloat:
		e.u8(0x10 | classFloat)
		e.raw([]byte{0x20, uint8(8*t.size - 1), 0})
		e.u32(uint32(t.size))
		e.u16(0)
		e.u16(uint16(8 * t.size))
		if t.size == 4 {
			e.raw([]byte{23, 8, 0, 23})
			e.u32(127)
		} else {
			e.raw([]byte{52, 11, 0, 52})
			e.u32(1023)
		}
	case t.class == classFixed:
		e.u8(0x10 | classFixed)
		var b0 uint8
		if t.signed {
			b0 = 0x08
		}
		e.raw([]byte{b0, 0, 0})
		e.u32(uint32(t.size))
		e.u16(0)
		e.u16(uint16(8 * t.size))
	case t.vlenStr:
		// A UTF-8 variable-length string over unsigned bytes, exactly as h5py writes it.
		e.u8(0x10 | classVlen)
		e.raw([]byte{0x01, 0x01, 0})
		e.u32(16)
		(&dtype{class: classFixed, size: 1}).encode(e)
	}
}

var (
	typeF64 = &dtype{class: classFloat, size: 8}
	typeF32 = &dtype{class: classFloat, size: 4}
	typeI64 = &dtype{class: classFixed, size: 8, signed: true}
	typeI32 = &dtype{class: classFixed, size: 4, signed: true}
	typeStr = &dtype{class: classVlen, size: 16, vlenStr: true, charset: 1}
)
