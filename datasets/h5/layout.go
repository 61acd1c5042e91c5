package h5

import "fmt"

// Storage layout classes.
const (
	layoutCompact    = 0
	layoutContiguous = 1
	layoutChunked    = 2
)

// Chunk index types of layout message version 4.
const (
	indexBtreeV1    = 0 // versions 1-3 always use it
	indexSingle     = 1
	indexImplicit   = 2
	indexFixedArray = 3
	indexExtArray   = 4
	indexBtreeV2    = 5
)

// layout is a decoded data layout message.
type layout struct {
	class   uint8
	addr    uint64 // contiguous data, chunk index, or the single chunk
	size    uint64 // contiguous byte count
	compact []byte
	chunk   []uint64 // chunk dimensions, without the trailing element-size dimension
	index   uint8
	// single-chunk index of a filtered dataset: the chunk's stored size and filter mask
	singleSize uint64
	singleMask uint32
}

func (r *reader) parseLayout(b []byte) (*layout, error) {
	d := &dec{b: b}
	version := d.u8()
	l := &layout{}
	switch version {
	case 1, 2:
		rank := int(d.u8())
		l.class = d.u8()
		d.skip(5)
		if l.class != layoutCompact {
			l.addr = r.off(d)
		}
		if rank < 1 || rank > maxRank+1 {
			return nil, fmt.Errorf("layout rank %d out of range", rank)
		}
		dims := make([]uint64, rank)
		for i := range dims {
			dims[i] = uint64(d.u32())
		}
		switch l.class {
		case layoutChunked:
			l.chunk = dims[:rank-1]
		case layoutCompact:
			n := int(d.u32())
			l.compact = d.take(n)
		case layoutContiguous:
			l.size = undef // computed from the dataspace
		}
	case 3, 4:
		l.class = d.u8()
		switch l.class {
		case layoutCompact:
			n := int(d.u16())
			l.compact = d.take(n)
		case layoutContiguous:
			l.addr = r.off(d)
			l.size = r.length(d)
		case layoutChunked:
			if version == 3 {
				rank := int(d.u8())
				if rank < 1 || rank > maxRank+1 {
					return nil, fmt.Errorf("chunk rank %d out of range", rank)
				}
				l.addr = r.off(d)
				l.chunk = make([]uint64, rank-1)
				for i := range l.chunk {
					l.chunk[i] = uint64(d.u32())
				}
				d.skip(4) // element size
				break
			}
			flags := d.u8()
			rank := int(d.u8())
			width := int(d.u8())
			if rank < 1 || rank > maxRank+1 || width < 1 || width > 8 {
				return nil, fmt.Errorf("chunk rank %d or dimension width %d out of range", rank, width)
			}
			l.chunk = make([]uint64, rank-1)
			for i := range l.chunk {
				l.chunk[i] = d.uN(width)
			}
			d.skip(width) // element size
			l.index = d.u8()
			switch l.index {
			case indexSingle:
				if flags&0x02 != 0 {
					l.singleSize = r.length(d)
					l.singleMask = d.u32()
				}
			case indexImplicit:
			case indexFixedArray:
				d.skip(1) // page bits
			case indexExtArray:
				d.skip(5) // creation parameters, repeated in the array header
			case indexBtreeV2:
				d.skip(6) // node size, split and merge percentages, repeated in the tree
			default:
				return nil, fmt.Errorf("chunk index type %d not supported", l.index)
			}
			l.addr = r.off(d)
		default:
			return nil, fmt.Errorf("layout class %d not supported (virtual datasets are not read)", l.class)
		}
	default:
		return nil, fmt.Errorf("layout version %d not supported", version)
	}
	if d.err != nil {
		return nil, fmt.Errorf("layout: %w", d.err)
	}
	for _, c := range l.chunk {
		if c == 0 {
			return nil, fmt.Errorf("chunk dimension of zero")
		}
	}
	return l, nil
}

// encodeContiguous writes a version-3 contiguous layout message.
func encodeContiguous(addr, size uint64) []byte {
	e := &enc{}
	e.u8(3)
	e.u8(layoutContiguous)
	e.u64(addr)
	e.u64(size)
	return e.b
}

// encodeChunked writes a version-3 chunked layout message indexed by the v1 B-tree at
// btree.
func encodeChunked(btree uint64, chunk []int, elemSize int) []byte {
	e := &enc{}
	e.u8(3)
	e.u8(layoutChunked)
	e.u8(uint8(len(chunk) + 1))
	e.u64(btree)
	for _, c := range chunk {
		e.u32(uint32(c))
	}
	e.u32(uint32(elemSize))
	return e.b
}
