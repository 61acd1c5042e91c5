package datasets

import (
	"archive/zip"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
)

// Entry is one array or column of a file as stored, before any conversion.
type Entry struct {
	Name  string
	Dtype string // as the format names it: float64, <f8, int64, utf8, ...
	Shape []int  // rows for a table column
}

// Contents lists the stored arrays (npz, npy) or columns (Arrow, Parquet) of a file with
// their stored types, for inspection. HDF5 files are walked with package h5 instead.
func Contents(path string) ([]Entry, error) {
	format, err := FormatFromPath(path)
	if err != nil || strings.EqualFold(filepath.Ext(path), ".json") {
		return nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("datasets: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("datasets: %w", err)
	}
	var out []Entry
	switch format {
	case FormatArrow:
		if err := verifyArrowFile(f, st.Size()); err != nil {
			return nil, fmt.Errorf("datasets: %s: damaged Arrow file: %w", path, err)
		}
		r, err := ipc.NewFileReader(f)
		if err != nil {
			return nil, fmt.Errorf("datasets: %s: %w", path, err)
		}
		defer r.Close()
		rows := 0
		for i := range r.NumRecords() {
			rec, err := r.RecordBatchAt(i)
			if err != nil {
				return nil, fmt.Errorf("datasets: %s: %w", path, err)
			}
			rows += int(rec.NumRows())
			rec.Release()
		}
		for _, fd := range r.Schema().Fields() {
			out = append(out, Entry{Name: fd.Name, Dtype: fd.Type.String(), Shape: []int{rows}})
		}
	case FormatParquet:
		pf, err := file.NewParquetReader(f)
		if err != nil {
			return nil, fmt.Errorf("datasets: %s: %w", path, err)
		}
		defer pf.Close()
		// Read the Parquet schema without the stored Arrow schema, which is unchecked here.
		sc, err := pqarrow.FromParquet(pf.MetaData().Schema, nil, nil)
		if err != nil {
			return nil, fmt.Errorf("datasets: %s: %w", path, err)
		}
		for _, fd := range sc.Fields() {
			out = append(out, Entry{Name: fd.Name, Dtype: fd.Type.String(), Shape: []int{int(pf.NumRows())}})
		}
	case FormatNPZ:
		zr, err := zip.NewReader(f, st.Size())
		if err != nil {
			return nil, fmt.Errorf("datasets: %s: %w", path, err)
		}
		for _, zf := range zr.File {
			e, err := npyEntry(zf)
			if err != nil {
				return nil, fmt.Errorf("datasets: %s: %s: %w", path, zf.Name, err)
			}
			out = append(out, e)
		}
	case FormatNPY:
		a, _, err := readNPYHeaderOnly(f, st.Size())
		if err != nil {
			return nil, fmt.Errorf("datasets: %s: %w", path, err)
		}
		out = append(out, Entry{Name: filepath.Base(path), Dtype: a.Descr, Shape: a.Shape})
	}
	return out, nil
}

func npyEntry(zf *zip.File) (Entry, error) {
	rc, err := zf.Open()
	if err != nil {
		return Entry{}, err
	}
	defer rc.Close()
	a, _, err := readNPYHeaderOnly(rc, int64(min(zf.UncompressedSize64, 1<<40)))
	if err != nil {
		return Entry{}, err
	}
	return Entry{Name: strings.TrimSuffix(zf.Name, ".npy"), Dtype: a.Descr, Shape: a.Shape}, nil
}

// readNPYHeaderOnly reads the magic and header dict of an .npy stream, not its data.
func readNPYHeaderOnly(r io.Reader, size int64) (*npyArray, bool, error) {
	var pre [10]byte
	if _, err := io.ReadFull(r, pre[:8]); err != nil {
		return nil, false, fmt.Errorf("npy: header: %w", err)
	}
	if string(pre[:6]) != npyMagic {
		return nil, false, fmt.Errorf("npy: not a .npy file (bad magic)")
	}
	var hlen int64
	switch pre[6] {
	case 1:
		if _, err := io.ReadFull(r, pre[8:10]); err != nil {
			return nil, false, err
		}
		hlen = int64(pre[8]) | int64(pre[9])<<8
	case 2, 3:
		var b [4]byte
		if _, err := io.ReadFull(r, b[:]); err != nil {
			return nil, false, err
		}
		hlen = int64(b[0]) | int64(b[1])<<8 | int64(b[2])<<16 | int64(b[3])<<24
	default:
		return nil, false, fmt.Errorf("npy: unsupported format version %d", pre[6])
	}
	if hlen > size || hlen > 1<<20 {
		return nil, false, fmt.Errorf("npy: header length %d exceeds the file", hlen)
	}
	hb := make([]byte, hlen)
	if _, err := io.ReadFull(r, hb); err != nil {
		return nil, false, err
	}
	return parseNPYHeader(string(hb))
}
