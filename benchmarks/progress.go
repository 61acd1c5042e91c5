package benchmarks

import (
	"fmt"
	"io"
	"os"
	"time"

	"golang.org/x/term"
)

// progress prints one line per finished cell with an ETA, only where a person watches (a
// terminal) unless asked to be verbose; it is silent with Quiet.
type progress struct {
	w io.Writer
}

func newProgress(opt RunOptions) *progress {
	if opt.Quiet || opt.Progress == nil {
		return &progress{}
	}
	if opt.Verbose {
		return &progress{w: opt.Progress}
	}
	if f, ok := opt.Progress.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		return &progress{w: opt.Progress}
	}
	return &progress{}
}

func (p *progress) note(format string, args ...any) {
	if p.w != nil {
		fmt.Fprintf(p.w, format+"\n", args...)
	}
}

// cell reports a finished cell; the ETA assumes the remaining cells cost what the finished
// ones did on average.
func (p *progress) cell(done, total int, c *CellResult, cached bool, start time.Time) {
	if p.w == nil {
		return
	}
	el := time.Since(start)
	eta := time.Duration(float64(el) / float64(done) * float64(total-done))
	how := fmt.Sprintf("%d epochs in %.1fs", c.Epochs, c.TrainSeconds)
	if cached {
		how = "cached"
	}
	fmt.Fprintf(p.w, "[%3d/%d] %-12s %-10s seed %d  mse %-10.4g (%s)  elapsed %s  eta %s\n",
		done, total, c.Dataset, c.Model, c.Seed, c.MSE, how, el.Round(time.Second), eta.Round(time.Second))
}
