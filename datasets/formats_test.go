package datasets

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/warpkit/warpkit/datasets/traj/trajtest"
)

// handMade is trajtest.HandMade as a Dataset, normalised from its train split: y0 differs from
// step 0 and the test split has no parameters, to exercise every optional part of each format.
func handMade() *Dataset {
	d := fromFileSet(trajtest.HandMade(), "hand")
	d.Normalize()
	return d
}

func formatsUnder(dir string) map[Format]string {
	return map[Format]string{
		FormatHDF5:    filepath.Join(dir, "d.h5"),
		FormatArrow:   filepath.Join(dir, "d.arrow"),
		FormatParquet: filepath.Join(dir, "d.parquet"),
		FormatNPZ:     filepath.Join(dir, "d.npz"),
		FormatNPY:     filepath.Join(dir, "npyset") + "/",
	}
}

func TestRoundTripEveryFormat(t *testing.T) {
	small := smallMSD(t, 5, 3)
	small.SetSize("val", 2)
	sine, _ := Builtin("sine-tiny")
	sine.SetSize("val", 3)
	sine.SetSize("test", 4)
	rep, _ := Builtin("lv-repeat")
	rep.SetSize("train", 2)
	rep.SetSize("test", 1)
	cases := map[string]*Dataset{
		"msd":       gen(t, small, GenerateOptions{}),
		"sine":      gen(t, sine, GenerateOptions{}),
		"lv-repeat": gen(t, rep, GenerateOptions{}),
		"hand":      handMade(),
	}
	for name, d := range cases {
		for _, compress := range []bool{false, true} {
			dir := t.TempDir()
			for f, path := range formatsUnder(dir) {
				if err := Write(d, path, WriteOptions{Compress: compress}); err != nil {
					t.Fatalf("%s %s: write: %v", name, f, err)
				}
				open := path
				if f == FormatNPY {
					open = filepath.Join(dir, "npyset")
				}
				got, err := Open(open)
				if err != nil {
					t.Fatalf("%s %s: open: %v", name, f, err)
				}
				equalDatasets(t, name+" via "+string(f), d, got)
			}
			entries, _ := os.ReadDir(dir)
			for _, e := range entries {
				if strings.Contains(e.Name(), ".tmp") {
					t.Errorf("temporary file left: %s", e.Name())
				}
			}
		}
	}
}

func TestWriteRefusesOverwriteWithoutForce(t *testing.T) {
	d := handMade()
	for f, path := range formatsUnder(t.TempDir()) {
		if err := Write(d, path, WriteOptions{}); err != nil {
			t.Fatal(err)
		}
		err := Write(d, path, WriteOptions{})
		if err == nil || !strings.Contains(err.Error(), "exists") {
			t.Errorf("%s: second write without force: %v", f, err)
		}
		if err := Write(d, path, WriteOptions{Force: true}); err != nil {
			t.Errorf("%s: forced write: %v", f, err)
		}
	}
}

