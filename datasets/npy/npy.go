// Package npy reads and writes NumPy's .npy arrays and warpkit's datasets in the two layouts
// built from them: an .npz archive (npz.go) and an npy set, one .npy per array beside a JSON
// sidecar (set.go). numpy reads both without pickle, and arrays numpy wrote (any byte order,
// Fortran order, float, integer or unicode dtypes) read back.
package npy

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The NumPy .npy format (numpy.lib.format): magic "\x93NUMPY", a version, a little-endian
// header length, an ASCII Python dict literal {'descr', 'fortran_order', 'shape'} padded to a
// multiple of 64 bytes and ending in '\n', then the raw array.

// Magic starts every .npy file.
const Magic = "\x93NUMPY"

// Header is what an .npy file says of its array before the data.
type Header struct {
	Descr   string // dtype, e.g. "<f8", ">i4", "<U12"
	Shape   []int
	Fortran bool // stored in column-major order
}

// Array is a decoded .npy array: numbers as float64, or strings for unicode dtypes, both in
// C (row-major) order whatever the file's order.
type Array struct {
	Header
	F64 []float64 // numeric arrays
	Str []string  // unicode arrays
}

// writeHeader writes the magic, version and header for a C-ordered array.
func writeHeader(w io.Writer, descr string, shape []int) error {
	dims := make([]string, len(shape))
	for i, n := range shape {
		dims[i] = strconv.Itoa(n)
	}
	tuple := strings.Join(dims, ", ")
	if len(shape) == 1 {
		tuple += ","
	}
	h := fmt.Sprintf("{'descr': '%s', 'fortran_order': False, 'shape': (%s), }", descr, tuple)
	// Version 1.0 keeps the header length in 2 bytes; the data start is aligned to 64.
	total := len(Magic) + 2 + 2 + len(h) + 1
	pad := (64 - total%64) % 64
	h += strings.Repeat(" ", pad) + "\n"
	if len(h) > math.MaxUint16 {
		return errors.New("npy: header too long")
	}
	var pre [10]byte
	copy(pre[:], Magic)
	pre[6], pre[7] = 1, 0
	binary.LittleEndian.PutUint16(pre[8:], uint16(len(h)))
	if _, err := w.Write(pre[:]); err != nil {
		return err
	}
	_, err := io.WriteString(w, h)
	return err
}

// Write writes data as a little-endian float64 .npy array of the given shape.
func Write(w io.Writer, shape []int, data []float64) error {
	if n := product(shape); n != len(data) {
		return fmt.Errorf("npy: shape %v holds %d values, data has %d", shape, n, len(data))
	}
	if err := writeHeader(w, "<f8", shape); err != nil {
		return err
	}
	return writeFloat64LE(w, data)
}

// writeFloat64LE streams values through a fixed buffer, so a 100 MB array is never copied whole.
func writeFloat64LE(w io.Writer, data []float64) error {
	const chunk = 8192
	var buf [chunk * 8]byte
	for len(data) > 0 {
		n := min(chunk, len(data))
		b := buf[:n*8]
		for i, v := range data[:n] {
			binary.LittleEndian.PutUint64(b[i*8:], math.Float64bits(v))
		}
		if _, err := w.Write(b); err != nil {
			return err
		}
		data = data[n:]
	}
	return nil
}

// WriteString writes s as a 0-d unicode array ('<U n', UTF-32LE), which np.load reads
// without allow_pickle and .item() turns into a str.
func WriteString(w io.Writer, s string) error {
	runes := []rune(s)
	n := max(1, len(runes))
	if err := writeHeader(w, "<U"+strconv.Itoa(n), nil); err != nil {
		return err
	}
	b := make([]byte, 4*n)
	for i, r := range runes {
		binary.LittleEndian.PutUint32(b[4*i:], uint32(r))
	}
	_, err := w.Write(b)
	return err
}

func product(shape []int) int {
	n := 1
	for _, d := range shape {
		n *= d
	}
	return n
}

