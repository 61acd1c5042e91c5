package tablefile

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// The Arrow IPC reader trusts the lengths in a file's flatbuffer metadata and allocates them
// (a damaged field count asked for 70 GB in fuzzing, which no recover can catch). Before
// handing a file to it, verifyArrowFile walks the footer, the schema and each record batch's
// metadata with bounds checks, and refuses any length the file cannot back.

var errFB = errors.New("flatbuffer offset out of range")

// fb is a bounds-checked view of one flatbuffer.
type fb []byte

func (b fb) u32(at int) (int, error) {
	if at < 0 || at+4 > len(b) {
		return 0, errFB
	}
	return int(binary.LittleEndian.Uint32(b[at:])), nil
}

func (b fb) i64(at int) (int64, error) {
	if at < 0 || at+8 > len(b) {
		return 0, errFB
	}
	return int64(binary.LittleEndian.Uint64(b[at:])), nil
}

// root is the position of the root table.
func (b fb) root() (int, error) { return b.u32(0) }

// field returns the absolute position of field i of the table at pos, or -1 when absent.
func (b fb) field(pos, i int) (int, error) {
	so, err := b.u32(pos)
	if err != nil {
		return 0, err
	}
	vt := pos - int(int32(uint32(so)))
	if vt < 0 || vt+4 > len(b) {
		return 0, errFB
	}
	vsize := int(binary.LittleEndian.Uint16(b[vt:]))
	if 4+2*i+2 > vsize || vt+4+2*i+2 > len(b) {
		return -1, nil
	}
	off := int(binary.LittleEndian.Uint16(b[vt+4+2*i:]))
	if off == 0 {
		return -1, nil
	}
	return pos + off, nil
}

// ref follows the offset stored in field i (a table, vector or string), or returns -1.
func (b fb) ref(pos, i int) (int, error) {
	at, err := b.field(pos, i)
	if err != nil || at < 0 {
		return at, err
	}
	o, err := b.u32(at)
	if err != nil {
		return 0, err
	}
	if at+o >= len(b) {
		return 0, errFB
	}
	return at + o, nil
}

// vector checks field i as a vector of elem-byte elements and returns its start and length.
func (b fb) vector(pos, i, elem int) (start, n int, err error) {
	at, err := b.ref(pos, i)
	if err != nil || at < 0 {
		return 0, 0, err
	}
	n, err = b.u32(at)
	if err != nil {
		return 0, 0, err
	}
	if n > (len(b)-at-4)/elem {
		return 0, 0, fmt.Errorf("vector of %d elements exceeds its %d-byte buffer", n, len(b))
	}
	return at + 4, n, nil
}

// tables checks a vector of tables and returns the position of each.
func (b fb) tables(pos, i int) ([]int, error) {
	start, n, err := b.vector(pos, i, 4)
	if err != nil {
		return nil, err
	}
	out := make([]int, n)
	for k := range n {
		o, err := b.u32(start + 4*k)
		if err != nil {
			return nil, err
		}
		out[k] = start + 4*k + o
		if out[k] >= len(b) {
			return nil, errFB
		}
	}
	return out, nil
}

func (b fb) strings(pos, i int) error {
	at, err := b.ref(pos, i)
	if err != nil || at < 0 {
		return err
	}
	n, err := b.u32(at)
	if err != nil {
		return err
	}
	if n > len(b)-at-4 {
		return errFB
	}
	return nil
}

func (b fb) keyValues(pos, i int) error {
	kvs, err := b.tables(pos, i)
	if err != nil {
		return err
	}
	for _, kv := range kvs {
		if err := b.strings(kv, 0); err != nil {
			return err
		}
		if err := b.strings(kv, 1); err != nil {
			return err
		}
	}
	return nil
}

// checkField checks a Field table: name, children (recursively) and metadata.
func (b fb) checkField(pos, depth int) error {
	if depth > 64 {
		return errors.New("schema nested too deeply")
	}
	if err := b.strings(pos, 0); err != nil {
		return err
	}
	kids, err := b.tables(pos, 5)
	if err != nil {
		return err
	}
	for _, k := range kids {
		if err := b.checkField(k, depth+1); err != nil {
			return err
		}
	}
	return b.keyValues(pos, 6)
}

func readAtFull(r io.ReaderAt, off, n int64) ([]byte, error) {
	buf := make([]byte, n)
	_, err := r.ReadAt(buf, off)
	return buf, err
}

