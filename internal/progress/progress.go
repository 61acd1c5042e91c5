// Package progress is warpkit's one progress reporter, for training (nn.Fit), dataset
// generation (`warpkit gen`) and benchmark suites alike. A job reports events to a Recorder,
// in the spirit of gonum's optimize.Recorder; the Recorder decides how they look. On a terminal
// (Bar) the work in progress is a bar redrawn in place and milestones are lines above it; in a
// log file or pipe (Log) each milestone is one plain line and nothing else is written, never a
// carriage return, so a batch job's log reads as it was written.
package progress

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"golang.org/x/term"
)

// Event is one report of a job. An event with Line is a milestone (an epoch, a cell, a note)
// that every form prints as a line; one without is an update of the work in progress, which
// only the bar form shows.
type Event struct {
	// Line is the milestone's text, without a newline.
	Line string
	// Label names the work in progress ("epoch 2/5", "gen msd"); Done of Total units are
	// finished; Detail follows the counts ("loss 0.12 ETA 3s").
	Label       string
	Done, Total int
	Detail      string
}

// Recorder receives a job's events. Its methods never fail: progress output is a courtesy that
// must not stop the work. The recorders here are safe for concurrent use.
type Recorder interface {
	// Init starts a job: a recorder may be used for several jobs one after another.
	Init()
	// Record reports one event.
	Record(Event)
	// Done ends the job's output, so whatever is written next starts on a line of its own.
	Done()
}

// New is the recorder for w: none when quiet or w is nil, a Bar when w is a terminal, and a
// Log otherwise.
func New(w io.Writer, quiet bool) Recorder {
	switch {
	case quiet || w == nil:
		return Nop{}
	case IsTerminal(w):
		return NewBar(w)
	}
	return NewLog(w)
}

// IsTerminal reports whether w is a terminal (an *os.File on one).
func IsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// Nop records nothing.
type Nop struct{}

// Init does nothing.
func (Nop) Init() {}

// Record does nothing.
func (Nop) Record(Event) {}

// Done does nothing.
func (Nop) Done() {}

// Log writes each milestone as one plain line and ignores updates of the work in progress.
type Log struct {
	mu sync.Mutex
	w  io.Writer
}

// NewLog is a Log writing to w.
func NewLog(w io.Writer) *Log { return &Log{w: w} }

// Init does nothing: a log has no state to reset.
func (l *Log) Init() {}

// Record writes e.Line and a newline when e is a milestone.
func (l *Log) Record(e Event) {
	if e.Line == "" {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	fmt.Fprintln(l.w, e.Line)
}

// Done does nothing: every line a log writes is already ended.
func (l *Log) Done() {}

// BarWidth is the number of cells of a drawn bar.
const BarWidth = 24

// redrawEvery limits how often a bar is redrawn, so a fast loop spends its time working.
const redrawEvery = 100 * time.Millisecond

// Bar draws the work in progress as one line redrawn in place (carriage return, no newline)
// at most ten times a second, and the last update of a job (Done equal to Total) always.
// A milestone clears the bar and is written as a line of its own.
type Bar struct {
	mu    sync.Mutex
	w     io.Writer
	now   func() time.Time // time.Now; tests set their own clock
	last  time.Time
	drawn bool // a bar is on the line, not yet ended by a newline
}

// NewBar is a Bar drawing on w.
func NewBar(w io.Writer) *Bar { return &Bar{w: w, now: time.Now} }

// Init forgets the previous job's bar, so the next update draws at once.
func (b *Bar) Init() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.last, b.drawn = time.Time{}, false
}

// Record writes a milestone over the bar, or redraws the bar for an update.
func (b *Bar) Record(e Event) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if e.Line != "" {
		if b.drawn {
			io.WriteString(b.w, "\r\x1b[K")
			b.drawn = false
		}
		fmt.Fprintln(b.w, e.Line)
		return
	}
	now := b.now()
	if b.drawn && now.Sub(b.last) < redrawEvery && !(e.Total > 0 && e.Done >= e.Total) {
		return
	}
	b.last = now
	fill := 0
	if e.Total > 0 {
		fill = BarWidth * min(max(e.Done, 0), e.Total) / e.Total
	}
	line := fmt.Sprintf("%s [%s%s] %d/%d", e.Label, strings.Repeat("=", fill), strings.Repeat(" ", BarWidth-fill), e.Done, e.Total)
	if e.Detail != "" {
		line += " " + e.Detail
	}
	io.WriteString(b.w, "\r"+line+"\x1b[K")
	b.drawn = true
}

// Done ends a bar still on the line with a newline, leaving its last state visible.
func (b *Bar) Done() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.drawn {
		io.WriteString(b.w, "\n")
		b.drawn = false
	}
}
