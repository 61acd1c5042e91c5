package h5

import (
	"bytes"
	"fmt"
	"math/bits"
)

// walkBtree2 returns every record of the version-2 B-tree ("BTHD") at addr, the index
// of dense link and attribute storage.
func (r *reader) walkBtree2(addr uint64) (typ uint8, recs [][]byte, err error) {
	head, err := r.read(addr, uint64(16+r.so+2+r.sl))
	if err != nil {
		return 0, nil, fmt.Errorf("v2 B-tree header: %w", err)
	}
	if !bytes.HasPrefix(head, []byte("BTHD")) {
		return 0, nil, fmt.Errorf("v2 B-tree header lacks BTHD signature")
	}
	typ = head[5]
	d := &dec{b: head, off: 6}
	nodeSize := uint64(d.u32())
	recSize := int(d.u16())
	depth := int(d.u16())
	d.skip(2) // split and merge percentages
	root := r.off(d)
	rootRecs := int(d.u16())
	if recSize == 0 || nodeSize < 16 || nodeSize > 1<<24 || depth > maxBtreeDepth {
		return 0, nil, fmt.Errorf("v2 B-tree node size %d, record size %d or depth %d out of range", nodeSize, recSize, depth)
	}
	// Per-level limits, as the library derives them: how many records a node holds and
	// how many bytes encode a child's record count and its subtree's total.
	type level struct{ maxRec, cum uint64 }
	levels := make([]level, depth+1)
	encSize := func(n uint64) int { return bits.Len64(n)/8 + 1 }
	levels[0].maxRec = (nodeSize - 10) / uint64(recSize)
	levels[0].cum = levels[0].maxRec
	for u := 1; u <= depth; u++ {
		ptr := uint64(r.so + encSize(levels[u-1].maxRec))
		if u > 1 {
			ptr += uint64(encSize(levels[u-1].cum))
		}
		if nodeSize < 10+ptr {
			return 0, nil, fmt.Errorf("v2 B-tree node size %d too small", nodeSize)
		}
		levels[u].maxRec = (nodeSize - 10 - ptr) / (uint64(recSize) + ptr)
		levels[u].cum = (levels[u].maxRec+1)*levels[u-1].cum + levels[u].maxRec
	}
	seen := map[uint64]bool{}
	var walk func(addr uint64, n, depth int) error
	walk = func(addr uint64, n, depth int) error {
		if seen[addr] {
			return fmt.Errorf("v2 B-tree node %d visited twice", addr)
		}
		seen[addr] = true
		node, err := r.read(addr, nodeSize)
		if err != nil {
			return fmt.Errorf("v2 B-tree node: %w", err)
		}
		sig := "BTLF"
		if depth > 0 {
			sig = "BTIN"
		}
		if !bytes.HasPrefix(node, []byte(sig)) {
			return fmt.Errorf("v2 B-tree node at %d lacks %s signature", addr, sig)
		}
		if uint64(n) > levels[depth].maxRec {
			return fmt.Errorf("v2 B-tree node at %d claims %d records", addr, n)
		}
		nd := &dec{b: node, off: 6}
		for i := 0; i < n; i++ {
			recs = append(recs, nd.take(recSize))
		}
		if depth == 0 {
			return nd.err
		}
		for i := 0; i <= n; i++ {
			child := r.off(nd)
			cn := int(nd.uN(encSize(levels[depth-1].maxRec)))
			if depth > 1 {
				nd.skip(encSize(levels[depth-1].cum))
			}
			if nd.err != nil {
				return nd.err
			}
			if err := walk(child, cn, depth-1); err != nil {
				return err
			}
		}
		return nil
	}
	if root == undef || rootRecs == 0 {
		return typ, nil, nil
	}
	if err := walk(root, rootRecs, depth); err != nil {
		return 0, nil, err
	}
	return typ, recs, nil
}
