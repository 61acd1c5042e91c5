package datasets

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/warpkit/warpkit/datasets/npy"
	"github.com/warpkit/warpkit/datasets/tablefile"
	"github.com/warpkit/warpkit/datasets/traj"
	"github.com/warpkit/warpkit/internal/atomicfile"
)

// The table (Arrow, Parquet) and NumPy (npz, npy) formats live in packages of their own,
// which read and write a traj.Set; this file adapts a Dataset to and from one and owns the
// file policy: refusing to overwrite, and writing atomically.

// fileSet is d as the format packages take it, its splits in file order. It shares d's
// slices.
func (d *Dataset) fileSet() *traj.Set {
	s := &traj.Set{Meta: traj.Meta{Name: d.Name, States: d.States, ParamNames: d.ParamNames, Provenance: d.Provenance, Norm: (*traj.Norm)(d.Norm)}}
	for _, name := range d.splitOrder() {
		s.Splits = append(s.Splits, d.Splits[name])
	}
	return s
}

// fromFileSet is the Dataset a format package read from path, with what the file left out
// filled in (see fillDefaults).
func fromFileSet(s *traj.Set, path string) *Dataset {
	d := &Dataset{Name: s.Name, States: s.States, ParamNames: s.ParamNames, Provenance: s.Provenance, Norm: (*Normalization)(s.Norm), Splits: map[string]*Split{}}
	for _, sp := range s.Splits {
		d.Splits[sp.Name] = sp
	}
	fillDefaults(d, path)
	return d
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
		d.States = traj.Names("x", D)
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

func baseName(path string) string {
	b := filepath.Base(path)
	return strings.TrimSuffix(b, filepath.Ext(b))
}

// checkDest refuses to replace an existing file unless force is set.
func checkDest(path string, force bool) error {
	if err := atomicfile.CheckDest(path, force); err != nil {
		return fmt.Errorf("datasets: %w", err)
	}
	return nil
}

// writeAtomic checks the destination (see checkDest) and writes path through write under a
// temporary name, renamed into place only when complete.
func writeAtomic(path string, force bool, write func(w io.Writer) error) error {
	if err := checkDest(path, force); err != nil {
		return err
	}
	f, err := atomicfile.Create(path)
	if err != nil {
		return fmt.Errorf("datasets: %w", err)
	}
	defer f.Abort()
	if err := write(f); err != nil {
		return fmt.Errorf("datasets: %s: %w", path, err)
	}
	if err := f.Commit(); err != nil {
		return fmt.Errorf("datasets: %w", err)
	}
	return nil
}

func writeArrow(d *Dataset, path string, opt WriteOptions) error {
	return writeAtomic(path, opt.Force, func(w io.Writer) error { return tablefile.WriteArrow(w, d.fileSet()) })
}

func writeParquet(d *Dataset, path string, opt WriteOptions) error {
	return writeAtomic(path, opt.Force, func(w io.Writer) error { return tablefile.WriteParquet(w, d.fileSet(), opt.Compress) })
}

func writeNPZ(d *Dataset, path string, opt WriteOptions) error {
	return writeAtomic(path, opt.Force, func(w io.Writer) error { return npy.WriteNPZ(w, d.fileSet(), opt.Compress) })
}

func writeNPYSet(d *Dataset, path string, opt WriteOptions) error {
	prefix, err := npyPrefix(d, path)
	if err != nil {
		return err
	}
	if err := npy.WriteSet(d.fileSet(), prefix, opt.Force); err != nil {
		return fmt.Errorf("datasets: %w", err)
	}
	return nil
}

// npyPrefix maps --out to the prefix of an npy set: a folder gets <folder>/<dataset name>.
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

// readFileSet reads a file of size bytes from r with a format package's reader.
func readFileSet(read func(io.ReaderAt, int64) (*traj.Set, error), r io.ReaderAt, size int64, path string) (*Dataset, error) {
	s, err := read(r, size)
	if err != nil {
		return nil, fmt.Errorf("datasets: %s: %w", path, err)
	}
	return fromFileSet(s, path), nil
}

// readNPYFile reads a lone .npy, or the npy set it belongs to.
func readNPYFile(r io.ReaderAt, size int64, path string) (*Dataset, error) {
	s, err := npy.ReadFile(r, size, path)
	if err != nil {
		return nil, fmt.Errorf("datasets: %w", err)
	}
	return fromFileSet(s, path), nil
}

// readNPYSet opens the npy set described by the sidecar at path.
func readNPYSet(path string) (*Dataset, error) {
	s, err := npy.ReadSet(path)
	if err != nil {
		return nil, fmt.Errorf("datasets: %w", err)
	}
	d := fromFileSet(s, path)
	if err := d.Check(); err != nil {
		return nil, fmt.Errorf("datasets: %s: %w", path, err)
	}
	return d, nil
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
