package h5

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"testing"
)

// debianPython is the interpreter with numpy and h5py (python3-h5py); the python3 on
// PATH may be a pyenv without them.
const debianPython = "/usr/bin/python3"

// needClient skips the test when an external reader is missing, unless CI=true, where
// a missing client is a failure: CI must run every independent check.
func needClient(t *testing.T, what string, ok bool) {
	t.Helper()
	if ok {
		return
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is required when CI=true (see scripts/setup-test-clients.sh)", what)
	}
	t.Skipf("%s not available", what)
}

// needH5py skips (or fails under CI) without Debian's python3 with h5py and numpy.
func needH5py(t *testing.T) {
	t.Helper()
	err := exec.Command(debianPython, "-c", "import h5py, numpy").Run()
	needClient(t, debianPython+" with h5py and numpy", err == nil)
}

// needH5dump skips (or fails under CI) without hdf5-tools' h5dump.
func needH5dump(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("h5dump")
	needClient(t, "h5dump (hdf5-tools)", err == nil)
	return p
}

// pyObject is one object as testdata/dump_h5.py reports it from h5py.
type pyObject struct {
	Kind            string            `json:"kind"`
	Attrs           map[string]pyAttr `json:"attrs"`
	Shape           []int             `json:"shape"`
	Dtype           string            `json:"dtype"`
	VKind           string            `json:"vkind"`
	Values          []json.RawMessage `json:"values"`
	Chunks          []int             `json:"chunks"`
	Compression     *string           `json:"compression"`
	CompressionOpts *int              `json:"compression_opts"`
	Shuffle         bool              `json:"shuffle"`
}

// pyAttr is one attribute: "str", "float" or "int" values, scalar or not.
type pyAttr struct {
	Scalar bool              `json:"scalar"`
	Kind   string            `json:"kind"`
	V      []json.RawMessage `json:"v"`
}

// h5pyDump runs dump_h5.py on path and returns every object by path.
func h5pyDump(t *testing.T, path string) map[string]pyObject {
	t.Helper()
	needH5py(t)
	cmd := exec.Command(debianPython, "testdata/dump_h5.py", path)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("h5py could not read %s: %v\n%s", path, err, stderr.String())
	}
	var objs map[string]pyObject
	if err := json.Unmarshal(out, &objs); err != nil {
		t.Fatalf("dump_h5.py output: %v", err)
	}
	return objs
}
