package traj

import (
	"encoding/json"
	"slices"
	"testing"
)

func TestRows(t *testing.T) {
	lo, hi, n, err := ParseRows("3:7/10")
	if err != nil || lo != 3 || hi != 7 || n != 10 {
		t.Fatalf("3:7/10 reads as %d:%d/%d, %v", lo, hi, n, err)
	}
	for _, bad := range []string{"7:3/10", "3:11/10", "-1:2/4", "3-7/10", ""} {
		if _, _, _, err := ParseRows(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	prov := map[string]string{RowsKey("train"): "4:8/8", RowsKey("test"): "junk"}
	if RowsKey("train") != "rows.train" || FirstTraj(prov, "train") != 4 || FirstTraj(prov, "test") != 0 || FirstTraj(prov, "val") != 0 {
		t.Fatalf("FirstTraj: %d %d %d", FirstTraj(prov, "train"), FirstTraj(prov, "test"), FirstTraj(prov, "val"))
	}
}

func TestGridsAndNames(t *testing.T) {
	if g := UniformGrid(5); !slices.Equal(g, []float64{0, 0.25, 0.5, 0.75, 1}) {
		t.Fatalf("UniformGrid(5) = %v", g)
	}
	if g := UniformGrid(1); !slices.Equal(g, []float64{0}) {
		t.Fatalf("UniformGrid(1) = %v", g)
	}
	s := &Split{Name: "val", T: 3}
	prov := map[string]string{}
	AssumeUniformTimes(s, prov)
	if !slices.Equal(s.Times, []float64{0, 0.5, 1}) || prov["times.val"] != "not stored; assumed uniform on [0, 1]" {
		t.Fatalf("times %v, provenance %v", s.Times, prov)
	}
	if n := Names("p", 3); !slices.Equal(n, []string{"p0", "p1", "p2"}) {
		t.Fatalf("Names = %v", n)
	}
}

// The JSON of Meta is a file format: its keys must not change.
func TestMetaJSON(t *testing.T) {
	m := Meta{Name: "d", States: []string{"x"}, ParamNames: []string{}, Provenance: map[string]string{"k": "v"}, Norm: &Norm{Min: []float64{-1}, Max: []float64{1}, Mean: []float64{0}, Std: []float64{0.5}}}
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"name":"d","states":["x"],"param_names":[],"provenance":{"k":"v"},"normalization":{"Min":[-1],"Max":[1],"Mean":[0],"Std":[0.5]}}`
	if string(b) != want {
		t.Fatalf("got  %s\nwant %s", b, want)
	}
	back, err := ParseMeta(b)
	if err != nil || back.Name != "d" || back.Norm.Std[0] != 0.5 {
		t.Fatalf("ParseMeta: %+v, %v", back, err)
	}
	if _, err := ParseMeta([]byte("{")); err == nil {
		t.Fatal("truncated JSON accepted")
	}
}
