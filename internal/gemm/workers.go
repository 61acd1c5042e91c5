package gemm

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// Workers are long-lived goroutines, one per thread index beyond 0, so a parallel call
// allocates nothing. Worker i only ever runs thread i of a job, and jobs are handed out
// under one lock, so every worker sees jobs in the same order: two concurrent callers can
// never each hold half of the other's barrier.
var workers struct {
	mu    sync.Mutex
	chans []chan *job
}

func dispatch(j *job) {
	workers.mu.Lock()
	for len(workers.chans) < j.nt-1 {
		ch := make(chan *job)
		tid := len(workers.chans) + 1
		workers.chans = append(workers.chans, ch)
		go workerLoop(ch, tid)
	}
	for t := 1; t < j.nt; t++ {
		workers.chans[t-1] <- j
	}
	workers.mu.Unlock()
}

func workerLoop(ch chan *job, tid int) {
	for j := range ch {
		j.work(tid)
		j.wg.Done()
	}
}

// barrier is a reusable spinning barrier. The threads of one job wait at it once per k
// block; a block is tens of microseconds of work, so spinning (yielding when starved)
// beats parking on a futex.
type barrier struct {
	n     int32
	count atomic.Int32
	gen   atomic.Uint32
}

func (b *barrier) reset(n int) {
	b.n = int32(n)
	b.count.Store(0)
}

func (b *barrier) wait() {
	g := b.gen.Load()
	if b.count.Add(1) == b.n {
		b.count.Store(0)
		b.gen.Add(1)
		return
	}
	for i := 0; b.gen.Load() == g; i++ {
		if i >= 100 {
			runtime.Gosched()
		}
	}
}
