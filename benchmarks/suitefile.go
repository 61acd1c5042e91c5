package benchmarks

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/warpkit/warpkit/datasets"
	"github.com/warpkit/warpkit/nn/rnn"
	"github.com/warpkit/warpkit/warp"
)

//go:embed suites/*.yaml
var presetFiles embed.FS

// Presets lists the built-in suite files by name (benchmarks/suites/NAME.yaml).
func Presets() []string {
	entries, _ := fs.ReadDir(presetFiles, "suites")
	var out []string
	for _, e := range entries {
		out = append(out, strings.TrimSuffix(e.Name(), ".yaml"))
	}
	return out
}

// PresetFile returns the text of a built-in suite file.
func PresetFile(name string) ([]byte, error) {
	b, err := presetFiles.ReadFile("suites/" + name + ".yaml")
	if err != nil {
		return nil, fmt.Errorf("benchmarks: unknown preset %q (valid: %s)", name, strings.Join(Presets(), ", "))
	}
	return b, nil
}

// LoadPreset reads a built-in suite file.
func LoadPreset(name string) (*Suite, error) {
	b, err := PresetFile(name)
	if err != nil {
		return nil, err
	}
	s, err := ParseSuite(b, "preset:"+name, "")
	if err != nil {
		return nil, err
	}
	s.Preset = name
	return s, nil
}

// LoadSuite reads a suite file; dataset spec paths in it are relative to its folder.
func LoadSuite(path string) (*Suite, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("benchmarks: suite: %w", err)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("benchmarks: suite: %w", err)
	}
	return ParseSuite(b, path, filepath.Dir(abs))
}

// suiteParser reads one suite file, naming the file and line in every error.
type suiteParser struct {
	file string // for messages
	dir  string // spec paths are relative to it; empty: specs are not allowed (embedded presets)
}

func (p *suiteParser) errf(n *yaml.Node, format string, args ...any) error {
	return fmt.Errorf("benchmarks: %s:%d: %s", p.file, n.Line, fmt.Sprintf(format, args...))
}

// pairs returns a mapping node's keys and values, rejecting keys outside valid and repeated
// keys, and nodes that are not mappings.
func (p *suiteParser) pairs(n *yaml.Node, what string, valid []string) (map[string]*yaml.Node, map[string]*yaml.Node, error) {
	if n.Kind != yaml.MappingNode {
		return nil, nil, p.errf(n, "%s: want a mapping, got %s", what, kindName(n))
	}
	vals, keys := map[string]*yaml.Node{}, map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if valid != nil && !slices.Contains(valid, k.Value) {
			return nil, nil, p.errf(k, "%s: unknown key %q (valid: %s)", what, k.Value, strings.Join(valid, ", "))
		}
		if _, dup := vals[k.Value]; dup {
			return nil, nil, p.errf(k, "%s: key %q given twice", what, k.Value)
		}
		vals[k.Value], keys[k.Value] = v, k
	}
	return vals, keys, nil
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		return fmt.Sprintf("%q", n.Value)
	}
	return "nothing"
}

// decode decodes a node into v strictly, prefixing errors with the file and key.
func (p *suiteParser) decode(n *yaml.Node, key string, v any) error {
	if n.Kind == yaml.MappingNode {
		// Node.Decode has no KnownFields; re-encoding and decoding the subtree through a
		// strict decoder would lose line numbers, so check keys against v's yaml tags here.
		if t := reflect.TypeOf(v).Elem(); t.Kind() == reflect.Struct {
			if _, _, err := p.pairs(n, key, yamlKeys(t)); err != nil {
				return err
			}
		}
	}
	if err := n.Decode(v); err != nil {
		var te *yaml.TypeError
		if errors.As(err, &te) {
			return p.errf(n, "%s: %s", key, strings.Join(te.Errors, "; "))
		}
		return p.errf(n, "%s: %v", key, err)
	}
	return nil
}

// yamlKeys lists the yaml names of a struct's fields.
func yamlKeys(t reflect.Type) []string {
	var out []string
	for i := range t.NumField() {
		if name, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ","); name != "" && name != "-" {
			out = append(out, name)
		}
	}
	return out
}

