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
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/warpkit/warpkit/datasets"
	"github.com/warpkit/warpkit/experiment"
	"github.com/warpkit/warpkit/nn/rnn"
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
		return nil, nil, p.errf(n, "%s: want a mapping, got %s", what, experiment.NodeKind(n))
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

// suiteBase is what a suite changes in every model kind's shipped defaults before the suite
// file's own settings: no validation carved out of the training split, so a cell trains on
// the trajectories the suite names.
const suiteBase = "val_split: 0\n"

// budgetLayer is a cell's budget as the last layer of its configuration: exactly the budget,
// with no early stopping (patience belongs to the same group of keys).
func budgetLayer(b Budget) (*experiment.Layer, error) {
	return experiment.ParseLayer("budget", []byte(fmt.Sprintf("epochs: %d\nsteps: %d\ntime_budget: %s\npatience: 0\n", b.Epochs, b.Steps, b.Time)))
}

// notInLayers are run-configuration keys a suite sets itself: the budget (budget: {...}), the
// data (datasets:), the seed (seeds:) and the context (context:, per suite or dataset).
var notInLayers = map[string]string{
	"epochs":      "use budget: {epochs: N}",
	"steps":       "use budget: {steps: N}",
	"time_budget": "use budget: {time: 10m}",
	"patience":    "a suite's cells train for their whole budget",
	"data":        "datasets come from the suite's datasets list",
	"seed":        "seeds come from the suite's seeds list",
	"context":     "give context for the suite or a dataset",
}

// runLayer reads a mapping of run-configuration keys (experiment.RunConfig) from a suite file,
// leaving out the keys in skip, which the caller reads itself. "batch" is read as batch_size.
func (p *suiteParser) runLayer(n *yaml.Node, where string, skip ...string) (*experiment.Layer, error) {
	if n.Kind != yaml.MappingNode {
		return nil, p.errf(n, "%s: want a mapping, got %s", where, experiment.NodeKind(n))
	}
	m := &yaml.Node{Kind: yaml.MappingNode, Line: n.Line, Column: n.Column}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if slices.Contains(skip, k.Value) {
			continue
		}
		if why, ok := notInLayers[k.Value]; ok {
			return nil, p.errf(k, "%s: key %q is not set here: %s", where, k.Value, why)
		}
		if k.Value == "batch" {
			c := *k
			c.Value = "batch_size"
			k = &c
		}
		m.Content = append(m.Content, k, v)
	}
	l, err := experiment.LayerFromNode(p.file, m)
	if err != nil {
		return nil, fmt.Errorf("benchmarks: %s: %w", where, err)
	}
	return l, nil
}

// entryOpts is what a model entry, or a dataset's change to it, says besides run options.
type entryOpts struct {
	layer     *experiment.Layer
	budget    *Budget
	hidden    bool // gives hidden
	match     bool // hidden: match
	hiddenSet bool
}

// entry reads a model entry's own keys (budget, hidden: match) and its run options.
func (p *suiteParser) entry(n *yaml.Node, where string, skip ...string) (entryOpts, error) {
	var e entryOpts
	vals, _, err := p.pairs(n, where, nil)
	if err != nil {
		return e, err
	}
	drop := append([]string{"budget"}, skip...)
	if v := vals["budget"]; v != nil {
		b, err := p.budget(v, where+": budget")
		if err != nil {
			return e, err
		}
		e.budget = &b
	}
	if v := vals["hidden"]; v != nil {
		e.hiddenSet = true
		if v.Kind == yaml.ScalarNode && v.Value == MatchParams {
			e.match = true
			drop = append(drop, "hidden")
		}
	}
	e.layer, err = p.runLayer(n, where, drop...)
	return e, err
}

