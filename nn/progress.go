package nn

import (
	"fmt"
	"time"

	"github.com/warpkit/warpkit/internal/progress"
)

// batchEvent is a training batch as the progress bar shows it; eta is the estimated time left.
func batchEvent(epoch, epochs, b, nb int, loss float64, eta time.Duration) progress.Event {
	return progress.Event{Label: "epoch " + ofTotal(epoch, epochs), Done: b, Total: nb,
		Detail: fmt.Sprintf("loss %.4g ETA %s", loss, eta.Round(time.Second))}
}

// epochEvent is a finished epoch's summary, a line on a terminal and in a log alike.
func epochEvent(r EpochRecord, epochs int) progress.Event {
	val := "-"
	if r.Validated {
		val = fmt.Sprintf("%.4g", r.ValMSE)
	}
	return progress.Event{Line: fmt.Sprintf("epoch %s loss %.4g val_mse %s lr %.3g %.1fs", ofTotal(r.Epoch, epochs), r.TrainLoss, val, r.LR, r.Seconds)}
}

// ofTotal writes n/total, or n alone when there is no epoch limit (total 0).
func ofTotal(n, total int) string {
	if total == 0 {
		return fmt.Sprint(n)
	}
	return fmt.Sprintf("%d/%d", n, total)
}
