package nn

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestProgressEvents(t *testing.T) {
	e := batchEvent(2, 5, 3, 4, 0.125, 90*time.Second)
	if e.Line != "" || e.Label != "epoch 2/5" || e.Done != 3 || e.Total != 4 || e.Detail != "loss 0.125 ETA 1m30s" {
		t.Errorf("batch event %+v", e)
	}
	if e := batchEvent(7, 0, 1, 4, 1, 0); e.Label != "epoch 7" {
		t.Errorf("without an epoch limit: %+v", e)
	}
	e = epochEvent(EpochRecord{Epoch: 2, TrainLoss: 0.5, Validated: true, ValMSE: 0.25, LR: 1e-3, Seconds: 1.5}, 5)
	if want := "epoch 2/5 loss 0.5 val_mse 0.25 lr 0.001 1.5s"; e.Line != want {
		t.Errorf("epoch line %q, want %q", e.Line, want)
	}
}

// Fit writes one plain line per epoch to a writer that is not a terminal (a batch job's log),
// and nothing with Quiet.
func TestFitLogsOneLinePerEpoch(t *testing.T) {
	train := linearData(8, 12, sysA, []float64{0.1, -0.05}, 0.01, 1)
	for _, quiet := range []bool{false, true} {
		var buf bytes.Buffer
		cfg := TrainConfig{Epochs: 3, BatchSize: 4, LR: 1e-3, Seed: 1, Progress: &buf, Quiet: quiet}
		if _, err := Fit(t.Context(), newLinPred(2, 3), train, nil, cfg); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		if quiet {
			if out != "" {
				t.Errorf("quiet wrote %q", out)
			}
			continue
		}
		lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		if len(lines) != 3 || strings.Contains(out, "\r") {
			t.Fatalf("want 3 plain lines, got %q", out)
		}
		for i, l := range lines {
			if !strings.HasPrefix(l, "epoch "+ofTotal(i+1, 3)+" loss ") {
				t.Errorf("line %d: %q", i, l)
			}
		}
	}
}
