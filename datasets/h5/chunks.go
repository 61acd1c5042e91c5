package h5

import (
	"fmt"
)

// chunkRef locates one stored chunk.
type chunkRef struct {
	offset []uint64 // element coordinates of the chunk's first element
	addr   uint64
	size   uint64 // bytes stored (after filters)
	mask   uint32 // filters skipped for this chunk
}

// chunked assembles a chunked dataset's total bytes from its chunks; chunks never
// written read as zeros (the default fill value).
func (ds *Dataset) chunked(total uint64) ([]byte, error) {
	rank := len(ds.space.dims)
	if rank == 0 {
		return nil, fmt.Errorf("chunked layout on a scalar dataspace")
	}
	esize := uint64(ds.t.size)
	chunkBytes := esize
	for _, c := range ds.lay.chunk {
		if chunkBytes > (uint64(ds.f.r.size)*maxInflation+1<<20)/c {
			return nil, fmt.Errorf("chunk %v too large for this file", ds.lay.chunk)
		}
		chunkBytes *= c
	}
	refs, err := ds.chunkRefs(chunkBytes)
	if err != nil {
		return nil, err
	}
	out := make([]byte, total)
	if total == 0 {
		return out, nil
	}
	if len(refs) < ds.chunkCount() {
		fillBytes(out, ds.fill) // some chunks were never written
	}
	r := ds.f.r
	seen := make(map[string]bool, len(refs))
	for _, c := range refs {
		for i, o := range c.offset {
			if o >= ds.space.dims[i] || o%ds.lay.chunk[i] != 0 {
				return nil, fmt.Errorf("chunk at %v does not align with chunks %v inside %v", c.offset, ds.lay.chunk, ds.space.dims)
			}
		}
		key := fmt.Sprint(c.offset)
		if seen[key] {
			return nil, fmt.Errorf("chunk at %v is indexed twice", c.offset)
		}
		seen[key] = true
	}
	// Chunks decode in parallel, each into its own region of out.
	err = forEach(len(refs), func(i int) error {
		c := refs[i]
		stored, err := r.read(c.addr, c.size)
		if err != nil {
			return fmt.Errorf("chunk at %v: %w", c.offset, err)
		}
		data, err := unfilter(ds.filters, c.mask, stored, int(chunkBytes), int(esize))
		if err != nil {
			return fmt.Errorf("chunk at %v: %w", c.offset, err)
		}
		if uint64(len(data)) != chunkBytes {
			return fmt.Errorf("chunk at %v decodes to %d bytes, want %d", c.offset, len(data), chunkBytes)
		}
		copyChunk(out, data, ds.space.dims, ds.lay.chunk, c.offset, esize)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// chunkCount is the number of chunks that cover the dataset.
func (ds *Dataset) chunkCount() int {
	n := 1
	for i, d := range ds.space.dims {
		n *= int((d + ds.lay.chunk[i] - 1) / ds.lay.chunk[i])
	}
	return n
}

// copyChunk copies the part of a chunk that lies inside the dataset into out.
func copyChunk(out, chunk []byte, dims, cdims, off []uint64, esize uint64) {
	chunkRuns(dims, cdims, off, esize, func(c, d, n uint64) { copy(out[d:d+n], chunk[c:c+n]) })
}

// gatherChunk is copyChunk in reverse: the dataset region of one chunk into its buffer.
func gatherChunk(chunk, raw []byte, dims, cdims, off []uint64, esize uint64) {
	chunkRuns(dims, cdims, off, esize, func(c, d, n uint64) { copy(chunk[c:c+n], raw[d:d+n]) })
}

// chunkRuns calls move for each contiguous run of the last dimension in the part of the chunk
// at off that lies inside the dataset (an edge chunk is cut by the dataset's end), with the
// run's byte offsets in the chunk and in the dataset and its length in bytes.
func chunkRuns(dims, cdims, off []uint64, esize uint64, move func(inChunk, inData, n uint64)) {
	rank := len(dims)
	ext := make([]uint64, rank) // extent of the chunk inside the dataset
	for i := range dims {
		ext[i] = min(cdims[i], dims[i]-off[i])
	}
	run := ext[rank-1] * esize
	idx := make([]uint64, rank-1)
	for {
		var c, d uint64
		for i := 0; i < rank; i++ {
			var k uint64
			if i < rank-1 {
				k = idx[i]
			}
			c = c*cdims[i] + k
			d = d*dims[i] + off[i] + k
		}
		move(c*esize, d*esize, run)
		i := rank - 2
		for ; i >= 0; i-- {
			idx[i]++
			if idx[i] < ext[i] {
				break
			}
			idx[i] = 0
		}
		if i < 0 {
			return
		}
	}
}

// chunkRefs lists the stored chunks through whichever index the layout names.
func (ds *Dataset) chunkRefs(chunkBytes uint64) ([]chunkRef, error) {
	r := ds.f.r
	rank := len(ds.space.dims)
	if ds.lay.addr == undef {
		return nil, nil // nothing written yet
	}
	switch ds.lay.index {
	case indexBtreeV1:
		keySize := 8 + 8*(rank+1)
		entries, err := r.walkBtree(ds.lay.addr, btreeChunk, keySize)
		if err != nil {
			return nil, fmt.Errorf("chunk B-tree: %w", err)
		}
		refs := make([]chunkRef, len(entries))
		for i, e := range entries {
			d := &dec{b: e.key}
			refs[i].size = uint64(d.u32())
			refs[i].mask = d.u32()
			refs[i].offset = make([]uint64, rank)
			for j := range refs[i].offset {
				refs[i].offset[j] = d.u64()
			}
			refs[i].addr = e.child
		}
		return refs, nil
	case indexSingle:
		size := chunkBytes
		if len(ds.filters) > 0 {
			size = ds.lay.singleSize
		}
		return []chunkRef{{offset: make([]uint64, rank), addr: ds.lay.addr, size: size, mask: ds.lay.singleMask}}, nil
	case indexImplicit:
		n, err := ds.gridCount(uint64(r.size) / chunkBytes)
		if err != nil {
			return nil, err
		}
		return ds.gridRefs(n, func(i uint64) (chunkRef, bool) {
			return chunkRef{addr: ds.lay.addr + i*chunkBytes, size: chunkBytes}, true
		})
	case indexFixedArray:
		return ds.fixedArrayRefs(chunkBytes)
	case indexExtArray:
		return ds.extArrayRefs(chunkBytes)
	case indexBtreeV2:
		return ds.btree2Refs(chunkBytes)
	}
	return nil, fmt.Errorf("chunk index type %d not supported", ds.lay.index)
}

// gridRefs enumerates the first n entries of an index that lists chunks by their
// linear position in the chunk grid over the maximum dimensions, asking at for the
// location of each. An unlimited dimension varies slowest, as the library orders it
// for extensible arrays; entries outside the current extent are skipped.
func (ds *Dataset) gridRefs(n uint64, at func(i uint64) (chunkRef, bool)) ([]chunkRef, error) {
	if n > uint64(ds.f.r.size) {
		return nil, fmt.Errorf("chunk index of %d entries larger than the file", n)
	}
	rank := len(ds.space.dims)
	grid := ds.maxGrid()
	order := make([]int, 0, rank)
	for j := range rank {
		if ds.space.maxDims[j] == undef {
			order = append(order, j)
		}
	}
	for j := range rank {
		if ds.space.maxDims[j] != undef {
			order = append(order, j)
		}
	}
	var refs []chunkRef
	for i := uint64(0); i < n; i++ {
		c, ok := at(i)
		if !ok {
			continue
		}
		c.offset = make([]uint64, rank)
		rem := i
		inside := true
		for k := rank - 1; k >= 0; k-- {
			j := order[k]
			cell := rem
			if k > 0 {
				cell, rem = rem%grid[j], rem/grid[j]
			}
			c.offset[j] = cell * ds.lay.chunk[j]
			inside = inside && c.offset[j] < ds.space.dims[j] && cell < uint64(ds.f.r.size)
		}
		if inside {
			refs = append(refs, c)
		}
	}
	return refs, nil
}

// maxGrid is the number of chunks along each maximum dimension (current dimension
// when unlimited), at least one.
func (ds *Dataset) maxGrid() []uint64 {
	grid := make([]uint64, len(ds.space.dims))
	for j, d := range ds.space.maxDims {
		if d == undef {
			d = ds.space.dims[j]
		}
		grid[j] = max(1, d/ds.lay.chunk[j]+min(1, d%ds.lay.chunk[j]))
	}
	return grid
}

// gridCount is the number of chunks in the maximum grid, or an error past limit.
func (ds *Dataset) gridCount(limit uint64) (uint64, error) {
	n := uint64(1)
	for _, g := range ds.maxGrid() {
		if n > limit/g {
			return 0, fmt.Errorf("chunk grid %v larger than the file", ds.maxGrid())
		}
		n *= g
	}
	return n, nil
}

// btree2Refs reads a v2 B-tree chunk index, used for datasets with several unlimited
// dimensions: each record holds a chunk's address, (when filtered) its stored size and
// filter mask, and its coordinates in units of chunks.
func (ds *Dataset) btree2Refs(chunkBytes uint64) ([]chunkRef, error) {
	r := ds.f.r
	typ, recs, err := r.walkBtree2(ds.lay.addr)
	if err != nil {
		return nil, fmt.Errorf("chunk index: %w", err)
	}
	rank := len(ds.space.dims)
	refs := make([]chunkRef, 0, len(recs))
	for _, rec := range recs {
		d := &dec{b: rec}
		c := chunkRef{addr: r.off(d), size: chunkBytes}
		switch typ {
		case 10:
		case 11:
			c.size = d.uN(len(rec) - r.so - 4 - 8*rank)
			c.mask = d.u32()
		default:
			return nil, fmt.Errorf("v2 B-tree of type %d is not a chunk index", typ)
		}
		c.offset = make([]uint64, rank)
		for i := range c.offset {
			c.offset[i] = d.u64() * ds.lay.chunk[i]
		}
		if d.err != nil {
			return nil, fmt.Errorf("chunk index record: %w", d.err)
		}
		if c.addr != undef {
			refs = append(refs, c)
		}
	}
	return refs, nil
}
