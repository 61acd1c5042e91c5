package warp

import (
	"bufio"
	"fmt"
	"io"
	"strconv"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/warpkit/warpkit/internal/atomicfile"
	"github.com/warpkit/warpkit/nn"
)

// WriteWeightsArrow computes the weight trajectories of x fed with the given context (see
// Weights) and writes them to path as a tidy Arrow IPC file, atomically: one row per
// (trajectory, step) with columns traj, step, t, then one float64 column per entry of θ named
// like l0.w[i,j] and l0.b[i] (see WeightNames). The schema metadata records the model kind,
// the context and D.
func (m *Model) WriteWeightsArrow(path string, x *nn.Sequences, context int) error {
	theta, err := m.Weights(x, context)
	if err != nil {
		return err
	}
	meta := map[string]string{"model": m.Kind(), "context": strconv.Itoa(context), "num_weights": strconv.Itoa(m.root.size)}
	err = atomicfile.Write(path, func(w *bufio.Writer) error {
		return EncodeWeightsArrow(w, m.WeightNames(), theta, x.N, x.T, x.Times, meta)
	})
	if err != nil {
		return fmt.Errorf("warp: weights %s: %w", path, err)
	}
	return nil
}

// EncodeWeightsArrow writes weight trajectories theta ((N, T, D) row-major, D = len(names))
// in the layout of WriteWeightsArrow, one record batch per trajectory so memory stays bounded
// by one trajectory. times (len T) may be nil, which writes t as null.
func EncodeWeightsArrow(w io.Writer, names []string, theta []float64, n, t int, times []float64, meta map[string]string) error {
	d := len(names)
	if len(theta) != n*t*d {
		return fmt.Errorf("warp: weights table: %d values for N=%d T=%d D=%d", len(theta), n, t, d)
	}
	if times != nil && len(times) != t {
		return fmt.Errorf("warp: weights table: %d times for T=%d", len(times), t)
	}
	fields := []arrow.Field{
		{Name: "traj", Type: arrow.PrimitiveTypes.Int64},
		{Name: "step", Type: arrow.PrimitiveTypes.Int64},
		{Name: "t", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
	}
	for _, name := range names {
		fields = append(fields, arrow.Field{Name: name, Type: arrow.PrimitiveTypes.Float64})
	}
	keys, vals := make([]string, 0, len(meta)), make([]string, 0, len(meta))
	for k, v := range meta {
		keys, vals = append(keys, k), append(vals, v)
	}
	md := arrow.NewMetadata(keys, vals)
	schema := arrow.NewSchema(fields, &md)
	fw, err := ipc.NewFileWriter(w, ipc.WithSchema(schema))
	if err != nil {
		return err
	}
	b := array.NewRecordBuilder(memory.DefaultAllocator, schema)
	defer b.Release()
	col := make([]float64, t)
	for i := 0; i < n; i++ {
		for s := 0; s < t; s++ {
			b.Field(0).(*array.Int64Builder).Append(int64(i))
			b.Field(1).(*array.Int64Builder).Append(int64(s))
			if times != nil {
				b.Field(2).(*array.Float64Builder).Append(times[s])
			} else {
				b.Field(2).(*array.Float64Builder).AppendNull()
			}
		}
		for k := 0; k < d; k++ {
			for s := 0; s < t; s++ {
				col[s] = theta[(i*t+s)*d+k]
			}
			b.Field(3+k).(*array.Float64Builder).AppendValues(col, nil)
		}
		rec := b.NewRecordBatch()
		err := fw.Write(rec)
		rec.Release()
		if err != nil {
			fw.Close()
			return err
		}
	}
	return fw.Close()
}
