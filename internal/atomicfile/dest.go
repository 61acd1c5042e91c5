package atomicfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// CheckDest refuses to replace an existing file at path unless force is set, so that a
// writer can refuse before any work. The error names path and warpkit's --force flag.
func CheckDest(path string, force bool) error {
	if _, err := os.Stat(path); err == nil && !force {
		return fmt.Errorf("%s: exists (use --force to overwrite)", path)
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}
