package equations

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/warpkit/warpkit/ode"
)

// The YAML form of a Definition:
//
//	name: my-duffing
//	doc: optional one line
//	states: [x, v]
//	params:
//	  delta: {default: 0.3, min: 0.1, max: 0.5, domain: non-negative, doc: damping}
//	  alpha: -1            # a bare number is the default (and the whole range)
//	equations:
//	  x: v
//	  v: -delta*v - alpha*x - beta*x^3
//	y0: {x: 1, v: 0}       # optional default initial state (else zeros)
//
// Parameters keep the order they are written in.

// yamlError names the line of a node.
func yamlError(n *yaml.Node, format string, args ...any) error {
	return fmt.Errorf("line %d: system: %s", n.Line, fmt.Sprintf(format, args...))
}

// UnmarshalYAML reads a definition and compiles it, so that an error in an equation names its
// line, state and column. Unknown keys are errors.
func (d *Definition) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.MappingNode {
		return yamlError(n, "want a mapping with name, states, params and equations, or a library system's name")
	}
	*d = Definition{}
	lines := map[string]int{}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if seen[k.Value] {
			return yamlError(k, "%s given twice", k.Value)
		}
		seen[k.Value] = true
		var err error
		switch k.Value {
		case "name":
			d.Name, err = scalar(v, "name")
		case "doc":
			d.Doc, err = scalar(v, "doc")
		case "states":
			d.States, err = stringList(v, "states")
		case "params":
			d.Params, err = params(v)
		case "equations":
			d.Equations = map[string]string{}
			err = eachPair(v, "equations", func(k, v *yaml.Node) error {
				s, err := scalar(v, "equations."+k.Value)
				d.Equations[k.Value], lines[k.Value] = s, v.Line
				return err
			})
		case "y0":
			d.Y0 = map[string]float64{}
			err = eachPair(v, "y0", func(k, v *yaml.Node) error {
				x, err := number(v, "y0."+k.Value)
				d.Y0[k.Value] = x
				return err
			})
		default:
			return yamlError(k, "unknown key %q (valid: name, doc, states, params, equations, y0)", k.Value)
		}
		if err != nil {
			return err
		}
	}
	if _, err := d.system(lines); err != nil {
		if _, ok := err.(*EquationError); ok {
			return err
		}
		return fmt.Errorf("line %d: %w", n.Line, err)
	}
	return nil
}

func scalar(n *yaml.Node, key string) (string, error) {
	if n.Kind != yaml.ScalarNode {
		return "", yamlError(n, "%s: want a single value", key)
	}
	return n.Value, nil
}

func number(n *yaml.Node, key string) (float64, error) {
	var v float64
	if n.Kind != yaml.ScalarNode || n.Decode(&v) != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, yamlError(n, "%s: want a finite number, got %q", key, n.Value)
	}
	return v, nil
}

func stringList(n *yaml.Node, key string) ([]string, error) {
	if n.Kind != yaml.SequenceNode {
		return nil, yamlError(n, "%s: want a list such as [x, v]", key)
	}
	out := make([]string, len(n.Content))
	for i, c := range n.Content {
		s, err := scalar(c, key)
		if err != nil {
			return nil, err
		}
		out[i] = s
	}
	return out, nil
}

// eachPair calls f for each key and value of a mapping, refusing repeated keys.
func eachPair(n *yaml.Node, key string, f func(k, v *yaml.Node) error) error {
	if n.Kind != yaml.MappingNode {
		return yamlError(n, "%s: want a mapping", key)
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if seen[k.Value] {
			return yamlError(k, "%s.%s given twice", key, k.Value)
		}
		seen[k.Value] = true
		if err := f(k, n.Content[i+1]); err != nil {
			return err
		}
	}
	return nil
}

// params reads the parameters in the order written.
func params(n *yaml.Node) ([]Param, error) {
	var out []Param
	err := eachPair(n, "params", func(k, v *yaml.Node) error {
		key := "params." + k.Value
		q := Param{Name: k.Value}
		if v.Kind == yaml.ScalarNode {
			x, err := number(v, key)
			q.Default, q.Min, q.Max = x, x, x
			out = append(out, q)
			return err
		}
		var hasMin, hasMax, hasDefault bool
		err := eachPair(v, key, func(f, v *yaml.Node) error {
			var err error
			switch f.Value {
			case "default":
				q.Default, err = number(v, key+".default")
				hasDefault = true
			case "min":
				q.Min, err = number(v, key+".min")
				hasMin = true
			case "max":
				q.Max, err = number(v, key+".max")
				hasMax = true
			case "doc":
				q.Doc, err = scalar(v, key+".doc")
			case "domain":
				var s string
				if s, err = scalar(v, key+".domain"); err == nil {
					q.Domain, err = parseDomain(s)
					if err != nil {
						err = yamlError(v, "%s.domain: %v", key, err)
					}
				}
			default:
				return yamlError(f, "%s: unknown key %q (valid: default, min, max, domain, doc)", key, f.Value)
			}
			return err
		})
		if err != nil {
			return err
		}
		if !hasDefault {
			return yamlError(v, "%s: default: missing", key)
		}
		if !hasMin {
			q.Min = q.Default
		}
		if !hasMax {
			q.Max = q.Default
		}
		out = append(out, q)
		return nil
	})
	return out, err
}

// parseDomain reads the names ode.Domain.String writes.
func parseDomain(s string) (ode.Domain, error) {
	for _, d := range []ode.Domain{ode.Real, ode.Positive, ode.NonNegative} {
		if s == d.String() {
			return d, nil
		}
	}
	return 0, fmt.Errorf("unknown domain %q (valid: real, positive, non-negative)", s)
}

// MarshalYAML writes the form UnmarshalYAML reads, parameters in order and equations in the
// order of the states, so the text of a definition is canonical.
func (d *Definition) MarshalYAML() (any, error) {
	str := func(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s} }
	num := func(v float64) *yaml.Node {
		return &yaml.Node{Kind: yaml.ScalarNode, Value: strconv.FormatFloat(v, 'g', -1, 64)}
	}
	mapping := func(flow bool) *yaml.Node {
		m := &yaml.Node{Kind: yaml.MappingNode}
		if flow {
			m.Style = yaml.FlowStyle
		}
		return m
	}
	add := func(m *yaml.Node, k string, v *yaml.Node) { m.Content = append(m.Content, str(k), v) }
	root := mapping(false)
	add(root, "name", str(d.Name))
	if d.Doc != "" {
		add(root, "doc", str(d.Doc))
	}
	states := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
	for _, s := range d.States {
		states.Content = append(states.Content, str(s))
	}
	add(root, "states", states)
	if len(d.Params) > 0 {
		ps := mapping(false)
		for _, q := range d.Params {
			m := mapping(true)
			add(m, "default", num(q.Default))
			add(m, "min", num(q.Min))
			add(m, "max", num(q.Max))
			if q.Domain != ode.Real {
				add(m, "domain", str(q.Domain.String()))
			}
			if q.Doc != "" {
				add(m, "doc", str(q.Doc))
			}
			add(ps, q.Name, m)
		}
		add(root, "params", ps)
	}
	eqs := mapping(false)
	for _, s := range d.States {
		add(eqs, s, str(strings.TrimSpace(d.Equations[s])))
	}
	add(root, "equations", eqs)
	if len(d.Y0) > 0 {
		y0 := mapping(true)
		for _, s := range d.States {
			if v, ok := d.Y0[s]; ok {
				add(y0, s, num(v))
			}
		}
		add(root, "y0", y0)
	}
	return root, nil
}
