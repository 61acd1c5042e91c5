package datasets

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/warpkit/warpkit/datasets/npy"
	"github.com/warpkit/warpkit/datasets/tablefile"
)

// Format is a file format warpkit reads and writes.
type Format string

// The supported formats.
const (
	FormatHDF5    Format = "h5"
	FormatArrow   Format = "arrow"
	FormatParquet Format = "parquet"
	FormatNPZ     Format = "npz"
	FormatNPY     Format = "npy" // one .npy per split and array, plus a JSON sidecar
)

// Formats lists the formats in the order help text shows them.
func Formats() []Format {
	return []Format{FormatHDF5, FormatArrow, FormatParquet, FormatNPZ, FormatNPY}
}

// ParseFormat accepts a format name or a common alias (hdf5, feather, ipc, pq).
func ParseFormat(s string) (Format, error) {
	switch strings.ToLower(strings.TrimPrefix(s, ".")) {
	case "h5", "hdf5", "he5":
		return FormatHDF5, nil
	case "arrow", "feather", "ipc":
		return FormatArrow, nil
	case "parquet", "pq":
		return FormatParquet, nil
	case "npz":
		return FormatNPZ, nil
	case "npy":
		return FormatNPY, nil
	}
	return "", fmt.Errorf("datasets: unknown format %q (valid: %v)", s, Formats())
}

// FormatFromPath picks the format from the file extension; a folder means npy.
func FormatFromPath(path string) (Format, error) {
	if st, err := os.Stat(path); err == nil && st.IsDir() || strings.HasSuffix(path, "/") {
		return FormatNPY, nil
	}
	ext := filepath.Ext(path)
	if ext == "" {
		return "", fmt.Errorf("datasets: %s: no extension to tell the format from (use --format: %v)", path, Formats())
	}
	f, err := ParseFormat(ext)
	if err != nil {
		return "", fmt.Errorf("datasets: %s: unknown extension %q (valid formats: %v)", path, ext, Formats())
	}
	return f, nil
}

// WriteOptions controls Write.
type WriteOptions struct {
	Format   Format // empty: from the extension
	Compress bool   // HDF5 chunked+deflate, Parquet zstd, npz deflate
	Force    bool   // replace existing files
}

// Write checks d and writes it to path. The file appears only when complete; an existing file
// is kept unless opt.Force.
func Write(d *Dataset, path string, opt WriteOptions) error {
	if err := d.Check(); err != nil {
		return err
	}
	f := opt.Format
	if f == "" {
		var err error
		if f, err = FormatFromPath(path); err != nil {
			return err
		}
	}
	switch f {
	case FormatHDF5:
		return writeHDF5(d, path, opt)
	case FormatArrow:
		return writeArrow(d, path, opt)
	case FormatParquet:
		return writeParquet(d, path, opt)
	case FormatNPZ:
		return writeNPZ(d, path, opt)
	case FormatNPY:
		return writeNPYSet(d, path, opt)
	}
	return fmt.Errorf("datasets: %s: unknown format %q (valid: %v)", path, f, Formats())
}

// Magic bytes of each format, for files whose extension says nothing.
var magics = []struct {
	prefix string
	format Format
}{
	{"\x89HDF\r\n\x1a\n", FormatHDF5},
	{"ARROW1", FormatArrow},
	{"PAR1", FormatParquet},
	{"PK\x03\x04", FormatNPZ},
	{"PK\x05\x06", FormatNPZ},
	{npy.Magic, FormatNPY},
}

// Open reads a dataset from any supported file: by extension, then by magic bytes. A folder
// or an npy sidecar (.json) opens an npy set; a folder of Parquet shards opens as their merge.
func Open(path string) (*Dataset, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("datasets: %w", err)
	}
	if st.IsDir() {
		return openDir(path)
	}
	if strings.EqualFold(filepath.Ext(path), ".json") {
		return readNPYSet(path)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("datasets: %w", err)
	}
	defer f.Close()
	var head [8]byte
	n, _ := io.ReadFull(f, head[:])
	format, extErr := FormatFromPath(path)
	if extErr != nil || !hasMagic(head[:n], format) {
		format = ""
		for _, m := range magics {
			if bytes.HasPrefix(head[:n], []byte(m.prefix)) {
				format = m.format
				break
			}
		}
		if format == "" {
			return nil, fmt.Errorf("datasets: %s: not a recognised file (valid formats: %v)", path, Formats())
		}
	}
	var d *Dataset
	switch format {
	case FormatHDF5:
		d, err = readHDF5(path)
	case FormatArrow:
		d, err = readFileSet(tablefile.ReadArrow, f, st.Size(), path)
	case FormatParquet:
		d, err = readFileSet(tablefile.ReadParquet, f, st.Size(), path)
	case FormatNPZ:
		d, err = readFileSet(npy.ReadNPZ, f, st.Size(), path)
	case FormatNPY:
		d, err = readNPYFile(f, st.Size(), path)
	}
	if err != nil {
		return nil, err
	}
	if err := d.Check(); err != nil {
		return nil, fmt.Errorf("datasets: %s: %w", path, err)
	}
	return d, nil
}

// hasMagic reports whether head starts with the magic of format (npy sidecars have none).
func hasMagic(head []byte, format Format) bool {
	for _, m := range magics {
		if m.format == format && bytes.HasPrefix(head, []byte(m.prefix)) {
			return true
		}
	}
	return false
}

// CheckOutput reports, before any work, why Write(…, path, opt) would be refused: an
// existing file without Force, or a folder that does not exist.
func CheckOutput(path string, opt WriteOptions) error {
	f := opt.Format
	if f == "" {
		var err error
		if f, err = FormatFromPath(path); err != nil {
			return err
		}
	}
	if f == FormatNPY {
		if strings.HasSuffix(path, "/") {
			return nil // created on writing
		}
		if st, err := os.Stat(path); err == nil && st.IsDir() {
			return nil
		}
		if err := checkDest(strings.TrimSuffix(strings.TrimSuffix(path, ".npy"), ".json")+".json", opt.Force); err != nil {
			return err
		}
	} else if err := checkDest(path, opt.Force); err != nil {
		return err
	}
	dir := filepath.Dir(path)
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return fmt.Errorf("datasets: %s: folder %s does not exist", path, dir)
	}
	return nil
}
