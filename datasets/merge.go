package datasets

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/warpkit/warpkit/datasets/traj"
)

// Merge joins the shards of one generation run into the dataset an unsharded run gives: the
// same spec and provenance (apart from the shard keys), every shard of the count exactly once,
// and each split's row ranges contiguous from 0 to its full size.
func Merge(parts []*Dataset) (*Dataset, error) {
	if len(parts) == 0 {
		return nil, fmt.Errorf("datasets: merge: no shards")
	}
	type part struct {
		d  *Dataset
		sh Shard
	}
	ps := make([]part, len(parts))
	for i, d := range parts {
		v, ok := d.Provenance["shard"]
		if !ok {
			return nil, fmt.Errorf("datasets: merge: input %d (%s) is not a shard (no shard in its provenance)", i+1, d.Name)
		}
		sh, err := ParseShard(v)
		if err != nil {
			return nil, fmt.Errorf("datasets: merge: input %d: %w", i+1, err)
		}
		ps[i] = part{d, sh}
	}
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].sh.Index < ps[j].sh.Index })
	count := ps[0].sh.Count
	for i, p := range ps {
		if p.sh.Count != count {
			return nil, fmt.Errorf("datasets: merge: shard %s is from a run of %d shards, others of %d", p.sh, p.sh.Count, count)
		}
		if p.sh.Index != i {
			if i > 0 && ps[i-1].sh.Index == p.sh.Index {
				return nil, fmt.Errorf("datasets: merge: shard %s given twice", p.sh)
			}
			return nil, fmt.Errorf("datasets: merge: shard %d/%d missing", i, count)
		}
	}
	if len(ps) != count {
		return nil, fmt.Errorf("datasets: merge: %d shards given, the run had %d", len(ps), count)
	}
	base := ps[0].d
	common := func(m map[string]string) map[string]string {
		c := maps.Clone(m)
		delete(c, "shard")
		for k := range c {
			if strings.HasPrefix(k, "rows.") {
				delete(c, k)
			}
		}
		return c
	}
	prov := common(base.Provenance)
	for _, p := range ps[1:] {
		other := common(p.d.Provenance)
		for _, k := range slices.Sorted(maps.Keys(mergeKeys(prov, other))) {
			if prov[k] != other[k] {
				return nil, fmt.Errorf("datasets: merge: shard %s differs from shard %s in %q: not the same run", p.sh, ps[0].sh, k)
			}
		}
		if !slices.Equal(p.d.States, base.States) || !slices.Equal(p.d.ParamNames, base.ParamNames) {
			return nil, fmt.Errorf("datasets: merge: shard %s has other states or parameters", p.sh)
		}
		if !slices.Equal(p.d.SplitNames(), base.SplitNames()) {
			return nil, fmt.Errorf("datasets: merge: shard %s has splits %v, shard %s has %v", p.sh, p.d.SplitNames(), ps[0].sh, base.SplitNames())
		}
	}
	out := &Dataset{Name: base.Name, States: base.States, ParamNames: base.ParamNames, Splits: map[string]*Split{}, Provenance: prov}
	for _, name := range base.SplitNames() {
		var m *Split
		next := 0
		for _, p := range ps {
			s := p.d.Splits[name]
			lo, hi, n, err := traj.ParseRows(p.d.Provenance[traj.RowsKey(name)])
			if err != nil {
				return nil, fmt.Errorf("datasets: merge: shard %s: rows.%s: %w", p.sh, name, err)
			}
			if lo != next || hi-lo != s.N {
				return nil, fmt.Errorf("datasets: merge: shard %s: split %s rows %d:%d do not follow row %d", p.sh, name, lo, hi, next)
			}
			next = hi
			if m == nil {
				m = &Split{Name: name, T: s.T, D: s.D, Times: s.Times}
				m.X = make([]float64, 0, n*s.T*s.D)
			}
			if s.T != m.T || s.D != m.D || !slices.Equal(s.Times, m.Times) {
				return nil, fmt.Errorf("datasets: merge: shard %s: split %s has another time grid or state count", p.sh, name)
			}
			if (s.Params == nil) != (m.N > 0 && m.Params == nil) && m.N > 0 {
				return nil, fmt.Errorf("datasets: merge: shard %s: split %s: params present in some shards only", p.sh, name)
			}
			m.X = append(m.X, s.X...)
			m.Params = append(m.Params, s.Params...)
			m.Y0 = append(m.Y0, s.Y0...)
			m.N += s.N
			if p.sh.Index == count-1 && hi != n {
				return nil, fmt.Errorf("datasets: merge: split %s ends at row %d of %d", name, hi, n)
			}
		}
		out.Splits[name] = m
	}
	out.Normalize()
	if err := out.Check(); err != nil {
		return nil, fmt.Errorf("datasets: merge: %w", err)
	}
	return out, nil
}

func mergeKeys(a, b map[string]string) map[string]string {
	m := maps.Clone(a)
	for k, v := range b {
		m[k] = v
	}
	return m
}
