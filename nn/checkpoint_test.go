package nn

import (
	"encoding/binary"
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/warpkit/warpkit/internal/clienttest"
)

// pySafetensorsReader parses the safetensors layout by hand (the safetensors package is not
// available) with numpy, and prints every tensor as exact hex floats plus the metadata.
const pySafetensorsReader = `
import json, struct, sys
import numpy as np
raw = open(sys.argv[1], "rb").read()
(n,) = struct.unpack("<Q", raw[:8])
header = json.loads(raw[8:8 + n].decode("utf-8"))
data = raw[8 + n:]
meta = header.pop("__metadata__", {})
out = {"__metadata__": meta, "tensors": {}}
end = 0
for name, e in header.items():
    assert e["dtype"] == "F64", e
    b, en = e["data_offsets"]
    arr = np.frombuffer(data[b:en], dtype="<f8").reshape(e["shape"])
    end = max(end, en)
    out["tensors"][name] = {"shape": list(arr.shape), "hex": [float(v).hex() for v in arr.ravel()]}
assert end == len(data), (end, len(data))
assert (8 + n) % 8 == 0
print(json.dumps(out))
`

func TestSafetensorsReadByPython(t *testing.T) {
	py := clienttest.RequirePython(t, "numpy")
	dir := t.TempDir()
	m := newLinPred(3, 7)
	copy(m.B.Data, []float64{math.Pi, -1e-300, 0})
	path := filepath.Join(dir, ModelFile)
	if err := SaveModel(path, m); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(py, "-c", pySafetensorsReader, path).CombinedOutput()
	if err != nil {
		t.Fatalf("python reader: %v\n%s", err, out)
	}
	var got struct {
		Meta    map[string]string `json:"__metadata__"`
		Tensors map[string]struct {
			Shape []int
			Hex   []string
		}
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if got.Meta["kind"] != "test-linear" || !strings.Contains(got.Meta["config"], `"d":3`) {
		t.Fatalf("metadata %v", got.Meta)
	}
	for _, p := range m.Params() {
		pt, ok := got.Tensors[p.Name]
		if !ok || !sameShape(pt.Shape, p.Shape) || len(pt.Hex) != len(p.Data) {
			t.Fatalf("tensor %s: python saw %+v", p.Name, pt)
		}
		for i, h := range pt.Hex {
			v, err := strconv.ParseFloat(h, 64)
			if err != nil || math.Float64bits(v) != math.Float64bits(p.Data[i]) {
				t.Fatalf("%s[%d]: python %s, Go %v", p.Name, i, h, p.Data[i])
			}
		}
	}
}

func TestCheckpointRoundTrip(t *testing.T) {
	dir := t.TempDir()
	m := newLinPred(2, 3)
	copy(m.B.Data, []float64{0.25, -7})
	if err := SaveCheckpoint(dir, m, map[string]any{"data": "x.h5"}); err != nil {
		t.Fatal(err)
	}
	back, err := LoadCheckpoint(dir)
	if err != nil {
		t.Fatal(err)
	}
	if back.Kind() != m.Kind() || !paramsEqual(m.Params(), back.Params()) {
		t.Fatalf("round trip changed the model")
	}
	cfg, _ := os.ReadFile(filepath.Join(dir, ConfigFile))
	var doc map[string]any
	if err := json.Unmarshal(cfg, &doc); err != nil || doc["kind"] != "test-linear" || doc["data"] != "x.h5" || doc["params"] != 6.0 {
		t.Fatalf("config.json %s (%v)", cfg, err)
	}
	// No temp files left behind.
	ents, _ := os.ReadDir(dir)
	if len(ents) != 2 {
		t.Fatalf("dir holds %d entries, want 2", len(ents))
	}
}

func TestSafetensorsRejectsCorruptFiles(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "g.safetensors")
	if err := WriteSafetensors(good, []Tensor{{Name: "a", Shape: []int{2}, Data: []float64{1, 2}}}, nil); err != nil {
		t.Fatal(err)
	}
	raw, _ := os.ReadFile(good)
	cases := map[string][]byte{
		"short":       raw[:5],
		"huge header": append(binary.LittleEndian.AppendUint64(nil, 1<<40), raw[8:]...),
		"truncated":   raw[:len(raw)-8],
		"bad json":    append(append([]byte(nil), raw[:8]...), append([]byte("{not json"), raw[17:]...)...),
		"other dtype": []byte(strings.Replace(string(raw), `"F64"`, `"F32"`, 1)),
	}
	for name, b := range cases {
		p := filepath.Join(dir, strings.ReplaceAll(name, " ", "_"))
		os.WriteFile(p, b, 0o644)
		if _, _, err := ReadSafetensors(p); err == nil || !strings.Contains(err.Error(), p) {
			t.Errorf("%s: error %v should name the file", name, err)
		}
	}
	m := newLinPred(3, 1)
	if err := LoadParams(m.Params(), []Tensor{{Name: "w", Shape: []int{2, 2}, Data: make([]float64, 4)}}, "x"); err == nil {
		t.Error("wrong shape accepted")
	}
	if _, err := LoadModel(good); err == nil || !strings.Contains(err.Error(), "kind") {
		t.Errorf("file without kind: %v", err)
	}
}
