// Package atomicfile writes files so that a reader never sees half of one: the content goes to
// a temporary file in the destination's folder, which is synced and renamed over the final name
// only when complete. An interrupted or failed write leaves the final name untouched.
package atomicfile

import (
	"bufio"
	"fmt"
)

// Perm is the mode of the files written: os.CreateTemp makes 0600 files, which would surprise
// anyone sharing results with a colleague or a notebook server.
const Perm = 0o644

// Write creates path through write, buffered.
func Write(path string, write func(w *bufio.Writer) error) error {
	f, err := Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	if err := write(w); err != nil {
		f.Abort()
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := w.Flush(); err != nil {
		f.Abort()
		return fmt.Errorf("%s: %w", path, err)
	}
	return f.Commit()
}

// WriteBytes creates path holding data.
func WriteBytes(path string, data []byte) error {
	return Write(path, func(w *bufio.Writer) error {
		_, err := w.Write(data)
		return err
	})
}