// verifyArrowFile checks every length in an Arrow IPC file's metadata against the file size.
func verifyArrowFile(r io.ReaderAt, size int64) error {
	const tail = 10 // int32 footer length + "ARROW1"
	if size < 8+tail {
		return errors.New("file too small for Arrow IPC")
	}
	t, err := readAtFull(r, size-tail, tail)
	if err != nil {
		return err
	}
	flen := int64(binary.LittleEndian.Uint32(t))
	if string(t[4:]) != "ARROW1" || flen <= 0 || flen > size-8-tail {
		return errors.New("bad Arrow footer")
	}
	foot, err := readAtFull(r, size-tail-flen, flen)
	if err != nil {
		return err
	}
	b := fb(foot)
	root, err := b.root()
	if err != nil {
		return err
	}
	schema, err := b.ref(root, 1)
	if err != nil {
		return fmt.Errorf("footer: %w", err)
	}
	if schema >= 0 {
		if err := b.checkSchema(schema); err != nil {
			return err
		}
	}
	for _, vi := range []int{2, 3} { // dictionaries, record batches: vectors of 24-byte Blocks
		start, n, err := b.vector(root, vi, 24)
		if err != nil {
			return fmt.Errorf("footer blocks: %w", err)
		}
		for k := range n {
			at := start + 24*k
			off, _ := b.i64(at)
			meta := int64(int32(binary.LittleEndian.Uint32(b[at+8:])))
			body, _ := b.i64(at + 16)
			if off < 0 || meta < 8 || body < 0 || off > size || meta > size-off || body > size-off-meta {
				return fmt.Errorf("block %d (offset %d, metadata %d, body %d) lies outside the %d-byte file", k, off, meta, body, size)
			}
			if err := verifyArrowMessage(r, off, meta, body, vi == 2); err != nil {
				return fmt.Errorf("block %d: %w", k, err)
			}
		}
	}
	return nil
}

// verifyArrowMessage checks a record batch (or dictionary batch) message: its row count, its
// node and buffer vectors and, when compressed, each buffer's stated uncompressed length.
func verifyArrowMessage(r io.ReaderAt, off, meta, body int64, dict bool) error {
	raw, err := readAtFull(r, off, meta)
	if err != nil {
		return err
	}
	b, hdr, err := messageHeader(raw)
	if err != nil || hdr < 0 {
		return err
	}
	if dict {
		if hdr, err = b.ref(hdr, 1); err != nil || hdr < 0 {
			return err
		}
	}
	if at, err := b.field(hdr, 0); err != nil {
		return err
	} else if at >= 0 {
		rows, err := b.i64(at)
		if err != nil {
			return err
		}
		if rows < 0 || rows > 8*body+64 {
			return fmt.Errorf("%d rows cannot fit a %d-byte body", rows, body)
		}
	}
	if _, _, err := b.vector(hdr, 1, 16); err != nil {
		return fmt.Errorf("nodes: %w", err)
	}
	bstart, nbuf, err := b.vector(hdr, 2, 16)
	if err != nil {
		return fmt.Errorf("buffers: %w", err)
	}
	compressed, err := b.ref(hdr, 3)
	if err != nil {
		return err
	}
	for k := range nbuf {
		bo, _ := b.i64(bstart + 16*k)
		bl, _ := b.i64(bstart + 16*k + 8)
		if bo < 0 || bl < 0 || bo > body || bl > body-bo {
			return fmt.Errorf("buffer %d (offset %d, length %d) outside the %d-byte body", k, bo, bl, body)
		}
		if compressed >= 0 && bl >= 8 {
			p, err := readAtFull(r, off+meta+bo, 8)
			if err != nil {
				return err
			}
			// A compressed buffer starts with its uncompressed length (−1: stored as is).
			if u := int64(binary.LittleEndian.Uint64(p)); u < -1 || u > 1100*bl {
				return fmt.Errorf("buffer %d claims %d bytes uncompressed from %d", k, u, bl)
			}
		}
	}
	return nil
}

// messageHeader finds the header table of an encapsulated IPC message (after its optional
// 0xFFFFFFFF continuation marker and its length): hdr is −1 when the message has none.
func messageHeader(raw []byte) (b fb, hdr int, err error) {
	skip := 4
	if binary.LittleEndian.Uint32(raw) == 0xFFFFFFFF {
		skip = 8
	}
	b = fb(raw[skip:])
	root, err := b.root()
	if err != nil {
		return b, -1, err
	}
	hdr, err = b.ref(root, 2)
	return b, hdr, err
}

// checkSchema checks a Schema table: its fields (recursively), metadata and features.
func (b fb) checkSchema(schema int) error {
	fields, err := b.tables(schema, 1)
	if err != nil {
		return fmt.Errorf("schema: %w", err)
	}
	for _, f := range fields {
		if err := b.checkField(f, 0); err != nil {
			return fmt.Errorf("schema field: %w", err)
		}
	}
	if err := b.keyValues(schema, 2); err != nil {
		return fmt.Errorf("schema metadata: %w", err)
	}
	if _, _, err := b.vector(schema, 3, 8); err != nil {
		return fmt.Errorf("schema features: %w", err)
	}
	return nil
}

// verifySchemaMessage checks an IPC schema message, such as the ARROW:schema that Parquet
// files written from Arrow carry, before the Arrow reader decodes it.
func verifySchemaMessage(raw []byte) error {
	if len(raw) < 8 {
		return errors.New("schema message too short")
	}
	b, hdr, err := messageHeader(raw)
	if err != nil || hdr < 0 {
		return err
	}
	return b.checkSchema(hdr)
}
