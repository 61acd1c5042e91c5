package atomicfile

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestCheckDest(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "x")
	if err := CheckDest(path, false); err != nil {
		t.Fatalf("missing file: %v", err)
	}
	if err := WriteBytes(path, nil); err != nil {
		t.Fatal(err)
	}
	if err := CheckDest(path, false); err == nil || !strings.Contains(err.Error(), path+": exists (use --force to overwrite)") {
		t.Fatalf("existing file without force: %v", err)
	}
	if err := CheckDest(path, true); err != nil {
		t.Fatalf("existing file with force: %v", err)
	}
}
