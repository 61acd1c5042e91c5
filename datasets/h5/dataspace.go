package h5

import "fmt"

// maxRank bounds dataspace rank; HDF5 itself allows 32.
const maxRank = 32

// dataspace is a decoded dataspace message. A scalar has rank 0 and one element; a
// null dataspace has no elements.
type dataspace struct {
	dims    []uint64
	maxDims []uint64 // equal to dims when the file gives none; undef means unlimited
	null    bool
}

// count is the number of elements, or an error when it overflows.
func (s *dataspace) count() (uint64, error) {
	if s.null {
		return 0, nil
	}
	n := uint64(1)
	for _, d := range s.dims {
		if d != 0 && n > (1<<62)/d {
			return 0, fmt.Errorf("dataspace %v holds too many elements", s.dims)
		}
		n *= d
	}
	return n, nil
}

func (r *reader) parseDataspace(b []byte) (*dataspace, error) {
	d := &dec{b: b}
	version := d.u8()
	rank := int(d.u8())
	flags := d.u8()
	s := &dataspace{}
	switch version {
	case 1:
		d.skip(5)
	case 2:
		switch typ := d.u8(); typ {
		case 0, 1:
		case 2:
			s.null = true
		default:
			return nil, fmt.Errorf("dataspace type %d not supported", typ)
		}
	default:
		return nil, fmt.Errorf("dataspace version %d not supported", version)
	}
	if rank > maxRank {
		return nil, fmt.Errorf("dataspace rank %d exceeds %d", rank, maxRank)
	}
	s.dims = make([]uint64, rank)
	for i := range s.dims {
		s.dims[i] = r.length(d)
	}
	s.maxDims = s.dims
	if flags&1 != 0 {
		s.maxDims = make([]uint64, rank)
		for i := range s.maxDims {
			s.maxDims[i] = r.length(d)
		}
	}
	if d.err != nil {
		return nil, fmt.Errorf("dataspace: %w", d.err)
	}
	return s, nil
}

// encodeDataspace writes a version-1 dataspace; maximum dimensions equal the current
// ones, as h5py writes fixed-size datasets. Rank 0 is a scalar.
func encodeDataspace(dims []int) []byte {
	e := &enc{}
	e.u8(1)
	e.u8(uint8(len(dims)))
	if len(dims) > 0 {
		e.u8(1)
	} else {
		e.u8(0)
	}
	e.zeros(5)
	for _, n := range dims {
		e.u64(uint64(n))
	}
	for _, n := range dims {
		e.u64(uint64(n))
	}
	return e.b
}
