package h5

import (
	"errors"
	"fmt"
	"io"
)

// reader holds the state shared by every object read from one file.
type reader struct {
	ra     io.ReaderAt
	closer io.Closer
	size   int64
	name   string
	base   uint64 // superblock base address; every file address is relative to it
	so, sl int    // size of offsets and of lengths, in bytes

	headers map[uint64]*objHeader
	gheaps  map[uint64]map[uint16][]byte
}

// errRange reports a structure that points outside the file.
var errRange = errors.New("address or length outside the file")

// read returns n bytes at file address addr (relative to the base address), after
// checking that they lie inside the file, so a damaged length can never make the
// reader allocate more than the file holds.
func (r *reader) read(addr, n uint64) ([]byte, error) {
	if addr == undef {
		return nil, fmt.Errorf("undefined address: %w", errRange)
	}
	abs := addr + r.base
	if abs < addr || abs > uint64(r.size) || n > uint64(r.size)-abs {
		return nil, fmt.Errorf("%d bytes at %d in a %d-byte file: %w", n, abs, r.size, errRange)
	}
	buf := make([]byte, n)
	if err := r.readInto(buf, abs); err != nil {
		return nil, err
	}
	return buf, nil
}

// readInto fills buf from absolute offset off.
func (r *reader) readInto(buf []byte, off uint64) error {
	// io.ReaderAt may report io.EOF along with a full read that ends the file.
	if n, err := r.ra.ReadAt(buf, int64(off)); n < len(buf) {
		if err == nil || errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		return fmt.Errorf("read %d bytes at %d: %w", len(buf), off, err)
	}
	return nil
}

// readUpTo returns up to n bytes at addr, fewer when the file ends first; object
// headers and heaps are parsed from such speculative reads.
func (r *reader) readUpTo(addr, n uint64) ([]byte, error) {
	abs := addr + r.base
	if addr == undef || abs < addr || abs >= uint64(r.size) {
		return nil, fmt.Errorf("address %d in a %d-byte file: %w", addr, r.size, errRange)
	}
	if n > uint64(r.size)-abs {
		n = uint64(r.size) - abs
	}
	return r.read(addr, n)
}

// fits reports whether n bytes starting at addr lie inside the file.
func (r *reader) fits(addr, n uint64) bool {
	abs := addr + r.base
	return addr != undef && abs >= addr && abs <= uint64(r.size) && n <= uint64(r.size)-abs
}

// dec returns a decoder over b configured for this file's offset and length sizes.
func (r *reader) off(d *dec) uint64    { return d.uN(r.so) }
func (r *reader) length(d *dec) uint64 { return d.uN(r.sl) }
