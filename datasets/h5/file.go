package h5

import (
	"fmt"
	"io"
	"os"

	"github.com/warpkit/warpkit/internal/atomicfile"
)

// File is an HDF5 file open for writing (Create) or for reading (Open, OpenReader).
// A File and its groups and datasets are not safe for concurrent use.
type File struct {
	name string // for error messages: the path, or "reader" for OpenReader
	w    *writer
	r    *reader
	root *Group
}

// Open opens an existing HDF5 file for reading. Close releases it.
func Open(path string) (*File, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("h5: open: %w", err)
	}
	st, err := fh.Stat()
	if err != nil {
		fh.Close()
		return nil, fmt.Errorf("h5: %s: %w", path, err)
	}
	f, err := openReader(fh, st.Size(), path)
	if err != nil {
		fh.Close()
		return nil, err
	}
	f.r.closer = fh
	return f, nil
}

// OpenReader reads an HDF5 file held by r, size bytes long.
func OpenReader(r io.ReaderAt, size int64) (*File, error) {
	return openReader(r, size, "reader")
}

func openReader(ra io.ReaderAt, size int64, name string) (*File, error) {
	rd := &reader{ra: ra, size: size, name: name}
	rootAddr, err := rd.readSuperblock()
	if err != nil {
		return nil, fmt.Errorf("h5: %s: superblock: %w", name, err)
	}
	f := &File{name: name, r: rd}
	f.root = &Group{f: f, path: "/", addr: rootAddr}
	if _, err := f.root.load(); err != nil {
		return nil, err
	}
	return f, nil
}

// Create starts a new HDF5 file at path. Data goes to a temporary file in the same
// folder; Close renames it to path, Abort removes it, so an interrupted run never
// leaves a half-written file under the final name.
func Create(path string) (*File, error) {
	tmp, err := atomicfile.Create(path)
	if err != nil {
		return nil, fmt.Errorf("h5: create: %w", err)
	}
	w := &writer{fh: tmp}
	if err := w.start(); err != nil {
		tmp.Abort()
		return nil, fmt.Errorf("h5: create %s: %w", path, err)
	}
	f := &File{name: path, w: w}
	f.root = &Group{f: f, path: "/", node: newGroupNode("")}
	return f, nil
}

// Root returns the root group "/".
func (f *File) Root() *Group { return f.root }

// Close finishes a file being written (metadata, then rename into place) or releases a
// file being read. After an error while writing, the temporary file is removed.
func (f *File) Close() error {
	switch {
	case f.w != nil:
		w := f.w
		f.w = nil
		if err := w.finish(f.root.node); err != nil {
			w.abort()
			return fmt.Errorf("h5: %s: %w", f.name, err)
		}
		return nil
	case f.r != nil && f.r.closer != nil:
		err := f.r.closer.Close()
		f.r.closer = nil
		if err != nil {
			return fmt.Errorf("h5: %s: %w", f.name, err)
		}
	}
	return nil
}

// Abort discards a file being written: the temporary file is removed and nothing
// appears under the final name. It does nothing for a file being read or already closed.
func (f *File) Abort() {
	if f.w != nil {
		f.w.abort()
		f.w = nil
	}
}
