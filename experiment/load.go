package experiment

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

//go:embed defaults/*.yaml
var defaultFiles embed.FS

// Layer is one source of run settings, a YAML mapping from a file or a set of command-line
// flags. Resolve stacks layers on top of a model's shipped defaults.
type Layer struct {
	entries []entry
	// dir is the folder of the file the layer was read from: a relative data path in a file
	// is relative to the file, as a user who moves the file with its data expects.
	dir string
}

// entry is one key of a layer and where it came from, for error messages.
type entry struct {
	key   string
	value *yaml.Node
	where string // "run.yaml:12" or "--epochs"
}

// fields maps each key to its RunConfig field index.
var fields = func() map[string]int {
	t := reflect.TypeFor[RunConfig]()
	m := map[string]int{}
	for i := range t.NumField() {
		m[yamlKey(t.Field(i))] = i
	}
	return m
}()

// ReadLayer reads a run configuration file strictly: it must be a YAML mapping of known keys,
// each at most once. Values are checked when the layers are resolved.
func ReadLayer(path string) (*Layer, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ParseLayer(path, b)
}

// ParseLayer is ReadLayer on the file's contents; name is the file's name in errors.
func ParseLayer(name string, data []byte) (*Layer, error) {
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return &Layer{}, nil // an empty file sets nothing
		}
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		return nil, fmt.Errorf("%s:%d: more than one YAML document", name, extra.Line)
	}
	node := &doc
	if node.Kind == yaml.DocumentNode && len(node.Content) == 1 {
		node = node.Content[0]
	}
	return LayerFromNode(name, node)
}

// LayerFromNode reads a mapping node of run options, as found inside a larger file (a suite's
// model entry); skip names keys the caller handles itself (such as a label), which are left
// out. Unknown keys and repeated keys are errors naming file, line and key.
func LayerFromNode(file string, node *yaml.Node, skip ...string) (*Layer, error) {
	for node.Kind == yaml.AliasNode && node.Alias != nil {
		node = node.Alias
	}
	if node.Kind == yaml.ScalarNode && node.Tag == "!!null" {
		return &Layer{}, nil
	}
	if node.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s:%d: want a mapping of run options (key: value)", file, node.Line)
	}
	l := &Layer{dir: filepath.Dir(file)}
	seen := map[string]int{}
	for i := 0; i+1 < len(node.Content); i += 2 {
		k, v := node.Content[i], node.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			return nil, fmt.Errorf("%s:%d: a key must be a plain name", file, k.Line)
		}
		if slices.Contains(skip, k.Value) {
			continue
		}
		if _, ok := fields[k.Value]; !ok {
			return nil, fmt.Errorf("%s:%d: unknown key %q%s", file, k.Line, k.Value, suggest(k.Value))
		}
		if prev, dup := seen[k.Value]; dup {
			return nil, fmt.Errorf("%s:%d: key %q given twice (first on line %d)", file, k.Line, k.Value, prev)
		}
		seen[k.Value] = k.Line
		l.entries = append(l.entries, entry{key: k.Value, value: v, where: fmt.Sprintf("%s:%d", file, k.Line)})
	}
	return l, nil
}

