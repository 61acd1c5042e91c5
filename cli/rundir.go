package cli

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/warpkit/warpkit/datasets"
	"github.com/warpkit/warpkit/experiment"
	"github.com/warpkit/warpkit/internal/arrowfile"
	"github.com/warpkit/warpkit/internal/atomicfile"
	"github.com/warpkit/warpkit/nn"
)

// Files of a run folder besides nn's checkpoint files.
const (
	lossesCSV   = "losses.csv"
	lossesArrow = "losses.arrow"
)

// openDataset is the one place the commands read data; tests swap it for a fake dataset.
var openDataset = func(path string) (*datasets.Dataset, error) {
	if path == "" {
		return nil, fmt.Errorf("--data: %w: no dataset file given", errUsage)
	}
	d, err := datasets.Open(path)
	if err != nil {
		return nil, fmt.Errorf("--data %s: %w", path, err)
	}
	return d, nil
}

// prepareRunDir makes dir ready for a new run: it must not exist, be empty, or be reused with
// --force (which removes warpkit's own files from it, nothing else).
func prepareRunDir(dir string, force bool) error {
	if dir == "" {
		return fmt.Errorf("--out: %w: no run folder given", errUsage)
	}
	ents, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, os.ErrNotExist):
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("--out %s: %w", dir, err)
		}
		return nil
	case err != nil:
		return fmt.Errorf("--out %s: %w", dir, err)
	case len(ents) > 0 && !force:
		return fmt.Errorf("--out %s: %w: folder exists and is not empty (use --force to overwrite or --resume to continue)", dir, errUsage)
	}
	for _, f := range append(slices.Clone(experiment.RunFiles), lossesCSV, lossesArrow) {
		if err := os.Remove(filepath.Join(dir, f)); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("--out %s: %w", dir, err)
		}
	}
	return nil
}

// column is one column of a tidy output table: exactly one of the value slices is set.
// NaN floats are written as nulls (empty in CSV).
type column struct {
	name    string
	strings []string
	ints    []int64
	floats  []float64
}

func (c column) len() int {
	switch {
	case c.strings != nil:
		return len(c.strings)
	case c.ints != nil:
		return len(c.ints)
	}
	return len(c.floats)
}

// tableFormats maps output extensions to writers.
var tableFormats = map[string]func(path string, cols []column) error{
	".csv":     writeCSV,
	".arrow":   writeArrowTable,
	".parquet": writeParquetTable,
}

func lowerExt(path string) string { return strings.ToLower(filepath.Ext(path)) }

// writeTable writes cols to path in the format its extension names, atomically.
func writeTable(path, flagName string, cols []column) error {
	ext := lowerExt(path)
	w, ok := tableFormats[ext]
	if !ok {
		return fmt.Errorf("%s %s: %w: unknown extension %q (valid: .arrow, .parquet, .csv)", flagName, path, errUsage, ext)
	}
	for _, c := range cols[1:] {
		if c.len() != cols[0].len() {
			return fmt.Errorf("%s %s: column %s has %d rows, %s has %d", flagName, path, c.name, c.len(), cols[0].name, cols[0].len())
		}
	}
	return w(path, cols)
}

func writeCSV(path string, cols []column) error {
	return atomicfile.Write(path, func(bw *bufio.Writer) error {
		w := csv.NewWriter(bw)
		head := make([]string, len(cols))
		for i, c := range cols {
			head[i] = c.name
		}
		w.Write(head)
		row := make([]string, len(cols))
		for r := 0; r < cols[0].len(); r++ {
			for i, c := range cols {
				switch {
				case c.strings != nil:
					row[i] = c.strings[r]
				case c.ints != nil:
					row[i] = strconv.FormatInt(c.ints[r], 10)
				case math.IsNaN(c.floats[r]):
					row[i] = ""
				default:
					// Shortest representation that parses back to the same float64.
					row[i] = strconv.FormatFloat(c.floats[r], 'g', -1, 64)
				}
			}
			w.Write(row)
		}
		w.Flush()
		return w.Error()
	})
}

func arrowRecord(cols []column) arrow.RecordBatch {
	fields := make([]arrow.Field, len(cols))
	for i, c := range cols {
		switch {
		case c.strings != nil:
			fields[i] = arrow.Field{Name: c.name, Type: arrow.BinaryTypes.String}
		case c.ints != nil:
			fields[i] = arrow.Field{Name: c.name, Type: arrow.PrimitiveTypes.Int64}
		default:
			fields[i] = arrow.Field{Name: c.name, Type: arrow.PrimitiveTypes.Float64, Nullable: true}
		}
	}
	b := array.NewRecordBuilder(memory.DefaultAllocator, arrow.NewSchema(fields, nil))
	defer b.Release()
	for i, c := range cols {
		switch {
		case c.strings != nil:
			b.Field(i).(*array.StringBuilder).AppendValues(c.strings, nil)
		case c.ints != nil:
			b.Field(i).(*array.Int64Builder).AppendValues(c.ints, nil)
		default:
			fb := b.Field(i).(*array.Float64Builder)
			for _, v := range c.floats {
				if math.IsNaN(v) {
					fb.AppendNull()
				} else {
					fb.Append(v)
				}
			}
		}
	}
	return b.NewRecordBatch()
}

func writeArrowTable(path string, cols []column) error {
	rec := arrowRecord(cols)
	defer rec.Release()
	return arrowfile.WriteArrow(path, rec)
}

func writeParquetTable(path string, cols []column) error {
	rec := arrowRecord(cols)
	defer rec.Release()
	return arrowfile.WriteParquet(path, rec)
}

// writeLosses writes the per-epoch history as losses.csv and losses.arrow (val_mse is null in
// epochs without validation; skipped counts the batches skipped for a non-finite loss).
func writeLosses(dir string, h []nn.EpochRecord) error {
	ep, skipped := make([]int64, len(h)), make([]int64, len(h))
	tl, vm, lr, sec := make([]float64, len(h)), make([]float64, len(h)), make([]float64, len(h)), make([]float64, len(h))
	for i, r := range h {
		ep[i], tl[i], lr[i], sec[i], skipped[i] = int64(r.Epoch), r.TrainLoss, r.LR, r.Seconds, int64(r.Skipped)
		vm[i] = math.NaN()
		if r.Validated {
			vm[i] = r.ValMSE
		}
	}
	cols := []column{{name: "epoch", ints: ep}, {name: "train_loss", floats: tl}, {name: "val_mse", floats: vm}, {name: "lr", floats: lr}, {name: "skipped", ints: skipped}, {name: "seconds", floats: sec}}
	if err := writeTable(filepath.Join(dir, lossesCSV), "--out", cols); err != nil {
		return err
	}
	return writeTable(filepath.Join(dir, lossesArrow), "--out", cols)
}
