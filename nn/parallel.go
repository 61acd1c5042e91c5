package nn

import (
	"runtime"
	"sync"
)

// Chunks cuts [0, n) into consecutive ranges of at most grain items. The cut depends only on n
// and grain, never on the number of CPUs, so per-chunk partial sums reduced in chunk order give
// the same bytes on any machine.
func Chunks(n, grain int) [][2]int {
	if grain < 1 {
		grain = 1
	}
	var cs [][2]int
	for lo := 0; lo < n; lo += grain {
		cs = append(cs, [2]int{lo, min(lo+grain, n)})
	}
	return cs
}

// ParallelFor runs fn(chunk, lo, hi) for every chunk of Chunks(n, grain), on up to GOMAXPROCS
// goroutines. fn must write only to memory owned by its chunk (see GradShards).
func ParallelFor(n, grain int, fn func(chunk, lo, hi int)) {
	cs := Chunks(n, grain)
	workers := min(runtime.GOMAXPROCS(0), len(cs))
	if workers <= 1 {
		for i, c := range cs {
			fn(i, c[0], c[1])
		}
		return
	}
	var wg sync.WaitGroup
	next := make(chan int, len(cs))
	for i := range cs {
		next <- i
	}
	close(next)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				fn(i, cs[i][0], cs[i][1])
			}
		}()
	}
	wg.Wait()
}

// GradShards gives each chunk of a parallel batch its own gradient buffers and then adds them
// into Param.Grad in chunk order: the parallel gradient is bit-identical whatever the number
// of goroutines.
type GradShards struct {
	params []*Param
	bufs   [][][]float64 // [shard][param]
}

// NewGradShards allocates zeroed buffers for nshards chunks.
func NewGradShards(ps []*Param, nshards int) *GradShards {
	g := &GradShards{params: ps, bufs: make([][][]float64, nshards)}
	for s := range g.bufs {
		g.bufs[s] = make([][]float64, len(ps))
		for i, p := range ps {
			g.bufs[s][i] = make([]float64, len(p.Data))
		}
	}
	return g
}

// Grad is shard's gradient buffer for parameter i (in the order given to NewGradShards).
func (g *GradShards) Grad(shard, i int) []float64 { return g.bufs[shard][i] }

// Reduce adds every shard into Param.Grad, shard 0 first, and clears the shards for reuse.
func (g *GradShards) Reduce() {
	for _, shard := range g.bufs {
		for i, p := range g.params {
			for j, v := range shard[i] {
				p.Grad[j] += v
			}
			clear(shard[i])
		}
	}
}
