package arrowfile

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
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
	arrowPath, pqPath := filepath.Join(dir, "t.arrow"), filepath.Join(dir, "t.parquet")
	if err := WriteArrow(arrowPath, rec); err != nil {
		t.Fatal(err)
	}
	if err := WriteParquet(pqPath, rec); err != nil {
		t.Fatal(err)
	}

	f, err := os.Open(arrowPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := ipc.NewFileReader(f)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if r.NumRecords() != 1 {
		t.Fatalf("arrow: %d record batches, want 1", r.NumRecords())
	}
	got, err := r.RecordBatch(0)
	if err != nil {
		t.Fatal(err)
	}
	checkRecord(t, "arrow", got)
	if v, ok := r.Schema().Metadata().GetValue("suite"); !ok || v != "tiny" {
		t.Errorf("arrow: schema metadata %v", r.Schema().Metadata())
	}

	pf, err := file.OpenParquetFile(pqPath, false)
	if err != nil {
		t.Fatal(err)
	}
	defer pf.Close()
	// The file keeps the schema metadata as key-value metadata (where pyarrow reads it); arrow-go's
	// pqarrow tables do not carry it over, so it is checked here, on the file.
	if v := pf.MetaData().KeyValueMetadata().FindValue("suite"); v == nil || *v != "tiny" {
		t.Errorf("parquet: key-value metadata %v", pf.MetaData().KeyValueMetadata())
	}
	fr, err := pqarrow.NewFileReader(pf, pqarrow.ArrowReadProperties{}, memory.DefaultAllocator)
	if err != nil {
		t.Fatal(err)
	}
	tbl, err := fr.ReadTable(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer tbl.Release()
	tr := array.NewTableReader(tbl, tbl.NumRows())
	defer tr.Release()
	if !tr.Next() {
		t.Fatal("parquet: no rows")
	}
	checkRecord(t, "parquet", tr.RecordBatch())
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
