package h5

import (
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/warpkit/warpkit/internal/clienttest"
)

// h5dumpValues runs h5dump on one dataset and returns its values as printed, with
// full float precision and no indices.
func h5dumpValues(t *testing.T, bin, file, dataset string) []string {
	t.Helper()
	out, err := exec.Command(bin, "-d", dataset, "-y", "-w", "0", "-m", "%.17g", file).CombinedOutput()
	if err != nil {
		t.Fatalf("h5dump -d %s: %v\n%s", dataset, err, out)
	}
	s := string(out)
	i := strings.Index(s, "DATA {")
	if i < 0 {
		t.Fatalf("h5dump -d %s printed no DATA:\n%s", dataset, s)
	}
	s = s[i+len("DATA {"):]
	s = s[:strings.Index(s, "}")]
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\n' })
}

func TestH5dumpReadsWarpkitFiles(t *testing.T) {
	bin := clienttest.RequireCommand(t, "h5dump")
	path := filepath.Join(t.TempDir(), "sample.h5")
	want, _ := writeSample(t, path)
	out, err := exec.Command(bin, "-H", "-A", path).CombinedOutput()
	if err != nil {
		t.Fatalf("h5dump -H: %v\n%s", err, out)
	}
	header := string(out)
	for _, s := range []string{
		`GROUP "/" {`,
		`GROUP "train" {`,
		`GROUP "sub" {`,
		`GROUP "empty_group" {`,
		`ATTRIBUTE "title" {`,
		`CSET H5T_CSET_UTF8;`,
		`STRSIZE H5T_VARIABLE;`,
		`DATASET "x" {`,
		`DATATYPE  H5T_IEEE_F64LE`,
		`DATATYPE  H5T_IEEE_F32LE`,
		`DATATYPE  H5T_STD_I64LE`,
		`DATATYPE  H5T_STD_I32LE`,
		`DATASPACE  SIMPLE { ( 5, 7, 2 ) / ( 5, 7, 2 ) }`,
		`DATASPACE  SCALAR`,
		`DATASET "d299" {`,
	} {
		if !strings.Contains(header, s) {
			t.Errorf("h5dump -H output lacks %q", s)
		}
	}
	if t.Failed() {
		t.Logf("h5dump -H:\n%s", header)
	}
	for _, p := range []string{"/train/x", "/train/i32", "/chunked", "/shuffled", "/deep", "/deeper"} {
		got := h5dumpValues(t, bin, path, p)
		w := want[p]
		if len(got) != len(w.elements) {
			t.Errorf("%s: h5dump printed %d values, wrote %d", p, len(got), len(w.elements))
			continue
		}
		for i, g := range got {
			if w.dtype == "float32" || w.dtype == "float64" {
				gf, err := strconv.ParseFloat(g, 64)
				wf, _ := strconv.ParseFloat(w.elements[i], 64)
				if err != nil || gf != wf {
					t.Errorf("%s[%d]: h5dump %s, wrote %s", p, i, g, w.elements[i])
					break
				}
			} else if g != w.elements[i] {
				t.Errorf("%s[%d]: h5dump %s, wrote %s", p, i, g, w.elements[i])
				break
			}
		}
	}
}
