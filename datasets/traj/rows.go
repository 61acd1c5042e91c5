package traj

import "fmt"

// A shard of a generation run records which trajectories of each split it holds under the
// provenance key "rows.<split>", as "lo:hi/n": trajectories lo to hi-1 of n. Tables number a
// shard's trajectories as the whole run does, so a folder of shards reads as one table.

// RowsKey is the provenance key of split's row range.
func RowsKey(split string) string { return "rows." + split }

// ParseRows reads a row range "lo:hi/n".
func ParseRows(v string) (lo, hi, n int, err error) {
	_, err = fmt.Sscanf(v, "%d:%d/%d", &lo, &hi, &n)
	if err == nil && (lo < 0 || hi < lo || n < hi) {
		err = fmt.Errorf("bad range")
	}
	return lo, hi, n, err
}

// FirstTraj is the number, in the whole run, of split's first trajectory: lo of its row
// range in prov, or 0 when there is none or it does not parse.
func FirstTraj(prov map[string]string, split string) int {
	if v, ok := prov[RowsKey(split)]; ok {
		if lo, _, _, err := ParseRows(v); err == nil {
			return lo
		}
	}
	return 0
}
