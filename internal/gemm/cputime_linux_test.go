//go:build linux

package gemm

import (
	"syscall"
	"time"
)

// processCPU is the CPU time this process has used. On a shared, loaded machine wall time
// also counts time spent descheduled; FLOPs per CPU-second shows what the code does with
// the cycles it actually gets.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
