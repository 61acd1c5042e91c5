package experiment

import (
	"testing"

	"go.yaml.in/yaml/v3"
)

// TestNodeKind names what each kind of YAML value holds, as run and suite file errors print it.
func TestNodeKind(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{"{a: 1}", "a mapping"},
		{"[1, 2]", "a list"},
		{"x y", `a scalar "x y"`},
		{`"q\"t"`, `a scalar "q\"t"`},
		{"- &a 1\n- *a", "an alias *a"},
		{"", "nothing"},
	} {
		var doc yaml.Node
		if err := yaml.Unmarshal([]byte(c.src), &doc); err != nil {
			t.Fatalf("%q: %v", c.src, err)
		}
		n := &doc
		if len(doc.Content) > 0 {
			n = doc.Content[0]
			if n.Kind == yaml.SequenceNode && n.Content[len(n.Content)-1].Kind == yaml.AliasNode {
				n = n.Content[len(n.Content)-1]
			}
		}
		if got := NodeKind(n); got != c.want {
			t.Errorf("%q: NodeKind = %q, want %q", c.src, got, c.want)
		}
	}
}
