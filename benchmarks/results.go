package benchmarks

import (
	"fmt"
	"maps"
	"path/filepath"
	"slices"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/warpkit/warpkit/internal/arrowfile"
	"github.com/warpkit/warpkit/internal/atomicfile"
)

// Record is one row of a suite's tidy results: one metric of one model on one dataset for one
// seed. Identifiers are those of the command line (dataset "msd", model "warp-phys", metric "mse").
type Record struct {
	Dataset      string  `json:"dataset"`
	Model        string  `json:"model"`
	Seed         int64   `json:"seed"`
	Metric       string  `json:"metric"`
	Value        float64 `json:"value"`
	Params       int64   `json:"params"`
	TrainSeconds float64 `json:"train_seconds"`
	Version      string  `json:"version"`
	Config       string  `json:"config"` // JSON of the model and training configuration
	// Budget is the cell's training budget in words; a wall-clock one says "(machine-dependent)".
	Budget string `json:"budget"`
}

var resultsSchema = arrow.NewSchema([]arrow.Field{
	{Name: "dataset", Type: arrow.BinaryTypes.String},
	{Name: "model", Type: arrow.BinaryTypes.String},
	{Name: "seed", Type: arrow.PrimitiveTypes.Int64},
	{Name: "metric", Type: arrow.BinaryTypes.String},
	{Name: "value", Type: arrow.PrimitiveTypes.Float64},
	{Name: "params", Type: arrow.PrimitiveTypes.Int64},
	{Name: "train_seconds", Type: arrow.PrimitiveTypes.Float64},
	{Name: "version", Type: arrow.BinaryTypes.String},
	{Name: "config", Type: arrow.BinaryTypes.String},
	{Name: "budget", Type: arrow.BinaryTypes.String},
}, nil)

// resultsRecord builds one Arrow record batch holding recs, with meta as schema metadata.
func resultsRecord(recs []Record, meta map[string]string) arrow.RecordBatch {
	// Sorted keys: a map's order changes from run to run, and the same results must give the
	// same bytes.
	keys := slices.Sorted(maps.Keys(meta))
	vals := make([]string, len(keys))
	for i, k := range keys {
		vals[i] = meta[k]
	}
	md := arrow.NewMetadata(keys, vals)
	schema := arrow.NewSchema(resultsSchema.Fields(), &md)
	b := array.NewRecordBuilder(memory.DefaultAllocator, schema)
	defer b.Release()
	for _, r := range recs {
		b.Field(0).(*array.StringBuilder).Append(r.Dataset)
		b.Field(1).(*array.StringBuilder).Append(r.Model)
		b.Field(2).(*array.Int64Builder).Append(r.Seed)
		b.Field(3).(*array.StringBuilder).Append(r.Metric)
		b.Field(4).(*array.Float64Builder).Append(r.Value)
		b.Field(5).(*array.Int64Builder).Append(r.Params)
		b.Field(6).(*array.Float64Builder).Append(r.TrainSeconds)
		b.Field(7).(*array.StringBuilder).Append(r.Version)
		b.Field(8).(*array.StringBuilder).Append(r.Config)
		b.Field(9).(*array.StringBuilder).Append(r.Budget)
	}
	return b.NewRecordBatch()
}

// WriteResults writes recs as results.arrow (Arrow IPC file) and results.parquet in dir, each
// through a temporary name, with meta (suite, preset, machine) as schema metadata.
func WriteResults(dir string, recs []Record, meta map[string]string) error {
	rec := resultsRecord(recs, meta)
	defer rec.Release()

	if err := arrowfile.WriteArrow(filepath.Join(dir, "results.arrow"), rec); err != nil {
		return fmt.Errorf("benchmarks: results.arrow: %w", err)
	}
	if err := arrowfile.WriteParquet(filepath.Join(dir, "results.parquet"), rec); err != nil {
		return fmt.Errorf("benchmarks: results.parquet: %w", err)
	}
	return nil
}

// ReadResults reads a results.arrow or results.parquet file back into records.
func ReadResults(path string) ([]Record, map[string]string, error) {
	recs, schema, err := arrowfile.Read(path)
	if err != nil {
		return nil, nil, fmt.Errorf("benchmarks: %w", err)
	}
	var out []Record
	for _, r := range recs {
		cols := map[string]arrow.Array{}
		for i, fld := range r.Schema().Fields() {
			cols[fld.Name] = r.Column(i)
		}
		for _, name := range []string{"dataset", "model", "seed", "metric", "value", "params", "train_seconds", "version", "config"} {
			if cols[name] == nil {
				return nil, nil, fmt.Errorf("benchmarks: %s: no column %q", path, name)
			}
		}
		for i := 0; i < int(r.NumRows()); i++ {
			budget := ""
			if b, ok := cols["budget"].(*array.String); ok { // absent in files from before budgets
				budget = b.Value(i)
			}
			out = append(out, Record{
				Budget:       budget,
				Dataset:      cols["dataset"].(*array.String).Value(i),
				Model:        cols["model"].(*array.String).Value(i),
				Seed:         cols["seed"].(*array.Int64).Value(i),
				Metric:       cols["metric"].(*array.String).Value(i),
				Value:        cols["value"].(*array.Float64).Value(i),
				Params:       cols["params"].(*array.Int64).Value(i),
				TrainSeconds: cols["train_seconds"].(*array.Float64).Value(i),
				Version:      cols["version"].(*array.String).Value(i),
				Config:       cols["config"].(*array.String).Value(i),
			})
		}
		r.Release()
	}
	meta := map[string]string{}
	if md := schema.Metadata(); md.Len() > 0 {
		for i, k := range md.Keys() {
			meta[k] = md.Values()[i]
		}
	}
	return out, meta, nil
}

// writeFileAtomic writes data under a temporary name in the same folder and renames it into
// place, so a reader never sees half a file.
func writeFileAtomic(path string, data []byte) error {
	if err := atomicfile.WriteBytes(path, data); err != nil {
		return fmt.Errorf("benchmarks: %w", err)
	}
	return nil
}
