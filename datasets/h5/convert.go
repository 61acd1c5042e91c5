package h5

import (
	"encoding/binary"
	"fmt"
	"math"
	"unsafe"
)

// littleEndian reports whether this machine stores numbers little-endian, so that
// HDF5's little-endian data can be copied without per-element decoding.
var littleEndian = func() bool {
	x := uint16(1)
	return *(*byte)(unsafe.Pointer(&x)) == 1
}()

// order returns the byte order of t.
func (t *dtype) order() binary.ByteOrder {
	if t.bigEndian {
		return binary.BigEndian
	}
	return binary.LittleEndian
}

// toFloat64 converts n elements of type t in raw into dst.
func toFloat64(t *dtype, raw []byte, dst []float64) error {
	if !t.numeric() {
		return fmt.Errorf("type %s does not convert to float64", t.name())
	}
	bo, sz := t.order(), t.size
	if len(raw) < len(dst)*sz {
		return fmt.Errorf("%d bytes for %d elements of %d bytes", len(raw), len(dst), sz)
	}
	switch {
	case t.class == classFloat && sz == 8:
		if littleEndian && !t.bigEndian {
			copy(dst, unsafe.Slice((*float64)(unsafe.Pointer(unsafe.SliceData(raw))), len(dst)))
			return nil
		}
		for i := range dst {
			dst[i] = math.Float64frombits(bo.Uint64(raw[8*i:]))
		}
	case t.class == classFloat && sz == 4:
		for i := range dst {
			dst[i] = float64(math.Float32frombits(bo.Uint32(raw[4*i:])))
		}
	case t.class == classFloat && sz == 2:
		for i := range dst {
			dst[i] = halfToFloat(bo.Uint16(raw[2*i:]))
		}
	case t.signed:
		for i := range dst {
			dst[i] = float64(signedAt(bo, raw[i*sz:], sz))
		}
	default:
		for i := range dst {
			dst[i] = float64(unsignedAt(bo, raw[i*sz:], sz))
		}
	}
	return nil
}

func unsignedAt(bo binary.ByteOrder, b []byte, sz int) uint64 {
	switch sz {
	case 1:
		return uint64(b[0])
	case 2:
		return uint64(bo.Uint16(b))
	case 4:
		return uint64(bo.Uint32(b))
	}
	return bo.Uint64(b)
}

func signedAt(bo binary.ByteOrder, b []byte, sz int) int64 {
	switch sz {
	case 1:
		return int64(int8(b[0]))
	case 2:
		return int64(int16(bo.Uint16(b)))
	case 4:
		return int64(int32(bo.Uint32(b)))
	}
	return int64(bo.Uint64(b))
}

// halfToFloat decodes an IEEE 754 binary16 value.
func halfToFloat(h uint16) float64 {
	sign := 1.0
	if h&0x8000 != 0 {
		sign = -1
	}
	exp := int(h>>10) & 0x1f
	man := float64(h & 0x3ff)
	switch exp {
	case 0:
		return sign * math.Ldexp(man, -24)
	case 0x1f:
		if man == 0 {
			return math.Inf(int(sign))
		}
		return math.NaN()
	}
	return sign * math.Ldexp(1+man/1024, exp-15)
}

// bytesOf views a numeric slice as its bytes in machine order (little-endian is checked
// by the caller), so large datasets are written without a per-element loop.
func bytesOf[T float64 | float32 | int64 | int32](v []T) []byte {
	if len(v) == 0 {
		return nil
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(v))), len(v)*int(unsafe.Sizeof(v[0])))
}

// leBytes returns data's little-endian encoding: a view on little-endian machines, a
// converted copy otherwise.
func leBytes(data any) (raw []byte, t *dtype, n int, err error) {
	switch v := data.(type) {
	case []float64:
		return le(v, 8, func(b []byte, x float64) { binary.LittleEndian.PutUint64(b, math.Float64bits(x)) }), typeF64, len(v), nil
	case []float32:
		return le(v, 4, func(b []byte, x float32) { binary.LittleEndian.PutUint32(b, math.Float32bits(x)) }), typeF32, len(v), nil
	case []int64:
		return le(v, 8, func(b []byte, x int64) { binary.LittleEndian.PutUint64(b, uint64(x)) }), typeI64, len(v), nil
	case []int32:
		return le(v, 4, func(b []byte, x int32) { binary.LittleEndian.PutUint32(b, uint32(x)) }), typeI32, len(v), nil
	}
	return nil, nil, 0, fmt.Errorf("data of type %T not supported (want []float64, []float32, []int64 or []int32)", data)
}

func le[T float64 | float32 | int64 | int32](v []T, size int, put func([]byte, T)) []byte {
	if littleEndian {
		return bytesOf(v)
	}
	out := make([]byte, len(v)*size)
	for i, x := range v {
		put(out[i*size:], x)
	}
	return out
}
