package nn

import (
	"fmt"
	"math"
)

// ForecastErrors is the MSE and MAE of pred against truth over time steps t ≥ context, all
// trajectories and channels together.
func ForecastErrors(pred, truth *Sequences, context int) (mse, mae float64, err error) {
	if err := checkForecast(truth, context); err != nil {
		return 0, 0, err
	}
	if pred == nil || pred.N != truth.N || pred.T != truth.T || pred.D != truth.D || len(pred.X) != len(truth.X) {
		return 0, 0, fmt.Errorf("nn: forecast errors: prediction shape does not match truth (%d,%d,%d)", truth.N, truth.T, truth.D)
	}
	mse, mae = errorsAfter(truth, context, pred.At)
	return mse, mae, nil
}

// PersistenceErrors is ForecastErrors of the persistence forecast, which holds the last context
// value x[context−1] for every later step: the baseline any forecaster must beat.
func PersistenceErrors(truth *Sequences, context int) (mse, mae float64, err error) {
	if err := checkForecast(truth, context); err != nil {
		return 0, 0, err
	}
	if context < 1 {
		return 0, 0, fmt.Errorf("nn: persistence: context must be at least 1, got %d", context)
	}
	mse, mae = errorsAfter(truth, context, func(n, _ int) []float64 { return truth.At(n, context-1) })
	return mse, mae, nil
}

// errorsAfter is the MSE and MAE of forecast(n, t), the prediction of trajectory n at step t,
// against truth over t ≥ context.
func errorsAfter(truth *Sequences, context int, forecast func(n, t int) []float64) (mse, mae float64) {
	var s2, s1 float64
	for n := 0; n < truth.N; n++ {
		for t := context; t < truth.T; t++ {
			p, y := forecast(n, t), truth.At(n, t)
			for d := range y {
				e := p[d] - y[d]
				s2 += e * e
				s1 += math.Abs(e)
			}
		}
	}
	cnt := float64(truth.N * (truth.T - context) * truth.D)
	return s2 / cnt, s1 / cnt
}

func checkForecast(truth *Sequences, context int) error {
	if truth == nil || truth.N <= 0 || truth.T <= 0 || truth.D <= 0 || len(truth.X) != truth.N*truth.T*truth.D {
		return fmt.Errorf("nn: forecast errors: empty or malformed sequences")
	}
	if context < 0 || context >= truth.T {
		return fmt.Errorf("nn: forecast errors: context %d must be in [0, %d) for %d time steps", context, truth.T, truth.T)
	}
	return nil
}
