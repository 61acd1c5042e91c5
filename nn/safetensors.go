package nn

import (
	"bufio"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"os"
	"slices"

	"github.com/warpkit/warpkit/internal/atomicfile"
)

// Tensor is one named float64 array read from or written to a safetensors file.
type Tensor struct {
	Name  string
	Shape []int
	Data  []float64
}

type stEntry struct {
	Dtype       string   `json:"dtype"`
	Shape       []int    `json:"shape"`
	DataOffsets [2]int64 `json:"data_offsets"`
}

// maxHeader bounds the JSON header we accept, so a corrupt length cannot make us allocate
// gigabytes.
const maxHeader = 100 << 20

// WriteSafetensors writes tensors (dtype F64, little-endian) and string metadata in the
// safetensors format (https://huggingface.co/docs/safetensors): an 8-byte little-endian header
// length, a JSON header {name: {dtype, shape, data_offsets}, "__metadata__": {...}} padded with
// spaces to a multiple of 8, then the data. The file is written atomically.
func WriteSafetensors(path string, tensors []Tensor, metadata map[string]string) error {
	header := map[string]any{}
	if len(metadata) > 0 {
		header["__metadata__"] = metadata
	}
	var off int64
	seen := map[string]bool{}
	for _, t := range tensors {
		if t.Name == "" || t.Name == "__metadata__" || seen[t.Name] {
			return fmt.Errorf("nn: %s: bad or duplicate tensor name %q", path, t.Name)
		}
		seen[t.Name] = true
		n := 1
		for _, s := range t.Shape {
			n *= s
		}
		if n != len(t.Data) {
			return fmt.Errorf("nn: %s: tensor %s: shape %v holds %d values, data has %d", path, t.Name, t.Shape, n, len(t.Data))
		}
		shape := t.Shape
		if shape == nil {
			shape = []int{}
		}
		header[t.Name] = stEntry{Dtype: "F64", Shape: shape, DataOffsets: [2]int64{off, off + int64(8*n)}}
		off += int64(8 * n)
	}
	hj, err := json.Marshal(header) // map keys come out sorted: the same tensors give the same bytes
	if err != nil {
		return fmt.Errorf("nn: %s: header: %w", path, err)
	}
	for len(hj)%8 != 0 {
		hj = append(hj, ' ')
	}
	err = atomicfile.Write(path, func(w *bufio.Writer) error {
		var b [8]byte
		binary.LittleEndian.PutUint64(b[:], uint64(len(hj)))
		w.Write(b[:])
		w.Write(hj)
		for _, t := range tensors {
			for _, v := range t.Data {
				binary.LittleEndian.PutUint64(b[:], math.Float64bits(v))
				if _, err := w.Write(b[:]); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("nn: %w", err)
	}
	return nil
}

// ReadSafetensors reads a safetensors file of F64 tensors. Tensors come back sorted by name.
func ReadSafetensors(path string) ([]Tensor, map[string]string, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, fmt.Errorf("nn: %w", err)
	}
	return parseSafetensors(path, raw)
}

func parseSafetensors(path string, raw []byte) ([]Tensor, map[string]string, error) {
	if len(raw) < 8 {
		return nil, nil, fmt.Errorf("nn: %s: not a safetensors file (%d bytes)", path, len(raw))
	}
	hl := binary.LittleEndian.Uint64(raw[:8])
	if hl > maxHeader || hl > uint64(len(raw)-8) {
		return nil, nil, fmt.Errorf("nn: %s: header length %d does not fit the file (%d bytes)", path, hl, len(raw))
	}
	var header map[string]json.RawMessage
	if err := json.Unmarshal(raw[8:8+hl], &header); err != nil {
		return nil, nil, fmt.Errorf("nn: %s: header: %w", path, err)
	}
	data := raw[8+hl:]
	var meta map[string]string
	if m, ok := header["__metadata__"]; ok {
		if err := json.Unmarshal(m, &meta); err != nil {
			return nil, nil, fmt.Errorf("nn: %s: __metadata__: %w", path, err)
		}
		delete(header, "__metadata__")
	}
	names := slices.Sorted(maps.Keys(header))
	out := make([]Tensor, 0, len(names))
	for _, name := range names {
		var e stEntry
		if err := json.Unmarshal(header[name], &e); err != nil {
			return nil, nil, fmt.Errorf("nn: %s: tensor %s: %w", path, name, err)
		}
		if e.Dtype != "F64" {
			return nil, nil, fmt.Errorf("nn: %s: tensor %s: dtype %q, only F64 is supported", path, name, e.Dtype)
		}
		n := int64(1)
		for _, s := range e.Shape {
			if s < 0 {
				return nil, nil, fmt.Errorf("nn: %s: tensor %s: negative shape %v", path, name, e.Shape)
			}
			n *= int64(s)
		}
		b, en := e.DataOffsets[0], e.DataOffsets[1]
		if b < 0 || en < b || en > int64(len(data)) || en-b != 8*n {
			return nil, nil, fmt.Errorf("nn: %s: tensor %s: data_offsets %v do not fit shape %v and %d data bytes", path, name, e.DataOffsets, e.Shape, len(data))
		}
		t := Tensor{Name: name, Shape: e.Shape, Data: make([]float64, n)}
		for i := range t.Data {
			t.Data[i] = math.Float64frombits(binary.LittleEndian.Uint64(data[b+int64(8*i):]))
		}
		out = append(out, t)
	}
	return out, meta, nil
}

// ParamTensors views parameters as tensors (sharing their data) for writing.
func ParamTensors(ps []*Param) []Tensor {
	ts := make([]Tensor, len(ps))
	for i, p := range ps {
		ts[i] = Tensor{Name: p.Name, Shape: p.Shape, Data: p.Data}
	}
	return ts
}

// LoadParams copies tensors into parameters by name. Every parameter must be present with
// its exact shape; extra tensors are an error too, since they mean a different architecture.
func LoadParams(ps []*Param, ts []Tensor, source string) error {
	byName := make(map[string]Tensor, len(ts))
	for _, t := range ts {
		byName[t.Name] = t
	}
	for _, p := range ps {
		t, ok := byName[p.Name]
		if !ok {
			return fmt.Errorf("nn: %s: missing tensor %s", source, p.Name)
		}
		if !sameShape(t.Shape, p.Shape) {
			return fmt.Errorf("nn: %s: tensor %s has shape %v, model expects %v", source, p.Name, t.Shape, p.Shape)
		}
		copy(p.Data, t.Data)
		delete(byName, p.Name)
	}
	for name := range byName {
		return fmt.Errorf("nn: %s: tensor %s is not a parameter of this model", source, name)
	}
	return nil
}

func sameShape(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