// suggest names a known key close to an unknown one.
func suggest(key string) string {
	best, bestD := "", 3
	for k := range fields {
		if d := editDistance(key, k); d < bestD {
			best, bestD = k, d
		}
	}
	if best == "" {
		return " (run `warpkit train --help` for the options)"
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// Set adds key: value to the layer, as a command-line flag gives it (where names the flag in
// errors). The value is read as YAML (numbers, booleans, durations such as 10m, and JSON or
// YAML mappings for prior_options); string options take it verbatim.
func (l *Layer) Set(key, value, where string) error {
	i, ok := fields[key]
	if !ok {
		return fmt.Errorf("%s: unknown key %q", where, key)
	}
	var v *yaml.Node
	switch k := reflect.TypeFor[RunConfig]().Field(i).Type.Kind(); {
	case k == reflect.String:
		v = &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: value}
	case k == reflect.Map:
		var doc yaml.Node
		if err := yaml.Unmarshal([]byte(value), &doc); err != nil {
			return fmt.Errorf("%s: %w", where, err)
		}
		v = &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null"}
		if len(doc.Content) == 1 {
			v = doc.Content[0]
		}
	default:
		v = &yaml.Node{Kind: yaml.ScalarNode, Value: value}
	}
	l.entries = slices.DeleteFunc(l.entries, func(e entry) bool { return e.key == key })
	l.entries = append(l.entries, entry{key: key, value: v, where: where})
	return nil
}

// Has reports whether the layer sets key.
func (l *Layer) Has(key string) bool {
	return l != nil && slices.ContainsFunc(l.entries, func(e entry) bool { return e.key == key })
}

// kind is the model kind the layer names, or "".
func (l *Layer) kind() (string, error) {
	for _, e := range l.entries {
		if e.key == "kind" {
			var s string
			if err := e.value.Decode(&s); err != nil || e.value.Kind != yaml.ScalarNode {
				return "", fmt.Errorf("%s: kind: want a model kind (%s)", e.where, strings.Join(Kinds(), ", "))
			}
			return s, nil
		}
	}
	return "", nil
}

// Resolve builds the effective configuration: the shipped defaults of the model kind named by
// the last layer that names one, then each layer in order, later ones overriding earlier
// ones key by key, then validates it. When any layer sets a budget key (epochs, steps,
// time_budget, patience), the defaults' budget is dropped as a whole (see RunConfig). Errors name the file and line
// or the flag that set the bad value.
func Resolve(layers ...*Layer) (*RunConfig, error) {
	kind := ""
	for _, l := range layers {
		if l == nil {
			continue
		}
		k, err := l.kind()
		if err != nil {
			return nil, err
		}
		if k != "" {
			kind = k
		}
	}
	if kind == "" {
		return nil, &FieldError{Key: "kind", Msg: fmt.Sprintf("required: the model kind (valid: %s)", strings.Join(Kinds(), ", "))}
	}
	if !knownKind(kind) {
		return nil, Locate(&FieldError{Key: "kind", Msg: fmt.Sprintf("unknown model %q (valid: %s)", kind, strings.Join(Kinds(), ", "))}, layers...)
	}
	cfg, err := Defaults(kind)
	if err != nil {
		return nil, err
	}
	// The defaults' budget applies only when the user sets none of its limits.
	for _, l := range layers {
		if slices.ContainsFunc(budgetKeys, l.Has) {
			cfg.Epochs, cfg.Steps, cfg.TimeBudget, cfg.Patience = 0, 0, 0, 0
		}
	}
	for _, l := range layers {
		if err := cfg.apply(l); err != nil {
			return nil, err
		}
	}
	cfg.Kind = kind
	if err := cfg.Validate(); err != nil {
		return nil, Locate(err, layers...)
	}
	return cfg, nil
}

// Locate prefixes an error about a key (a *FieldError, as Build returns for options checked
// against the data) with the file and line or the flag that set the key.
func Locate(err error, layers ...*Layer) error {
	var fe *FieldError
	if errors.As(err, &fe) {
		if where := whereSet(layers, fe.Key); where != "" {
			return fmt.Errorf("%s: %w", where, err)
		}
	}
	return err
}

// whereSet names the last layer entry that set key, or "" when none did.
func whereSet(layers []*Layer, key string) string {
	where := ""
	for _, l := range layers {
		if l == nil {
			continue
		}
		for _, e := range l.entries {
			if e.key == key {
				where = e.where
			}
		}
	}
	return where
}

// apply decodes the layer's values into c.
func (c *RunConfig) apply(l *Layer) error {
	if l == nil {
		return nil
	}
	rv := reflect.ValueOf(c).Elem()
	for _, e := range l.entries {
		f := rv.Field(fields[e.key])
		if err := decodeValue(e.value, f); err != nil {
			return fmt.Errorf("%s: %s: %w", e.where, e.key, err)
		}
		// Paths in a file are relative to the file, as a user who moves it with its data expects.
		if e.key == "data" && c.Data != "" && l.dir != "" && !filepath.IsAbs(c.Data) {
			c.Data = filepath.Join(l.dir, c.Data)
		}
		if e.key == "spec" && c.Spec != "" && l.dir != "" && !filepath.IsAbs(c.Spec) {
			c.Spec = filepath.Join(l.dir, c.Spec)
		}
	}
	return nil
}

var durationType = reflect.TypeFor[time.Duration]()

// decodeValue reads one option's value into f, with a message a user can act on.
func decodeValue(n *yaml.Node, f reflect.Value) error {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	t := f.Type()
	if n.Kind == yaml.ScalarNode && (n.Tag == "!!null" || (n.Tag == "" && (n.Value == "~" || n.Value == "null"))) && n.Style == 0 {
		f.Set(reflect.Zero(t)) // an empty value is the zero value
		return nil
	}
	if t == reflect.TypeFor[*bool]() && n.Kind == yaml.ScalarNode && n.Value == "auto" {
		f.Set(reflect.Zero(t))
		return nil
	}
	if t.Kind() != reflect.Map && n.Kind != yaml.ScalarNode {
		return fmt.Errorf("want %s, got %s", typeName(t), NodeKind(n))
	}
	if t == durationType {
		// A duration is written as 90s, 10m, 1h30m; a bare number would be nanoseconds,
		// which nobody means.
		d, err := time.ParseDuration(n.Value)
		if err != nil {
			if v, ierr := strconv.ParseInt(n.Value, 10, 64); ierr == nil && v == 0 {
				f.SetInt(0)
				return nil
			}
			return fmt.Errorf("want a duration such as 90s, 10m or 1h30m, got %q", n.Value)
		}
		f.SetInt(int64(d))
		return nil
	}
	p := reflect.New(t)
	if err := n.Decode(p.Interface()); err != nil {
		if t.Kind() == reflect.Map {
			return fmt.Errorf("want a mapping, got %s", NodeKind(n))
		}
		return fmt.Errorf("want %s, got %q", typeName(t), n.Value)
	}
	if t.Kind() == reflect.Map && p.Elem().Len() == 0 {
		f.Set(reflect.Zero(t)) // {} and nothing are the same: no options
		return nil
	}
	f.Set(p.Elem())
	return nil
}

func typeName(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Int, reflect.Int64:
		return "an integer"
	case reflect.Uint64:
		return "a non-negative integer"
	case reflect.Float64:
		return "a number"
	case reflect.Bool:
		return "true or false"
	case reflect.Pointer:
		return "true, false or auto"
	case reflect.String:
		return "a string"
	case reflect.Map:
		return "a mapping"
	}
	return t.String()
}

