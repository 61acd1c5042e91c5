package nn

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
)

// WriteFileAtomic writes a file through write into a temporary name in the same folder and
// renames it over path only when complete, so a crash never leaves a half file under path.
func WriteFileAtomic(path string, write func(w *bufio.Writer) error) (err error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("nn: %s: %w", path, err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	w := bufio.NewWriterSize(f, 1<<20)
	if err = write(w); err != nil {
		return fmt.Errorf("nn: %s: %w", path, err)
	}
	if err = w.Flush(); err != nil {
		return fmt.Errorf("nn: %s: %w", path, err)
	}
	if err = f.Sync(); err != nil {
		return fmt.Errorf("nn: %s: %w", path, err)
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("nn: %s: %w", path, err)
	}
	if err = os.Rename(tmp, path); err != nil {
		return fmt.Errorf("nn: %s: %w", path, err)
	}
	return nil
}
