package arrowfile

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/file"
)

// testRecord has a string, an int and a nullable float column and schema metadata.
func testRecord() arrow.RecordBatch {
	md := arrow.NewMetadata([]string{"suite"}, []string{"tiny"})
	schema := arrow.NewSchema([]arrow.Field{
		{Name: "name", Type: arrow.BinaryTypes.String},
		{Name: "n", Type: arrow.PrimitiveTypes.Int64},
		{Name: "x", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
	}, &md)
	b := array.NewRecordBuilder(memory.DefaultAllocator, schema)
	defer b.Release()
	b.Field(0).(*array.StringBuilder).AppendValues([]string{"a", "b", "c"}, nil)
	b.Field(1).(*array.Int64Builder).AppendValues([]int64{1, -2, 3}, nil)
	b.Field(2).(*array.Float64Builder).AppendValues([]float64{0.5, 0, math.Inf(-1)}, []bool{true, false, true})
	return b.NewRecordBatch()
}

// checkRecord compares a record read back by arrow-go's readers with testRecord.
func checkRecord(t *testing.T, who string, got arrow.RecordBatch) {
	t.Helper()
	want := testRecord()
	defer want.Release()
	if !array.RecordEqual(got, want) {
		t.Errorf("%s: read back\n%v\nwant\n%v", who, got, want)
	}
}

func TestArrowAndParquetReadBack(t *testing.T) {
	dir := t.TempDir()
	rec := testRecord()
	defer rec.Release()
	for _, name := range []string{"t.arrow", "t.parquet"} {
		path := filepath.Join(dir, name)
		write := WriteArrow
		if filepath.Ext(name) == ".parquet" {
			write = WriteParquet
		}
		if err := write(path, rec); err != nil {
			t.Fatal(err)
		}
		recs, schema, err := Read(path)
		if err != nil {
			t.Fatal(err)
		}
		if len(recs) != 1 {
			t.Fatalf("%s: %d record batches, want 1", name, len(recs))
		}
		checkRecord(t, name, recs[0])
		recs[0].Release()
		// Cut short, the file is an error naming it.
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		cut := filepath.Join(dir, "cut"+name)
		if err := os.WriteFile(cut, b[:len(b)/2], 0o644); err != nil {
			t.Fatal(err)
		}
		if _, _, err := Read(cut); err == nil || !strings.Contains(err.Error(), cut) {
			t.Errorf("half of %s: error %v, want one naming the file", name, err)
		}
		if v, ok := schema.Metadata().GetValue("suite"); !ok || v != "tiny" || schema.Metadata().Len() != 1 {
			t.Errorf("%s: schema metadata %v, want only suite: tiny", name, schema.Metadata())
		}
		if filepath.Ext(name) == ".arrow" {
			continue
		}
		// The Parquet file keeps the schema metadata as key-value metadata, where pyarrow reads
		// it.
		pf, err := file.OpenParquetFile(path, false)
		if err != nil {
			t.Fatal(err)
		}
		if v := pf.MetaData().KeyValueMetadata().FindValue("suite"); v == nil || *v != "tiny" {
			t.Errorf("%s: key-value metadata %v", name, pf.MetaData().KeyValueMetadata())
		}
		pf.Close()
	}
}

// A write that cannot finish leaves no file under the final name.
func TestMissingFolderIsAnError(t *testing.T) {
	rec := testRecord()
	defer rec.Release()
	path := filepath.Join(t.TempDir(), "no-such-folder", "t.arrow")
	if err := WriteArrow(path, rec); err == nil {
		t.Fatal("no error writing into a missing folder")
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("a file appeared at %s: %v", path, err)
	}
}
