package gemm

import (
	"runtime"
	"sync"
	"time"
)

// Workers are long-lived goroutines, so a parallel call allocates nothing. No task waits
// for a worker to start: the caller takes tasks too and can finish them all alone, and a
// worker that arrives late finds the task counter exhausted and only checks in (the
// caller, parked, waits for that check-in before recycling the job).
var workers struct {
	mu    sync.Mutex
	chans []chan *job
}

func dispatch(j *job) {
	workers.mu.Lock()
	for len(workers.chans) < j.nt-1 {
		// Buffered so that handing out a job never blocks on a worker still busy with
		// another caller's job.
		ch := make(chan *job, 64)
		workers.chans = append(workers.chans, ch)
		go workerLoop(ch)
	}
	for t := 1; t < j.nt; t++ {
		workers.chans[t-1] <- j
	}
	workers.mu.Unlock()
}

func workerLoop(ch chan *job) {
	for {
		j, ok := awaitJob(ch)
		if !ok {
			return
		}
		j.work()
		j.wg.Done()
	}
}

// spinFor is how long a worker keeps polling for the next job before it parks. Waking a
// parked worker goes through the scheduler and, on a virtual machine, an interprocessor
// wake-up that can eat most of what a second thread saves on a mid-sized product (see
// benchmarks/RESULTS.md). A recurrent step issues its next product within microseconds, so
// a worker that waits this long awake catches it at once; after a longer pause it parks and
// costs no CPU.
const spinFor = 50 * time.Microsecond

// awaitJob receives the next job, polling for up to spinFor before blocking. The polls
// yield the processor, so goroutines waiting to run are not held up.
func awaitJob(ch chan *job) (*job, bool) {
	start := time.Now()
	for {
		select {
		case j, ok := <-ch:
			return j, ok
		default:
		}
		if time.Since(start) > spinFor {
			j, ok := <-ch
			return j, ok
		}
		runtime.Gosched()
	}
}