func TestBadInputErrors(t *testing.T) {
	dir := t.TempDir()
	d := handMade()
	d.Splits["train"].X[7] = math.NaN()
	for f, path := range formatsUnder(dir) {
		err := Write(d, path, WriteOptions{})
		if err == nil || !strings.Contains(err.Error(), "split train: trajectory 0, step 3, state 1 is NaN") {
			t.Errorf("%s: NaN written: %v", f, err)
		}
		if _, serr := os.Stat(strings.TrimSuffix(path, "/")); serr == nil && f != FormatNPY {
			t.Errorf("%s: file left after refusal", f)
		}
	}
	// A NaN inside a file (written past the check) is reported on opening, naming the file.
	nan := filepath.Join(dir, "nan.npz")
	if err := writeNPZ(d, nan, WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(nan); err == nil || !strings.Contains(err.Error(), "nan.npz") || !strings.Contains(err.Error(), "NaN") {
		t.Errorf("open file with NaN: %v", err)
	}
	good := handMade()
	bad := filepath.Join(dir, "no", "such", "dir", "x.h5")
	if err := Write(good, bad, WriteOptions{}); err == nil || !strings.Contains(err.Error(), "x.h5") {
		t.Errorf("unwritable path: %v", err)
	}
	if err := Write(good, filepath.Join(dir, "x.csv"), WriteOptions{}); err == nil || !strings.Contains(err.Error(), ".csv") {
		t.Errorf("unknown extension: %v", err)
	}
	// Shape mismatch.
	good.Splits["test"].Times = good.Splits["test"].Times[:3]
	if err := Write(good, filepath.Join(dir, "y.npz"), WriteOptions{}); err == nil || !strings.Contains(err.Error(), "time grid has 3 points") {
		t.Errorf("shape mismatch: %v", err)
	}
	junk := filepath.Join(dir, "junk.h5")
	os.WriteFile(junk, []byte("hello, not a dataset"), 0o644)
	if _, err := Open(junk); err == nil || !strings.Contains(err.Error(), "junk.h5") {
		t.Errorf("junk: %v", err)
	}
}

// Files are recognised by content when the extension says nothing or lies.
func TestOpenByMagic(t *testing.T) {
	dir := t.TempDir()
	d := handMade()
	for f, path := range formatsUnder(dir) {
		if f == FormatNPY {
			continue
		}
		if err := Write(d, path, WriteOptions{}); err != nil {
			t.Fatal(err)
		}
		renamed := filepath.Join(dir, "data_"+string(f)+".bin")
		if err := os.Rename(path, renamed); err != nil {
			t.Fatal(err)
		}
		got, err := Open(renamed)
		if err != nil {
			t.Fatalf("%s as .bin: %v", f, err)
		}
		equalDatasets(t, string(f)+" by magic", d, got)
	}
}

func TestNormalization(t *testing.T) {
	s := &Split{N: 2, T: 2, D: 2, X: []float64{1, 10, 3, 10, 5, 10, -1, 10}}
	n := ComputeNormalization(s)
	// State 0 holds 1, 3, 5, −1: mean 2, population variance (1+1+9+9)/4 = 5.
	if n.Min[0] != -1 || n.Max[0] != 5 || n.Mean[0] != 2 || math.Abs(n.Std[0]-math.Sqrt(5)) > 1e-15 {
		t.Fatalf("state 0: %+v", n)
	}
	if sc := n.ScaleStd(); sc[0] != n.Std[0] || sc[1] != 1 || n.Std[1] != 0 {
		t.Fatalf("ScaleStd %v of std %v: want the constant state's 0 read as 1", sc, n.Std)
	}
	x := append([]float64(nil), s.X...)
	if err := n.MinMax(x); err != nil {
		t.Fatal(err)
	}
	if math.Abs(x[0]+1/3.0) > 1e-15 || x[6] != -1 || x[4] != 1 || x[1] != -1 { // constant state maps to −1, finite
		t.Fatalf("minmax: %v", x)
	}
	n.UndoMinMax(x)
	z := append([]float64(nil), s.X...)
	n.ZScore(z)
	if math.Abs(z[4]-3/math.Sqrt(5)) > 1e-15 {
		t.Fatalf("zscore: %v", z)
	}
	n.UndoZScore(z)
	for i := range x {
		if math.Abs(x[i]-s.X[i]) > 1e-14 || math.Abs(z[i]-s.X[i]) > 1e-14 {
			t.Fatalf("undo: %v %v vs %v", x, z, s.X)
		}
	}
	if err := n.MinMax(make([]float64, 3)); err == nil {
		t.Error("length not a multiple of D accepted")
	}
}

// One member of an npy set opens the whole set; a JSON file that does not list it does not.
func TestOpenNPYMember(t *testing.T) {
	dir := t.TempDir()
	d := handMade()
	if err := Write(d, filepath.Join(dir, "run"), WriteOptions{Format: FormatNPY}); err != nil {
		t.Fatal(err)
	}
	got, err := Open(filepath.Join(dir, "run_test.npy"))
	if err != nil {
		t.Fatal(err)
	}
	equalDatasets(t, "npy member", d, got)
	os.WriteFile(filepath.Join(dir, "my.json"), []byte(`{"unrelated": true}`), 0o644)
	if err := os.Rename(filepath.Join(dir, "run_train.npy"), filepath.Join(dir, "my_data.npy")); err != nil {
		t.Fatal(err)
	}
	alone, err := Open(filepath.Join(dir, "my_data.npy"))
	if err != nil {
		t.Fatal(err)
	}
	if s := alone.Splits["train"]; s == nil || s.N != 3 || alone.Name != "my_data" {
		t.Fatalf("lone array: %+v", alone)
	}
}

// Parquet shards of one run, in one folder, read as one dataset, equal to the unsharded run.
// (tablefile's tests have DuckDB read such a folder as one table.)
func TestParquetShardFolder(t *testing.T) {
	s := smallMSD(t, 7, 3)
	whole := gen(t, s, GenerateOptions{})
	dir := t.TempDir()
	for i := range 3 {
		part := gen(t, s, GenerateOptions{Shard: Shard{Index: i, Count: 3}})
		if err := Write(part, filepath.Join(dir, "part-"+string(rune('0'+i))+".parquet"), WriteOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	m, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	equalDatasets(t, "parquet shard folder", whole, m)
}
