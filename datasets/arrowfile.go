package datasets

import (
	"fmt"
	"io"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/ipc"
)

// writeArrow writes the long table as an Arrow IPC file ("Feather v2"):
// pa.ipc.open_file(path).read_pandas() gives the DataFrame.
func writeArrow(d *Dataset, path string, opt WriteOptions) error {
	l, err := layoutOf(d)
	if err != nil {
		return fmt.Errorf("datasets: %s: %w", path, err)
	}
	f, err := createAtomic(path, opt.Force)
	if err != nil {
		return err
	}
	defer f.Abort()
	w, err := ipc.NewFileWriter(f, ipc.WithSchema(l.schema))
	if err != nil {
		return fmt.Errorf("datasets: %s: %w", path, err)
	}
	if err := l.eachBatch(d, func(rec arrow.RecordBatch) error { return w.Write(rec) }); err != nil {
		w.Close()
		return fmt.Errorf("datasets: %s: %w", path, err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("datasets: %s: %w", path, err)
	}
	return f.Commit()
}

// readArrow reads an Arrow IPC file written by warpkit or by a user (pyarrow, pandas).
func readArrow(r io.ReaderAt, size int64, path string) (d *Dataset, err error) {
	// The IPC reader trusts lengths in the file; turn its panics on damaged input into errors.
	defer func() {
		if p := recover(); p != nil {
			d, err = nil, fmt.Errorf("datasets: %s: damaged Arrow file: %v", path, p)
		}
	}()
	if err := verifyArrowFile(r, size); err != nil {
		return nil, fmt.Errorf("datasets: %s: damaged Arrow file: %w", path, err)
	}
	fr, err := ipc.NewFileReader(io.NewSectionReader(r, 0, size))
	if err != nil {
		return nil, fmt.Errorf("datasets: %s: %w", path, err)
	}
	defer fr.Close()
	tr, err := newTableReader(path, fr.Schema())
	if err != nil {
		return nil, err
	}
	for i := range fr.NumRecords() {
		rec, err := fr.RecordBatchAt(i)
		if err != nil {
			return nil, fmt.Errorf("datasets: %s: batch %d: %w", path, i, err)
		}
		err = tr.add(rec)
		rec.Release()
		if err != nil {
			return nil, err
		}
	}
	return tr.finish()
}