// ParseSuite reads a suite file's text; file names it in errors, and dir is the folder spec
// paths are relative to (empty forbids spec paths, as in the embedded presets). Unknown keys,
// wrong types and bad values are errors naming the file, the line and the key. Every model's
// configuration on every dataset is resolved here, so a bad value is found before anything
// trains.
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
	base, err := experiment.ParseLayer("suite defaults", []byte(suiteBase))
	if err != nil {
		return nil, err
	}
	var train *experiment.Layer
	if top["train"] != nil {
		if train, err = p.runLayer(top["train"], "train", "kind"); err != nil {
			return nil, err
		}
		if vals, _, _ := p.pairs(top["train"], "train", nil); vals["kind"] != nil {
			return nil, p.errf(vals["kind"], "train: kind belongs in a model entry")
		}
	}
	if top["param_tolerance"] != nil {
		if err := p.decode(top["param_tolerance"], "param_tolerance", &s.ParamTolerance); err != nil {
			return nil, err
		}
	}
	if top["datasets"].Kind != yaml.SequenceNode || len(top["datasets"].Content) == 0 {
		return nil, p.errf(keys["datasets"], "datasets: want a list of at least one dataset")
	}
	type dsExtra struct {
		layerNode *yaml.Node // training options and, for warp-phys, the prior
		prior     *yaml.Node // prior and prior_options, as a mapping
		overrides map[string]entryOpts
	}
	extras := make([]dsExtra, len(top["datasets"].Content))
	for i, n := range top["datasets"].Content {
		d, err := p.dataset(n, context)
		if err != nil {
			return nil, err
		}
		if slices.ContainsFunc(s.Datasets, func(o DatasetConfig) bool { return o.Name == d.Name }) {
			return nil, p.errf(n, "datasets: name %q given twice", d.Name)
		}
		s.Datasets = append(s.Datasets, d)
		vals, _, _ := p.pairs(n, "datasets", nil)
		ex := dsExtra{prior: &yaml.Node{Kind: yaml.MappingNode, Line: n.Line}}
		for j := 0; j+1 < len(n.Content); j += 2 {
			if k := n.Content[j].Value; k == "prior" || k == "prior_options" {
				ex.prior.Content = append(ex.prior.Content, n.Content[j], n.Content[j+1])
			}
		}
		if v := vals["training"]; v != nil {
			if v.Kind != yaml.MappingNode {
				return nil, p.errf(v, "datasets: %s: training: want a mapping of training options", d.Name)
			}
			ex.layerNode = v
		}
		extras[i] = ex
	}
	if top["models"].Kind != yaml.SequenceNode || len(top["models"].Content) == 0 {
		return nil, p.errf(keys["models"], "models: want a list of at least one model")
	}
	entries := make([]entryOpts, len(top["models"].Content))
	for i, n := range top["models"].Content {
		vals, _, err := p.pairs(n, "models", nil)
		if err != nil {
			return nil, err
		}
		var m ModelConfig
		for _, k := range []string{"label", "kind"} {
			if vals[k] == nil {
				return nil, p.errf(n, "models: missing key %q", k)
			}
		}
		if err := p.decode(vals["label"], "models: label", &m.Name); err != nil {
			return nil, err
		}
		if m.Name == "" || strings.ContainsAny(m.Name, "/\\ ") || strings.Contains(m.Name, "__") || m.Name == Persistence {
			return nil, p.errf(vals["label"], "models: label %q: want a non-empty name without spaces, slashes or __, other than %q", m.Name, Persistence)
		}
		if slices.Contains(s.Labels(), m.Name) {
			return nil, p.errf(n, "models: label %q given twice", m.Name)
		}
		if err := p.decode(vals["kind"], "models: "+m.Name+": kind", &m.Kind); err != nil {
			return nil, err
		}
		where := "models: " + m.Name
		if v := vals["datasets"]; v != nil {
			if err := p.decode(v, where+": datasets", &m.Datasets); err != nil {
				return nil, err
			}
			for _, want := range m.Datasets {
				if !slices.ContainsFunc(s.Datasets, func(d DatasetConfig) bool { return d.Name == want || d.Sweep == want }) {
					return nil, p.errf(v, "%s: datasets: unknown dataset %q", where, want)
				}
			}
		}
		if entries[i], err = p.entry(n, where, "label", "datasets"); err != nil {
			return nil, err
		}
		if entries[i].match && !slices.Contains(rnn.Kinds, m.Kind) {
			return nil, p.errf(vals["hidden"], "%s: hidden %q is for the baselines (%s)", where, MatchParams, strings.Join(rnn.Kinds, ", "))
		}
		s.Models = append(s.Models, m)
		if m.Kind == "warp" && s.MatchTarget == "" {
			s.MatchTarget = m.Name
		}
	}
	// A dataset's models: {LABEL: {...}} changes that model's entry on this dataset only.
	for i, dn := range top["datasets"].Content {
		vals, _, _ := p.pairs(dn, "datasets", nil)
		ov := vals["models"]
		if ov == nil {
			continue
		}
		where := "datasets: " + s.Datasets[i].Name + ": models"
		if ov.Kind != yaml.MappingNode {
			return nil, p.errf(ov, "%s: want a mapping from model label to options", where)
		}
		extras[i].overrides = map[string]entryOpts{}
		for j := 0; j+1 < len(ov.Content); j += 2 {
			label, opts := ov.Content[j], ov.Content[j+1]
			if !slices.Contains(s.Labels(), label.Value) {
				return nil, p.errf(label, "%s: unknown model label %q (valid: %s)", where, label.Value, strings.Join(s.Labels(), ", "))
			}
			ovals, okeys, err := p.pairs(opts, where+": "+label.Value, nil)
			if err != nil {
				return nil, err
			}
			for _, k := range []string{"label", "kind", "datasets"} {
				if ovals[k] != nil {
					return nil, p.errf(okeys[k], "%s: %s: %q cannot change per dataset", where, label.Value, k)
				}
			}
			if extras[i].overrides[label.Value], err = p.entry(opts, where+": "+label.Value); err != nil {
				return nil, err
			}
		}
	}
	for i := range s.Datasets {
		d := &s.Datasets[i]
		d.Runs = map[string]*CellConfig{}
		for j, m := range s.Models {
			layers := []*experiment.Layer{base, train}
			dsNode := &yaml.Node{Kind: yaml.MappingNode}
			if n := extras[i].layerNode; n != nil {
				dsNode.Content = append(dsNode.Content, n.Content...)
			}
			if m.Kind == "warp-phys" {
				dsNode.Content = append(dsNode.Content, extras[i].prior.Content...)
			}
			dl, err := p.runLayer(dsNode, "datasets: "+d.Name)
			if err != nil {
				return nil, err
			}
			layers = append(layers, dl, entries[j].layer)
			e := entries[j]
			budget := s.Budget
			if e.budget != nil {
				budget = *e.budget
			}
			if d.Budget != nil {
				budget = *d.Budget
			}
			if o, ok := extras[i].overrides[m.Name]; ok {
				layers = append(layers, o.layer)
				if o.budget != nil {
					budget = *o.budget
				}
				if o.hiddenSet {
					e.match = o.match
				}
			}
			bl, err := budgetLayer(budget)
			if err != nil {
				return nil, err
			}
			cfg, err := experiment.Resolve(append(layers, bl)...)
			if err != nil {
				return nil, fmt.Errorf("benchmarks: model %s on dataset %s: %w", m.Name, d.Name, err)
			}
			if cfg.Kind != m.Kind {
				return nil, fmt.Errorf("benchmarks: %s: model %s: kind %q", file, m.Name, cfg.Kind)
			}
			if m.Kind == "warp-phys" && cfg.Prior == "" {
				continue // no known physics for this dataset
			}
			if e.match && s.MatchTarget == "" {
				return nil, fmt.Errorf("benchmarks: %s: model %s: hidden %q needs a model of kind warp in the suite to match", file, m.Name, MatchParams)
			}
			cfg.Context = d.Context
			d.Runs[m.Name] = &CellConfig{Run: cfg, Budget: budget, MatchHidden: e.match}
		}
	}
	return s, nil
}

