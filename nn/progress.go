package nn

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"golang.org/x/term"
)

// progress draws a one-line bar on a terminal and nothing anywhere else, so logs and pipes
// stay clean.
type progress struct {
	w       io.Writer
	on      bool
	last    time.Time
	started time.Time
}

func newProgress(w io.Writer, quiet bool) *progress {
	p := &progress{w: w, started: time.Now()}
	if f, ok := w.(*os.File); ok && !quiet && term.IsTerminal(int(f.Fd())) {
		p.on = true
	}
	return p
}

// batch redraws the bar at most ten times a second. eta is the estimated time left.
func (p *progress) batch(epoch, epochs, b, nb int, loss float64, eta time.Duration) {
	if !p.on || time.Since(p.last) < 100*time.Millisecond {
		return
	}
	p.last = time.Now()
	const width = 24
	filled := width * b / max(nb, 1)
	bar := strings.Repeat("=", filled) + strings.Repeat(" ", width-filled)
	fmt.Fprintf(p.w, "\repoch %s [%s] %d/%d loss %.4g ETA %s   ", ofTotal(epoch, epochs), bar, b, nb, loss, eta.Round(time.Second))
}

// epoch prints the finished epoch's summary on its own line.
func (p *progress) epoch(r EpochRecord, epochs int) {
	if !p.on {
		return
	}
	val := "-"
	if r.Validated {
		val = fmt.Sprintf("%.4g", r.ValMSE)
	}
	fmt.Fprintf(p.w, "\r\x1b[Kepoch %s loss %.4g val_mse %s lr %.3g %.1fs\n", ofTotal(r.Epoch, epochs), r.TrainLoss, val, r.LR, r.Seconds)
}

// ofTotal writes n/total, or n alone when there is no epoch limit (total 0).
func ofTotal(n, total int) string {
	if total == 0 {
		return fmt.Sprint(n)
	}
	return fmt.Sprintf("%d/%d", n, total)
}
