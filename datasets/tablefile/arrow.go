package tablefile

import (
	"fmt"
	"io"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/ipc"

	"github.com/warpkit/warpkit/datasets/traj"
)

// WriteArrow writes d as an Arrow IPC file ("Feather v2"):
// pa.ipc.open_file(path).read_pandas() gives the DataFrame.
func WriteArrow(w io.Writer, d *traj.Set) error {
	l, err := layoutOf(d)
	if err != nil {
		return err
	}
	fw, err := ipc.NewFileWriter(w, ipc.WithSchema(l.schema))
	if err != nil {
		return err
	}
	return l.writeBatches(d, fw.Write, fw.Close)
}

// ReadArrow reads an Arrow IPC file of size bytes written by warpkit or by a user (pyarrow,
// pandas). A damaged file gives an error, never a panic or an allocation it cannot back.
func ReadArrow(r io.ReaderAt, size int64) (d *traj.Set, err error) {
	defer damagedOnPanic("Arrow", &d, &err)
	if err := verifyArrowFile(r, size); err != nil {
		return nil, fmt.Errorf("damaged Arrow file: %w", err)
	}
	fr, err := ipc.NewFileReader(io.NewSectionReader(r, 0, size))
	if err != nil {
		return nil, err
	}
	defer fr.Close()
	tr, err := newTableReader(fr.Schema())
	if err != nil {
		return nil, err
	}
	for i := range fr.NumRecords() {
		rec, err := fr.RecordBatchAt(i)
		if err != nil {
			return nil, fmt.Errorf("batch %d: %w", i, err)
		}
		err = tr.add(rec)
		rec.Release()
		if err != nil {
			return nil, err
		}
	}
	return tr.finish()
}

// ArrowSchema returns the schema and row count of any Arrow IPC file of size bytes, for
// inspection, after the same checks as ReadArrow.
func ArrowSchema(r io.ReaderAt, size int64) (*arrow.Schema, int64, error) {
	if err := verifyArrowFile(r, size); err != nil {
		return nil, 0, fmt.Errorf("damaged Arrow file: %w", err)
	}
	fr, err := ipc.NewFileReader(io.NewSectionReader(r, 0, size))
	if err != nil {
		return nil, 0, err
	}
	defer fr.Close()
	var rows int64
	for i := range fr.NumRecords() {
		rec, err := fr.RecordBatchAt(i)
		if err != nil {
			return nil, 0, err
		}
		rows += rec.NumRows()
		rec.Release()
	}
	return fr.Schema(), rows, nil
}