// datasetEntry is a dataset as written, less the keys dataset reads itself.
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

// datasetOwnKeys are the keys of a dataset entry that are not datasetEntry's.
var datasetOwnKeys = []string{"prior_options", "budget", "training", "models"}

func (p *suiteParser) dataset(n *yaml.Node, context int) (DatasetConfig, error) {
	vals, _, err := p.pairs(n, "datasets", append(yamlKeys(reflect.TypeOf(datasetEntry{})), datasetOwnKeys...))
	if err != nil {
		return DatasetConfig{}, err
	}
	plain := &yaml.Node{Kind: yaml.MappingNode, Line: n.Line}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if !slices.Contains(datasetOwnKeys, n.Content[i].Value) {
			plain.Content = append(plain.Content, n.Content[i], n.Content[i+1])
		}
	}
	var e datasetEntry
	if err := p.decode(plain, "datasets", &e); err != nil {
		return DatasetConfig{}, err
	}
	if e.Name == "" || strings.ContainsAny(e.Name, "/\\ ") || strings.Contains(e.Name, "__") {
		return DatasetConfig{}, p.errf(n, "datasets: name %q: want a non-empty name without spaces, slashes or __", e.Name)
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
		text, err := os.ReadFile(d.Spec)
		if err != nil {
			return d, p.errf(vals["spec"], "%s: %v", where, err)
		}
		d.SpecText = string(text)
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
	if sys, err := spec.Resolve(); err == nil {
		d.States = sys.Dim()
	}
	if d.Context < 1 || d.Context >= spec.Points {
		return d, p.errf(n, "%s: context %d must be in [1, %d), the dataset's time points (set context for the suite or the dataset)", where, d.Context, spec.Points)
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
	return d, nil
}

func checkPriorName(name string) error {
	if name == "" || slices.Contains([]string{"msd", "lv", "sine"}, name) || (strings.HasPrefix(name, "system:") && len(name) > len("system:")) {
		return nil
	}
	return fmt.Errorf("prior %q: want msd, lv, sine or system:NAME", name)
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
