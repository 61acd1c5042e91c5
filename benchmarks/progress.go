package benchmarks

import (
	"fmt"
	"time"

	"github.com/warpkit/warpkit/internal/progress"
)

// runProgress reports a run through the project's one progress reporter (internal/progress):
// one line per finished cell (dataset, model, seed, test MSE, seconds, cells left, ETA) and
// per note, on a terminal and in a batch job's log alike (scripts/test-slurm.sh reads the
// `cell i/n ... K left` lines), and on a terminal a bar of the cells done between them. It is
// silent with Quiet.
type runProgress struct {
	rec         progress.Recorder // nil: silent
	t0          time.Time
	total, done int
	// left and spent are the estimated costs (Suite.estimate) of the cells still to train and
	// of those trained so far in this run; the ETA scales the time taken by their ratio.
	left, spent float64
}

func newProgress(opt RunOptions) *runProgress {
	rec := progress.New(opt.Progress, opt.Quiet)
	rec.Init()
	return &runProgress{rec: rec}
}

func (p *runProgress) record(e progress.Event) {
	if p.rec != nil {
		p.rec.Record(e)
	}
}

func (p *runProgress) note(format string, args ...any) {
	p.record(progress.Event{Line: fmt.Sprintf(format, args...)})
}

// bar shows the cells done so far on a terminal.
func (p *runProgress) bar(eta string) {
	p.record(progress.Event{Label: "cells", Done: p.done, Total: p.total, Detail: "eta " + eta})
}

// start says how many cells the run has and how many an earlier run already finished.
func (p *runProgress) start(total, cached int, left float64) {
	p.t0, p.total, p.done, p.left = time.Now(), total, cached, left
	if cached > 0 {
		p.note("%d of %d cells already finished in this folder; training the other %d", cached, total, total-cached)
	}
	p.bar("?")
}

// cell reports a cell trained in this run, whose estimated cost was cost.
func (p *runProgress) cell(c *CellResult, cost float64) {
	p.done++
	p.left -= cost
	p.spent += cost
	if p.rec == nil {
		return
	}
	eta := "?"
	if p.spent > 0 {
		eta = time.Duration(float64(time.Since(p.t0)) * max(p.left, 0) / p.spent).Round(time.Second).String()
	}
	p.note("cell %d/%d  %-14s %-12s seed %-3d test mse %-10.4g %6.1fs  %d left  eta %s",
		p.done, p.total, c.Dataset, c.Model, c.Seed, c.MSE, c.TrainSeconds, p.total-p.done, eta)
	p.bar(eta)
}

// failed reports a cell whose training failed.
func (p *runProgress) failed(c Cell, msg string) {
	p.done++
	p.note("cell %d/%d  FAILED %s", p.done, p.total, msg)
	p.bar("?")
}

// finish ends the output: a bar still on a terminal's line gets its newline.
func (p *runProgress) finish() {
	if p.rec != nil {
		p.rec.Done()
	}
}
