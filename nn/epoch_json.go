package nn

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
)

// A diverging model can forecast NaN or ±Inf on the validation set. JSON has no such numbers,
// so EpochRecord writes them as the strings "NaN", "+Inf" and "-Inf" and reads them back:
// histories with a diverged epoch still save, resume and load.

type epochRecordJSON struct {
	Epoch     int             `json:"epoch"`
	TrainLoss json.RawMessage `json:"train_loss"`
	Validated bool            `json:"validated"`
	ValMSE    json.RawMessage `json:"val_mse"`
	LR        json.RawMessage `json:"lr"`
	Seconds   float64         `json:"seconds"`
}

func encodeFloat(v float64) json.RawMessage {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return json.RawMessage(strconv.Quote(strconv.FormatFloat(v, 'g', -1, 64)))
	}
	b, _ := json.Marshal(v)
	return b
}

func decodeFloat(raw json.RawMessage, field string) (float64, error) {
	if len(raw) == 0 {
		return 0, nil
	}
	var v float64
	if err := json.Unmarshal(raw, &v); err == nil {
		return v, nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return 0, fmt.Errorf("nn: epoch record: %s: %w", field, err)
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, fmt.Errorf("nn: epoch record: %s: %w", field, err)
	}
	return v, nil
}

// MarshalJSON writes non-finite losses as strings (see above).
func (r EpochRecord) MarshalJSON() ([]byte, error) {
	return json.Marshal(epochRecordJSON{Epoch: r.Epoch, TrainLoss: encodeFloat(r.TrainLoss), Validated: r.Validated,
		ValMSE: encodeFloat(r.ValMSE), LR: encodeFloat(r.LR), Seconds: r.Seconds})
}

// UnmarshalJSON reads what MarshalJSON writes.
func (r *EpochRecord) UnmarshalJSON(b []byte) error {
	var j epochRecordJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	var err error
	r.Epoch, r.Validated, r.Seconds = j.Epoch, j.Validated, j.Seconds
	if r.TrainLoss, err = decodeFloat(j.TrainLoss, "train_loss"); err != nil {
		return err
	}
	if r.ValMSE, err = decodeFloat(j.ValMSE, "val_mse"); err != nil {
		return err
	}
	r.LR, err = decodeFloat(j.LR, "lr")
	return err
}
