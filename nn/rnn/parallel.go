package rnn

import (
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// Elementwise work runs on the calling goroutine and long-lived workers, which take fixed
// pieces of a range from a shared counter. Pieces touch disjoint rows and their boundaries
// depend only on the range, so results do not depend on the number of goroutines. Tasks are
// pointers to the layer viewed through a small named type (an interface conversion that does
// not allocate), so a step allocates nothing.

// spanTask is elementwise work over the sequences or rows [a, b).
type spanTask interface{ span(a, b int) }

// chunkRows is how many sequences a goroutine takes at a time in a step's elementwise work.
const chunkRows = 32

// rowBlock is how many rows a goroutine takes at a time in work over many time steps.
const rowBlock = 64

// job is one parallel call in flight.
type job struct {
	task                  spanTask
	lo, hi, piece, pieces int
	next                  atomic.Int64
	wg                    sync.WaitGroup
}

func (j *job) drain() {
	for {
		i := int(j.next.Add(1)) - 1
		if i >= j.pieces {
			return
		}
		a := j.lo + i*j.piece
		j.task.span(a, min(a+j.piece, j.hi))
	}
}

var (
	jobs      = sync.Pool{New: func() any { return new(job) }}
	queue     = make(chan *job, 64)
	workersMu sync.Mutex
	workers   atomic.Int64
)

// startWorkers makes sure at least k workers are waiting on the queue. They live as long as
// the process, like a runtime's threads.
func startWorkers(k int) {
	if int(workers.Load()) >= k {
		return
	}
	workersMu.Lock()
	defer workersMu.Unlock()
	for int(workers.Load()) < k {
		workers.Add(1)
		go func() {
			for {
				j := awaitJob()
				j.drain()
				j.wg.Done()
			}
		}()
	}
}

// spinFor is how long a worker keeps polling the queue before it parks: a step's next
// parallel call comes within microseconds, and waking a parked worker costs tens (a
// scheduler round trip and, on a virtual machine, an interprocessor wake-up), during which
// the caller works alone. (internal/gemm's workers do the same; see benchmarks/RESULTS.md.)
const spinFor = 50 * time.Microsecond

// awaitJob receives the next job from the queue, polling for up to spinFor before blocking;
// the polls yield the processor to any goroutine waiting to run.
func awaitJob() *job {
	start := time.Now()
	for {
		select {
		case j := <-queue:
			return j
		default:
		}
		if time.Since(start) > spinFor {
			return <-queue
		}
		runtime.Gosched()
	}
}

// parallel runs task over [lo, hi) in pieces of the given size on up to GOMAXPROCS goroutines.
func parallel(lo, hi, piece int, task spanTask) {
	pieces := (hi - lo + piece - 1) / piece
	w := min(runtime.GOMAXPROCS(0), pieces)
	if w <= 1 {
		for a := lo; a < hi; a += piece {
			task.span(a, min(a+piece, hi))
		}
		return
	}
	j := jobs.Get().(*job)
	j.task, j.lo, j.hi, j.piece, j.pieces = task, lo, hi, piece, pieces
	j.next.Store(0)
	startWorkers(w - 1)
	j.wg.Add(w - 1)
	for k := 1; k < w; k++ {
		queue <- j
	}
	j.drain() // the caller is a worker too
	j.wg.Wait()
	j.task = nil
	jobs.Put(j)
}

// forChunks runs task on the chunks of a batch of n sequences.
func forChunks(n int, task spanTask) { parallel(0, n, chunkRows, task) }

// forRows runs task on blocks of the rows [r0, r1).
func forRows(r0, r1 int, task spanTask) { parallel(r0, r1, rowBlock, task) }

// blockFunc adapts a function of a block index to spanTask, for work done once per call.
type blockFunc func(b int)

func (f blockFunc) span(a, b int) {
	for i := a; i < b; i++ {
		f(i)
	}
}

// forBlocks runs f(b) for every b in [0, nb).
func forBlocks(nb int, f func(b int)) { parallel(0, nb, 1, blockFunc(f)) }