// ReadHeader reads the magic and header of an .npy stream of at most size bytes, not its
// data.
func ReadHeader(r io.Reader, size int64) (Header, error) {
	var pre [8]byte
	if _, err := io.ReadFull(r, pre[:]); err != nil {
		return Header{}, fmt.Errorf("npy: header: %w", err)
	}
	if string(pre[:6]) != Magic {
		return Header{}, errors.New("npy: not a .npy file (bad magic)")
	}
	var hlen int64
	switch pre[6] {
	case 1:
		var b [2]byte
		if _, err := io.ReadFull(r, b[:]); err != nil {
			return Header{}, fmt.Errorf("npy: header: %w", err)
		}
		hlen = int64(binary.LittleEndian.Uint16(b[:]))
	case 2, 3:
		var b [4]byte
		if _, err := io.ReadFull(r, b[:]); err != nil {
			return Header{}, fmt.Errorf("npy: header: %w", err)
		}
		hlen = int64(binary.LittleEndian.Uint32(b[:]))
	default:
		return Header{}, fmt.Errorf("npy: unsupported format version %d.%d", pre[6], pre[7])
	}
	if hlen > size || hlen > 1<<20 {
		return Header{}, fmt.Errorf("npy: header length %d exceeds the file", hlen)
	}
	hb := make([]byte, hlen)
	if _, err := io.ReadFull(r, hb); err != nil {
		return Header{}, fmt.Errorf("npy: header: %w", err)
	}
	if !utf8.Valid(hb) {
		return Header{}, errors.New("npy: header is not text")
	}
	return parseHeader(string(hb))
}

// Read decodes an .npy stream of at most size bytes. Every length read from the stream is
// checked against size before anything is allocated, so a damaged file gives an error.
func Read(r io.Reader, size int64) (*Array, error) {
	br := bufio.NewReader(r)
	h, err := ReadHeader(br, size)
	if err != nil {
		return nil, err
	}
	a := &Array{Header: h}
	n := 1
	for _, d := range a.Shape {
		if d < 0 || (d > 0 && n > math.MaxInt32/d) {
			return nil, fmt.Errorf("npy: shape %v too large", a.Shape)
		}
		n *= d
	}
	ds, err := descrSize(a.Descr)
	if err != nil {
		return nil, err
	}
	if int64(n)*int64(ds) > size {
		return nil, fmt.Errorf("npy: shape %v of %s needs %d bytes, file has at most %d", a.Shape, a.Descr, int64(n)*int64(ds), size)
	}
	raw := make([]byte, n*ds)
	if _, err := io.ReadFull(br, raw); err != nil {
		return nil, fmt.Errorf("npy: data: %w", err)
	}
	if err := decodeData(a, raw, n, ds); err != nil {
		return nil, err
	}
	if a.Fortran && len(a.Shape) > 1 {
		if a.F64 != nil {
			a.F64 = fortranToC(a.F64, a.Shape)
		} else {
			a.Str = fortranToC(a.Str, a.Shape)
		}
	}
	return a, nil
}

// descrSize is the byte width of one element of a supported dtype.
func descrSize(descr string) (int, error) {
	if len(descr) < 3 {
		return 0, fmt.Errorf("npy: unsupported dtype %q", descr)
	}
	switch descr[1:] {
	case "f8", "i8", "u8":
		return 8, nil
	case "f4", "i4", "u4":
		return 4, nil
	case "i2", "u2":
		return 2, nil
	case "i1", "u1", "b1":
		return 1, nil
	}
	if descr[1] == 'U' {
		k, err := strconv.Atoi(descr[2:])
		if err != nil || k < 1 || k > 1<<20 {
			return 0, fmt.Errorf("npy: unsupported dtype %q", descr)
		}
		return 4 * k, nil
	}
	return 0, fmt.Errorf("npy: unsupported dtype %q (want float, int or unicode)", descr)
}

func decodeData(a *Array, raw []byte, n, ds int) error {
	var bo binary.ByteOrder = binary.LittleEndian
	switch a.Descr[0] {
	case '<', '|', '=':
	case '>':
		bo = binary.BigEndian
	default:
		return fmt.Errorf("npy: unsupported byte order in %q", a.Descr)
	}
	if a.Descr[1] == 'U' {
		a.Str = make([]string, n)
		for i := range n {
			rs := make([]rune, 0, ds/4)
			for j := 0; j < ds; j += 4 {
				c := rune(bo.Uint32(raw[i*ds+j:]))
				if c == 0 {
					break
				}
				rs = append(rs, c)
			}
			a.Str[i] = string(rs)
		}
		return nil
	}
	a.F64 = make([]float64, n)
	k := a.Descr[1:]
	for i := range n {
		b := raw[i*ds:]
		var v float64
		switch k {
		case "f8":
			v = math.Float64frombits(bo.Uint64(b))
		case "f4":
			v = float64(math.Float32frombits(bo.Uint32(b)))
		case "i8":
			v = float64(int64(bo.Uint64(b)))
		case "u8":
			v = float64(bo.Uint64(b))
		case "i4":
			v = float64(int32(bo.Uint32(b)))
		case "u4":
			v = float64(bo.Uint32(b))
		case "i2":
			v = float64(int16(bo.Uint16(b)))
		case "u2":
			v = float64(bo.Uint16(b))
		case "i1":
			v = float64(int8(b[0]))
		default: // u1, b1
			v = float64(b[0])
		}
		a.F64[i] = v
	}
	return nil
}

