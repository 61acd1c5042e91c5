package h5

import (
	"bytes"
	"fmt"
	"math/bits"
)

// earray holds an extensible-array chunk index ("EAHD"), which libver='latest' uses
// for chunked datasets with one unlimited dimension. Elements live first in the index
// block, then in data blocks listed by the index block and, further on, by secondary
// blocks; block sizes double in the pattern the library derives from the header.
type earray struct {
	r                                    *reader
	filtered                             bool
	elemSize, idxElems, dblkMin, sblkMin int
	pageElems                            uint64
	offSize                              int // bytes of a block's "block offset" field
	sblks                                []sblkInfo
	iblockSblks                          int // super blocks whose data blocks the index block lists
	chunkBytes                           uint64
}

type sblkInfo struct {
	ndblks, dblkElems, startIdx, startDblk uint64
}

func (ds *Dataset) extArrayRefs(chunkBytes uint64) ([]chunkRef, error) {
	r := ds.f.r
	head, err := r.read(ds.lay.addr, uint64(12+6*r.sl+r.so))
	if err != nil {
		return nil, fmt.Errorf("extensible array header: %w", err)
	}
	if !bytes.HasPrefix(head, []byte("EAHD")) {
		return nil, fmt.Errorf("extensible array header lacks EAHD signature")
	}
	d := &dec{b: head, off: 5}
	ea := &earray{r: r, chunkBytes: chunkBytes}
	ea.filtered = d.u8() == 1
	ea.elemSize = int(d.u8())
	maxBits := int(d.u8())
	ea.idxElems = int(d.u8())
	ea.dblkMin = int(d.u8())
	ea.sblkMin = int(d.u8())
	pageBits := int(d.u8())
	d.skip(4 * r.sl) // secondary and data block statistics
	maxIdx := r.length(d)
	d.skip(r.sl) // elements realised
	iblock := r.off(d)
	minEntry := r.so
	if ea.filtered {
		minEntry = r.so + 5
	}
	switch {
	case ea.elemSize < minEntry || ea.filtered && ea.elemSize > r.so+12 || ea.elemSize > 64:
		return nil, fmt.Errorf("extensible array element size %d out of range", ea.elemSize)
	case maxBits < 1 || maxBits > 64 || pageBits > 32 || pageBits > maxBits:
		return nil, fmt.Errorf("extensible array bit counts %d/%d out of range", maxBits, pageBits)
	case ea.dblkMin < 1 || ea.dblkMin&(ea.dblkMin-1) != 0 || ea.sblkMin < 1 || ea.sblkMin&(ea.sblkMin-1) != 0:
		return nil, fmt.Errorf("extensible array block minimums %d/%d not powers of two", ea.dblkMin, ea.sblkMin)
	}
	ea.pageElems = uint64(1) << pageBits
	ea.offSize = (maxBits + 7) / 8
	nsblks := 1 + maxBits - bits.TrailingZeros(uint(ea.dblkMin))
	var idx, dblk uint64
	for u := 0; u < nsblks; u++ {
		s := sblkInfo{ndblks: 1 << (u / 2), dblkElems: uint64(ea.dblkMin) << ((u + 1) / 2), startIdx: idx, startDblk: dblk}
		ea.sblks = append(ea.sblks, s)
		idx += s.ndblks * s.dblkElems
		dblk += s.ndblks
	}
	ea.iblockSblks = min(2*bits.TrailingZeros(uint(ea.sblkMin)), nsblks)
	elems, err := ea.collect(iblock, maxIdx)
	if err != nil {
		return nil, err
	}
	return ds.gridRefs(uint64(len(elems)), func(i uint64) (chunkRef, bool) {
		if elems[i] == nil {
			return chunkRef{}, false
		}
		return r.chunkEntry(elems[i], ea.filtered, chunkBytes)
	})
}

