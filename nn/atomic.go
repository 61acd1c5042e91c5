package nn

import (
	"bufio"
	"fmt"

	"github.com/warpkit/warpkit/internal/atomicfile"
)

// WriteFileAtomic writes a file through write into a temporary name in the same folder and
// renames it over path only when complete, so a crash never leaves a half file under path.
func WriteFileAtomic(path string, write func(w *bufio.Writer) error) error {
	if err := atomicfile.Write(path, write); err != nil {
		return fmt.Errorf("nn: %w", err)
	}
	return nil
}
