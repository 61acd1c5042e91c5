package h5

import (
	"bytes"
	"fmt"
	"math"
)

// parseAttribute decodes an attribute message into its name and Go value.
func (r *reader) parseAttribute(b []byte) (string, any, error) {
	d := &dec{b: b}
	version := d.u8()
	flags := d.u8()
	nameLen := int(d.u16())
	dtLen := int(d.u16())
	dsLen := int(d.u16())
	if version < 1 || version > 3 {
		return "", nil, fmt.Errorf("attribute message version %d not supported", version)
	}
	if version >= 2 && flags&0x03 != 0 {
		return "", nil, fmt.Errorf("attribute with a shared datatype or dataspace not supported")
	}
	if version == 3 {
		d.skip(1) // name character set
	}
	part := func(n int) []byte {
		p := d.take(n)
		if version == 1 {
			d.skip(pad8(n) - n)
		}
		return p
	}
	nameB := part(nameLen)
	dtB := part(dtLen)
	dsB := part(dsLen)
	if d.err != nil {
		return "", nil, fmt.Errorf("attribute message: %w", d.err)
	}
	name := string(nameB)
	if i := bytes.IndexByte(nameB, 0); i >= 0 {
		name = string(nameB[:i])
	}
	t, _, err := parseDtype(dtB)
	if err != nil {
		return name, nil, fmt.Errorf("attribute %q: %w", name, err)
	}
	s, err := r.parseDataspace(dsB)
	if err != nil {
		return name, nil, fmt.Errorf("attribute %q: %w", name, err)
	}
	n, err := s.count()
	if err != nil {
		return name, nil, fmt.Errorf("attribute %q: %w", name, err)
	}
	if n > uint64(d.left())/uint64(t.size) {
		return name, nil, fmt.Errorf("attribute %q: %d elements of %d bytes: %w", name, n, t.size, errShort)
	}
	raw := d.take(int(n) * t.size)
	v, err := r.decodeValues(t, raw, int(n), len(s.dims) == 0 && !s.null)
	if err != nil {
		return name, nil, fmt.Errorf("attribute %q: %w", name, err)
	}
	return name, v, nil
}

// decodeValues turns n elements into Go values: float64, int64, uint64 or string, or a
// slice of one of them when scalar is false.
func (r *reader) decodeValues(t *dtype, raw []byte, n int, scalar bool) (any, error) {
	switch {
	case t.class == classFloat:
		v := make([]float64, n)
		if err := toFloat64(t, raw, v); err != nil {
			return nil, err
		}
		return one(v, scalar), nil
	case t.numeric() && t.signed:
		v := make([]int64, n)
		for i := range v {
			v[i] = signedAt(t.order(), raw[i*t.size:], t.size)
		}
		return one(v, scalar), nil
	case t.numeric():
		v := make([]uint64, n)
		for i := range v {
			v[i] = unsignedAt(t.order(), raw[i*t.size:], t.size)
		}
		return one(v, scalar), nil
	case t.class == classString:
		v := make([]string, n)
		for i := range v {
			v[i] = trimString(raw[i*t.size:(i+1)*t.size], t.strPad)
		}
		return one(v, scalar), nil
	case t.vlenStr:
		v := make([]string, n)
		d := &dec{b: raw}
		for i := range v {
			start := d.off
			ln := d.u32()
			addr := r.off(d)
			idx := d.u32()
			d.off = start + t.size
			if d.err != nil || d.off > len(raw) {
				return nil, fmt.Errorf("variable-length string %d: %w", i, errShort)
			}
			if ln == 0 && addr == 0 {
				continue // a null string
			}
			if idx > math.MaxUint16 {
				return nil, fmt.Errorf("variable-length string %d: heap index %d out of range", i, idx)
			}
			obj, err := r.gheapObject(addr, uint16(idx))
			if err != nil {
				return nil, fmt.Errorf("variable-length string %d: %w", i, err)
			}
			if uint64(ln) > uint64(len(obj)) {
				return nil, fmt.Errorf("variable-length string %d: length %d exceeds its %d-byte heap object", i, ln, len(obj))
			}
			v[i] = string(obj[:ln])
		}
		return one(v, scalar), nil
	}
	return nil, fmt.Errorf("type %s not supported", t.name())
}

