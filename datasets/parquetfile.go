package datasets

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
)

// writeParquet writes the long table as Parquet: pd.read_parquet(path) gives the DataFrame,
// and shards written with the same spec share one schema, so a folder of them reads as one.
func writeParquet(d *Dataset, path string, opt WriteOptions) error {
	l, err := layoutOf(d)
	if err != nil {
		return fmt.Errorf("datasets: %s: %w", path, err)
	}
	f, err := createAtomic(path, opt.Force)
	if err != nil {
		return err
	}
	defer f.Abort()
	codec := compress.Codecs.Snappy
	if opt.Compress {
		codec = compress.Codecs.Zstd
	}
	// Dictionary encoding only for the split names: hashing every float costs much and gains
	// little (parameters repeat along a trajectory, but the compressor sees that run anyway).
	props := parquet.NewWriterProperties(parquet.WithCompression(codec), parquet.WithMaxRowGroupLength(1<<20),
		parquet.WithDictionaryDefault(false), parquet.WithDictionaryFor("split", true))
	// The writer closes a sink that is an io.Closer; the rename needs the file open until Commit.
	w, err := pqarrow.NewFileWriter(l.schema, struct{ io.Writer }{f}, props, pqarrow.NewArrowWriterProperties(pqarrow.WithStoreSchema()))
	if err != nil {
		return fmt.Errorf("datasets: %s: %w", path, err)
	}
	if err := l.eachBatch(d, func(rec arrow.RecordBatch) error { return w.WriteBuffered(rec) }); err != nil {
		w.Close()
		return fmt.Errorf("datasets: %s: %w", path, err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("datasets: %s: %w", path, err)
	}
	return f.Commit()
}

// readParquet reads a Parquet file written by warpkit or by a user (pandas, pyarrow, DuckDB).
func readParquet(r io.ReaderAt, size int64, path string) (d *Dataset, err error) {
	defer func() {
		if p := recover(); p != nil {
			d, err = nil, fmt.Errorf("datasets: %s: damaged Parquet file: %v", path, p)
		}
	}()
	pf, err := file.NewParquetReader(io.NewSectionReader(r, 0, size))
	if err != nil {
		return nil, fmt.Errorf("datasets: %s: %w", path, err)
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
			return nil, fmt.Errorf("datasets: %s: damaged ARROW:schema metadata: %w", path, err)
		}
	}
	fr, err := pqarrow.NewFileReader(pf, pqarrow.ArrowReadProperties{BatchSize: batchRows}, memory.DefaultAllocator)
	if err != nil {
		return nil, fmt.Errorf("datasets: %s: %w", path, err)
	}
	schema, err := fr.Schema()
	if err != nil {
		return nil, fmt.Errorf("datasets: %s: %w", path, err)
	}
	tr, err := newTableReader(path, schema)
	if err != nil {
		return nil, err
	}
	rr, err := fr.GetRecordReader(context.Background(), nil, nil)
	if err != nil {
		return nil, fmt.Errorf("datasets: %s: %w", path, err)
	}
	defer rr.Release()
	for rr.Next() {
		if err := tr.add(rr.RecordBatch()); err != nil {
			return nil, err
		}
	}
	if err := rr.Err(); err != nil && err != io.EOF {
		return nil, fmt.Errorf("datasets: %s: %w", path, err)
	}
	return tr.finish()
}