// fortranToC reorders a column-major array into row-major order.
func fortranToC[E any](src []E, shape []int) []E {
	dst := make([]E, len(src))
	nd := len(shape)
	idx := make([]int, nd)
	for c := range dst {
		// idx is the multi-index of C-order position c; its F-order offset is Σ idx[k]·Π_{j<k} shape[j].
		f, stride := 0, 1
		for k := 0; k < nd; k++ {
			f += idx[k] * stride
			stride *= shape[k]
		}
		dst[c] = src[f]
		for k := nd - 1; k >= 0; k-- {
			idx[k]++
			if idx[k] < shape[k] {
				break
			}
			idx[k] = 0
		}
	}
	return dst
}

// parseHeader reads the dict literal numpy writes; it accepts either quote style and any
// key order, and rejects anything else.
func parseHeader(h string) (Header, error) {
	h = strings.TrimSpace(h)
	if !strings.HasPrefix(h, "{") || !strings.HasSuffix(h, "}") {
		return Header{}, fmt.Errorf("npy: header %q is not a dict", h)
	}
	body := h[1 : len(h)-1]
	var a Header
	haveDescr, haveShape := false, false
	for len(strings.TrimSpace(body)) > 0 {
		body = strings.TrimSpace(body)
		key, rest, err := pyString(body)
		if err != nil {
			return Header{}, fmt.Errorf("npy: header key: %w", err)
		}
		rest = strings.TrimSpace(rest)
		if !strings.HasPrefix(rest, ":") {
			return Header{}, fmt.Errorf("npy: header: missing ':' after %q", key)
		}
		rest = strings.TrimSpace(rest[1:])
		switch key {
		case "descr":
			a.Descr, rest, err = pyString(rest)
			if err != nil {
				return Header{}, fmt.Errorf("npy: descr: %w", err)
			}
			haveDescr = true
		case "fortran_order":
			switch {
			case strings.HasPrefix(rest, "True"):
				a.Fortran, rest = true, rest[4:]
			case strings.HasPrefix(rest, "False"):
				rest = rest[5:]
			default:
				return Header{}, errors.New("npy: fortran_order: want True or False")
			}
		case "shape":
			end := strings.IndexByte(rest, ')')
			if !strings.HasPrefix(rest, "(") || end < 0 {
				return Header{}, errors.New("npy: shape: want a tuple")
			}
			a.Shape = []int{}
			for _, f := range strings.Split(rest[1:end], ",") {
				f = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(f), "L"))
				if f == "" {
					continue
				}
				d, err := strconv.Atoi(f)
				if err != nil || d < 0 {
					return Header{}, fmt.Errorf("npy: shape: bad dimension %q", f)
				}
				a.Shape = append(a.Shape, d)
			}
			if len(a.Shape) > 32 {
				return Header{}, errors.New("npy: shape: too many dimensions")
			}
			rest = rest[end+1:]
			haveShape = true
		default:
			return Header{}, fmt.Errorf("npy: header: unexpected key %q", key)
		}
		rest = strings.TrimSpace(rest)
		rest = strings.TrimPrefix(rest, ",")
		body = rest
	}
	if !haveDescr || !haveShape {
		return Header{}, errors.New("npy: header lacks descr or shape")
	}
	return a, nil
}

// pyString reads a quoted Python string literal at the start of s (no escapes: numpy's
// headers have none).
func pyString(s string) (string, string, error) {
	if s == "" || (s[0] != '\'' && s[0] != '"') {
		return "", s, fmt.Errorf("want a quoted string at %q", trunc(s))
	}
	end := strings.IndexByte(s[1:], s[0])
	if end < 0 {
		return "", s, fmt.Errorf("unterminated string at %q", trunc(s))
	}
	return s[1 : 1+end], s[end+2:], nil
}

func trunc(s string) string {
	if len(s) > 20 {
		return s[:20] + "..."
	}
	return s
}
