package benchmarks

import (
	"fmt"
	"io"
	"time"
)

// progress prints one line per finished cell (dataset, model, seed, test MSE, seconds, cells
// left, ETA) to a terminal and to a batch job's log alike: plain lines, never carriage-return
// bars, so a log file reads as it was written. It is silent with Quiet.
type progress struct {
	w           io.Writer
	t0          time.Time
	total, done int
	// left and spent are the estimated costs (Suite.estimate) of the cells still to train and
	// of those trained so far in this run; the ETA scales the time taken by their ratio.
	left, spent float64
}

func newProgress(opt RunOptions) *progress {
	if opt.Quiet || opt.Progress == nil {
		return &progress{}
	}
	return &progress{w: opt.Progress}
}

func (p *progress) note(format string, args ...any) {
	if p.w != nil {
		fmt.Fprintf(p.w, format+"\n", args...)
	}
}

// start says how many cells the run has and how many an earlier run already finished.
func (p *progress) start(total, cached int, left float64) {
	p.t0, p.total, p.done, p.left = time.Now(), total, cached, left
	if cached > 0 {
		p.note("%d of %d cells already finished in this folder; training the other %d", cached, total, total-cached)
	}
}

// cell reports a cell trained in this run, whose estimated cost was cost.
func (p *progress) cell(c *CellResult, cost float64) {
	p.done++
	p.left -= cost
	p.spent += cost
	if p.w == nil {
		return
	}
	eta := "?"
	if p.spent > 0 {
		eta = time.Duration(float64(time.Since(p.t0)) * max(p.left, 0) / p.spent).Round(time.Second).String()
	}
	fmt.Fprintf(p.w, "cell %d/%d  %-14s %-12s seed %-3d test mse %-10.4g %6.1fs  %d left  eta %s\n",
		p.done, p.total, c.Dataset, c.Model, c.Seed, c.MSE, c.TrainSeconds, p.total-p.done, eta)
}

// failed reports a cell whose training failed.
func (p *progress) failed(c Cell, msg string) {
	p.done++
	p.note("cell %d/%d  FAILED %s", p.done, p.total, msg)
}