// collect returns the raw bytes of elements 0..n-1 (nil where no block holds them).
func (ea *earray) collect(iblock, n uint64) ([][]byte, error) {
	r := ea.r
	if n > uint64(r.size)/uint64(ea.elemSize)+uint64(ea.idxElems) {
		return nil, fmt.Errorf("extensible array of %d elements larger than the file", n)
	}
	ndblkAddrs := 2 * (ea.sblkMin - 1)
	nsblkAddrs := len(ea.sblks) - ea.iblockSblks
	pre := uint64(6 + r.so)
	size := pre + uint64(ea.idxElems*ea.elemSize+(ndblkAddrs+nsblkAddrs)*r.so)
	buf, err := r.read(iblock, size)
	if err != nil {
		return nil, fmt.Errorf("extensible array index block: %w", err)
	}
	if !bytes.HasPrefix(buf, []byte("EAIB")) {
		return nil, fmt.Errorf("extensible array index block lacks EAIB signature")
	}
	d := &dec{b: buf, off: int(pre)}
	out := make([][]byte, n)
	for i := 0; i < ea.idxElems; i++ {
		e := d.take(ea.elemSize)
		if uint64(i) < n {
			out[i] = e
		}
	}
	dblks := make([]uint64, ndblkAddrs)
	for i := range dblks {
		dblks[i] = r.off(d)
	}
	sblkAddrs := make([]uint64, nsblkAddrs)
	for i := range sblkAddrs {
		sblkAddrs[i] = r.off(d)
	}
	if d.err != nil {
		return nil, fmt.Errorf("extensible array index block: %w", d.err)
	}
	base := uint64(ea.idxElems)
	for u, s := range ea.sblks {
		if base+s.startIdx >= n || base+s.startIdx < base {
			break
		}
		var addrs []uint64
		if u < ea.iblockSblks {
			if s.startDblk+s.ndblks > uint64(len(dblks)) {
				return nil, fmt.Errorf("extensible array super block %d outside the index block", u)
			}
			addrs = dblks[s.startDblk : s.startDblk+s.ndblks]
		} else if sa := sblkAddrs[u-ea.iblockSblks]; sa != undef {
			if addrs, err = ea.superBlock(sa, s); err != nil {
				return nil, err
			}
		}
		for k, a := range addrs {
			first := base + s.startIdx + uint64(k)*s.dblkElems
			if a == undef || first >= n {
				continue
			}
			end := first + s.dblkElems
			if end < first || end > n { // sizes of a damaged header may overflow
				end = n
			}
			if err := ea.dataBlock(a, s.dblkElems, out[first:end]); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// superBlock reads the data block addresses of a secondary block ("EASB").
func (ea *earray) superBlock(addr uint64, s sblkInfo) ([]uint64, error) {
	r := ea.r
	pre := uint64(6 + r.so + ea.offSize)
	if s.dblkElems > ea.pageElems {
		npages := s.dblkElems / ea.pageElems
		pre += (s.ndblks*npages + 7) / 8 // page initialisation bitmap
	}
	if s.ndblks > uint64(r.size)/uint64(r.so) {
		return nil, fmt.Errorf("extensible array super block of %d data blocks larger than the file", s.ndblks)
	}
	buf, err := r.read(addr, pre+s.ndblks*uint64(r.so))
	if err != nil {
		return nil, fmt.Errorf("extensible array super block: %w", err)
	}
	if !bytes.HasPrefix(buf, []byte("EASB")) {
		return nil, fmt.Errorf("extensible array super block lacks EASB signature")
	}
	d := &dec{b: buf, off: int(pre)}
	addrs := make([]uint64, s.ndblks)
	for i := range addrs {
		addrs[i] = r.off(d)
	}
	return addrs, d.err
}

// dataBlock fills out with the elements of the data block ("EADB") at addr; a paged
// block stores its elements in pages, each followed by a checksum.
func (ea *earray) dataBlock(addr, nelems uint64, out [][]byte) error {
	r := ea.r
	es := uint64(ea.elemSize)
	pre := uint64(6 + r.so + ea.offSize)
	head, err := r.read(addr, pre)
	if err != nil {
		return fmt.Errorf("extensible array data block: %w", err)
	}
	if !bytes.HasPrefix(head, []byte("EADB")) {
		return fmt.Errorf("extensible array data block lacks EADB signature")
	}
	want := uint64(len(out))
	if nelems <= ea.pageElems {
		buf, err := r.read(addr+pre, want*es)
		if err != nil {
			return fmt.Errorf("extensible array data block: %w", err)
		}
		for i := range out {
			out[i] = buf[uint64(i)*es : uint64(i+1)*es]
		}
		return nil
	}
	pageAddr := addr + pre + 4 // the block's own checksum precedes its pages
	for start := uint64(0); start < want; start += ea.pageElems {
		cnt := min(ea.pageElems, want-start)
		buf, err := r.read(pageAddr, cnt*es)
		if err != nil {
			return fmt.Errorf("extensible array data block page: %w", err)
		}
		for i := uint64(0); i < cnt; i++ {
			out[start+i] = buf[i*es : (i+1)*es]
		}
		pageAddr += ea.pageElems*es + 4
	}
	return nil
}
