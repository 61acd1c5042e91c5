package datasets

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/warpkit/warpkit/internal/atomicfile"
)

// TestWrittenFilesAreShareable checks every format's files against the mode a user expects of
// results to share (0644, not the 0600 that os.CreateTemp gives), and that no
// temporary file stays behind, also after a refused overwrite.
func TestWrittenFilesAreShareable(t *testing.T) {
	d := handMade()
	dir := t.TempDir()
	for f, path := range formatsUnder(dir) {
		if err := Write(d, path, WriteOptions{}); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if err := Write(d, path, WriteOptions{}); err == nil {
			t.Fatalf("%s: second write without force succeeded", f)
		}
	}
	n := 0
	err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		n++
		if strings.Contains(e.Name(), ".tmp") {
			t.Errorf("temporary file left: %s", p)
		}
		st, err := os.Stat(p)
		if err != nil {
			return err
		}
		if st.Mode().Perm() != atomicfile.Perm {
			t.Errorf("%s: mode %v, want %v", p, st.Mode().Perm(), os.FileMode(atomicfile.Perm))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 5 {
		t.Fatalf("walked %d files, want at least one per format", n)
	}
}
