// Package tablefile reads and writes warpkit's datasets as one tidy long table, in Arrow IPC
// ("Feather v2") or Parquet files: one row per (trajectory, time point), columns split, traj,
// step, t, one float64 per state, one per parameter, and y0_<state> when the initial state is
// not simply step 0. Provenance keys are the schema metadata as they are; warpkit's own keys
// start with "warpkit.". pandas, pyarrow, Arrow JS and DuckDB read the files as they are, and
// tables they wrote read back: any numeric column but the keys is then a state.
//
// The Arrow IPC reader of arrow-go trusts the lengths in a file's metadata, so files are
// checked with a bounds-checking flatbuffer walk before it sees them (verify.go).
package tablefile

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/warpkit/warpkit/datasets/traj"
)

const (
	metaKey   = "warpkit.meta" // JSON of names and normalisation
	y0Key     = "warpkit.y0"   // "step0": Y0 equals the trajectories at step 0
	batchRows = 1 << 18        // rows per record batch: bounds memory, keeps row groups large
)

var reserved = map[string]bool{"split": true, "traj": true, "step": true, "t": true}

// paramColumn names a parameter's column, prefixed when it would clash with a state or a key.
func paramColumn(states []string, p string) string {
	if reserved[p] || slices.Contains(states, p) || strings.HasPrefix(p, "y0_") {
		return "param_" + p
	}
	return p
}

type tableLayout struct {
	schema  *arrow.Schema
	y0Cols  bool
	nParams int
}

func layoutOf(d *traj.Set) (*tableLayout, error) {
	m := d.Meta
	m.Provenance = nil
	mj, err := json.Marshal(m)
	if err != nil {
		return nil, err
	}
	y0Cols := false
	hasParams := false
	for _, s := range d.Splits {
		if s.Y0 != nil && !y0IsStep0(s) {
			y0Cols = true
		}
		if s.Params != nil {
			hasParams = true
		}
	}
	fields := []arrow.Field{
		{Name: "split", Type: arrow.BinaryTypes.String},
		{Name: "traj", Type: arrow.PrimitiveTypes.Int64},
		{Name: "step", Type: arrow.PrimitiveTypes.Int64},
		{Name: "t", Type: arrow.PrimitiveTypes.Float64},
	}
	seen := map[string]bool{"split": true, "traj": true, "step": true, "t": true}
	add := func(name string) error {
		if seen[name] {
			return fmt.Errorf("column %q appears twice", name)
		}
		seen[name] = true
		fields = append(fields, arrow.Field{Name: name, Type: arrow.PrimitiveTypes.Float64, Nullable: true})
		return nil
	}
	for _, s := range d.States {
		if reserved[s] {
			return nil, fmt.Errorf("state name %q clashes with a key column", s)
		}
		if err := add(s); err != nil {
			return nil, err
		}
	}
	nParams := 0
	if hasParams {
		for _, p := range d.ParamNames {
			if err := add(paramColumn(d.States, p)); err != nil {
				return nil, err
			}
		}
		nParams = len(d.ParamNames)
	}
	if y0Cols {
		for _, s := range d.States {
			if err := add("y0_" + s); err != nil {
				return nil, err
			}
		}
	}
	kv := maps.Clone(d.Provenance)
	if kv == nil {
		kv = map[string]string{}
	}
	kv[metaKey] = string(mj)
	if !y0Cols {
		kv[y0Key] = "step0"
		for _, s := range d.Splits {
			if s.Y0 == nil {
				kv[y0Key] = "none"
			}
		}
	}
	md := arrow.MetadataFrom(kv)
	return &tableLayout{schema: arrow.NewSchema(fields, &md), y0Cols: y0Cols, nParams: nParams}, nil
}

func y0IsStep0(s *traj.Split) bool {
	for i := range s.N {
		for j := range s.D {
			a, b := s.Y0[i*s.D+j], s.X[i*s.T*s.D+j]
			if math.Float64bits(a) != math.Float64bits(b) {
				return false
			}
		}
	}
	return true
}

