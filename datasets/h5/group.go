package h5

import (
	"fmt"
	"sort"
	"strings"
)

// Group is an HDF5 group: the root "/" or a named group inside another. Groups and
// datasets of one File must not be used from several goroutines at once.
type Group struct {
	f    *File
	path string

	// reading
	addr   uint64
	links  []link // sorted by name once loaded
	loaded bool

	// writing
	node *wnode
}

// Name is the group's full path, "/" for the root, as h5py's Group.name.
func (g *Group) Name() string { return g.path }

// Addr is the file address of the group's object header. Two paths that name the same
// group (hard links, which may form cycles) share it, so a recursive walk can visit
// each group once. It is 0 for groups of a file being written.
func (g *Group) Addr() uint64 { return g.addr }

// errorf wraps err with the file and this group's path.
func (g *Group) errorf(obj string, err error) error {
	return fmt.Errorf("h5: %s: %s: %w", g.f.name, obj, err)
}

func joinPath(dir, name string) string {
	if dir == "/" {
		return "/" + name
	}
	return dir + "/" + name
}

// load reads the group's header and member list.
func (g *Group) load() ([]link, error) {
	if g.loaded || g.node != nil {
		return g.links, nil
	}
	r := g.f.r
	h, err := r.header(g.addr)
	if err != nil {
		return nil, g.errorf(g.path, err)
	}
	var links []link
	switch st := h.find(msgSymbolTable); {
	case st != nil:
		links, err = r.readSymbolTable(st.data)
		if err != nil {
			return nil, g.errorf(g.path, err)
		}
	default:
		var bodies [][]byte
		if li := h.find(msgLinkInfo); li != nil {
			heap, btree, err := r.denseStorage(li.data, 8)
			if err != nil {
				return nil, g.errorf(g.path, err)
			}
			if heap != undef {
				if bodies, err = r.denseMessages(heap, btree); err != nil {
					return nil, g.errorf(g.path, fmt.Errorf("dense link storage: %w", err))
				}
			}
		} else if h.find(msgLink) == nil {
			return nil, g.errorf(g.path, fmt.Errorf("object is not a group"))
		}
		for _, m := range h.msgs {
			if m.typ == msgLink {
				bodies = append(bodies, m.data)
			}
		}
		for _, body := range bodies {
			l, ok, err := r.parseLink(body)
			if err != nil {
				return nil, g.errorf(g.path, err)
			}
			if ok {
				links = append(links, l)
			}
		}
	}
	sort.Slice(links, func(i, j int) bool { return links[i].name < links[j].name })
	g.links, g.loaded = links, true
	return links, nil
}

// kind classifies the object at addr: "group", "dataset" or "" for anything else
// (named datatypes, unreadable headers).
func (g *Group) kind(addr uint64) string {
	h, err := g.f.r.header(addr)
	if err != nil {
		return ""
	}
	switch {
	case h.find(msgSymbolTable) != nil || h.find(msgLinkInfo) != nil || h.find(msgLink) != nil:
		return "group"
	case h.find(msgLayout) != nil:
		return "dataset"
	}
	return ""
}

// members lists the names of members of one kind, sorted.
func (g *Group) members(kind string) []string {
	var names []string
	if g.node != nil {
		for _, c := range g.node.children {
			if c.isGroup == (kind == "group") {
				names = append(names, c.name)
			}
		}
		sort.Strings(names)
		return names
	}
	links, err := g.load()
	if err != nil {
		return nil
	}
	for _, l := range links {
		if g.kind(l.addr) == kind {
			names = append(names, l.name)
		}
	}
	return names
}

// Groups lists the names of the groups directly inside g, sorted. Members whose
// headers cannot be read are left out; Group and Dataset report their errors.
func (g *Group) Groups() []string { return g.members("group") }

// Datasets lists the names of the datasets directly inside g, sorted.
func (g *Group) Datasets() []string { return g.members("dataset") }