// jsonKeys maps the JSON names of a config struct's fields to their types.
func jsonKeys(t reflect.Type, skip ...string) map[string]reflect.Type {
	out := map[string]reflect.Type{}
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if name != "" && name != "-" && !slices.Contains(skip, name) {
			out[name] = t.Field(i).Type
		}
	}
	return out
}

// modelOptions are the architecture options a model entry may set, by kind: the JSON fields of
// the model's config, less those the suite fills in from the data and the seed.
var modelOptions = map[string]map[string]reflect.Type{
	"warp":      jsonKeys(reflect.TypeOf(warp.Config{}), "dim", "mean", "std", "seed", "prior"),
	"warp-phys": jsonKeys(reflect.TypeOf(warp.Config{}), "dim", "mean", "std", "seed", "prior"),
	"gru":       jsonKeys(reflect.TypeOf(rnn.Config{}), "kind", "d", "mean", "std", "seed"),
	"lstm":      jsonKeys(reflect.TypeOf(rnn.Config{}), "kind", "d", "mean", "std", "seed"),
	"lru":       jsonKeys(reflect.TypeOf(rnn.Config{}), "kind", "d", "mean", "std", "seed"),
}

// budgetEntry is a budget as written: one of epochs, steps or time ("10m", "18s").
type budgetEntry struct {
	Epochs int    `yaml:"epochs"`
	Steps  int    `yaml:"steps"`
	Time   string `yaml:"time"`
}

func (p *suiteParser) budget(n *yaml.Node, key string) (Budget, error) {
	var e budgetEntry
	if err := p.decode(n, key, &e); err != nil {
		return Budget{}, err
	}
	b := Budget{Epochs: e.Epochs, Steps: e.Steps}
	if e.Time != "" {
		d, err := time.ParseDuration(e.Time)
		if err != nil || d <= 0 {
			return Budget{}, p.errf(n, "%s: time %q: want a positive duration such as 10m or 18s", key, e.Time)
		}
		b.Time = d
	}
	if err := b.validate(); err != nil {
		return Budget{}, p.errf(n, "%s: %v", key, err)
	}
	return b, nil
}

