// Package arrowfile writes one Arrow record batch as a file, an Arrow IPC file ("Feather v2")
// or Parquet, and reads such files back, with the settings warpkit's flat tables share: Snappy-compressed Parquet that
// stores the Arrow schema (so metadata and types come back as written), each file through a
// temporary name so that a reader never sees half of one. The bench's results and the CLI's
// loss and forecast tables are written here; trajectory datasets have their own layout in
// datasets/tablefile.
package arrowfile

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/metadata"
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

// Read reads the record batches and schema of an Arrow IPC file, or of a Parquet file when
// path ends in .parquet; the caller releases the batches. The schema's metadata is the file's
// (of a Parquet file its key-value metadata, which pqarrow's tables do not carry over).
func Read(path string) ([]arrow.RecordBatch, *arrow.Schema, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	recs, schema, err := read(f, filepath.Ext(path) == ".parquet")
	if err != nil {
		for _, r := range recs {
			r.Release()
		}
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	return recs, schema, nil
}

func read(f *os.File, isParquet bool) (recs []arrow.RecordBatch, schema *arrow.Schema, err error) {
	if isParquet {
		rdr, err := file.NewParquetReader(f)
		if err != nil {
			return nil, nil, err
		}
		fr, err := pqarrow.NewFileReader(rdr, pqarrow.ArrowReadProperties{}, memory.DefaultAllocator)
		if err != nil {
			return nil, nil, err
		}
		tbl, err := fr.ReadTable(context.Background())
		if err != nil {
			return nil, nil, err
		}
		defer tbl.Release()
		tr := array.NewTableReader(tbl, tbl.NumRows())
		defer tr.Release()
		for tr.Next() {
			r := tr.RecordBatch()
			r.Retain()
			recs = append(recs, r)
		}
		return recs, withMetadata(tbl.Schema(), rdr.MetaData().KeyValueMetadata()), tr.Err()
	}
	rdr, err := ipc.NewFileReader(f)
	if err != nil {
		return nil, nil, err
	}
	defer rdr.Close()
	for i := 0; i < rdr.NumRecords(); i++ {
		r, err := rdr.RecordBatch(i)
		if err != nil {
			return recs, nil, err
		}
		r.Retain()
		recs = append(recs, r)
	}
	return recs, rdr.Schema(), nil
}

// withMetadata is schema with a Parquet file's key-value metadata as its metadata, less the
// serialised Arrow schema pqarrow stores there.
func withMetadata(schema *arrow.Schema, kv metadata.KeyValueMetadata) *arrow.Schema {
	var keys, values []string
	for i, k := range kv.Keys() {
		if k != "ARROW:schema" {
			keys, values = append(keys, k), append(values, kv.Values()[i])
		}
	}
	md := arrow.NewMetadata(keys, values)
	return arrow.NewSchema(schema.Fields(), &md)
}
