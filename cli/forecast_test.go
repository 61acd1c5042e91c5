package cli

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
	rows := readCSVRows(t, csvp)
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

// A WARP-Phys run's forecast also carries the physical parameters the model inferred at each
// step (param_k, param_c for the fixed-mass MSD prior, reached through --prior system:msd's
// generic route as well): NaN at step 0, positive afterwards, and in the HDF5 file as
// <split>/params with their names.
func TestForecastWritesInferredParameters(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "msd.h5")
	mustWK(t, "gen", "--dataset", "msd", "--n-train", "16", "--n-test", "4", "--out", data, "--quiet")
	for _, c := range []struct {
		prior, opts string
	}{
		{"msd", `{"integrator":"exact","mass":1,"transform":"softplus"}`},
		{"system:msd", `{"system":"msd","predict":[{"name":"k","transform":{"kind":"softplus","scale":400}},{"name":"c","transform":{"kind":"exp","scale":5}}],"fixed":{"m":1},"integrator":"rk4"}`},
	} {
		run := filepath.Join(dir, strings.ReplaceAll(c.prior, ":", "-"))
		mustWK(t, "train", "--model", "warp-phys", "--prior", c.prior, "--prior-options", c.opts, "--root-width", "4",
			"--data", data, "--out", run, "--epochs", "2", "--batch", "8", "--context", "100", "--quiet")
		out := filepath.Join(dir, strings.ReplaceAll(c.prior, ":", "-")+".csv")
		mustWK(t, "forecast", "--run", run, "--data", data, "--out", out)
		rows := readCSVRows(t, out)
		if got := strings.Join(rows[0], ","); got != "split,traj,step,t,x,x_pred,v,v_pred,param_k,param_c" {
			t.Fatalf("%s: columns %s", c.prior, got)
		}
		for _, r := range rows[1:] {
			k, _ := strconv.ParseFloat(r[8], 64)
			if r[2] == "0" {
				if r[8] != "" && r[8] != "NaN" {
					t.Errorf("%s: step 0 has k = %q; nothing predicts it", c.prior, r[8])
				}
			} else if !(k > 0) {
				t.Fatalf("%s: traj %s step %s: k = %q", c.prior, r[1], r[2], r[8])
			}
		}
	}
	h5p := filepath.Join(dir, "p.h5")
	mustWK(t, "forecast", "--run", filepath.Join(dir, "msd"), "--data", data, "--out", h5p)
	py := clienttest.RequirePython(t, "h5py", "numpy")
	var got struct {
		Names []string `json:"names"`
		Shape []int    `json:"shape"`
		NaN0  bool     `json:"nan0"`
		Pos   bool     `json:"pos"`
	}
	clienttest.RunJSON(t, &got, py, "-c", `import h5py, json, sys, numpy as np
f = h5py.File(sys.argv[1], "r")
p = f["test/params"][...]
s = lambda v: v.decode() if isinstance(v, bytes) else str(v)
print(json.dumps({"names": [s(v) for v in f.attrs["params"]], "shape": list(p.shape),
  "nan0": bool(np.isnan(p[:, 0]).all()), "pos": bool((p[:, 1:] > 0).all())}))`, h5p)
	if strings.Join(got.Names, ",") != "k,c" || len(got.Shape) != 3 || got.Shape[0] != 4 || got.Shape[2] != 2 || !got.NaN0 || !got.Pos {
		t.Errorf("h5py read %+v", got)
	}
}

// readCSVRows reads a whole CSV file, header row first.
func readCSVRows(t *testing.T, path string) [][]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(string(b))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}
