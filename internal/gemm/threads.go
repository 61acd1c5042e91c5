package gemm

import (
	"runtime"
	"sync/atomic"
)

var threads atomic.Int64

// SetThreads sets how many goroutines large products use. n < 1 restores the default,
// runtime.GOMAXPROCS(0) read at each call.
func SetThreads(n int) {
	if n < 1 {
		n = 0
	}
	threads.Store(int64(n))
}

// Threads reports how many goroutines large products use.
func Threads() int {
	if n := threads.Load(); n > 0 {
		return int(n)
	}
	return runtime.GOMAXPROCS(0)
}
