package h5

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
)

// flatten turns a value from Attrs into the dump's form: kind, scalar flag and the
// elements as JSON-comparable strings.
func flatten(v any) (kind string, scalar bool, elems []string, err error) {
	switch x := v.(type) {
	case string:
		return "str", true, []string{x}, nil
	case []string:
		return "str", false, x, nil
	case float64:
		return "float", true, []string{fmtFloat(x)}, nil
	case []float64:
		return "float", false, mapf(x, fmtFloat), nil
	case float32:
		return "float", true, []string{fmtFloat(float64(x))}, nil
	case []float32:
		return "float", false, mapf(x, func(f float32) string { return fmtFloat(float64(f)) }), nil
	case int32:
		return "int", true, []string{fmtInt(int64(x))}, nil
	case []int32:
		return "int", false, mapf(x, func(i int32) string { return fmtInt(int64(i)) }), nil
	case int64:
		return "int", true, []string{strconv.FormatInt(x, 10)}, nil
	case []int64:
		return "int", false, mapf(x, func(i int64) string { return strconv.FormatInt(i, 10) }), nil
	case uint64:
		return "int", true, []string{strconv.FormatUint(x, 10)}, nil
	case []uint64:
		return "int", false, mapf(x, func(i uint64) string { return strconv.FormatUint(i, 10) }), nil
	}
	return "", false, nil, fmt.Errorf("unexpected attribute type %T", v)
}

func mapf[T any](v []T, f func(T) string) []string {
	out := make([]string, len(v))
	for i, x := range v {
		out[i] = f(x)
	}
	return out
}

func fmtFloat(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }

// pyElems normalises the dump's JSON elements to the same strings as flatten.
func pyElems(kind string, raw []json.RawMessage) ([]string, error) {
	out := make([]string, len(raw))
	for i, r := range raw {
		switch kind {
		case "str":
			if err := json.Unmarshal(r, &out[i]); err != nil {
				return nil, err
			}
		case "float":
			var f float64
			if err := json.Unmarshal(r, &f); err != nil {
				return nil, err
			}
			out[i] = fmtFloat(f)
		case "int":
			out[i] = string(r)
		default:
			return nil, fmt.Errorf("unknown kind %q", kind)
		}
	}
	return out, nil
}

// sameElems compares element lists; floats are compared exactly (both sides print the
// shortest round-trip form).
func sameElems(a, b []string) error {
	if len(a) != len(b) {
		return fmt.Errorf("%d elements vs %d", len(a), len(b))
	}
	for i := range a {
		if a[i] != b[i] {
			return fmt.Errorf("element %d: %q vs %q", i, a[i], b[i])
		}
	}
	return nil
}

// floatsEqual compares exactly, treating two NaNs as equal.
func floatsEqual(a, b []float64) error {
	if len(a) != len(b) {
		return fmt.Errorf("%d values vs %d", len(a), len(b))
	}
	for i := range a {
		if a[i] != b[i] && !(math.IsNaN(a[i]) && math.IsNaN(b[i])) {
			return fmt.Errorf("value %d: %v vs %v", i, a[i], b[i])
		}
	}
	return nil
}

func fmtInt(i int64) string   { return strconv.FormatInt(i, 10) }
func fmtUint(u uint64) string { return strconv.FormatUint(u, 10) }
