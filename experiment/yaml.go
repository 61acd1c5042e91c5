package experiment

import (
	"bytes"
	"fmt"
	"reflect"
	"slices"
	"time"

	"github.com/warpkit/warpkit/nn/rnn"
	"go.yaml.in/yaml/v3"
)

// appliesTo reports whether a key (by its field's `for` tag) is an option of kind.
func appliesTo(f reflect.StructField, kind string) bool {
	switch f.Tag.Get("for") {
	case "":
		return true
	case "rnn":
		return isRNNKind(kind) || !builtinKind(kind)
	case "lru":
		return kind == "lru" || !builtinKind(kind)
	case "warp":
		return isWARPKind(kind) || !builtinKind(kind)
	case "warp-phys":
		return kind == "warp-phys" || !builtinKind(kind)
	}
	return true
}

// builtinKind: a program's own kinds get every key, as nothing says which apply.
func builtinKind(kind string) bool { return isRNNKind(kind) || isWARPKind(kind) }

// isRNNKind reports whether kind is one of nn/rnn's baselines.
func isRNNKind(kind string) bool { return slices.Contains(rnn.Kinds, kind) }

// isWARPKind reports whether kind is WARP, with or without a physics prior.
func isWARPKind(kind string) bool { return kind == "warp" || kind == "warp-phys" }

// MarshalYAML writes c as a run configuration file: every key that applies to its kind, in
// the order of RunConfig, under a header that names what it is. Reading it back (Resolve,
// LoadConfig) gives c again. A wall-clock budget is marked in the header as machine-dependent.
func (c *RunConfig) MarshalYAML() ([]byte, error) {
	m := &yaml.Node{Kind: yaml.MappingNode}
	rv := reflect.ValueOf(c).Elem()
	t := rv.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		key := yamlKey(f)
		if !appliesTo(f, c.Kind) || (key == "warpkit_version" && c.WarpkitVersion == "") {
			continue
		}
		var v yaml.Node
		switch {
		case f.Type == durationType:
			v = yaml.Node{Kind: yaml.ScalarNode, Value: durationString(rv.Field(i).Int())}
		default:
			if err := v.Encode(rv.Field(i).Interface()); err != nil {
				return nil, fmt.Errorf("experiment: %s: %w", key, err)
			}
			if rv.Field(i).Kind() == reflect.Map || rv.Field(i).Kind() == reflect.Pointer {
				v.Style = yaml.FlowStyle
			}
		}
		if key == "time_budget" && c.TimeBudget > 0 {
			v.LineComment = "wall clock: this run depends on the machine and does not reproduce bit for bit"
		}
		m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: key}, &v)
	}
	var b bytes.Buffer
	b.WriteString("# warpkit run configuration: `warpkit train --config FILE --out DIR` trains this run again.\n")
	if c.MachineDependent() {
		b.WriteString("# Machine-dependent: time_budget is wall clock, so another machine trains for a different\n# number of steps. Replace it by steps or epochs to reproduce.\n")
	}
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(m); err != nil {
		return nil, fmt.Errorf("experiment: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("experiment: %w", err)
	}
	return b.Bytes(), nil
}

// durationString writes a duration as time.ParseDuration reads it, 0 as 0.
func durationString(ns int64) string {
	if ns == 0 {
		return "0"
	}
	return time.Duration(ns).String()
}
