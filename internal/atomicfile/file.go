package atomicfile

import (
	"fmt"
	"os"
	"path/filepath"
)

// File is a file being written under a temporary name beside its destination, for writers
// that need an *os.File (seeking, WriteAt, archive and Arrow writers). Commit puts it in place;
// Abort discards it. Deferring Abort right after Create is safe: it does nothing once Commit
// has run.
type File struct {
	*os.File
	dest string
	done bool
}

// Create starts a file that will appear at path on Commit. The folder must exist.
func Create(path string) (*File, error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &File{File: f, dest: path}, nil
}

// Dest returns the final name, the path given to Create.
func (f *File) Dest() string { return f.dest }

// Commit gives the file mode Perm, syncs and closes it and renames it over the destination.
// On failure the temporary file is removed and the destination is left as it was. A second
// Commit, or one after Abort, does nothing.
func (f *File) Commit() error {
	if f.done {
		return nil
	}
	f.done = true
	tmp := f.Name()
	err := f.Chmod(Perm)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, f.dest)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("%s: %w", f.dest, err)
	}
	return nil
}

// Abort closes and removes the temporary file; the destination is left as it was.
func (f *File) Abort() {
	if f.done {
		return
	}
	f.done = true
	f.Close()
	os.Remove(f.Name())
}
