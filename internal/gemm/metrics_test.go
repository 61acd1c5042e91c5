package gemm

import (
	"testing"

	"github.com/warpkit/warpkit/internal/cputime"
)

// timeFlops times f over the benchmark's loop and reports its rate, each call of f doing
// flops floating-point operations.
func timeFlops(b *testing.B, flops float64, f func()) {
	b.Helper()
	timeRate(b, flops, "GFLOP", f)
}

// timeRate times f over the benchmark's loop, each call doing perCall units of work, and
// reports billions of units per second of wall time ("<unit>/s") and, where the OS tells,
// per CPU-second ("<unit>/cpu-s"): on a shared machine wall time also counts time spent
// descheduled, while the CPU figure shows what the code does with the cycles it gets.
func timeRate(b *testing.B, perCall float64, unit string, f func()) {
	b.Helper()
	cpu0 := cputime.Process()
	for b.Loop() {
		f()
	}
	total := perCall * float64(b.N) / 1e9
	b.ReportMetric(total/b.Elapsed().Seconds(), unit+"/s")
	if cpu := cputime.Process() - cpu0; cpu > 0 {
		b.ReportMetric(total/cpu.Seconds(), unit+"/cpu-s")
	}
}