// NodeKind says what a YAML node holds, for an error that names what it found where it
// wanted something else: "a mapping", "a list", "a scalar" with its quoted value, "an
// alias" with its anchor, or "nothing" (an empty document). Run files and suite files (benchmarks) word it alike.
func NodeKind(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		return "a scalar " + strconv.Quote(n.Value)
	case yaml.AliasNode:
		return "an alias *" + n.Value
	}
	return "nothing"
}

// Defaults is the shipped configuration of a model kind: defaults/base.yaml, then
// defaults/KIND.yaml when there is one (kinds registered by a program may have none).
func Defaults(kind string) (*RunConfig, error) {
	c := &RunConfig{}
	for _, name := range []string{"base", kind} {
		b, err := defaultFiles.ReadFile("defaults/" + name + ".yaml")
		if errors.Is(err, os.ErrNotExist) && name == kind {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("experiment: defaults %s: %w", name, err)
		}
		l, err := ParseLayer("defaults/"+name+".yaml", b)
		if err != nil {
			return nil, fmt.Errorf("experiment: %w", err)
		}
		if err := c.apply(l); err != nil {
			return nil, fmt.Errorf("experiment: %w", err)
		}
	}
	c.Kind = kind
	return c, nil
}

// LoadConfig reads a run configuration file on top of its kind's defaults.
func LoadConfig(path string) (*RunConfig, error) {
	l, err := ReadLayer(path)
	if err != nil {
		return nil, err
	}
	return Resolve(l)
}
