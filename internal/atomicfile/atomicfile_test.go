package atomicfile

import (
	"bufio"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWriteReplacesOnlyWhenComplete(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.bin")
	if err := WriteBytes(path, []byte("first")); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(path)
	if err != nil || st.Mode().Perm() != Perm {
		t.Fatalf("mode %v, err %v; want %v", st.Mode().Perm(), err, os.FileMode(Perm))
	}
	boom := errors.New("boom")
	err = Write(path, func(w *bufio.Writer) error {
		w.WriteString("half of a second version")
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("error %v, want boom", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "first" {
		t.Fatalf("failed write changed the file: %q", b)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Fatalf("temporary files left behind: %v", entries)
	}
	if err := WriteBytes(filepath.Join(dir, "missing", "x"), nil); err == nil {
		t.Fatal("writing into a missing folder must fail")
	}
}

// TestCreateCommitAbort checks the streaming form: nothing appears under the final name until
// Commit, the committed file has mode Perm whatever CreateTemp chose, Abort leaves an older file
// untouched, and neither leaves a temporary file behind.
func TestCreateCommitAbort(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.h5")
	f, err := Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Abort()
	if _, err := f.WriteAt([]byte("XYZ"), 0); err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteAt([]byte("A"), 1); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("final name exists before Commit: %v", err)
	}
	if f.Dest() != path {
		t.Fatalf("Dest %q, want %q", f.Dest(), path)
	}
	if err := f.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := f.Commit(); err != nil {
		t.Fatalf("second Commit: %v", err)
	}
	f.Abort() // after Commit: must not remove the committed file
	st, err := os.Stat(path)
	if err != nil || st.Mode().Perm() != Perm {
		t.Fatalf("committed file: mode %v, err %v; want %v", st.Mode().Perm(), err, os.FileMode(Perm))
	}
	if b, _ := os.ReadFile(path); string(b) != "XAZ" {
		t.Fatalf("content %q", b)
	}

	g, err := Create(path)
	if err != nil {
		t.Fatal(err)
	}
	g.WriteString("half")
	g.Abort()
	if err := g.Commit(); err != nil {
		t.Fatalf("Commit after Abort: %v", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "XAZ" {
		t.Fatalf("aborted write changed the file: %q", b)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Fatalf("temporary files left behind: %v", entries)
	}
	if _, err := Create(filepath.Join(dir, "missing", "x")); err == nil || !strings.Contains(err.Error(), "missing") {
		t.Fatalf("creating in a missing folder: %v", err)
	}
}

// TestCommitFailureKeepsDestination makes the rename fail (the destination is a non-empty
// folder) and checks that the temporary file is removed and the error names the destination.
func TestCommitFailureKeepsDestination(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "busy")
	if err := os.MkdirAll(filepath.Join(path, "inside"), 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := Create(path)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("data")
	if err := f.Commit(); err == nil || !strings.Contains(err.Error(), path) {
		t.Fatalf("Commit over a folder: %v", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Fatalf("temporary files left behind: %v", entries)
	}
}
