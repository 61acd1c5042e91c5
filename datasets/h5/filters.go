package h5

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"fmt"
	"io"
	"math/bits"
)

// Filter identifiers.
const (
	filterDeflate    = 1
	filterShuffle    = 2
	filterFletcher32 = 3
)

// filter is one stage of a dataset's filter pipeline.
type filter struct {
	id     uint16
	client []uint32
}

// parseFilters decodes a filter pipeline message (versions 1 and 2).
func parseFilters(b []byte) ([]filter, error) {
	d := &dec{b: b}
	version := d.u8()
	n := int(d.u8())
	if version == 1 {
		d.skip(6)
	} else if version != 2 {
		return nil, fmt.Errorf("filter pipeline version %d not supported", version)
	}
	if n > 32 {
		return nil, fmt.Errorf("filter pipeline of %d filters (HDF5 allows 32)", n)
	}
	fs := make([]filter, 0, n)
	for i := 0; i < n && d.err == nil; i++ {
		f := filter{id: d.u16()}
		nameLen := 0
		if version == 1 || f.id >= 256 {
			nameLen = int(d.u16())
		}
		d.skip(2) // flags
		nvals := int(d.u16())
		if version == 1 {
			d.skip(pad8(nameLen))
		} else {
			d.skip(nameLen)
		}
		if nvals > d.left()/4 {
			return nil, fmt.Errorf("filter %d claims %d parameters: %w", f.id, nvals, errShort)
		}
		f.client = make([]uint32, nvals)
		for j := range f.client {
			f.client[j] = d.u32()
		}
		if version == 1 && nvals%2 == 1 {
			d.skip(4)
		}
		fs = append(fs, f)
	}
	if d.err != nil {
		return nil, fmt.Errorf("filter pipeline: %w", d.err)
	}
	return fs, nil
}

// unfilter undoes the pipeline on one stored chunk, last filter first, skipping the
// filters whose bit is set in mask. want is the chunk's size once decoded; deflate
// output is capped there so a forged chunk cannot inflate without bound.
func unfilter(fs []filter, mask uint32, data []byte, want, elemSize int) ([]byte, error) {
	for i := len(fs) - 1; i >= 0; i-- {
		if i < 32 && mask&(1<<i) != 0 {
			continue
		}
		switch fs[i].id {
		case filterDeflate:
			zr, err := zlib.NewReader(bytes.NewReader(data))
			if err != nil {
				return nil, fmt.Errorf("deflate: %w", err)
			}
			out := make([]byte, want)
			n, err := io.ReadFull(zr, out)
			if err != nil && err != io.ErrUnexpectedEOF {
				return nil, fmt.Errorf("deflate: %w", err)
			}
			// One more read reaches the end of the stream, where zlib checks its
			// checksum, and catches a chunk that inflates past its size.
			var extra [1]byte
			if k, err := zr.Read(extra[:]); k > 0 {
				return nil, fmt.Errorf("deflate: chunk inflates past its %d bytes", want)
			} else if err != nil && err != io.EOF {
				return nil, fmt.Errorf("deflate: %w", err)
			}
			data = out[:n]
		case filterShuffle:
			data = unshuffle(data, elemSize)
		case filterFletcher32:
			if len(data) < 4 {
				return nil, fmt.Errorf("fletcher32: chunk of %d bytes", len(data))
			}
			body, stored := data[:len(data)-4], binary.LittleEndian.Uint32(data[len(data)-4:])
			// Files from HDF5 before 1.6.3 store the checksum byte-swapped; the library
			// accepts both, and so do we.
			if sum := fletcher32(body); stored != sum && stored != bits.ReverseBytes32(sum) {
				return nil, fmt.Errorf("fletcher32: checksum %#08x, data sums to %#08x", stored, sum)
			}
			data = body
		default:
			return nil, fmt.Errorf("filter %d not supported (only deflate, shuffle and fletcher32)", fs[i].id)
		}
	}
	return data, nil
}

// shuffle groups byte k of every element together, which makes deflate far more
// effective on floating-point data.
func shuffle(data []byte, size int) []byte {
	if size <= 1 {
		return data
	}
	return transposeBytes(data, len(data)/size, size)
}

// unshuffle inverts shuffle; trailing bytes that do not fill an element stay in place,
// as in the HDF5 library.
func unshuffle(data []byte, size int) []byte {
	if size <= 1 {
		return data
	}
	return transposeBytes(data, size, len(data)/size)
}

// transposeBytes returns data's first rows·cols bytes, read as a row-major rows×cols matrix,
// transposed, then the bytes after them as they are.
func transposeBytes(data []byte, rows, cols int) []byte {
	out := make([]byte, len(data))
	for j := 0; j < cols; j++ {
		dst := out[j*rows : (j+1)*rows]
		for i := range dst {
			dst[i] = data[i*cols+j]
		}
	}
	copy(out[rows*cols:], data[rows*cols:])
	return out
}

// encodeFilters writes a version-1 pipeline message naming the filters as h5py does.
func encodeFilters(shuffleSize, level int) []byte {
	type stage struct {
		id    uint16
		name  string
		value uint32
	}
	var st []stage
	if shuffleSize > 0 {
		st = append(st, stage{filterShuffle, "shuffle", uint32(shuffleSize)})
	}
	if level > 0 {
		st = append(st, stage{filterDeflate, "deflate", uint32(level)})
	}
	e := &enc{}
	e.u8(1)
	e.u8(uint8(len(st)))
	e.zeros(6)
	for _, s := range st {
		e.u16(s.id)
		e.u16(uint16(pad8(len(s.name) + 1)))
		e.u16(1) // optional, as the library marks these filters
		e.u16(1)
		e.raw([]byte(s.name))
		e.zeros(pad8(len(s.name)+1) - len(s.name))
		e.u32(s.value)
		e.u32(0)
	}
	return e.b
}

// fletcher32 is HDF5's Fletcher checksum: big-endian 16-bit words, sums folded to 16
// bits every 360 words so they cannot overflow.
func fletcher32(data []byte) uint32 {
	var sum1, sum2 uint32
	words := len(data) / 2
	for i := 0; i < words; {
		n := min(360, words-i)
		for ; n > 0; n-- {
			sum1 += uint32(data[2*i])<<8 | uint32(data[2*i+1])
			sum2 += sum1
			i++
		}
		sum1 = sum1&0xffff + sum1>>16
		sum2 = sum2&0xffff + sum2>>16
	}
	if len(data)%2 == 1 {
		sum1 += uint32(data[len(data)-1]) << 8
		sum2 += sum1
		sum1 = sum1&0xffff + sum1>>16
		sum2 = sum2&0xffff + sum2>>16
	}
	sum1 = sum1&0xffff + sum1>>16
	sum2 = sum2&0xffff + sum2>>16
	return sum2<<16 | sum1
}
