package main

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/warpkit/warpkit/internal/clienttest"
)

func TestForecastFormatsAgree(t *testing.T) {
	run := rdTrainedRun(t)
	dir := t.TempDir()
	paths := map[string]string{}
	for _, ext := range []string{"csv", "arrow", "parquet"} {
		paths[ext] = filepath.Join(dir, "pred."+ext)
		code, out, errs := rdRun(context.Background(), "forecast", "--run", run, "--data", rdFakeName, "--context", "3", "--out", paths[ext])
		if code != 0 || !strings.Contains(out, "60 rows") {
			t.Fatalf("%s: exit %d %q %q", ext, code, out, errs)
		}
	}
	// Arrow JS reads the IPC file, DuckDB the Parquet file and the CSV: all must give the same
	// tidy table, with the truth untouched and predictions equal to the truth inside the context.
	js := rdNode(t, `import { tableFromIPC } from 'apache-arrow';
import { DuckDBInstance } from '@duckdb/node-api';
import { readFileSync } from 'fs';
const [arrowPath, pqPath, csvPath] = process.argv.slice(1);
const t = tableFromIPC(readFileSync(arrowPath));
const cols = t.schema.fields.map(f => f.name);
const rowsA = t.toArray().map(r => [r.split, Number(r.traj), Number(r.step), r.t, r.q, r.q_pred, r.p, r.p_pred].join('|'));
const db = await (await DuckDBInstance.create()).connect();
const q = async (src) => (await (await db.runAndReadAll(
  "SELECT split, traj, step, t, q, q_pred, p, p_pred FROM " + src + " ORDER BY traj, step")).getRowsJS())
  .map(r => [r[0], Number(r[1]), Number(r[2]), r[3], r[4], r[5], r[6], r[7]].join('|'));
const rowsP = await q("read_parquet('" + pqPath + "')");
const rowsC = await q("read_csv('" + csvPath + "', header=true, columns={'split':'VARCHAR','traj':'BIGINT','step':'BIGINT','t':'DOUBLE','q':'DOUBLE','q_pred':'DOUBLE','p':'DOUBLE','p_pred':'DOUBLE'})");
let inContextEqual = true, laterDiffer = false;
for (const r of t.toArray()) {
  if (Number(r.step) < 3) { inContextEqual &&= (r.q === r.q_pred && r.p === r.p_pred); }
  else if (r.q !== r.q_pred) { laterDiffer = true; }
}
console.log(JSON.stringify({cols, n: rowsA.length, sameParquet: rowsA.join('\n') === rowsP.join('\n'),
  sameCSV: rowsA.join('\n') === rowsC.join('\n'), inContextEqual, laterDiffer, first: rowsA[0]}));`,
		paths["arrow"], paths["parquet"], paths["csv"])
	for _, want := range []string{`"cols":["split","traj","step","t","q","q_pred","p","p_pred"]`, `"n":60`, `"sameParquet":true`, `"sameCSV":true`, `"inContextEqual":true`, `"laterDiffer":true`, `"first":"test|0|0|0|`} {
		if !strings.Contains(js, want) {
			t.Errorf("readers disagree: want %s in %s", want, js)
		}
	}
}

func TestForecastBadInputsNameTheFlag(t *testing.T) {
	run := rdTrainedRun(t)
	dir := t.TempDir()
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"forecast", "--run", run, "--data", rdFakeName, "--context", "3"}, "--out"},
		{[]string{"forecast", "--run", run, "--data", rdFakeName, "--out", filepath.Join(dir, "p.txt")}, ".txt"},
		{[]string{"forecast", "--run", run, "--data", rdFakeName, "--out", filepath.Join(dir, "missing", "p.csv")}, "missing"},
		{[]string{"forecast", "--run", run, "--data", rdFakeName, "--out", filepath.Join(dir, "missing", "p.h5")}, "missing"},
		{[]string{"forecast", "--run", dir, "--data", rdFakeName, "--out", filepath.Join(dir, "p.csv")}, "config.json"},
	}
	for _, c := range cases {
		code, _, errs := rdRun(context.Background(), c.args...)
		if code == 0 || !strings.Contains(errs, c.want) {
			t.Errorf("%v: exit %d, stderr %q should name %s", c.args[1:], code, errs, c.want)
		}
	}
}

// The HDF5 forecast, read by h5py, holds the same truth and predictions as the CSV table (a
// separate writer), in the datasets' (N, T, D) layout with the context and states attached.
func TestForecastHDF5ByH5py(t *testing.T) {
	run := rdTrainedRun(t)
	dir := t.TempDir()
	h5p, csvp := filepath.Join(dir, "pred.h5"), filepath.Join(dir, "pred.csv")
	for _, p := range []string{h5p, csvp} {
		if code, _, errs := rdRun(context.Background(), "forecast", "--run", run, "--data", rdFakeName, "--context", "3", "--out", p); code != 0 {
			t.Fatalf("%s: exit %d: %s", p, code, errs)
		}
	}
	py := clienttest.RequirePython(t, "h5py", "numpy")
	var got struct {
		Context int64         `json:"context"`
		States  []string      `json:"states"`
		Model   string        `json:"model"`
		Shape   []int         `json:"shape"`
		Truth   [][][]float64 `json:"truth"`
		Pred    [][][]float64 `json:"pred"`
		T       []float64     `json:"t"`
	}
	clienttest.RunJSON(t, &got, py, "-c", `import h5py, json, sys
f = h5py.File(sys.argv[1], "r")
g = f["test"]
s = lambda v: v.decode() if isinstance(v, bytes) else str(v)
print(json.dumps({"context": int(f.attrs["context"]), "states": [s(v) for v in f.attrs["states"]],
  "model": s(f.attrs["model"]), "shape": list(g["predictions"].shape),
  "truth": g["trajectories"][...].tolist(), "pred": g["predictions"][...].tolist(), "t": g["t"][...].tolist()}))`, h5p)
	b, err := os.ReadFile(csvp)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(string(b))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	head := rows[0]
	if got.Context != 3 || len(got.Shape) != 3 || len(got.States) != got.Shape[2] || got.Model == "" {
		t.Fatalf("attributes/shape: %+v %v %v %q", got.Shape, got.Context, got.States, got.Model)
	}
	if n := got.Shape[0] * got.Shape[1]; len(rows)-1 != n {
		t.Fatalf("csv has %d rows, h5 holds %d", len(rows)-1, n)
	}
	col := map[string]int{}
	for i, h := range head {
		col[h] = i
	}
	for _, r := range rows[1:] {
		n, _ := strconv.Atoi(r[col["traj"]])
		k, _ := strconv.Atoi(r[col["step"]])
		if tv, _ := strconv.ParseFloat(r[col["t"]], 64); tv != got.T[k] {
			t.Fatalf("t[%d]: csv %g, h5 %g", k, tv, got.T[k])
		}
		for j, s := range got.States {
			y, _ := strconv.ParseFloat(r[col[s]], 64)
			p, _ := strconv.ParseFloat(r[col[s+"_pred"]], 64)
			if y != got.Truth[n][k][j] || p != got.Pred[n][k][j] {
				t.Fatalf("traj %d step %d %s: csv (%g, %g), h5 (%g, %g)", n, k, s, y, p, got.Truth[n][k][j], got.Pred[n][k][j])
			}
		}
	}
}
