package tablefile

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/warpkit/warpkit/datasets/traj"
	"github.com/warpkit/warpkit/datasets/traj/trajtest"
	"github.com/warpkit/warpkit/internal/clienttest"
)

// These tests read warpkit's tables with independent implementations (Arrow JS, DuckDB) and
// compare every value bit for bit with what was written.

type jsTable struct {
	NumRows  int               `json:"numRows"`
	Columns  map[string][]any  `json:"columns"`
	Metadata map[string]string `json:"metadata"`
}

// handColumns names HandMade's parameter columns: "t" would clash with the time column.
var handColumns = map[string]string{"m": "m", "t": "param_t"}

// checkLongTable compares a table read by a foreign reader with d (HandMade), row by row in
// the order split (as given), traj, step.
func checkLongTable(t *testing.T, who string, got jsTable, d *traj.Set, splits []string) {
	t.Helper()
	row := 0
	num := func(col string) float64 {
		v, ok := got.Columns[col][row].(float64)
		if !ok {
			t.Fatalf("%s: column %s row %d = %v", who, col, row, got.Columns[col][row])
		}
		return v
	}
	same := func(col string, want float64) {
		if v := num(col); math.Float64bits(v) != math.Float64bits(want) {
			t.Fatalf("%s: %s row %d: %v want %v", who, col, row, v, want)
		}
	}
	for _, name := range splits {
		var s *traj.Split
		for _, sp := range d.Splits {
			if sp.Name == name {
				s = sp
			}
		}
		P := len(d.ParamNames)
		for i := range s.N {
			for k := range s.T {
				if got.Columns["split"][row] != name || num("traj") != float64(i) || num("step") != float64(k) {
					t.Fatalf("%s: row %d keys %v %v %v", who, row, got.Columns["split"][row], got.Columns["traj"][row], got.Columns["step"][row])
				}
				same("t", s.Times[k])
				for j, st := range d.States {
					same(st, s.X[(i*s.T+k)*s.D+j])
					same("y0_"+st, s.Y0[i*s.D+j])
				}
				for p, pn := range d.ParamNames {
					if s.Params == nil {
						if v := got.Columns[handColumns[pn]][row]; v != nil {
							t.Fatalf("%s: %s row %d: %v, want null", who, pn, row, v)
						}
						continue
					}
					same(handColumns[pn], s.Params[i*P+p])
				}
				row++
			}
		}
	}
	if got.NumRows != row {
		t.Fatalf("%s: %d rows, want %d", who, got.NumRows, row)
	}
	if got.Metadata["spec"] != d.Provenance["spec"] || got.Metadata["note"] != "ünïcode ✓" {
		t.Fatalf("%s: metadata spec/note: %q %q", who, got.Metadata["spec"], got.Metadata["note"])
	}
}

// writeFile writes d to path with write.
func writeFile(t *testing.T, path string, d *traj.Set, write func(*os.File, *traj.Set) error) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := write(f, d); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestArrowJSReadsArrow(t *testing.T) {
	node, dir := clienttest.JSClients(t, "apache-arrow")
	d := trajtest.HandMade()
	path := filepath.Join(t.TempDir(), "d.arrow")
	writeFile(t, path, d, func(f *os.File, d *traj.Set) error { return WriteArrow(f, d) })
	var got jsTable
	clienttest.RunJSON(t, &got, node, filepath.Join(dir, "read_arrow.mjs"), path)
	checkLongTable(t, "arrow js", got, d, []string{"train", "test"})
}

func TestDuckDBReadsParquet(t *testing.T) {
	node, dir := clienttest.JSClients(t, "@duckdb/node-api")
	d := trajtest.HandMade()
	path := filepath.Join(t.TempDir(), "d.parquet")
	writeFile(t, path, d, func(f *os.File, d *traj.Set) error { return WriteParquet(f, d, true) })
	var got jsTable
	clienttest.RunJSON(t, &got, node, filepath.Join(dir, "read_parquet.mjs"), path, "split, traj, step")
	checkLongTable(t, "duckdb", got, d, []string{"test", "train"})
}

// Parquet shards of one run, each numbering its trajectories from its row range, read in
// DuckDB as one table: that of the whole run.
func TestDuckDBReadsShardFolder(t *testing.T) {
	node, js := clienttest.JSClients(t, "@duckdb/node-api")
	whole := trajtest.HandMade()
	dir := t.TempDir()
	// Two shards: trajectories [0, 2) and [2, 3) of train, [0, 1) and [1, 2) of test.
	for i, cut := range []map[string][2]int{{"train": {0, 2}, "test": {0, 1}}, {"train": {2, 3}, "test": {1, 2}}} {
		part := trajtest.HandMade()
		for _, s := range part.Splits {
			lo, hi := cut[s.Name][0], cut[s.Name][1]
			part.Provenance[traj.RowsKey(s.Name)] = fmt.Sprintf("%d:%d/%d", lo, hi, s.N)
			s.X = s.X[lo*s.T*s.D : hi*s.T*s.D]
			s.Y0 = s.Y0[lo*s.D : hi*s.D]
			if s.Params != nil {
				s.Params = s.Params[lo*2 : hi*2]
			}
			s.N = hi - lo
		}
		writeFile(t, filepath.Join(dir, fmt.Sprintf("part-%d.parquet", i)), part, func(f *os.File, d *traj.Set) error { return WriteParquet(f, d, false) })
	}
	var got jsTable
	clienttest.RunJSON(t, &got, node, filepath.Join(js, "read_parquet.mjs"), filepath.Join(dir, "*.parquet"), "split, traj, step")
	checkLongTable(t, "duckdb shard folder", got, whole, []string{"test", "train"})
}