// damagedOnPanic, deferred by a reader with results d and err, turns a panic of arrow-go's
// readers (they trust the lengths in a file) on damaged input into an error naming the format.
func damagedOnPanic(format string, d **traj.Set, err *error) {
	if p := recover(); p != nil {
		*d, *err = nil, fmt.Errorf("damaged %s file: %v", format, p)
	}
}

// writeBatches hands every record batch of d to write, then closes the writer with close, also
// when a write fails (that failure is the error returned).
func (l *tableLayout) writeBatches(d *traj.Set, write func(arrow.RecordBatch) error, close func() error) error {
	if err := l.eachBatch(d, write); err != nil {
		close()
		return err
	}
	return close()
}

// eachBatch builds the table in record batches of whole trajectories and hands each to emit.
// Columns are filled as plain Go slices and wrapped as Arrow buffers, without builders: a
// paper-size MSD table has 6.3 million rows.
func (l *tableLayout) eachBatch(d *traj.Set, emit func(arrow.RecordBatch) error) error {
	for _, s := range d.Splits {
		name := s.Name
		// A shard numbers its trajectories as the whole run does, so a folder of shards is one
		// consistent table.
		off := traj.FirstTraj(d.Provenance, name)
		per := max(1, batchRows/s.T)
		for lo := 0; lo < s.N; lo += per {
			hi := min(s.N, lo+per)
			rows := (hi - lo) * s.T
			cols := make([]arrow.Array, 0, len(l.schema.Fields()))
			cols = append(cols, repeatedString(name, rows))
			traj, step, tt := make([]int64, rows), make([]int64, rows), make([]float64, rows)
			for i := lo; i < hi; i++ {
				for k := range s.T {
					r := (i-lo)*s.T + k
					traj[r], step[r], tt[r] = int64(off+i), int64(k), s.Times[k]
				}
			}
			cols = append(cols, int64Array(traj), int64Array(step), float64Array(tt, false))
			for j := range s.D {
				v := make([]float64, rows)
				for r := range v {
					v[r] = s.X[(lo*s.T+r)*s.D+j]
				}
				cols = append(cols, float64Array(v, false))
			}
			perTraj := func(src []float64, width, j int) arrow.Array {
				v := make([]float64, rows)
				if src == nil {
					return float64Array(v, true)
				}
				for i := lo; i < hi; i++ {
					x := src[i*width+j]
					for k := range s.T {
						v[(i-lo)*s.T+k] = x
					}
				}
				return float64Array(v, false)
			}
			for p := range l.nParams {
				cols = append(cols, perTraj(s.Params, l.nParams, p))
			}
			if l.y0Cols {
				for j := range s.D {
					cols = append(cols, perTraj(s.Y0, s.D, j))
				}
			}
			rec := array.NewRecordBatch(l.schema, cols, int64(rows))
			for _, c := range cols {
				c.Release()
			}
			err := emit(rec)
			rec.Release()
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// repeatedString is a string column holding s in every row.
func repeatedString(s string, rows int) arrow.Array {
	offsets := make([]int32, rows+1)
	for i := range offsets {
		offsets[i] = int32(i * len(s))
	}
	data := array.NewData(arrow.BinaryTypes.String, rows, []*memory.Buffer{
		nil,
		memory.NewBufferBytes(arrow.Int32Traits.CastToBytes(offsets)),
		memory.NewBufferBytes([]byte(strings.Repeat(s, rows))),
	}, nil, 0, 0)
	defer data.Release()
	return array.NewStringData(data)
}

func int64Array(v []int64) arrow.Array {
	data := array.NewData(arrow.PrimitiveTypes.Int64, len(v), []*memory.Buffer{nil, memory.NewBufferBytes(arrow.Int64Traits.CastToBytes(v))}, nil, 0, 0)
	defer data.Release()
	return array.NewInt64Data(data)
}

// float64Array wraps v; allNull marks every row null (a split without that column's data).
func float64Array(v []float64, allNull bool) arrow.Array {
	var valid *memory.Buffer
	nulls := 0
	if allNull {
		valid, nulls = memory.NewBufferBytes(make([]byte, (len(v)+7)/8)), len(v)
	}
	data := array.NewData(arrow.PrimitiveTypes.Float64, len(v), []*memory.Buffer{valid, memory.NewBufferBytes(arrow.Float64Traits.CastToBytes(v))}, nil, nulls, 0)
	defer data.Release()
	return array.NewFloat64Data(data)
}

// tableReader rebuilds a Set from record batches in any row order.
type tableReader struct {
	schema    *arrow.Schema
	m         *traj.Meta
	prov      map[string]string
	y0Mode    string
	stateCols []int
	paramCols []int
	y0Cols    []int
	splitCol  int
	trajCol   int
	stepCol   int
	tCol      int
	acc       map[string]*splitRows
	order     []string
	recs      []arrow.RecordBatch
}

// release lets go of the record batches the views point into.
func (r *tableReader) release() {
	for _, rec := range r.recs {
		rec.Release()
	}
	r.recs = nil
}

// splitRows holds one split's rows as views into the record batches (kept alive by recs),
// so reading copies each value once, into its place in the Set.
type splitRows struct {
	segs []segment
	rows int
}

type segment struct {
	traj, step []int64
	t          []float64
	vals       [][]float64 // per state, then per param, then per y0 column
}

func newTableReader(schema *arrow.Schema) (*tableReader, error) {
	r := &tableReader{schema: schema, prov: map[string]string{}, acc: map[string]*splitRows{}, splitCol: -1}
	md := schema.Metadata()
	for i, k := range md.Keys() {
		v := md.Values()[i]
		switch {
		case k == metaKey:
			m, err := traj.ParseMeta([]byte(v))
			if err != nil {
				return nil, err
			}
			r.m = &m
		case k == y0Key:
			r.y0Mode = v
		case strings.HasPrefix(k, "warpkit.") || strings.HasPrefix(k, "ARROW:") || k == "pandas":
		default:
			r.prov[k] = v
		}
	}
	col := func(name string) int {
		idx := schema.FieldIndices(name)
		if len(idx) == 0 {
			return -1
		}
		return idx[0]
	}
	if idx := col("split"); idx >= 0 {
		r.splitCol = idx
	}
	r.trajCol, r.stepCol, r.tCol = col("traj"), col("step"), col("t")
	if r.trajCol < 0 || r.stepCol < 0 {
		return nil, fmt.Errorf("table needs integer columns traj and step (has %v)", fieldNames(schema))
	}
	if r.m != nil {
		for _, s := range r.m.States {
			i := col(s)
			if i < 0 {
				return nil, fmt.Errorf("state column %q missing", s)
			}
			r.stateCols = append(r.stateCols, i)
		}
		for _, p := range r.m.ParamNames {
			if i := col(paramColumn(r.m.States, p)); i >= 0 {
				r.paramCols = append(r.paramCols, i)
			}
		}
		if len(r.paramCols) != 0 && len(r.paramCols) != len(r.m.ParamNames) {
			return nil, fmt.Errorf("some parameter columns of %v missing", r.m.ParamNames)
		}
		for _, s := range r.m.States {
			if i := col("y0_" + s); i >= 0 {
				r.y0Cols = append(r.y0Cols, i)
			}
		}
	} else {
		// A user's table: every other numeric column is a state.
		for i, f := range schema.Fields() {
			if reserved[f.Name] {
				continue
			}
			if arrow.IsFloating(f.Type.ID()) || arrow.IsInteger(f.Type.ID()) {
				r.stateCols = append(r.stateCols, i)
			}
		}
	}
	if len(r.stateCols) == 0 {
		return nil, errors.New("no numeric state columns")
	}
	return r, nil
}

func fieldNames(s *arrow.Schema) []string {
	var n []string
	for _, f := range s.Fields() {
		n = append(n, f.Name)
	}
	return n
}

// add appends one record batch's rows.
func (r *tableReader) add(rec arrow.RecordBatch) error {
	// The key columns come first and without copies: their lengths are backed by data, unlike
	// the row count in the metadata, so they bound what is allocated next.
	traj, err := intValues(rec.Column(r.trajCol))
	if err != nil {
		return fmt.Errorf("column traj: %w", err)
	}
	n := len(traj)
	if int64(n) != rec.NumRows() {
		return fmt.Errorf("column traj has %d values for %d rows", n, rec.NumRows())
	}
	splits := make([]string, n)
	if r.splitCol >= 0 {
		if err := stringValues(rec.Column(r.splitCol), splits); err != nil {
			return fmt.Errorf("column split: %w", err)
		}
	} else {
		for i := range splits {
			splits[i] = "train"
		}
	}
	step, err := intValues(rec.Column(r.stepCol))
	if err != nil {
		return fmt.Errorf("column step: %w", err)
	}
	var t []float64
	if r.tCol >= 0 {
		if t, err = floatValues(rec.Column(r.tCol)); err != nil {
			return fmt.Errorf("column t: %w", err)
		}
	}
	cols := slices.Concat(r.stateCols, r.paramCols, r.y0Cols)
	vals := make([][]float64, len(cols))
	for k, c := range cols {
		if vals[k], err = floatValues(rec.Column(c)); err != nil {
			return fmt.Errorf("column %s: %w", r.schema.Field(c).Name, err)
		}
	}
	rec.Retain()
	r.recs = append(r.recs, rec)
	// Rows of one split usually come in runs; keep a view per run.
	for lo := 0; lo < n; {
		hi := lo + 1
		for hi < n && splits[hi] == splits[lo] {
			hi++
		}
		name := splits[lo]
		a, ok := r.acc[name]
		if !ok {
			a = &splitRows{}
			r.acc[name] = a
			r.order = append(r.order, name)
		}
		g := segment{traj: traj[lo:hi], step: step[lo:hi], vals: make([][]float64, len(cols))}
		if t != nil {
			g.t = t[lo:hi]
		}
		for k := range cols {
			g.vals[k] = vals[k][lo:hi]
		}
		a.segs = append(a.segs, g)
		a.rows += hi - lo
		lo = hi
	}
	return nil
}

// finish places each row at (traj, step), checking the table is a complete rectangle with
// one time grid per split and one parameter vector per trajectory.
func (r *tableReader) finish() (*traj.Set, error) {
	defer r.release()
	d := &traj.Set{Meta: traj.Meta{Provenance: r.prov}}
	if r.m != nil {
		d.Meta = *r.m
		d.Provenance = r.prov
	} else {
		for _, c := range r.stateCols {
			d.States = append(d.States, r.schema.Field(c).Name)
		}
	}
	D, P := len(r.stateCols), len(r.paramCols)
	for _, name := range r.order {
		a := r.acc[name]
		rows := a.rows
		base := int64(traj.FirstTraj(r.prov, name))
		var N, T int64
		for _, g := range a.segs {
			for i := range g.traj {
				tr, st := g.traj[i]-base, g.step[i]
				if tr < 0 || st < 0 {
					return nil, fmt.Errorf("split %s: negative traj or step (%d, %d)", name, g.traj[i], st)
				}
				N, T = max(N, tr+1), max(T, st+1)
			}
		}
		if N > int64(rows) || T > int64(rows) || N*T != int64(rows) {
			return nil, fmt.Errorf("split %s: %d rows do not form %d trajectories × %d steps", name, rows, N, T)
		}
		s := &traj.Split{Name: name, N: int(N), T: int(T), D: D, X: make([]float64, rows*D), Times: make([]float64, T)}
		filled := make([]bool, rows)
		tset := make([]bool, T)
		if P > 0 {
			s.Params = make([]float64, int(N)*P)
		}
		if len(r.y0Cols) > 0 {
			s.Y0 = make([]float64, int(N)*D)
		}
		hasT := false
		for _, g := range a.segs {
			hasT = g.t != nil
			for i := range g.traj {
				tr, st := int(g.traj[i]-base), int(g.step[i])
				pos := tr*int(T) + st
				if filled[pos] {
					return nil, fmt.Errorf("split %s: trajectory %d step %d appears twice", name, tr, st)
				}
				filled[pos] = true
				for j := range D {
					s.X[pos*D+j] = g.vals[j][i]
				}
				if g.t != nil {
					if !tset[st] {
						s.Times[st], tset[st] = g.t[i], true
					} else if s.Times[st] != g.t[i] {
						return nil, fmt.Errorf("split %s: step %d has times %g and %g (one grid per split needed)", name, st, s.Times[st], g.t[i])
					}
				}
				if st == 0 {
					for p := range P {
						s.Params[tr*P+p] = g.vals[D+p][i]
					}
					if s.Y0 != nil {
						for j := range D {
							s.Y0[tr*D+j] = g.vals[D+P+j][i]
						}
					}
				}
			}
		}
		// A split without parameters in a table where others have them reads as all nulls.
		if P > 0 && allNaN(s.Params) {
			s.Params = nil
		}
		if s.Params != nil {
			for _, g := range a.segs {
				for i := range g.traj {
					tr := int(g.traj[i] - base)
					for p := range P {
						if f, v := s.Params[tr*P+p], g.vals[D+p][i]; math.Float64bits(f) != math.Float64bits(v) {
							return nil, fmt.Errorf("split %s: trajectory %d parameter %d changes along the trajectory (%g, %g)", name, tr, p, f, v)
						}
					}
				}
			}
		}
		if !hasT {
			traj.AssumeUniformTimes(s, d.Provenance)
		}
		if r.y0Mode == "step0" {
			s.Y0 = make([]float64, int(N)*D)
			for i := range int(N) {
				copy(s.Y0[i*D:(i+1)*D], s.X[i*int(T)*D:])
			}
		}
		d.Splits = append(d.Splits, s)
	}
	if len(d.Splits) == 0 {
		return nil, errors.New("table has no rows")
	}
	return d, nil
}

func allNaN(x []float64) bool {
	for _, v := range x {
		if !math.IsNaN(v) {
			return false
		}
	}
	return true
}

func stringValues(a arrow.Array, out []string) error {
	switch c := a.(type) {
	case *array.String:
		for i := range out {
			out[i] = c.Value(i)
		}
	case *array.LargeString:
		for i := range out {
			out[i] = c.Value(i)
		}
	case *array.Dictionary:
		dict := c.Dictionary()
		vals := make([]string, dict.Len())
		if err := stringValues(dict, vals); err != nil {
			return err
		}
		for i := range out {
			k := c.GetValueIndex(i)
			if k < 0 || k >= len(vals) {
				return fmt.Errorf("dictionary index %d out of range", k)
			}
			out[i] = vals[k]
		}
	default:
		return fmt.Errorf("want strings, got %s", a.DataType())
	}
	if a.NullN() > 0 {
		return fmt.Errorf("%d null values", a.NullN())
	}
	return nil
}

func intValues(a arrow.Array) ([]int64, error) {
	if a.NullN() > 0 {
		return nil, fmt.Errorf("%d null values", a.NullN())
	}
	switch c := a.(type) {
	case *array.Int64:
		v := c.Int64Values()
		if len(v) != c.Len() {
			return nil, fmt.Errorf("%d values for %d rows", len(v), c.Len())
		}
		return v, nil
	case *array.Int32:
		v := c.Int32Values()
		if len(v) != c.Len() {
			return nil, fmt.Errorf("%d values for %d rows", len(v), c.Len())
		}
		out := make([]int64, len(v))
		for i, x := range v {
			out[i] = int64(x)
		}
		return out, nil
	}
	return nil, fmt.Errorf("want int64 or int32, got %s", a.DataType())
}

// floatValues converts a numeric column; nulls become NaN (and Check reports them). The
// output is sized by the values the data hold, not by the length the metadata claims.
func floatValues(a arrow.Array) ([]float64, error) {
	var out []float64
	switch c := a.(type) {
	case *array.Float64:
		out = c.Float64Values()
		if c.NullN() > 0 { // nulls become NaN below: copy rather than write into the batch
			out = append([]float64(nil), out...)
		}
	case *array.Float32:
		out = convert(c.Float32Values())
	case *array.Int64:
		out = convert(c.Int64Values())
	case *array.Int32:
		out = convert(c.Int32Values())
	default:
		return nil, fmt.Errorf("want a numeric column, got %s", a.DataType())
	}
	if len(out) != a.Len() {
		return nil, fmt.Errorf("%d values for %d rows", len(out), a.Len())
	}
	if a.NullN() > 0 {
		for i := range out {
			if a.IsNull(i) {
				out[i] = math.NaN()
			}
		}
	}
	return out, nil
}

func convert[E float32 | int64 | int32](v []E) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = float64(x)
	}
	return out
}
