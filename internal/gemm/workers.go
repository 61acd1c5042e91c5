package gemm

import "sync"

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
	for j := range ch {
		j.work()
		j.wg.Done()
	}
}