// ParseSuite reads a suite file's text; file names it in errors, and dir is the folder spec
// paths are relative to (empty forbids spec paths, as in the embedded presets). Unknown keys,
// wrong types and bad values are errors naming the file, the line and the key.
func ParseSuite(text []byte, file, dir string) (*Suite, error) {
	p := &suiteParser{file: file, dir: dir}
	var doc yaml.Node
	if err := yaml.Unmarshal(text, &doc); err != nil {
		return nil, fmt.Errorf("benchmarks: %s: %w", file, err)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil, fmt.Errorf("benchmarks: %s: empty suite file", file)
	}
	top, keys, err := p.pairs(doc.Content[0], "suite", []string{"name", "datasets", "context", "seeds", "budget", "train", "models", "param_tolerance"})
	if err != nil {
		return nil, err
	}
	for _, k := range []string{"name", "datasets", "seeds", "budget", "models"} {
		if top[k] == nil {
			return nil, fmt.Errorf("benchmarks: %s: missing key %q", file, k)
		}
	}
	s := &Suite{Source: file, ParamTolerance: 0.25}
	if err := p.decode(top["name"], "name", &s.Name); err != nil {
		return nil, err
	}
	context := 0
	if top["context"] != nil {
		if err := p.decode(top["context"], "context", &context); err != nil {
			return nil, err
		}
		if context < 0 {
			return nil, p.errf(top["context"], "context: must be ≥ 0, got %d", context)
		}
	}
	if err := p.decode(top["seeds"], "seeds", &s.Seeds); err != nil {
		return nil, err
	}
	if len(s.Seeds) == 0 {
		return nil, p.errf(top["seeds"], "seeds: want a list of at least one seed, e.g. [0, 1, 2]")
	}
	for i, seed := range s.Seeds {
		if seed < 0 || slices.Contains(s.Seeds[:i], seed) {
			return nil, p.errf(top["seeds"], "seeds: %d is negative or repeated", seed)
		}
	}
	if s.Budget, err = p.budget(top["budget"], "budget"); err != nil {
		return nil, err
	}
	s.Train = TrainOptions{BatchSize: 32, LR: 1e-3, Clip: 1, Schedule: "constant"}
	if top["train"] != nil {
		if err := p.decode(top["train"], "train", &s.Train); err != nil {
			return nil, err
		}
	}
	if err := checkTrain(s.Train); err != nil {
		return nil, p.errf(top["train"], "train: %v", err)
	}
	if top["param_tolerance"] != nil {
		if err := p.decode(top["param_tolerance"], "param_tolerance", &s.ParamTolerance); err != nil {
			return nil, err
		}
	}
	if top["datasets"].Kind != yaml.SequenceNode || len(top["datasets"].Content) == 0 {
		return nil, p.errf(keys["datasets"], "datasets: want a list of at least one dataset")
	}
	for _, n := range top["datasets"].Content {
		d, err := p.dataset(n, context, s.Train)
		if err != nil {
			return nil, err
		}
		if slices.ContainsFunc(s.Datasets, func(o DatasetConfig) bool { return o.Name == d.Name }) {
			return nil, p.errf(n, "datasets: name %q given twice", d.Name)
		}
		s.Datasets = append(s.Datasets, d)
	}
	if top["models"].Kind != yaml.SequenceNode || len(top["models"].Content) == 0 {
		return nil, p.errf(keys["models"], "models: want a list of at least one model")
	}
	for _, n := range top["models"].Content {
		m, err := p.model(n, s.Train)
		if err != nil {
			return nil, err
		}
		if slices.Contains(s.Labels(), m.Name) {
			return nil, p.errf(n, "models: label %q given twice", m.Name)
		}
		for _, want := range m.Datasets {
			if !slices.ContainsFunc(s.Datasets, func(d DatasetConfig) bool { return d.Name == want || d.Sweep == want }) {
				return nil, p.errf(n, "models: %s: datasets: unknown dataset %q", m.Name, want)
			}
		}
		s.Models = append(s.Models, m)
		if m.Kind == "warp" && s.MatchTarget == nil {
			t := m
			s.MatchTarget = &t
		}
	}
	// A dataset's models: {LABEL: {...}} changes that model's entry on this dataset only: the
	// entry is read again with the override's keys in place of its own.
	for i, dn := range top["datasets"].Content {
		vals, _, _ := p.pairs(dn, "datasets", nil)
		ov := vals["models"]
		if ov == nil {
			continue
		}
		d := &s.Datasets[i]
		where := "datasets: " + d.Name + ": models"
		if ov.Kind != yaml.MappingNode {
			return nil, p.errf(ov, "%s: want a mapping from model label to options", where)
		}
		d.Overrides = map[string]ModelConfig{}
		for j := 0; j+1 < len(ov.Content); j += 2 {
			label, opts := ov.Content[j], ov.Content[j+1]
			k := slices.Index(s.Labels(), label.Value)
			if k < 0 {
				return nil, p.errf(label, "%s: unknown model label %q (valid: %s)", where, label.Value, strings.Join(s.Labels(), ", "))
			}
			if opts.Kind != yaml.MappingNode {
				return nil, p.errf(opts, "%s: %s: want a mapping of options", where, label.Value)
			}
			merged := &yaml.Node{Kind: yaml.MappingNode, Line: opts.Line}
			given := map[string]bool{}
			for o := 0; o+1 < len(opts.Content); o += 2 {
				if key := opts.Content[o].Value; key == "label" || key == "kind" || key == "datasets" {
					return nil, p.errf(opts.Content[o], "%s: %s: %q cannot change per dataset", where, label.Value, key)
				}
				given[opts.Content[o].Value] = true
			}
			entry := top["models"].Content[k]
			for o := 0; o+1 < len(entry.Content); o += 2 {
				if !given[entry.Content[o].Value] {
					merged.Content = append(merged.Content, entry.Content[o], entry.Content[o+1])
				}
			}
			merged.Content = append(merged.Content, opts.Content...)
			m, err := p.model(merged, s.Train)
			if err != nil {
				return nil, err
			}
			d.Overrides[m.Name] = m
		}
	}
	for _, m := range s.Models {
		if h, _ := m.Config["hidden"].(string); h == MatchParams && s.MatchTarget == nil {
			return nil, fmt.Errorf("benchmarks: %s: model %s: hidden %q needs a model of kind warp in the suite to match", file, m.Name, MatchParams)
		}
	}
	return s, nil
}

