package nn

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestProgressLineOnTerminal(t *testing.T) {
	var buf bytes.Buffer
	p := &progress{w: &buf, on: true} // as newProgress makes it for a terminal
	p.batch(2, 5, 3, 4, 0.125, 90*time.Second)
	line := buf.String()
	for _, want := range []string{"\repoch 2/5", "3/4", "loss 0.125", "ETA 1m30s", "[" + strings.Repeat("=", 18) + strings.Repeat(" ", 6) + "]"} {
		if !strings.Contains(line, want) {
			t.Errorf("progress line %q lacks %q", line, want)
		}
	}
	buf.Reset()
	p.epoch(EpochRecord{Epoch: 2, TrainLoss: 0.5, Validated: true, ValMSE: 0.25, LR: 1e-3, Seconds: 1.5}, 5)
	if got := buf.String(); !strings.Contains(got, "epoch 2/5 loss 0.5 val_mse 0.25") || !strings.HasSuffix(got, "\n") {
		t.Errorf("epoch line %q", got)
	}
	if newProgress(&buf, false).on {
		t.Error("a bytes.Buffer is not a terminal")
	}
}
