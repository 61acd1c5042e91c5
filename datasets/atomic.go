package datasets

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/warpkit/warpkit/internal/atomicfile"
)

// atomicFile is an atomicfile.File whose errors say they come from datasets.
type atomicFile struct {
	*atomicfile.File
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

// createAtomic checks the destination (see checkDest) and starts the file under a temporary
// name beside it.
func createAtomic(path string, force bool) (*atomicFile, error) {
	if err := checkDest(path, force); err != nil {
		return nil, err
	}
	f, err := atomicfile.Create(path)
	if err != nil {
		return nil, fmt.Errorf("datasets: %w", err)
	}
	return &atomicFile{f}, nil
}

// Commit puts the finished file in place with mode atomicfile.Perm.
func (a *atomicFile) Commit() error {
	if err := a.File.Commit(); err != nil {
		return fmt.Errorf("datasets: %w", err)
	}
	return nil
}
