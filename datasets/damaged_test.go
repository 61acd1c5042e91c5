package datasets

import (
	"bytes"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// Damaged files (random bytes changed, or cut short) must give an error, not a panic, a hang
// or an allocation the file cannot back. This complements the fuzz targets with a fixed,
// seeded sweep that runs in every `go test`; it found an unbounded allocation in the Arrow
// schema decoder reached through Parquet's ARROW:schema metadata.
func TestDamagedFilesGiveErrors(t *testing.T) {
	readers := map[Format]func([]byte) error{
		FormatNPZ: func(b []byte) error { _, err := readNPZ(bytes.NewReader(b), int64(len(b)), "x.npz"); return err },
		FormatArrow: func(b []byte) error {
			_, err := readArrow(bytes.NewReader(b), int64(len(b)), "x.arrow")
			return err
		},
		FormatParquet: func(b []byte) error {
			_, err := readParquet(bytes.NewReader(b), int64(len(b)), "x.parquet")
			return err
		},
	}
	r := rand.New(rand.NewPCG(1, 2))
	dir := t.TempDir()
	// A reader that hangs is reported with its input shortly before go test's -timeout would
	// kill the binary without saying which: a limit taken from the run's own deadline, not a
	// guess at how fast this machine reads.
	var hung <-chan time.Time
	if d, ok := t.Deadline(); ok {
		hung = time.After(time.Until(d) * 9 / 10)
	}
	for f, read := range readers {
		var seeds [][]byte
		for i, d := range []*Dataset{handMade(), tinyDataset()} {
			p := filepath.Join(dir, string(rune('a'+i))+"."+string(f))
			if err := Write(d, p, WriteOptions{Compress: i == 1}); err != nil {
				t.Fatal(err)
			}
			b, _ := os.ReadFile(p)
			seeds = append(seeds, b)
		}
		for it := range 1500 {
			b := append([]byte(nil), seeds[it%2]...)
			if it%5 == 0 {
				b = b[:r.IntN(len(b))]
			} else {
				for range 1 + r.IntN(4) {
					b[r.IntN(len(b))] = byte(r.IntN(256))
				}
			}
			done := make(chan struct{})
			go func() {
				defer close(done)
				read(b)
			}()
			select {
			case <-done:
			case <-hung:
				t.Fatalf("%s: reader hangs on damaged input %d", f, it)
			}
		}
	}
}
