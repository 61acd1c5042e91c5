package datasets

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/warpkit/warpkit/datasets/npy"
	"github.com/warpkit/warpkit/datasets/tablefile"
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
	case FormatArrow, FormatParquet:
		schema := tablefile.ArrowSchema
		if format == FormatParquet {
			schema = tablefile.ParquetSchema
		}
		sc, rows, err := schema(f, st.Size())
		if err != nil {
			return nil, fmt.Errorf("datasets: %s: %w", path, err)
		}
		for _, fd := range sc.Fields() {
			out = append(out, Entry{Name: fd.Name, Dtype: fd.Type.String(), Shape: []int{int(rows)}})
		}
	case FormatNPZ:
		ms, err := npy.Members(f, st.Size())
		if err != nil {
			return nil, fmt.Errorf("datasets: %s: %w", path, err)
		}
		for _, m := range ms {
			out = append(out, Entry{Name: m.Name, Dtype: m.Descr, Shape: m.Shape})
		}
	case FormatNPY:
		h, err := npy.ReadHeader(f, st.Size())
		if err != nil {
			return nil, fmt.Errorf("datasets: %s: %w", path, err)
		}
		out = append(out, Entry{Name: filepath.Base(path), Dtype: h.Descr, Shape: h.Shape})
	}
	return out, nil
}