// datasetEntry is a dataset as written, less budget, budgets and prior_options, which
// dataset reads itself.
type datasetEntry struct {
	Name    string `yaml:"name"`
	Builtin string `yaml:"builtin"`
	Spec    string `yaml:"spec"`
	Train   *int   `yaml:"train"`
	Val     *int   `yaml:"val"`
	Test    *int   `yaml:"test"`
	Context *int   `yaml:"context"`
	Prior   string `yaml:"prior"`
	Sweep   string `yaml:"sweep"`
}

var datasetKeys = append(yamlKeys(reflect.TypeOf(datasetEntry{})), "prior_options", "budget", "training", "models")

func (p *suiteParser) dataset(n *yaml.Node, context int, suiteTrain TrainOptions) (DatasetConfig, error) {
	vals, _, err := p.pairs(n, "datasets", datasetKeys)
	if err != nil {
		return DatasetConfig{}, err
	}
	plain := &yaml.Node{Kind: yaml.MappingNode, Line: n.Line}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if k := n.Content[i].Value; k != "prior_options" && k != "budget" && k != "training" && k != "models" {
			plain.Content = append(plain.Content, n.Content[i], n.Content[i+1])
		}
	}
	var e datasetEntry
	if err := p.decode(plain, "datasets", &e); err != nil {
		return DatasetConfig{}, err
	}
	if e.Name == "" {
		return DatasetConfig{}, p.errf(n, "datasets: missing key \"name\"")
	}
	where := "datasets: " + e.Name
	d := DatasetConfig{Name: e.Name, Builtin: e.Builtin, Prior: e.Prior, Sweep: e.Sweep, Context: context}
	if e.Context != nil {
		d.Context = *e.Context
	}
	var spec *datasets.Spec
	switch {
	case (e.Builtin == "") == (e.Spec == ""):
		return d, p.errf(n, "%s: give exactly one of builtin (%s) or spec (a dataset spec file)", where, strings.Join(datasets.BuiltinNames(), ", "))
	case e.Builtin != "":
		if spec, err = datasets.Builtin(e.Builtin); err != nil {
			return d, p.errf(vals["builtin"], "%s: %v", where, err)
		}
	default:
		if p.dir == "" {
			return d, p.errf(vals["spec"], "%s: spec files are not allowed here", where)
		}
		d.Spec = e.Spec
		if !filepath.IsAbs(d.Spec) {
			d.Spec = filepath.Join(p.dir, d.Spec)
		}
		if spec, err = datasets.LoadSpec(d.Spec); err != nil {
			return d, p.errf(vals["spec"], "%s: %v", where, err)
		}
	}
	size := func(split string, given *int) (int, error) {
		if given != nil {
			if *given < 0 {
				return 0, p.errf(vals[split], "%s: %s: size must be ≥ 0, got %d", where, split, *given)
			}
			return *given, nil
		}
		for _, sp := range spec.Splits {
			if sp.Name == split {
				return sp.N, nil
			}
		}
		return 0, nil
	}
	if d.NTrain, err = size("train", e.Train); err != nil {
		return d, err
	}
	if d.NVal, err = size("val", e.Val); err != nil {
		return d, err
	}
	if d.NTest, err = size("test", e.Test); err != nil {
		return d, err
	}
	if d.NTrain == 0 || d.NTest == 0 {
		return d, p.errf(n, "%s: needs train and test trajectories (got %d and %d)", where, d.NTrain, d.NTest)
	}
	d.Points = spec.Points
	if d.Context < 0 || d.Context >= spec.Points {
		return d, p.errf(n, "%s: context %d must be in [0, %d), the dataset's time points", where, d.Context, spec.Points)
	}
	if v := vals["prior_options"]; v != nil {
		if d.PriorOptions, err = p.jsonOf(v, where+": prior_options"); err != nil {
			return d, err
		}
	}
	if err := checkPriorName(d.Prior); err != nil {
		return d, p.errf(vals["prior"], "%s: %v", where, err)
	}
	if v := vals["budget"]; v != nil {
		b, err := p.budget(v, where+": budget")
		if err != nil {
			return d, err
		}
		d.Budget = &b
	}
	if v := vals["training"]; v != nil {
		if d.Train, err = p.trainOverride(v, where+": training", suiteTrain); err != nil {
			return d, err
		}
	}
	return d, nil
}

