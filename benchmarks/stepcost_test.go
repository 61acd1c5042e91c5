package benchmarks

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/warpkit/warpkit/internal/cputime"
)

// BenchmarkQuickCellCost trains every model of the quick preset on each of its datasets for a
// few epochs and reports the CPU time per optimiser step and per epoch (validation included),
// and how many epochs a cell of wall-clock budget B gets on one core: the figures the quick
// preset's epoch budgets and stepCost come from. CPU time, not wall clock, so other work on a
// shared machine inflates it little; run it with one thread, as a cell of the quick preset
// gets one core of two:
//
//	GOMAXPROCS=1 go test -run '^$' -bench QuickCellCost -benchtime 1x ./benchmarks
func BenchmarkQuickCellCost(b *testing.B) { cellCost(b, "quick", 6, 40, 18) }

// BenchmarkMSD10mCellCost does the same for the msd10m preset (2 epochs of 64 steps per
// model), whose cells were 10 minutes of wall clock each:
//
//	GOMAXPROCS=1 go test -run '^$' -bench MSD10mCellCost -benchtime 1x ./benchmarks
func BenchmarkMSD10mCellCost(b *testing.B) { cellCost(b, "msd10m", 2, 0, 600) }

func cellCost(b *testing.B, preset string, epochs, sweepEpochs int, budget float64) {
	s, err := LoadPreset(preset)
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	data := map[string]*loadedData{}
	for i := range s.Datasets {
		ld, err := loadData(context.Background(), []string{dir}, dir, &s.Datasets[i], 0, &runProgress{})
		if err != nil {
			b.Fatal(err)
		}
		data[ld.cfg.Name] = ld
	}
	if err := os.MkdirAll(filepath.Join(dir, cellsDir), 0o755); err != nil {
		b.Fatal(err)
	}
	seen := map[string]bool{}
	for _, c := range s.Cells() {
		if seen[c.Dataset+c.Model] {
			continue
		}
		seen[c.Dataset+c.Model] = true
		c.Budget = Budget{Epochs: epochs}
		if c.ds.Sweep != "" {
			c.Budget = Budget{Epochs: sweepEpochs}
		}
		p, err := s.plan(c, data[c.Dataset])
		if err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		t0 := cputime.Process().Seconds()
		res, err := trainCell(context.Background(), dir, p)
		cpu := cputime.Process().Seconds() - t0
		if err != nil || res == nil {
			b.Fatal(err)
		}
		budget := budget
		if c.ds.Sweep != "" {
			budget = 4
		}
		fmt.Fprintf(os.Stderr, "%-12s %-10s %3d epochs %5d steps  cpu %6.2fs  %.5f s/step  %.4f s/epoch  %4.0f epochs in %gs\n",
			c.Dataset, c.Model, res.Epochs, res.Steps, cpu, cpu/float64(res.Steps), cpu/float64(res.Epochs), budget/(cpu/float64(res.Epochs)), budget)
	}
}
