package gemm

import (
	"testing"
	"time"

	"github.com/warpkit/warpkit/internal/cputime"
)

// processCPU is the clock of the per-CPU-second figures. On a shared, loaded machine wall
// time also counts time spent descheduled; FLOPs per CPU-second show what the code does
// with the cycles it actually gets.
func processCPU() time.Duration { return cputime.Process() }

// flopMeter reports GFLOP/s of wall time and, where the OS tells, GFLOP per CPU-second.
type flopMeter struct {
	flops float64 // per operation
	cpu0  time.Duration
}

func startMeter(b *testing.B, flops float64) *flopMeter {
	b.Helper()
	return &flopMeter{flops: flops, cpu0: processCPU()}
}

// timeFlops times f over the benchmark's loop and reports its rate, each call of f doing
// flops floating-point operations.
func timeFlops(b *testing.B, flops float64, f func()) {
	b.Helper()
	meter := startMeter(b, flops)
	for b.Loop() {
		f()
	}
	meter.report(b)
}

func (f *flopMeter) report(b *testing.B) {
	total := f.flops * float64(b.N)
	b.ReportMetric(total/b.Elapsed().Seconds()/1e9, "GFLOP/s")
	if cpu := processCPU() - f.cpu0; cpu > 0 {
		b.ReportMetric(total/cpu.Seconds()/1e9, "GFLOP/cpu-s")
	}
}
