package datasets

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// atomicFile is a file written under a temporary name in the destination's folder and renamed
// into place only when complete, so an interrupted write never leaves a partial file.
type atomicFile struct {
	*os.File
	dest string
	done bool
}

// checkDest refuses to replace an existing file unless force is set.
func checkDest(path string, force bool) error {
	if _, err := os.Stat(path); err == nil && !force {
		return fmt.Errorf("datasets: %s: exists (use --force to overwrite)", path)
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("datasets: %s: %w", path, err)
	}
	return nil
}

func createAtomic(path string, force bool) (*atomicFile, error) {
	if err := checkDest(path, force); err != nil {
		return nil, err
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return nil, fmt.Errorf("datasets: %s: %w", path, err)
	}
	return &atomicFile{File: f, dest: path}, nil
}

// Commit syncs, closes and renames the file into place.
func (a *atomicFile) Commit() error {
	if a.done {
		return nil
	}
	a.done = true
	name := a.Name()
	if err := a.Close(); err != nil {
		os.Remove(name)
		return fmt.Errorf("datasets: %s: %w", a.dest, err)
	}
	if err := os.Rename(name, a.dest); err != nil {
		os.Remove(name)
		return fmt.Errorf("datasets: %s: %w", a.dest, err)
	}
	return nil
}

// Abort removes the temporary file; it is a no-op after Commit.
func (a *atomicFile) Abort() {
	if a.done {
		return
	}
	a.done = true
	a.Close()
	os.Remove(a.Name())
}
