package npy

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/warpkit/warpkit/datasets/traj"
	"github.com/warpkit/warpkit/internal/atomicfile"
)

// An npy set is one .npy per array, <prefix>_<split>.npy (N,T,D) and <prefix>_<split>_t.npy,
// _params.npy, _y0.npy, plus the sidecar <prefix>.json holding names, provenance, normalisation
// and the list of files. np.load("<prefix>_train.npy") gives the trajectories directly.

type sidecar struct {
	traj.Meta
	Splits map[string]map[string]string `json:"files"` // split → array → file name (relative)
}

// setSuffix is the file name suffix of each array of a split in an npy set.
var setSuffix = map[string]string{"trajectories": "", "t": "_t", "params": "_params", "y0": "_y0"}

// WriteSet writes d as an npy set under prefix. It refuses to replace any existing file
// unless force is set, before writing anything; every file appears only when all are
// complete, the sidecar last, since a set without its sidecar does not open as a dataset.
// Errors name the file.
func WriteSet(d *traj.Set, prefix string, force bool) error {
	type member struct {
		file  string
		shape []int
		data  []float64
	}
	var members []member
	sc := sidecar{Meta: d.Meta, Splits: map[string]map[string]string{}}
	for _, s := range d.Splits {
		sc.Splits[s.Name] = map[string]string{}
		for _, a := range arraysOf(s, len(d.ParamNames)) {
			if a.data == nil {
				continue
			}
			file := prefix + "_" + s.Name + setSuffix[a.key] + ".npy"
			members = append(members, member{file, a.shape, a.data})
			sc.Splits[s.Name][a.key] = filepath.Base(file)
		}
	}
	side, err := json.MarshalIndent(sc, "", " ")
	if err != nil {
		return fmt.Errorf("%s: %w", prefix, err)
	}
	// Check every destination first, so a refusal leaves nothing behind.
	for _, m := range members {
		if err := atomicfile.CheckDest(m.file, force); err != nil {
			return err
		}
	}
	if err := atomicfile.CheckDest(prefix+".json", force); err != nil {
		return err
	}
	var files []*atomicfile.File
	defer func() {
		for _, f := range files {
			f.Abort()
		}
	}()
	for _, m := range members {
		f, err := atomicfile.Create(m.file)
		if err != nil {
			return err
		}
		files = append(files, f)
		if err := Write(f, m.shape, m.data); err != nil {
			return fmt.Errorf("%s: %w", m.file, err)
		}
	}
	f, err := atomicfile.Create(prefix + ".json")
	if err != nil {
		return err
	}
	files = append(files, f)
	if _, err := f.Write(append(side, '\n')); err != nil {
		return fmt.Errorf("%s: %w", f.Dest(), err)
	}
	for _, f := range files {
		if err := f.Commit(); err != nil {
			return err
		}
	}
	return nil
}

// ReadSet opens the npy set described by the sidecar at path. Errors name the file.
func ReadSet(path string) (*traj.Set, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var sc sidecar
	if err := json.Unmarshal(b, &sc); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(sc.Splits) == 0 {
		return nil, fmt.Errorf("%s: sidecar lists no files", path)
	}
	dir := filepath.Dir(path)
	arrays := map[string]*Array{}
	for split, files := range sc.Splits {
		for key, file := range files {
			if file != filepath.Base(file) {
				return nil, fmt.Errorf("%s: file %q must be a plain name in the same folder", path, file)
			}
			a, err := readPath(filepath.Join(dir, file))
			if err != nil {
				return nil, err
			}
			arrays[split+"_"+key] = a
		}
	}
	d, err := fromArrays(arrays, &sc.Meta)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if d.Name == "" {
		b := filepath.Base(path)
		d.Name = strings.TrimSuffix(b, filepath.Ext(b))
	}
	return d, nil
}

func readPath(path string) (*Array, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	a, err := Read(f, st.Size())
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return a, nil
}

// ReadFile reads the .npy of size bytes at path: the whole set when it belongs to one (a
// sidecar <prefix>.json beside it lists it), else the array alone as split "train", an
// (N, T, D) array or a (T, D) trajectory. Errors name the file.
func ReadFile(r io.ReaderAt, size int64, path string) (*traj.Set, error) {
	base := filepath.Base(path)
	for i := strings.LastIndexByte(base, '_'); i > 0; i = strings.LastIndexByte(base[:i], '_') {
		side := filepath.Join(filepath.Dir(path), base[:i]+".json")
		if listsFile(side, base) {
			return ReadSet(side)
		}
	}
	a, err := Read(io.NewSectionReader(r, 0, size), size)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(a.Shape) == 2 { // one trajectory (T, D)
		a.Shape = []int{1, a.Shape[0], a.Shape[1]}
	}
	d, err := fromArrays(map[string]*Array{"train_trajectories": a}, nil)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return d, nil
}

// listsFile reports whether the sidecar at side names file as one of its arrays.
func listsFile(side, file string) bool {
	b, err := os.ReadFile(side)
	if err != nil {
		return false
	}
	var sc sidecar
	if json.Unmarshal(b, &sc) != nil {
		return false
	}
	for _, files := range sc.Splits {
		for _, f := range files {
			if f == file {
				return true
			}
		}
	}
	return false
}
