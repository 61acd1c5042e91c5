package tablefile

import (
	"context"
	"encoding/base64"
	"fmt"
	"io"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"

	"github.com/warpkit/warpkit/datasets/traj"
)

// WriteParquet writes d as Parquet, Snappy-compressed, or Zstandard when zstd is set:
// pd.read_parquet(path) gives the DataFrame, and shards written with the same spec share one
// schema, so a folder of them reads as one table.
func WriteParquet(w io.Writer, d *traj.Set, zstd bool) error {
	l, err := layoutOf(d)
	if err != nil {
		return err
	}
	codec := compress.Codecs.Snappy
	if zstd {
		codec = compress.Codecs.Zstd
	}
	// Dictionary encoding only for the split names: hashing every float costs much and gains
	// little (parameters repeat along a trajectory, but the compressor sees that run anyway).
	props := parquet.NewWriterProperties(parquet.WithCompression(codec), parquet.WithMaxRowGroupLength(1<<20),
		parquet.WithDictionaryDefault(false), parquet.WithDictionaryFor("split", true))
	// The writer closes a sink that is an io.Closer; the caller's file must stay open (an
	// atomic file is renamed into place after).
	pw, err := pqarrow.NewFileWriter(l.schema, struct{ io.Writer }{w}, props, pqarrow.NewArrowWriterProperties(pqarrow.WithStoreSchema()))
	if err != nil {
		return err
	}
	return l.writeBatches(d, pw.WriteBuffered, pw.Close)
}

// ReadParquet reads a Parquet file of size bytes written by warpkit or by a user (pandas,
// pyarrow, DuckDB). A damaged file gives an error, never a panic or an allocation it cannot
// back.
func ReadParquet(r io.ReaderAt, size int64) (d *traj.Set, err error) {
	defer damagedOnPanic("Parquet", &d, &err)
	pf, err := file.NewParquetReader(io.NewSectionReader(r, 0, size))
	if err != nil {
		return nil, err
	}
	defer pf.Close()
	// The Arrow schema stored in the metadata is decoded by the Arrow reader, which trusts its
	// lengths; check it first.
	if v := pf.MetaData().KeyValueMetadata().FindValue("ARROW:schema"); v != nil {
		raw, err := base64.StdEncoding.DecodeString(*v)
		if err != nil {
			raw, err = base64.RawStdEncoding.DecodeString(*v)
		}
		if err == nil {
			err = verifySchemaMessage(raw)
		}
		if err != nil {
			return nil, fmt.Errorf("damaged ARROW:schema metadata: %w", err)
		}
	}
	fr, err := pqarrow.NewFileReader(pf, pqarrow.ArrowReadProperties{BatchSize: batchRows}, memory.DefaultAllocator)
	if err != nil {
		return nil, err
	}
	schema, err := fr.Schema()
	if err != nil {
		return nil, err
	}
	tr, err := newTableReader(schema)
	if err != nil {
		return nil, err
	}
	rr, err := fr.GetRecordReader(context.Background(), nil, nil)
	if err != nil {
		return nil, err
	}
	defer rr.Release()
	for rr.Next() {
		if err := tr.add(rr.RecordBatch()); err != nil {
			return nil, err
		}
	}
	if err := rr.Err(); err != nil && err != io.EOF {
		return nil, err
	}
	return tr.finish()
}

// ParquetSchema returns the schema and row count of any Parquet file of size bytes, for
// inspection. It reads the Parquet schema, not the Arrow schema stored in the metadata,
// which only ReadParquet checks.
func ParquetSchema(r io.ReaderAt, size int64) (*arrow.Schema, int64, error) {
	pf, err := file.NewParquetReader(io.NewSectionReader(r, 0, size))
	if err != nil {
		return nil, 0, err
	}
	defer pf.Close()
	sc, err := pqarrow.FromParquet(pf.MetaData().Schema, nil, nil)
	if err != nil {
		return nil, 0, err
	}
	return sc, pf.NumRows(), nil
}
