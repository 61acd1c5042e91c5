package progress

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"time"
)

// events is a job as the users report one: a note, updates of the work in progress, a
// milestone between them, the last update, and another milestone.
var events = []Event{
	{Line: "generating msd (8 train, 4 val, 5 test)"},
	{Label: "epoch 1/2", Done: 1, Total: 4, Detail: "loss 0.5"},
	{Label: "epoch 1/2", Done: 2, Total: 4, Detail: "loss 0.4"},
	{Line: "cell 1/2  msd  gru  seed 0  test mse 2.5  1 left  eta 3s"},
	{Label: "epoch 2/2", Done: 3, Total: 4},
	{Label: "epoch 2/2", Done: 4, Total: 4, Detail: "loss 0.25"},
	{Line: "cell 2/2  msd  warp  seed 0  test mse 1.5  0 left  eta 0s"},
}

func TestLogWritesOneLinePerMilestone(t *testing.T) {
	var buf bytes.Buffer
	var r Recorder = NewLog(&buf)
	r.Init()
	for _, e := range events {
		r.Record(e)
	}
	r.Done()
	want := "generating msd (8 train, 4 val, 5 test)\n" +
		"cell 1/2  msd  gru  seed 0  test mse 2.5  1 left  eta 3s\n" +
		"cell 2/2  msd  warp  seed 0  test mse 1.5  0 left  eta 0s\n"
	if got := buf.String(); got != want {
		t.Errorf("log output\n%q\nwant\n%q", got, want)
	}
}

func TestBarRedrawsInPlaceUntilDone(t *testing.T) {
	var buf bytes.Buffer
	b := NewBar(&buf)
	clock := time.Unix(0, 0)
	b.now = func() time.Time { return clock }
	b.Init()
	b.Record(Event{Label: "gen msd", Done: 3, Total: 4, Detail: "ETA 1m30s"})
	got := buf.String()
	if want := "\rgen msd [" + strings.Repeat("=", 18) + strings.Repeat(" ", 6) + "] 3/4 ETA 1m30s\x1b[K"; got != want {
		t.Errorf("bar %q, want %q", got, want)
	}
	// Within a tenth of a second nothing is redrawn, unless the work is complete.
	b.Record(Event{Label: "gen msd", Done: 3, Total: 4})
	if buf.String() != got {
		t.Errorf("redrawn within 100ms: %q", buf.String())
	}
	clock = clock.Add(50 * time.Millisecond)
	b.Record(Event{Label: "gen msd", Done: 4, Total: 4})
	if !strings.HasSuffix(buf.String(), "\rgen msd ["+strings.Repeat("=", 24)+"] 4/4\x1b[K") {
		t.Errorf("the last update was not drawn: %q", buf.String())
	}
	if strings.Contains(buf.String(), "\n") {
		t.Errorf("a bar wrote a newline before Done: %q", buf.String())
	}
	b.Done()
	if !strings.HasSuffix(buf.String(), "\x1b[K\n") || strings.Count(buf.String(), "\n") != 1 {
		t.Errorf("Done must end the bar with one newline: %q", buf.String())
	}
	b.Done()
	if strings.Count(buf.String(), "\n") != 1 {
		t.Errorf("a second Done wrote again: %q", buf.String())
	}
}

func TestBarWritesMilestonesOverTheBar(t *testing.T) {
	var buf bytes.Buffer
	b := NewBar(&buf)
	clock := time.Unix(0, 0)
	b.now = func() time.Time { clock = clock.Add(time.Second); return clock }
	b.Init()
	for _, e := range events {
		b.Record(e)
	}
	b.Done()
	out := buf.String()
	// Every milestone is a whole line, each bar before one is cleared, and the bar after the
	// last milestone is not redrawn by Done.
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 3 {
		t.Fatalf("%d lines, want the 3 milestones:\n%q", len(lines), out)
	}
	if lines[0] != events[0].Line {
		t.Errorf("first line %q", lines[0])
	}
	for i, e := range []Event{events[3], events[6]} {
		l := lines[i+1]
		if !strings.HasSuffix(l, "\r\x1b[K"+e.Line) || !strings.HasPrefix(l, "\r") {
			t.Errorf("line %d %q: want bars then a cleared line holding %q", i+1, l, e.Line)
		}
	}
	if !strings.Contains(lines[2], "\repoch 2/2 ["+strings.Repeat("=", 24)+"] 4/4 loss 0.25\x1b[K") {
		t.Errorf("the bar before the last milestone: %q", lines[2])
	}
}

func TestNewPicksTheForm(t *testing.T) {
	var buf bytes.Buffer
	if _, ok := New(&buf, false).(*Log); !ok {
		t.Error("a buffer gets the log form")
	}
	if _, ok := New(&buf, true).(Nop); !ok {
		t.Error("quiet gets no output")
	}
	if _, ok := New(nil, false).(Nop); !ok {
		t.Error("no writer gets no output")
	}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	if IsTerminal(w) {
		t.Error("a pipe is not a terminal")
	}
	if _, ok := New(w, false).(*Log); !ok {
		t.Error("a pipe (a batch job's log) gets the log form")
	}
	// A terminal, where the test has one (go test run by hand with stderr on a tty).
	if IsTerminal(os.Stderr) {
		if _, ok := New(os.Stderr, false).(*Bar); !ok {
			t.Error("a terminal gets the bar form")
		}
	}
}