// resolve walks a relative path ("a/b"), or an absolute one from the root, and returns
// the parent group and the last name.
func (g *Group) resolve(path string) (*Group, string, error) {
	cur := g
	if strings.HasPrefix(path, "/") {
		cur = g.f.root
	}
	parts := strings.FieldsFunc(path, func(r rune) bool { return r == '/' })
	if len(parts) == 0 {
		return nil, "", g.errorf(joinPath(g.path, path), fmt.Errorf("empty object name"))
	}
	for _, p := range parts[:len(parts)-1] {
		next, err := cur.child(p)
		if err != nil {
			return nil, "", err
		}
		cur = next
	}
	return cur, parts[len(parts)-1], nil
}

// child returns the group called name directly inside g.
func (g *Group) child(name string) (*Group, error) {
	p := joinPath(g.path, name)
	if g.node != nil {
		c := g.node.index[name]
		if c == nil || !c.isGroup {
			return nil, g.errorf(p, fmt.Errorf("no such group"))
		}
		return &Group{f: g.f, path: p, node: c}, nil
	}
	addr, err := g.lookup(name)
	if err != nil {
		return nil, err
	}
	if g.kind(addr) != "group" {
		return nil, g.errorf(p, fmt.Errorf("not a group"))
	}
	c := &Group{f: g.f, path: p, addr: addr}
	if _, err := c.load(); err != nil {
		return nil, err
	}
	return c, nil
}

func (g *Group) lookup(name string) (uint64, error) {
	links, err := g.load()
	if err != nil {
		return 0, err
	}
	i := sort.Search(len(links), func(i int) bool { return links[i].name >= name })
	if i == len(links) || links[i].name != name {
		return 0, g.errorf(joinPath(g.path, name), fmt.Errorf("no such object"))
	}
	return links[i].addr, nil
}

// Group opens the group at path, relative to g ("train", "a/b") or absolute ("/a/b").
func (g *Group) Group(path string) (*Group, error) {
	if strings.Trim(path, "/") == "" && strings.HasPrefix(path, "/") {
		return g.f.root, nil
	}
	parent, name, err := g.resolve(path)
	if err != nil {
		return nil, err
	}
	return parent.child(name)
}

// Attrs returns all attributes of the group by name. Values come back as float64
// (any float size), int64 (signed integers and enums such as h5py's bool), uint64,
// string (fixed or variable length), or a slice of one of these for non-scalar
// attributes, flattened in row-major order.
func (g *Group) Attrs() (map[string]any, error) {
	if g.node != nil {
		return g.node.attrMap(), nil
	}
	return g.f.r.attrs(g.addr, g.f.name, g.path)
}

// Attr returns one attribute of the group, or an error naming it when absent.
func (g *Group) Attr(name string) (any, error) {
	all, err := g.Attrs()
	return pickAttr(all, err, name, func(err error) error { return g.errorf(g.path, err) })
}

// attrs decodes every attribute message of the object at addr.
func (r *reader) attrs(addr uint64, file, path string) (map[string]any, error) {
	h, err := r.header(addr)
	if err != nil {
		return nil, fmt.Errorf("h5: %s: %s: %w", file, path, err)
	}
	var bodies [][]byte
	if ai := h.find(msgAttrInfo); ai != nil {
		heap, btree, err := r.denseStorage(ai.data, 2)
		if err != nil {
			return nil, fmt.Errorf("h5: %s: %s: %w", file, path, err)
		}
		if heap != undef {
			if bodies, err = r.denseMessages(heap, btree); err != nil {
				return nil, fmt.Errorf("h5: %s: %s: dense attribute storage: %w", file, path, err)
			}
		}
	}
	for _, m := range h.msgs {
		if m.typ == msgAttribute {
			bodies = append(bodies, m.data)
		}
	}
	out := map[string]any{}
	for _, body := range bodies {
		name, v, err := r.parseAttribute(body)
		if err != nil {
			return nil, fmt.Errorf("h5: %s: %s: %w", file, path, err)
		}
		out[name] = v
	}
	return out, nil
}
