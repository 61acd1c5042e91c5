package datasets

import (
	"fmt"
	"strconv"
	"strings"
)

// Shard selects part Index (0-based) of Count equal contiguous parts of every split. The zero
// value means the whole dataset.
type Shard struct{ Index, Count int }

// ParseShard reads "I/N" with 0 <= I < N.
func ParseShard(s string) (Shard, error) {
	a, b, ok := strings.Cut(s, "/")
	i, err1 := strconv.Atoi(strings.TrimSpace(a))
	n, err2 := strconv.Atoi(strings.TrimSpace(b))
	if !ok || err1 != nil || err2 != nil || n < 1 || i < 0 || i >= n {
		return Shard{}, fmt.Errorf("datasets: shard %q: want I/N with 0 <= I < N", s)
	}
	return Shard{Index: i, Count: n}, nil
}

func (s Shard) whole() bool { return s.Count <= 1 }

// String is the "I/N" form ParseShard reads.
func (s Shard) String() string { return fmt.Sprintf("%d/%d", s.Index, s.Count) }

// rows is the shard's slice [lo, hi) of a split of n trajectories: shard i gets
// floor(n·i/N) to floor(n·(i+1)/N), so the shards tile the split exactly.
func (s Shard) rows(n int) (lo, hi int) {
	if s.whole() {
		return 0, n
	}
	return n * s.Index / s.Count, n * (s.Index + 1) / s.Count
}
