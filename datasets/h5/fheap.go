package h5

import (
	"bytes"
	"fmt"
	"math/bits"
	"sort"
)

// fheap is a fractal heap ("FRHP"), which holds the link and attribute messages of
// dense storage. Only its direct blocks are needed: each records its own offset in
// the heap's address space, and a heap ID names an offset and a length.
type fheap struct {
	r                *reader
	idLen            int
	offSize, lenSize int // bytes of a managed heap ID's offset and length
	checksummed      bool
	blocks           []fblock // direct blocks sorted by heap offset
}

type fblock struct{ offset, addr, size uint64 }

func (r *reader) readFheap(addr uint64) (*fheap, error) {
	head, err := r.read(addr, uint64(22+12*r.sl+3*r.so+10))
	if err != nil {
		return nil, fmt.Errorf("fractal heap header: %w", err)
	}
	if !bytes.HasPrefix(head, []byte("FRHP")) {
		return nil, fmt.Errorf("fractal heap header lacks FRHP signature")
	}
	d := &dec{b: head, off: 5}
	h := &fheap{r: r, idLen: int(d.u16())}
	if filters := d.u16(); filters != 0 {
		return nil, fmt.Errorf("filtered fractal heaps are not supported")
	}
	h.checksummed = d.u8()&0x02 != 0
	maxMan := d.u32()
	d.skip(r.sl + r.so + r.sl + r.so + 8*r.sl) // huge-object and space bookkeeping
	width := uint64(d.u16())
	start := r.length(d)
	maxDirect := r.length(d)
	maxHeapBits := int(d.u16())
	d.skip(2) // starting rows of the root indirect block
	root := r.off(d)
	rows := int(d.u16())
	if d.err != nil {
		return nil, fmt.Errorf("fractal heap header: %w", d.err)
	}
	if width == 0 || width > 1<<16 || start == 0 || start&(start-1) != 0 || maxDirect < start ||
		maxHeapBits < 1 || maxHeapBits > 64 || h.idLen < 2 || h.idLen > 64 {
		return nil, fmt.Errorf("fractal heap parameters out of range")
	}
	h.offSize = (maxHeapBits + 7) / 8
	h.lenSize = min(h.idLen-1-h.offSize, bits.Len32(maxMan)/8+1)
	if h.lenSize < 1 {
		return nil, fmt.Errorf("fractal heap ID of %d bytes too short", h.idLen)
	}
	if root != undef {
		if rows == 0 {
			err = h.direct(root, start)
		} else {
			err = h.indirect(root, rows, width, start, maxDirect, 0, map[uint64]bool{})
		}
		if err != nil {
			return nil, err
		}
	}
	sort.Slice(h.blocks, func(i, j int) bool { return h.blocks[i].offset < h.blocks[j].offset })
	return h, nil
}

// direct records the direct block at addr and size bytes.
func (h *fheap) direct(addr, size uint64) error {
	r := h.r
	head, err := r.read(addr, uint64(5+r.so+h.offSize))
	if err != nil {
		return fmt.Errorf("fractal heap direct block: %w", err)
	}
	if !bytes.HasPrefix(head, []byte("FHDB")) {
		return fmt.Errorf("fractal heap direct block at %d lacks FHDB signature", addr)
	}
	d := &dec{b: head, off: 5 + r.so}
	off := d.uN(h.offSize)
	if !r.fits(addr, size) {
		return fmt.Errorf("fractal heap direct block of %d bytes at %d: %w", size, addr, errRange)
	}
	if len(h.blocks) > 1<<20 {
		return fmt.Errorf("fractal heap has too many blocks")
	}
	h.blocks = append(h.blocks, fblock{off, addr, size})
	return nil
}

// indirect walks an indirect block ("FHIB") of nrows rows: rows of blocks up to
// maxDirect bytes are direct blocks, larger ones indirect blocks.
func (h *fheap) indirect(addr uint64, nrows int, width, start, maxDirect uint64, depth int, seen map[uint64]bool) error {
	r := h.r
	if depth > 16 || seen[addr] || nrows > 64 {
		return fmt.Errorf("fractal heap indirect blocks loop or nest too deeply")
	}
	seen[addr] = true
	rowSize := func(row int) uint64 {
		if row == 0 {
			return start
		}
		return start << (row - 1)
	}
	n := uint64(nrows) * width
	buf, err := r.read(addr, uint64(5+r.so+h.offSize)+n*uint64(r.so))
	if err != nil {
		return fmt.Errorf("fractal heap indirect block: %w", err)
	}
	if !bytes.HasPrefix(buf, []byte("FHIB")) {
		return fmt.Errorf("fractal heap indirect block at %d lacks FHIB signature", addr)
	}
	d := &dec{b: buf, off: 5 + r.so + h.offSize}
	for row := 0; row < nrows; row++ {
		size := rowSize(row)
		for c := uint64(0); c < width; c++ {
			child := r.off(d)
			if d.err != nil {
				return d.err
			}
			if child == undef || size == 0 {
				continue
			}
			if size <= maxDirect {
				err = h.direct(child, size)
			} else {
				// A child indirect block spanning size bytes has this many rows.
				rows := bits.Len64(size / (width * start)) // log2 + 1
				err = h.indirect(child, rows, width, start, maxDirect, depth+1, seen)
			}
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// object returns the bytes a heap ID names. Managed objects are looked up in the
// direct blocks; tiny objects sit in the ID itself; huge objects are not supported.
func (h *fheap) object(id []byte) ([]byte, error) {
	if len(id) < 1 {
		return nil, fmt.Errorf("empty heap ID")
	}
	switch (id[0] >> 4) & 0x3 {
	case 0:
		d := &dec{b: id, off: 1}
		off := d.uN(h.offSize)
		n := d.uN(h.lenSize)
		if d.err != nil {
			return nil, fmt.Errorf("heap ID: %w", d.err)
		}
		i := sort.Search(len(h.blocks), func(i int) bool { return h.blocks[i].offset > off }) - 1
		if i < 0 {
			return nil, fmt.Errorf("heap offset %d in no direct block", off)
		}
		b := h.blocks[i]
		rel := off - b.offset
		if rel > b.size || n > b.size-rel {
			return nil, fmt.Errorf("heap object of %d bytes at offset %d overruns its block", n, off)
		}
		return h.r.read(b.addr+rel, n)
	case 2:
		n := int(id[0]&0x0f) + 1
		if 1+n > len(id) {
			return nil, fmt.Errorf("tiny heap object of %d bytes in a %d-byte ID", n, len(id))
		}
		return id[1 : 1+n], nil
	}
	return nil, fmt.Errorf("huge fractal heap objects are not supported")
}
