package h5

import (
	"bytes"
	"fmt"
)

// fixedArrayRefs reads a fixed-array chunk index ("FAHD" header, "FADB" data block,
// optionally paged), which libver='latest' uses for fixed-size chunked datasets.
func (ds *Dataset) fixedArrayRefs(chunkBytes uint64) ([]chunkRef, error) {
	r := ds.f.r
	head, err := r.read(ds.lay.addr, uint64(12+r.sl+r.so))
	if err != nil {
		return nil, fmt.Errorf("fixed array header: %w", err)
	}
	if !bytes.HasPrefix(head, []byte("FAHD")) {
		return nil, fmt.Errorf("fixed array header lacks FAHD signature")
	}
	d := &dec{b: head, off: 5}
	client := d.u8()
	entrySize := int(d.u8())
	pageBits := d.u8()
	nent := r.length(d)
	block := r.off(d)
	filtered := client == 1
	minEntry := r.so
	if filtered {
		minEntry = r.so + 4 + 1
	}
	if entrySize < minEntry || filtered && entrySize > r.so+4+8 || entrySize > 64 || pageBits > 32 {
		return nil, fmt.Errorf("fixed array entry size %d or page bits %d out of range", entrySize, pageBits)
	}
	if nent > uint64(r.size)/uint64(entrySize) {
		return nil, fmt.Errorf("fixed array of %d entries larger than the file", nent)
	}
	pre := uint64(6 + r.so)
	pageLen := uint64(1) << pageBits
	var elems []byte
	if nent <= pageLen {
		elems, err = r.read(block+pre, nent*uint64(entrySize))
		if err != nil {
			return nil, fmt.Errorf("fixed array data block: %w", err)
		}
	} else {
		npages := (nent + pageLen - 1) / pageLen
		bitmap := (npages + 7) / 8
		pageAddr := block + pre + bitmap + 4 // the data block's checksum precedes the pages
		for p := uint64(0); p < npages; p++ {
			cnt := min(pageLen, nent-p*pageLen)
			pg, err := r.read(pageAddr, cnt*uint64(entrySize))
			if err != nil {
				return nil, fmt.Errorf("fixed array page %d: %w", p, err)
			}
			elems = append(elems, pg...)
			pageAddr += cnt*uint64(entrySize) + 4
		}
	}
	return ds.gridRefs(nent, func(i uint64) (chunkRef, bool) {
		return r.chunkEntry(elems[i*uint64(entrySize):(i+1)*uint64(entrySize)], filtered, chunkBytes)
	})
}

// chunkEntry decodes one fixed- or extensible-array element: the chunk's address and,
// for filtered datasets, its stored size and filter mask. ok is false for a chunk
// never written.
func (r *reader) chunkEntry(b []byte, filtered bool, chunkBytes uint64) (c chunkRef, ok bool) {
	d := &dec{b: b}
	c = chunkRef{addr: r.off(d), size: chunkBytes}
	if filtered {
		c.size = d.uN(len(b) - r.so - 4)
		c.mask = d.u32()
	}
	// Address 0 is the superblock, never a chunk: unwritten pages of a paged block may
	// hold zeros rather than the undefined address.
	return c, d.err == nil && c.addr != undef && c.addr != 0
}
