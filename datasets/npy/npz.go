package npy

import (
	"archive/zip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/warpkit/warpkit/datasets/traj"
)

// The .npz layout: a zip of .npy members named <split>_trajectories (N,T,D), <split>_t (T),
// <split>_params (N,P), <split>_y0 (N,D), and provenance, a 0-d unicode array holding the
// JSON of names, provenance and normalisation (traj.Meta):
// json.loads(np.load(f)["provenance"].item()).

// WriteNPZ writes d as an .npz archive, its members deflated when deflate is set.
func WriteNPZ(w io.Writer, d *traj.Set, deflate bool) error {
	m, err := json.Marshal(d.Meta)
	if err != nil {
		return err
	}
	zw := zip.NewWriter(w)
	method := zip.Store
	if deflate {
		method = zip.Deflate
	}
	add := func(name string, write func(io.Writer) error) error {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name + ".npy", Method: method})
		if err != nil {
			return err
		}
		return write(w)
	}
	for _, s := range d.Splits {
		for _, a := range arraysOf(s, len(d.ParamNames)) {
			if a.data == nil {
				continue
			}
			if err := add(s.Name+"_"+a.key, func(w io.Writer) error { return Write(w, a.shape, a.data) }); err != nil {
				return fmt.Errorf("%s_%s: %w", s.Name, a.key, err)
			}
		}
	}
	if err := add("provenance", func(w io.Writer) error { return WriteString(w, string(m)) }); err != nil {
		return fmt.Errorf("provenance: %w", err)
	}
	return zw.Close()
}

// splitArray is one array of a split as both layouts store it.
type splitArray struct {
	key   string // trajectories, t, params, y0
	shape []int
	data  []float64 // nil: not stored
}

// arraysOf lists the arrays of s in the order both layouts write them; P is the number of
// parameters.
func arraysOf(s *traj.Split, P int) []splitArray {
	return []splitArray{
		{"trajectories", []int{s.N, s.T, s.D}, s.X},
		{"t", []int{s.T}, s.Times},
		{"params", []int{s.N, P}, s.Params},
		{"y0", []int{s.N, s.D}, s.Y0},
	}
}

// zipMembers calls each for every member of the zip archive r of size bytes, with the
// member's uncompressed bytes bounded by what its stored bytes can expand to.
func zipMembers(r io.ReaderAt, size int64, each func(zf *zip.File, rc io.Reader, limit int64) error) error {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return err
	}
	for _, zf := range zr.File {
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
			return fmt.Errorf("%s: %w", zf.Name, err)
		}
		err = each(zf, io.LimitReader(rc, limit), limit)
		rc.Close()
		if err != nil {
			return fmt.Errorf("%s: %w", zf.Name, err)
		}
	}
	return nil
}

// ReadNPZ reads an .npz of size bytes: warpkit's layout, or a user's with one 3-D array per
// split.
func ReadNPZ(r io.ReaderAt, size int64) (*traj.Set, error) {
	arrays := map[string]*Array{}
	err := zipMembers(r, size, func(zf *zip.File, rc io.Reader, limit int64) error {
		a, err := Read(rc, limit)
		if err != nil {
			return err
		}
		arrays[strings.TrimSuffix(zf.Name, ".npy")] = a
		return nil
	})
	if err != nil {
		return nil, err
	}
	var m *traj.Meta
	if p, ok := arrays["provenance"]; ok {
		if len(p.Str) != 1 {
			return nil, errors.New("provenance: want a unicode scalar")
		}
		mm, err := traj.ParseMeta([]byte(p.Str[0]))
		if err != nil {
			return nil, err
		}
		m = &mm
		delete(arrays, "provenance")
	}
	return fromArrays(arrays, m)
}

// Member is the header of one array of an .npz.
type Member struct {
	Name string // the key np.load gives it: the member's name less ".npy"
	Header
}

// Members lists the arrays of an .npz of size bytes as their headers describe them, without
// reading their data.
func Members(r io.ReaderAt, size int64) ([]Member, error) {
	var out []Member
	err := zipMembers(r, size, func(zf *zip.File, rc io.Reader, limit int64) error {
		h, err := ReadHeader(rc, limit)
		if err != nil {
			return err
		}
		out = append(out, Member{strings.TrimSuffix(zf.Name, ".npy"), h})
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// fromArrays assembles splits from arrays keyed <split>_trajectories etc. Without warpkit's
// names (m nil), every 3-D array becomes a split of its own name on a uniform grid.
func fromArrays(arrays map[string]*Array, m *traj.Meta) (*traj.Set, error) {
	d := &traj.Set{Meta: traj.Meta{Provenance: map[string]string{}}}
	if m != nil {
		d.Meta = *m
		if d.Provenance == nil {
			d.Provenance = map[string]string{}
		}
	}
	keys := slices.Sorted(maps.Keys(arrays))
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
			return nil, fmt.Errorf("%s: want a numeric (N, T, D) array, got %s of shape %v", k, a.Descr, a.Shape)
		}
		s := &traj.Split{Name: name, N: a.Shape[0], T: a.Shape[1], D: a.Shape[2], X: a.F64}
		if t, ok := arrays[name+"_t"]; ok {
			if t.F64 == nil || len(t.Shape) != 1 || t.Shape[0] != s.T {
				return nil, fmt.Errorf("%s_t: want (%d,) numbers, got %s %v", name, s.T, t.Descr, t.Shape)
			}
			s.Times = t.F64
		} else {
			traj.AssumeUniformTimes(s, d.Provenance)
		}
		if p, ok := arrays[name+"_params"]; ok {
			if p.F64 == nil || len(p.Shape) != 2 || p.Shape[0] != s.N || (m != nil && p.Shape[1] != len(d.ParamNames)) {
				return nil, fmt.Errorf("%s_params: want (%d, %d) numbers, got %s %v", name, s.N, len(d.ParamNames), p.Descr, p.Shape)
			}
			if m == nil && d.ParamNames == nil {
				d.ParamNames = traj.Names("p", p.Shape[1])
			}
			s.Params = p.F64
		}
		if y, ok := arrays[name+"_y0"]; ok {
			if y.F64 == nil || len(y.Shape) != 2 || y.Shape[0] != s.N || y.Shape[1] != s.D {
				return nil, fmt.Errorf("%s_y0: want (%d, %d) numbers, got %s %v", name, s.N, s.D, y.Descr, y.Shape)
			}
			s.Y0 = y.F64
		}
		d.Splits = append(d.Splits, s)
	}
	if len(d.Splits) == 0 {
		return nil, errors.New("no (N, T, D) trajectory arrays found")
	}
	return d, nil
}
