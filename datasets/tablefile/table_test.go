package tablefile

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/warpkit/warpkit/datasets/traj"
	"github.com/warpkit/warpkit/datasets/traj/trajtest"
)

// writeRead writes d in format ("arrow" or "parquet") and reads it back.
func writeRead(t *testing.T, format string, d *traj.Set, compress bool) *traj.Set {
	t.Helper()
	var buf bytes.Buffer
	write, read := WriteArrow, ReadArrow
	if format == "parquet" {
		write = func(w io.Writer, d *traj.Set) error { return WriteParquet(w, d, compress) }
		read = ReadParquet
	}
	if err := write(&buf, d); err != nil {
		t.Fatalf("%s: write: %v", format, err)
	}
	got, err := read(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatalf("%s: read: %v", format, err)
	}
	return got
}

func TestRoundTrip(t *testing.T) {
	// y0 at step 0 is not stored as columns but marked in the metadata; a Set without y0
	// reads back without.
	step0 := trajtest.HandMade()
	for _, s := range step0.Splits {
		for i := range s.N {
			copy(s.Y0[i*s.D:(i+1)*s.D], s.X[i*s.T*s.D:])
		}
	}
	// A shard numbers its trajectories from its row range.
	shard := trajtest.HandMade()
	shard.Provenance = map[string]string{traj.RowsKey("train"): "10:13/20", traj.RowsKey("test"): "4:6/10"}
	for _, format := range []string{"arrow", "parquet"} {
		for name, d := range map[string]*traj.Set{"hand": trajtest.HandMade(), "y0 at step 0": step0, "tiny": trajtest.Tiny(), "shard": shard} {
			for _, compress := range []bool{false, true} {
				trajtest.Equal(t, format+" "+name, d, writeRead(t, format, d, compress))
			}
		}
	}
}

// userTable is an Arrow IPC file as a user might write one: no metadata, no split or t
// column, int32 and float32 columns, rows in any order.
func userTable(t *testing.T, traj []int32, step []int64, a []float32, b []int64) []byte {
	t.Helper()
	schema := arrow.NewSchema([]arrow.Field{
		{Name: "a", Type: arrow.PrimitiveTypes.Float32},
		{Name: "traj", Type: arrow.PrimitiveTypes.Int32},
		{Name: "b", Type: arrow.PrimitiveTypes.Int64},
		{Name: "step", Type: arrow.PrimitiveTypes.Int64},
		{Name: "note", Type: arrow.BinaryTypes.String},
	}, nil)
	rb := array.NewRecordBuilder(memory.DefaultAllocator, schema)
	defer rb.Release()
	rb.Field(0).(*array.Float32Builder).AppendValues(a, nil)
	rb.Field(1).(*array.Int32Builder).AppendValues(traj, nil)
	rb.Field(2).(*array.Int64Builder).AppendValues(b, nil)
	rb.Field(3).(*array.Int64Builder).AppendValues(step, nil)
	for range a {
		rb.Field(4).(*array.StringBuilder).Append("text is not a state")
	}
	rec := rb.NewRecordBatch()
	defer rec.Release()
	var buf bytes.Buffer
	w, err := ipc.NewFileWriter(&buf, ipc.WithSchema(schema))
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write(rec); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// A user's table reads every numeric non-key column as a state, each row at its (traj, step),
// on a uniform grid (said so in the provenance) when there is no t column.
func TestUserTable(t *testing.T) {
	b := userTable(t, []int32{1, 0, 1, 0, 0, 1}, []int64{2, 0, 0, 2, 1, 1}, []float32{1.5, 0, 1.25, 0.5, 0.25, 1.375}, []int64{12, 0, 10, 2, 1, 11})
	got, err := ReadArrow(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	want := &traj.Set{
		Meta: traj.Meta{States: []string{"a", "b"}, Provenance: map[string]string{"times.train": "not stored; assumed uniform on [0, 1]"}},
		Splits: []*traj.Split{{Name: "train", N: 2, T: 3, D: 2, Times: []float64{0, 0.5, 1},
			X: []float64{0, 0, 0.25, 1, 0.5, 2, 1.25, 10, 1.375, 11, 1.5, 12}}},
	}
	trajtest.Equal(t, "user table", want, got)
	for _, c := range []struct {
		traj []int32
		step []int64
		want string
	}{
		{[]int32{0, 0, 1}, []int64{0, 1, 0}, "3 rows do not form 2 trajectories × 2 steps"},
		{[]int32{0, 0, 1, 1}, []int64{0, 1, 1, 1}, "trajectory 1 step 1 appears twice"},
		{[]int32{0, -1}, []int64{0, 0}, "negative traj or step"},
	} {
		n := len(c.traj)
		b := userTable(t, c.traj, c.step, make([]float32, n), make([]int64, n))
		if _, err := ReadArrow(bytes.NewReader(b), int64(len(b))); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("traj %v step %v: %v, want %q", c.traj, c.step, err, c.want)
		}
	}
	e := trajtest.Tiny()
	e.States = []string{"traj"}
	if err := WriteArrow(&bytes.Buffer{}, e); err == nil || !strings.Contains(err.Error(), `state name "traj" clashes with a key column`) {
		t.Errorf("state named traj: %v", err)
	}
}
