package h5

import (
	"encoding/json"
	"testing"

	"github.com/warpkit/warpkit/internal/clienttest"
)

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
	py := clienttest.RequirePython(t, "h5py", "numpy")
	var objs map[string]pyObject
	clienttest.RunJSON(t, &objs, py, "testdata/dump_h5.py", path)
	return objs
}
