package h5

import (
	"bytes"
	"fmt"
)

// signature opens every HDF5 superblock.
var signature = []byte{0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'}

// Superblock v0 parameters the writer uses: 8-byte offsets and lengths, the library's
// default B-tree K values (symbol-table nodes hold 2*groupLeafK entries, group B-tree
// nodes 2*groupInternalK children, chunk B-tree nodes 2*chunkK children).
const (
	groupLeafK     = 4
	groupInternalK = 16
	chunkK         = 32
	superblockSize = 96
)

// readSuperblock finds the superblock (at 0, 512, 1024, ... when a user block precedes
// it), records offset sizes and the base address, and returns the root object header
// address.
func (r *reader) readSuperblock() (uint64, error) {
	var at int64 = -1
	for off := int64(0); off+8 <= r.size; off = nextUserBlock(off) {
		sig := make([]byte, 8)
		if err := r.readInto(sig, uint64(off)); err != nil {
			return 0, err
		}
		if bytes.Equal(sig, signature) {
			at = off
			break
		}
	}
	if at < 0 {
		return 0, fmt.Errorf("no HDF5 signature found (not an HDF5 file)")
	}
	n := int64(128)
	if r.size-at < n {
		n = r.size - at
	}
	buf := make([]byte, n)
	if err := r.readInto(buf, uint64(at)); err != nil {
		return 0, err
	}
	d := &dec{b: buf, off: 8}
	version := d.u8()
	var root, eof uint64
	switch version {
	case 0, 1:
		d.skip(3) // free-space, root-group-entry versions, reserved
		d.skip(1) // shared header message version
		r.so, r.sl = int(d.u8()), int(d.u8())
		if err := r.checkSizes(); err != nil {
			return 0, err
		}
		d.skip(1)
		d.skip(4) // group leaf and internal K
		d.skip(4) // consistency flags
		if version == 1 {
			d.skip(4) // indexed storage K, reserved
		}
		r.base = r.off(d)
		d.skip(r.so) // free-space info
		eof = r.off(d)
		d.skip(r.so) // driver info
		d.skip(r.so) // root entry: link name offset
		root = r.off(d)
	case 2, 3:
		r.so, r.sl = int(d.u8()), int(d.u8())
		if err := r.checkSizes(); err != nil {
			return 0, err
		}
		d.skip(1) // flags
		r.base = r.off(d)
		d.skip(r.so) // superblock extension
		eof = r.off(d)
		root = r.off(d)
	default:
		return 0, fmt.Errorf("superblock version %d not supported", version)
	}
	if d.err != nil {
		return 0, d.err
	}
	if r.base == undef || r.base > uint64(r.size) {
		return 0, fmt.Errorf("base address %d outside the file: %w", r.base, errRange)
	}
	// The library refuses a file shorter than its recorded end; so do we, which also
	// catches truncation inside slack that no structure would otherwise touch. (The
	// library records the end from the start of the file even after a user block.)
	if eof != undef && eof > uint64(r.size) {
		return 0, fmt.Errorf("file is truncated: superblock records %d bytes, file has %d", eof, r.size)
	}
	return root, nil
}

// nextUserBlock returns the next place a superblock may sit: a user block is 512 bytes
// or a larger power of two.
func nextUserBlock(off int64) int64 {
	if off == 0 {
		return 512
	}
	return off * 2
}

func (r *reader) checkSizes() error {
	for _, s := range []int{r.so, r.sl} {
		if s != 2 && s != 4 && s != 8 {
			return fmt.Errorf("offset/length size %d not supported (want 2, 4 or 8)", s)
		}
	}
	return nil
}

// encodeSuperblock writes a version-0 superblock whose root symbol-table entry caches
// the root group's B-tree and heap, as the HDF5 library itself does.
func encodeSuperblock(eof, rootHeader, rootBtree, rootHeap uint64) []byte {
	e := &enc{}
	e.raw(signature)
	e.raw([]byte{0, 0, 0, 0, 0, 8, 8, 0})
	e.u16(groupLeafK)
	e.u16(groupInternalK)
	e.u32(0)
	e.u64(0)     // base address
	e.u64(undef) // free-space info
	e.u64(eof)
	e.u64(undef) // driver info
	encodeSymbolEntry(e, 0, rootHeader, rootBtree, rootHeap)
	return e.b
}
