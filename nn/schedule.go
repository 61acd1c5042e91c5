package nn

import (
	"fmt"
	"math"
)

// Schedule gives the learning rate at each optimiser step. It is plain data (exported fields,
// JSON-encodable with exact float round-trips), so its state resumes exactly.
type Schedule struct {
	Kind   string  `json:"kind"` // "constant", "cosine" or "plateau"
	BaseLR float64 `json:"base_lr"`
	MinLR  float64 `json:"min_lr"` // floor for cosine and plateau

	// cosine: linear warm-up over WarmupSteps, then a half cosine to MinLR at TotalSteps.
	WarmupSteps int `json:"warmup_steps"`
	TotalSteps  int `json:"total_steps"`

	// plateau: after more than Patience validations without a relative improvement of
	// Threshold, multiply the rate by Factor.
	Factor    float64 `json:"factor"`
	Patience  int     `json:"patience"`
	Threshold float64 `json:"threshold"`

	// plateau state
	Scale   float64 `json:"scale"`    // current multiplier of BaseLR
	Best    float64 `json:"best"`     // best metric seen; valid when HasBest
	HasBest bool    `json:"has_best"` // false until the first Observe
	Bad     int     `json:"bad"`      // validations since the last improvement
}

// NewSchedule checks the kind and fills defaults: plateau factor 0.5, patience 10,
// threshold 1e-4.
func NewSchedule(kind string, baseLR float64) (*Schedule, error) {
	if !(baseLR > 0) || math.IsInf(baseLR, 0) {
		return nil, fmt.Errorf("nn: schedule: learning rate must be positive and finite, got %g", baseLR)
	}
	s := &Schedule{Kind: kind, BaseLR: baseLR, Scale: 1, Factor: 0.5, Patience: 10, Threshold: 1e-4}
	switch kind {
	case "", "constant":
		s.Kind = "constant"
	case "cosine", "plateau":
	default:
		return nil, fmt.Errorf("nn: unknown schedule %q (valid: constant, cosine, plateau)", kind)
	}
	return s, nil
}

// LR is the learning rate for optimiser step number step (0-based).
func (s *Schedule) LR(step int) float64 {
	switch s.Kind {
	case "cosine":
		if step < s.WarmupSteps {
			return s.BaseLR * float64(step+1) / float64(s.WarmupSteps)
		}
		span := s.TotalSteps - s.WarmupSteps
		if span <= 0 {
			return s.BaseLR
		}
		f := math.Min(1, float64(step-s.WarmupSteps)/float64(span))
		return s.MinLR + (s.BaseLR-s.MinLR)*0.5*(1+math.Cos(math.Pi*f))
	case "plateau":
		return math.Max(s.MinLR, s.BaseLR*s.Scale)
	}
	return s.BaseLR
}

// Observe feeds a validation metric (lower is better) to the plateau schedule; other kinds
// ignore it.
func (s *Schedule) Observe(metric float64) {
	if s.Kind != "plateau" || math.IsNaN(metric) {
		return
	}
	if !s.HasBest || metric < s.Best-s.Threshold*math.Abs(s.Best) {
		s.Best, s.HasBest, s.Bad = metric, true, 0
		return
	}
	s.Bad++
	if s.Bad > s.Patience {
		s.Scale *= s.Factor
		s.Bad = 0
	}
}
