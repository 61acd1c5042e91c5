package benchmarks

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// The same results and metadata give the same bytes every time they are written: a map's
// iteration order, which Go varies on purpose, must not reach the files.
func TestWriteResultsIsByteStable(t *testing.T) {
	recs := []Record{{Dataset: "msd", Model: "gru", Seed: 1, Metric: "mse", Value: 0.5, Params: 10, Version: "v"}}
	meta := map[string]string{}
	for i := range 12 {
		meta[fmt.Sprintf("key%02d", i)] = fmt.Sprint(i)
	}
	var first map[string][]byte
	for run := range 6 {
		dir := t.TempDir()
		if err := WriteResults(dir, recs, meta); err != nil {
			t.Fatal(err)
		}
		got := map[string][]byte{}
		for _, name := range []string{"results.arrow", "results.parquet"} {
			b, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil {
				t.Fatal(err)
			}
			got[name] = b
		}
		if run == 0 {
			first = got
			continue
		}
		for name, b := range got {
			if !bytes.Equal(b, first[name]) {
				t.Fatalf("write %d: %s differs from the first write's", run, name)
			}
		}
	}
}