// jsonOf turns a YAML subtree into JSON (prior options go to the physics package as JSON).
func (p *suiteParser) jsonOf(n *yaml.Node, key string) (json.RawMessage, error) {
	var v any
	if err := n.Decode(&v); err != nil {
		return nil, p.errf(n, "%s: %v", key, err)
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, p.errf(n, "%s: %v", key, err)
	}
	return b, nil
}

func checkPriorName(name string) error {
	if name == "" || slices.Contains([]string{"msd", "lv", "sine"}, name) || (strings.HasPrefix(name, "system:") && len(name) > len("system:")) {
		return nil
	}
	return fmt.Errorf("prior %q: want msd, lv, sine or system:NAME", name)
}

func checkTrain(t TrainOptions) error {
	switch {
	case t.BatchSize < 1:
		return fmt.Errorf("batch must be ≥ 1, got %d", t.BatchSize)
	case !(t.LR > 0):
		return fmt.Errorf("lr must be positive, got %g", t.LR)
	case t.ForcingProb < 0 || t.ForcingProb > 1:
		return fmt.Errorf("forcing_prob must be in [0, 1], got %g", t.ForcingProb)
	case t.Clip < 0:
		return fmt.Errorf("clip must be ≥ 0, got %g", t.Clip)
	case !slices.Contains([]string{"constant", "cosine", "plateau"}, t.Schedule):
		return fmt.Errorf("schedule %q: valid: constant, cosine, plateau", t.Schedule)
	case t.Optimizer != "" && t.Optimizer != "adam" && t.Optimizer != "adamw":
		return fmt.Errorf("optimizer %q: valid: adam, adamw", t.Optimizer)
	}
	return nil
}

