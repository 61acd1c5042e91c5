package datasets

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
)

// The .npz layout: a zip of .npy members named <split>_trajectories (N,T,D), <split>_t (T),
// <split>_params (N,P), <split>_y0 (N,D), and provenance, a 0-d unicode array holding the
// JSON of names, provenance and normalisation: json.loads(np.load(f)["provenance"].item()).

func writeNPZ(d *Dataset, path string, opt WriteOptions) error {
	m, err := json.Marshal(metaOf(d))
	if err != nil {
		return fmt.Errorf("datasets: %s: %w", path, err)
	}
	f, err := createAtomic(path, opt.Force)
	if err != nil {
		return err
	}
	defer f.Abort()
	zw := zip.NewWriter(f)
	method := zip.Store
	if opt.Compress {
		method = zip.Deflate
	}
	add := func(name string, write func(io.Writer) error) error {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name + ".npy", Method: method})
		if err != nil {
			return err
		}
		return write(w)
	}
	P := len(d.ParamNames)
	for _, name := range d.splitOrder() {
		s := d.Splits[name]
		arrays := []struct {
			key   string
			shape []int
			data  []float64
		}{
			{name + "_trajectories", []int{s.N, s.T, s.D}, s.X},
			{name + "_t", []int{s.T}, s.Times},
			{name + "_params", []int{s.N, P}, s.Params},
			{name + "_y0", []int{s.N, s.D}, s.Y0},
		}
		for _, a := range arrays {
			if a.data == nil {
				continue
			}
			if err := add(a.key, func(w io.Writer) error { return writeNPY(w, a.shape, a.data) }); err != nil {
				return fmt.Errorf("datasets: %s: %s: %w", path, a.key, err)
			}
		}
	}
	if err := add("provenance", func(w io.Writer) error { return writeNPYString(w, string(m)) }); err != nil {
		return fmt.Errorf("datasets: %s: provenance: %w", path, err)
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("datasets: %s: %w", path, err)
	}
	return f.Commit()
}

// readNPZ reads an .npz: warpkit's layout, or a user's with one 3-D array per split.
func readNPZ(r io.ReaderAt, size int64, path string) (*Dataset, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, fmt.Errorf("datasets: %s: %w", path, err)
	}
	arrays := map[string]*npyArray{}
	for _, zf := range zr.File {
		key := strings.TrimSuffix(zf.Name, ".npy")
		// Bound the claimed size by what the stored bytes can expand to (deflate tops out
		// near 1032:1), so a lying header cannot make us allocate more than the file implies.
		// The stored bytes cannot exceed the file, whatever the header claims.
		limit := int64(min(zf.CompressedSize64, uint64(size)))
		if zf.Method != zip.Store {
			limit *= 1032
		}
		limit = min(limit, int64(min(zf.UncompressedSize64, uint64(size)*1032)))
		rc, err := zf.Open()
		if err != nil {
			return nil, fmt.Errorf("datasets: %s: %s: %w", path, zf.Name, err)
		}
		a, err := readNPY(io.LimitReader(rc, limit), limit)
		rc.Close()
		if err != nil {
			return nil, fmt.Errorf("datasets: %s: %s: %w", path, zf.Name, err)
		}
		arrays[key] = a
	}
	var m *meta
	if p, ok := arrays["provenance"]; ok {
		if len(p.Str) != 1 {
			return nil, fmt.Errorf("datasets: %s: provenance: want a unicode scalar", path)
		}
		mm, err := parseMeta(path, []byte(p.Str[0]))
		if err != nil {
			return nil, fmt.Errorf("datasets: %w", err)
		}
		m = &mm
		delete(arrays, "provenance")
	}
	return datasetFromArrays(path, arrays, m)
}

// datasetFromArrays assembles splits from arrays keyed <split>_trajectories etc. Without
// warpkit's names, every 3-D array becomes a split of its own name on a uniform grid.
func datasetFromArrays(path string, arrays map[string]*npyArray, m *meta) (*Dataset, error) {
	d := &Dataset{Splits: map[string]*Split{}, Provenance: map[string]string{}}
	if m != nil {
		m.apply(d)
	}
	keys := make([]string, 0, len(arrays))
	for k := range arrays {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		name, ok := strings.CutSuffix(k, "_trajectories")
		if !ok {
			if m != nil || len(arrays[k].Shape) != 3 {
				continue
			}
			name = k
		}
		a := arrays[k]
		if a.F64 == nil || len(a.Shape) != 3 {
			return nil, fmt.Errorf("datasets: %s: %s: want a numeric (N, T, D) array, got %s of shape %v", path, k, a.Descr, a.Shape)
		}
		s := &Split{Name: name, N: a.Shape[0], T: a.Shape[1], D: a.Shape[2], X: a.F64}
		if t, ok := arrays[name+"_t"]; ok {
			if t.F64 == nil || len(t.Shape) != 1 || t.Shape[0] != s.T {
				return nil, fmt.Errorf("datasets: %s: %s_t: want (%d,) numbers, got %s %v", path, name, s.T, t.Descr, t.Shape)
			}
			s.Times = t.F64
		} else {
			s.Times = uniformGrid(s.T)
			d.Provenance["times."+name] = "not stored; assumed uniform on [0, 1]"
		}
		if p, ok := arrays[name+"_params"]; ok {
			if p.F64 == nil || len(p.Shape) != 2 || p.Shape[0] != s.N || (m != nil && p.Shape[1] != len(d.ParamNames)) {
				return nil, fmt.Errorf("datasets: %s: %s_params: want (%d, %d) numbers, got %s %v", path, name, s.N, len(d.ParamNames), p.Descr, p.Shape)
			}
			if m == nil && d.ParamNames == nil {
				d.ParamNames = genericNames("p", p.Shape[1])
			}
			s.Params = p.F64
		}
		if y, ok := arrays[name+"_y0"]; ok {
			if y.F64 == nil || len(y.Shape) != 2 || y.Shape[0] != s.N || y.Shape[1] != s.D {
				return nil, fmt.Errorf("datasets: %s: %s_y0: want (%d, %d) numbers, got %s %v", path, name, s.N, s.D, y.Descr, y.Shape)
			}
			s.Y0 = y.F64
		}
		d.Splits[name] = s
	}
	if len(d.Splits) == 0 {
		return nil, fmt.Errorf("datasets: %s: no (N, T, D) trajectory arrays found", path)
	}
	fillDefaults(d, path)
	return d, nil
}

// fillDefaults names what a user's file left unnamed, and normalises when no stats are stored.
func fillDefaults(d *Dataset, path string) {
	if d.Name == "" {
		d.Name = baseName(path)
	}
	var D int
	for _, s := range d.Splits {
		D = s.D
		break
	}
	if d.States == nil {
		d.States = genericNames("x", D)
	}
	if d.ParamNames == nil {
		d.ParamNames = []string{}
	}
	if d.Provenance == nil {
		d.Provenance = map[string]string{}
	}
	if d.Norm == nil {
		d.Normalize()
	}
}

func genericNames(prefix string, n int) []string {
	s := make([]string, n)
	for i := range s {
		s[i] = fmt.Sprintf("%s%d", prefix, i)
	}
	return s
}

func uniformGrid(n int) []float64 {
	t := make([]float64, n)
	for i := range t {
		if n > 1 {
			t[i] = float64(i) / float64(n-1)
		}
	}
	return t
}

func readAllNPZ(data []byte, path string) (*Dataset, error) {
	return readNPZ(bytes.NewReader(data), int64(len(data)), path)
}