func one[T any](v []T, scalar bool) any {
	if scalar && len(v) == 1 {
		return v[0]
	}
	return v
}

// trimString applies a fixed-length string's padding rule.
func trimString(b []byte, pad uint8) string {
	switch pad {
	case 0: // null-terminated
		if i := bytes.IndexByte(b, 0); i >= 0 {
			b = b[:i]
		}
	case 1: // null-padded
		b = bytes.TrimRight(b, "\x00")
	case 2: // space-padded
		b = bytes.TrimRight(b, " ")
	}
	return string(b)
}

// attrValue is an attribute ready to encode: its type, shape and element bytes (string
// elements are filled in with global heap IDs once the strings are placed).
type attrValue struct {
	name    string
	t       *dtype
	dims    []int // nil for a scalar
	raw     []byte
	strings []string
}

// newAttrValue checks and converts a value given to SetAttr: a string or number is stored
// with a scalar dataspace, a slice of them with one dimension.
func newAttrValue(name string, value any) (*attrValue, error) {
	a := &attrValue{name: name}
	var numbers any // the value as one of the slices leBytes encodes
	scalar := true
	switch v := value.(type) {
	case string:
		a.t, a.strings = typeStr, []string{v}
	case []string:
		a.t, a.strings, a.dims = typeStr, v, []int{len(v)}
	case float64:
		numbers = []float64{v}
	case float32:
		numbers = []float32{v}
	case int64:
		numbers = []int64{v}
	case int32:
		numbers = []int32{v}
	case int:
		numbers = []int64{int64(v)}
	case []int:
		w := make([]int64, len(v))
		for i, x := range v {
			w[i] = int64(x)
		}
		numbers, scalar = w, false
	case []float64, []float32, []int64, []int32:
		numbers, scalar = v, false
	default:
		return nil, fmt.Errorf("value of type %T not supported (want a string, float64, float32, int64, int32, int or a slice of one of them)", value)
	}
	if numbers != nil {
		raw, t, n, err := leBytes(numbers)
		if err != nil {
			return nil, err
		}
		a.t, a.raw = t, bytes.Clone(raw)
		if !scalar {
			a.dims = []int{n}
		}
	}
	if a.dims != nil && a.dims[0] == 0 {
		return nil, fmt.Errorf("empty array (HDF5 readers disagree on zero-length attributes)")
	}
	return a, nil
}

// encodeAttribute writes a version-1 attribute message; the caller has placed any
// strings in the global heap and passed their IDs.
func encodeAttribute(a *attrValue, heapIDs []heapID) ([]byte, error) {
	dt := &enc{}
	a.t.encode(dt)
	ds := encodeDataspace(a.dims)
	raw := a.raw
	if a.t.vlenStr {
		e := &enc{}
		for i, s := range a.strings {
			e.u32(uint32(len(s)))
			e.u64(heapIDs[i].addr)
			e.u32(uint32(heapIDs[i].idx))
		}
		raw = e.b
	}
	e := &enc{}
	e.u8(1)
	e.u8(0)
	e.u16(uint16(len(a.name) + 1))
	e.u16(uint16(len(dt.b)))
	e.u16(uint16(len(ds)))
	e.raw([]byte(a.name))
	e.u8(0)
	e.pad8()
	e.raw(dt.b)
	e.pad8()
	e.raw(ds)
	e.pad8()
	e.raw(raw)
	if len(e.b) > 0xfff8 {
		return nil, fmt.Errorf("attribute %q is %d bytes; version-1 object headers hold at most 64 KiB per attribute", a.name, len(e.b))
	}
	return e.b, nil
}

// heapID locates one variable-length string in the global heap.
type heapID struct {
	addr uint64
	idx  uint16
}