// model reads one model entry: label, kind, budget, prior, prior_options, datasets, any
// training option (TrainOptions' keys) and any option of the kind's model config.
func (p *suiteParser) model(n *yaml.Node, suiteTrain TrainOptions) (ModelConfig, error) {
	vals, keys, err := p.pairs(n, "models", nil)
	if err != nil {
		return ModelConfig{}, err
	}
	var m ModelConfig
	for _, k := range []string{"label", "kind"} {
		if vals[k] == nil {
			return m, p.errf(n, "models: missing key %q", k)
		}
	}
	if err := p.decode(vals["label"], "models: label", &m.Name); err != nil {
		return m, err
	}
	if err := p.decode(vals["kind"], "models: "+m.Name+": kind", &m.Kind); err != nil {
		return m, err
	}
	where := "models: " + m.Name
	if m.Name == "" || strings.ContainsAny(m.Name, "/\\ ") || strings.Contains(m.Name, "__") || m.Name == Persistence {
		return m, p.errf(vals["label"], "models: label %q: want a non-empty name without spaces, slashes or __, other than %q", m.Name, Persistence)
	}
	opts, ok := modelOptions[m.Kind]
	if !ok {
		kinds := make([]string, 0, len(modelOptions))
		for k := range modelOptions {
			kinds = append(kinds, k)
		}
		sort.Strings(kinds)
		return m, p.errf(vals["kind"], "%s: unknown kind %q (valid: %s)", where, m.Kind, strings.Join(kinds, ", "))
	}
	trainKeys := yamlKeys(reflect.TypeOf(TrainOptions{}))
	train := &yaml.Node{Kind: yaml.MappingNode, Line: n.Line}
	m.Config = map[string]any{}
	var names []string
	for k := range vals {
		names = append(names, k)
	}
	sort.Slice(names, func(i, j int) bool { return keys[names[i]].Line < keys[names[j]].Line })
	for _, k := range names {
		v := vals[k]
		switch {
		case k == "label" || k == "kind":
		case k == "budget":
			b, err := p.budget(v, where+": budget")
			if err != nil {
				return m, err
			}
			m.Budget = &b
		case k == "prior":
			if err := p.decode(v, where+": prior", &m.Prior); err != nil {
				return m, err
			}
			if err := checkPriorName(m.Prior); err != nil {
				return m, p.errf(v, "%s: %v", where, err)
			}
		case k == "prior_options":
			if m.PriorOptions, err = p.jsonOf(v, where+": prior_options"); err != nil {
				return m, err
			}
		case k == "datasets":
			if err := p.decode(v, where+": datasets", &m.Datasets); err != nil {
				return m, err
			}
		case slices.Contains(trainKeys, k):
			train.Content = append(train.Content, keys[k], v)
		case k == "hidden" && (m.Kind == "gru" || m.Kind == "lstm" || m.Kind == "lru"):
			var h any
			if err := v.Decode(&h); err != nil {
				return m, p.errf(v, "%s: hidden: %v", where, err)
			}
			switch h := h.(type) {
			case int:
				if h < 1 {
					return m, p.errf(v, "%s: hidden must be ≥ 1, got %d", where, h)
				}
				m.Config[k] = h
			case string:
				if h != MatchParams {
					return m, p.errf(v, "%s: hidden %q: want a number or %q", where, h, MatchParams)
				}
				m.Config[k] = h
			default:
				return m, p.errf(v, "%s: hidden: want a number or %q", where, MatchParams)
			}
		case opts[k] != nil:
			ptr := reflect.New(opts[k])
			if err := p.decode(v, where+": "+k, ptr.Interface()); err != nil {
				return m, err
			}
			m.Config[k] = ptr.Elem().Interface()
		default:
			valid := append([]string{"label", "kind", "budget", "datasets"}, trainKeys...)
			if m.Kind == "warp-phys" {
				valid = append(valid, "prior", "prior_options")
			}
			for o := range opts {
				valid = append(valid, o)
			}
			sort.Strings(valid)
			return m, p.errf(keys[k], "%s: unknown key %q for kind %s (valid: %s)", where, k, m.Kind, strings.Join(valid, ", "))
		}
	}
	if (m.Prior != "" || m.PriorOptions != nil) && m.Kind != "warp-phys" {
		return m, p.errf(n, "%s: prior and prior_options are only for kind warp-phys", where)
	}
	if len(train.Content) > 0 {
		if m.Train, err = p.trainOverride(train, where, suiteTrain); err != nil {
			return m, err
		}
	}
	if _, err := json.Marshal(m.Config); err != nil {
		return m, p.errf(n, "%s: %v", where, err)
	}
	return m, nil
}

// trainOverride reads training options given in n over base and returns only the keys n gives,
// as JSON of TrainOptions' fields, so every other option keeps the value of the level above.
func (p *suiteParser) trainOverride(n *yaml.Node, where string, base TrainOptions) (json.RawMessage, error) {
	t := base
	if err := p.decode(n, where, &t); err != nil {
		return nil, err
	}
	if err := checkTrain(t); err != nil {
		return nil, p.errf(n, "%s: %v", where, err)
	}
	var set TrainOptions
	_ = n.Decode(&set)
	full, _ := json.Marshal(set)
	var all map[string]any
	_ = json.Unmarshal(full, &all)
	picked := map[string]any{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		jname := jsonNameOfYAML(n.Content[i].Value)
		picked[jname] = all[jname]
	}
	return json.Marshal(picked)
}

// jsonNameOfYAML maps a TrainOptions yaml key to its JSON name.
func jsonNameOfYAML(key string) string {
	t := reflect.TypeOf(TrainOptions{})
	for i := range t.NumField() {
		if y, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ","); y == key {
			j, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
			return j
		}
	}
	return key
}

// canonicalJSON is v's JSON with object keys sorted, for hashing.
func canonicalJSON(v any) string {
	b, _ := json.Marshal(v)
	var x any
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	if d.Decode(&x) != nil {
		return string(b)
	}
	out, _ := json.Marshal(x) // maps marshal with sorted keys
	return string(out)
}
