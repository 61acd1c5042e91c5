package h5

import (
	"bytes"
	"fmt"
)

// B-tree v1 node types.
const (
	btreeGroup = 0
	btreeChunk = 1
)

// maxBtreeDepth bounds recursion through a damaged tree.
const maxBtreeDepth = 32

// btreeEntry is a leaf-level child of a v1 B-tree with the key on its left.
type btreeEntry struct {
	key   []byte
	child uint64
}

// walkBtree collects the leaf-level entries of the v1 B-tree at addr. keySize is the
// size of one key (a heap offset for groups; size, filter mask and offsets for chunks).
func (r *reader) walkBtree(addr uint64, typ uint8, keySize int) ([]btreeEntry, error) {
	var out []btreeEntry
	seen := map[uint64]bool{}
	var walk func(addr uint64, depth, wantLevel int) error
	walk = func(addr uint64, depth, wantLevel int) error {
		if depth > maxBtreeDepth {
			return fmt.Errorf("B-tree deeper than %d", maxBtreeDepth)
		}
		if seen[addr] {
			return fmt.Errorf("B-tree node %d visited twice", addr)
		}
		seen[addr] = true
		head, err := r.read(addr, uint64(8+2*r.so))
		if err != nil {
			return fmt.Errorf("B-tree node: %w", err)
		}
		if !bytes.HasPrefix(head, []byte("TREE")) {
			return fmt.Errorf("B-tree node at %d lacks TREE signature", addr)
		}
		if head[4] != typ {
			return fmt.Errorf("B-tree node at %d has type %d, want %d", addr, head[4], typ)
		}
		level := int(head[5])
		if wantLevel >= 0 && level != wantLevel {
			return fmt.Errorf("B-tree node at %d has level %d, want %d", addr, level, wantLevel)
		}
		n := int(head[6]) | int(head[7])<<8
		body, err := r.read(addr+uint64(len(head)), uint64(n)*uint64(keySize+r.so)+uint64(keySize))
		if err != nil {
			return fmt.Errorf("B-tree node at %d with %d entries: %w", addr, n, err)
		}
		d := &dec{b: body}
		for i := 0; i < n; i++ {
			key := d.take(keySize)
			child := r.off(d)
			if d.err != nil {
				return d.err
			}
			if level == 0 {
				out = append(out, btreeEntry{key, child})
				continue
			}
			if err := walk(child, depth+1, level-1); err != nil {
				return err
			}
		}
		return nil
	}
	if err := walk(addr, 0, -1); err != nil {
		return nil, err
	}
	return out, nil
}

// btreeItem is one child of a B-tree node being written, with its left and right keys.
type btreeItem struct {
	left, right []byte
	addr        uint64
}

// buildBtree writes a v1 B-tree over items (already in key order) into m and returns
// the root address. Nodes hold up to 2K children and are written at full capacity, as
// the HDF5 library reads a whole node at once.
func buildBtree(m *meta, typ uint8, k int, keySize int, items []btreeItem, emptyKey []byte) uint64 {
	nodeSize := 24 + 2*k*8 + (2*k+1)*keySize
	level := 0
	if len(items) == 0 {
		items = nil
	}
	for {
		var parents []btreeItem
		for start := 0; start < len(items) || (start == 0 && len(items) == 0); start += 2 * k {
			end := min(start+2*k, len(items))
			group := items[start:end]
			e := &enc{}
			e.raw([]byte("TREE"))
			e.u8(typ)
			e.u8(uint8(level))
			e.u16(uint16(len(group)))
			e.u64(undef)
			e.u64(undef)
			left := emptyKey
			if len(group) > 0 {
				left = group[0].left
			}
			e.raw(left)
			for _, it := range group {
				e.u64(it.addr)
				e.raw(it.right)
			}
			e.zeros(nodeSize - len(e.b))
			addr := m.add(e.b)
			var right []byte = emptyKey
			if len(group) > 0 {
				right = group[len(group)-1].right
			}
			parents = append(parents, btreeItem{left: left, right: right, addr: addr})
			if len(items) == 0 {
				break
			}
		}
		if len(parents) == 1 {
			return parents[0].addr
		}
		items = parents
		level++
	}
}
