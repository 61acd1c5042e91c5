package nn

import (
	"fmt"
	"math"
)

// The losses below return the mean over all elements and add the gradient of that mean into
// the grad slices (nil to skip), scaled by weight. weight lets a model that evaluates a loss
// in pieces (per time step) accumulate the gradient of the overall mean: pass the piece's
// share of elements, or 1 for a loss evaluated in one call.

// MSE is mean((pred − target)²).
func MSE(pred, target, grad []float64, weight float64) float64 {
	checkLoss("mse", pred, target, grad)
	n := float64(len(pred))
	var s float64
	for i, p := range pred {
		d := p - target[i]
		s += d * d
		if grad != nil {
			grad[i] += weight * 2 * d / n
		}
	}
	return s / n
}

// MAE is mean(|pred − target|); its gradient at a tie is 0.
func MAE(pred, target, grad []float64, weight float64) float64 {
	checkLoss("mae", pred, target, grad)
	n := float64(len(pred))
	var s float64
	for i, p := range pred {
		d := p - target[i]
		s += math.Abs(d)
		if grad != nil {
			switch {
			case d > 0:
				grad[i] += weight / n
			case d < 0:
				grad[i] -= weight / n
			}
		}
	}
	return s / n
}

const halfLog2Pi = 0.91893853320467274178

// GaussianNLL is the mean negative log-likelihood of target under N(mean, std²):
// mean(½·log 2π + log σ + (y − μ)²/(2σ²)). std must be positive (models produce it through
// softplus plus a floor); a non-positive std gives NaN, which the training loop's guard reports.
func GaussianNLL(mean, std, target, dmean, dstd []float64, weight float64) float64 {
	checkLoss("nll", mean, target, dmean)
	checkLoss("nll", std, target, dstd)
	n := float64(len(mean))
	var s float64
	for i, mu := range mean {
		sd := std[i]
		if !(sd > 0) {
			return math.NaN()
		}
		r := target[i] - mu
		iv := 1 / (sd * sd)
		s += halfLog2Pi + math.Log(sd) + 0.5*r*r*iv
		if dmean != nil {
			dmean[i] -= weight * r * iv / n
		}
		if dstd != nil {
			dstd[i] += weight * (1/sd - r*r*iv/sd) / n
		}
	}
	return s / n
}

func checkLoss(name string, pred, target, grad []float64) {
	if len(pred) != len(target) || (grad != nil && len(grad) != len(pred)) {
		panic(fmt.Sprintf("nn: %s: mismatched lengths pred=%d target=%d grad=%d", name, len(pred), len(target), len(grad)))
	}
	if len(pred) == 0 {
		panic("nn: " + name + ": empty input")
	}
}

// PointLoss is a loss on point predictions (MSE or MAE) in the form above.
type PointLoss func(pred, target, grad []float64, weight float64) float64

// PointLossByName returns "mse" (also for "") or "mae"; "nll" needs a std and is not a point
// loss, so models handle it with GaussianNLL.
func PointLossByName(name string) (PointLoss, error) {
	switch name {
	case "", "mse":
		return MSE, nil
	case "mae":
		return MAE, nil
	}
	return nil, fmt.Errorf("nn: unknown point loss %q (valid: mse, mae; nll needs a model with a std output)", name)
}
