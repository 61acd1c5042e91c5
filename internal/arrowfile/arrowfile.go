// Package arrowfile writes one Arrow record batch as a file, an Arrow IPC file ("Feather v2")
// or Parquet, with the settings warpkit's flat tables share: Snappy-compressed Parquet that
// stores the Arrow schema (so metadata and types come back as written), each file through a
// temporary name so that a reader never sees half of one. The bench's results and the CLI's
// loss and forecast tables are written here; trajectory datasets have their own layout in
// datasets/tablefile.
package arrowfile

import (
	"bufio"
	"io"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"

	"github.com/warpkit/warpkit/internal/atomicfile"
)

// WriteArrow writes rec to path as an Arrow IPC file.
func WriteArrow(path string, rec arrow.RecordBatch) error {
	return write(path, rec, func(w io.Writer, schema *arrow.Schema) (recordWriter, error) {
		return ipc.NewFileWriter(w, ipc.WithSchema(schema))
	})
}

// WriteParquet writes rec to path as a Parquet file.
func WriteParquet(path string, rec arrow.RecordBatch) error {
	return write(path, rec, func(w io.Writer, schema *arrow.Schema) (recordWriter, error) {
		props := parquet.NewWriterProperties(parquet.WithCompression(compress.Codecs.Snappy))
		return pqarrow.NewFileWriter(schema, w, props, pqarrow.NewArrowWriterProperties(pqarrow.WithStoreSchema()))
	})
}

// recordWriter is what the Arrow IPC and the Parquet file writers have in common.
type recordWriter interface {
	Write(arrow.RecordBatch) error
	Close() error
}

// write writes rec through the writer open makes, atomically.
func write(path string, rec arrow.RecordBatch, open func(io.Writer, *arrow.Schema) (recordWriter, error)) error {
	return atomicfile.Write(path, func(bw *bufio.Writer) error {
		w, err := open(bw, rec.Schema())
		if err != nil {
			return err
		}
		if err := w.Write(rec); err != nil {
			w.Close()
			return err
		}
		return w.Close()
	})
}
