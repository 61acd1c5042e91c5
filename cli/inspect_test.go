package cli

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// An h5py file whose group links back to its parent (h5py's f["train/loop"] = f["train"]) must
// be listed once, with the link named, not walked forever.
func TestInspectHDF5HardLinkCycle(t *testing.T) {
	path := filepath.Join("..", "datasets", "h5", "testdata", "h5py_contiguous.h5")
	// A walk that never ends is reported shortly before go test's -timeout would kill the
	// binary without saying why: a limit from the run's own deadline, not a guess at how fast
	// this machine lists a file.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var hung <-chan time.Time
	if d, ok := t.Deadline(); ok {
		hung = time.After(time.Until(d) * 9 / 10)
	}
	var out, errb bytes.Buffer
	done := make(chan int, 1)
	go func() { done <- Run(ctx, []string{"inspect", path}, &out, &errb) }()
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errb.String())
		}
	case <-hung:
		t.Fatal("inspect did not finish: it follows the hard-link cycle")
	}
	if n := strings.Count(out.String(), "loop/"); n != 1 {
		t.Errorf("loop/ listed %d times, want once", n)
	}
	if !strings.Contains(out.String(), "loop/ -> hard link to /train/") {
		t.Errorf("the cycle is not named:\n%s", out.String())
	}
}
