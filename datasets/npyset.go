package datasets

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// An npy set is one .npy per array, <prefix>_<split>.npy (N,T,D) and <prefix>_<split>_t.npy,
// _params.npy, _y0.npy, plus the sidecar <prefix>.json holding names, provenance, normalisation
// and the list of files. np.load("<prefix>_train.npy") gives the trajectories directly.

type npySidecar struct {
	meta
	Splits map[string]map[string]string `json:"files"` // split → array → file name (relative)
}

// npyPrefix maps --out to the prefix: a folder gets <folder>/<dataset name>.
func npyPrefix(d *Dataset, path string) (string, error) {
	if strings.HasSuffix(path, "/") || strings.HasSuffix(path, string(filepath.Separator)) {
		if err := os.MkdirAll(path, 0o755); err != nil {
			return "", fmt.Errorf("datasets: %s: %w", path, err)
		}
	}
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return filepath.Join(path, d.Name), nil
	}
	for _, ext := range []string{".npy", ".json"} {
		path = strings.TrimSuffix(path, ext)
	}
	return path, nil
}

func writeNPYSet(d *Dataset, path string, opt WriteOptions) error {
	prefix, err := npyPrefix(d, path)
	if err != nil {
		return err
	}
	type member struct {
		file  string
		shape []int
		data  []float64
	}
	var members []member
	sc := npySidecar{meta: metaOf(d), Splits: map[string]map[string]string{}}
	P := len(d.ParamNames)
	for _, name := range d.splitOrder() {
		s := d.Splits[name]
		sc.Splits[name] = map[string]string{}
		for _, a := range []struct {
			key, suffix string
			shape       []int
			data        []float64
		}{
			{"trajectories", "", []int{s.N, s.T, s.D}, s.X},
			{"t", "_t", []int{s.T}, s.Times},
			{"params", "_params", []int{s.N, P}, s.Params},
			{"y0", "_y0", []int{s.N, s.D}, s.Y0},
		} {
			if a.data == nil {
				continue
			}
			file := prefix + "_" + name + a.suffix + ".npy"
			members = append(members, member{file, a.shape, a.data})
			sc.Splits[name][a.key] = filepath.Base(file)
		}
	}
	side, err := json.MarshalIndent(sc, "", " ")
	if err != nil {
		return fmt.Errorf("datasets: %s: %w", path, err)
	}
	// Check every destination first, so a refusal leaves nothing behind.
	for _, m := range members {
		if err := checkDest(m.file, opt.Force); err != nil {
			return err
		}
	}
	if err := checkDest(prefix+".json", opt.Force); err != nil {
		return err
	}
	var files []*atomicFile
	defer func() {
		for _, f := range files {
			f.Abort()
		}
	}()
	for _, m := range members {
		f, err := createAtomic(m.file, opt.Force)
		if err != nil {
			return err
		}
		files = append(files, f)
		if err := writeNPY(f, m.shape, m.data); err != nil {
			return fmt.Errorf("datasets: %s: %w", m.file, err)
		}
	}
	f, err := createAtomic(prefix+".json", opt.Force)
	if err != nil {
		return err
	}
	files = append(files, f)
	if _, err := f.Write(append(side, '\n')); err != nil {
		return fmt.Errorf("datasets: %s: %w", f.Dest(), err)
	}
	// The sidecar is renamed last: a set without its sidecar does not open as a dataset.
	for _, f := range files {
		if err := f.Commit(); err != nil {
			return err
		}
	}
	return nil
}

// readNPYSet opens the set described by a sidecar.
func readNPYSet(path string) (*Dataset, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("datasets: %w", err)
	}
	var sc npySidecar
	if err := json.Unmarshal(b, &sc); err != nil {
		return nil, fmt.Errorf("datasets: %s: %w", path, err)
	}
	if len(sc.Splits) == 0 {
		return nil, fmt.Errorf("datasets: %s: sidecar lists no files", path)
	}
	dir := filepath.Dir(path)
	arrays := map[string]*npyArray{}
	for split, files := range sc.Splits {
		for key, file := range files {
			if file != filepath.Base(file) {
				return nil, fmt.Errorf("datasets: %s: file %q must be a plain name in the same folder", path, file)
			}
			full := filepath.Join(dir, file)
			a, err := readNPYPath(full)
			if err != nil {
				return nil, err
			}
			arrays[split+"_"+key] = a
		}
	}
	d, err := datasetFromArrays(path, arrays, &sc.meta)
	if err != nil {
		return nil, err
	}
	if err := d.Check(); err != nil {
		return nil, fmt.Errorf("datasets: %s: %w", path, err)
	}
	return d, nil
}

func readNPYPath(path string) (*npyArray, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("datasets: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("datasets: %w", err)
	}
	a, err := readNPY(f, st.Size())
	if err != nil {
		return nil, fmt.Errorf("datasets: %s: %w", path, err)
	}
	return a, nil
}

// readNPYFile opens a single .npy: the whole set when it belongs to one (a sidecar
// <prefix>.json lists it), else the array alone as split "train".
func readNPYFile(r io.ReaderAt, size int64, path string) (*Dataset, error) {
	base := filepath.Base(path)
	for i := strings.LastIndexByte(base, '_'); i > 0; i = strings.LastIndexByte(base[:i], '_') {
		side := filepath.Join(filepath.Dir(path), base[:i]+".json")
		if listsFile(side, base) {
			return readNPYSet(side)
		}
	}
	a, err := readNPY(io.NewSectionReader(r, 0, size), size)
	if err != nil {
		return nil, fmt.Errorf("datasets: %s: %w", path, err)
	}
	if len(a.Shape) == 2 { // one trajectory (T, D)
		a.Shape = []int{1, a.Shape[0], a.Shape[1]}
	}
	return datasetFromArrays(path, map[string]*npyArray{"train_trajectories": a}, nil)
}

// listsFile reports whether the sidecar at side names file as one of its arrays.
func listsFile(side, file string) bool {
	b, err := os.ReadFile(side)
	if err != nil {
		return false
	}
	var sc npySidecar
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

// openDir opens a folder: one npy sidecar, or Parquet shards merged in shard order.
func openDir(path string) (*Dataset, error) {
	sides, _ := filepath.Glob(filepath.Join(path, "*.json"))
	if len(sides) == 1 {
		return readNPYSet(sides[0])
	}
	pq, _ := filepath.Glob(filepath.Join(path, "*.parquet"))
	if len(pq) > 0 {
		var parts []*Dataset
		for _, p := range pq {
			d, err := Open(p)
			if err != nil {
				return nil, err
			}
			parts = append(parts, d)
		}
		if len(parts) == 1 {
			return parts[0], nil
		}
		return Merge(parts)
	}
	return nil, fmt.Errorf("datasets: %s: folder holds no npy sidecar (.json) or Parquet files", path)
}
