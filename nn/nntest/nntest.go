// Package nntest holds what the tests and benchmarks of every sequence model (the baselines
// of nn/rnn, WARP) share: GradCheck, the gradient check their tests hold each model to, and
// BenchTrainSteps, the harness of their BenchmarkTrainStep benchmarks. Only tests import it.
package nntest

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/warpkit/warpkit/internal/cputime"
	"github.com/warpkit/warpkit/nn"
)

const (
	// GradStep is GradCheck's relative step for smooth losses: the four-point difference's
	// truncation error, O(h⁴), is then about 1e-12, and its rounding error about 1.5δ/h for a
	// loss computed to within δ (a few ulps), some 1e-13·|loss|, both far below
	// GradTolerance. A two-point difference cannot reach GradTolerance on the models' losses
	// at any step; nn/rnn's TestGradCheck runs one as a second opinion at 1e-5.
	GradStep = 1e-3
	// KinkStep is GradCheck's step for losses with kinks (ReLU activations, MAE), where a
	// stencil 4h wide must not straddle a kink. Its rounding error is 100 times GradStep's,
	// which GradCheck's floor allows for; the batch must be small enough (few terms in the
	// loss) to keep the loss's own noise low.
	KinkStep = 1e-5
	// GradTolerance is the largest relative error GradCheck lets pass: the difference's own
	// error is 1e-12 to 1e-11 relative to a gradient of order 1, so an entry passes only when
	// the backward pass computes it right, a missing or doubled term of any size showing.
	GradTolerance = 1e-6
	// gradPerParam is how many seeded entries of each parameter GradCheck checks: every
	// parameter, however large, gets a few entries checked at four losses each.
	gradPerParam = 12
)

// GradCheck fails t if the gradient that m.Loss accumulates on batch differs from the
// four-point central difference of the loss by a relative error above GradTolerance in any
// of a seeded sample of each parameter's entries. step is GradStep or KinkStep; seed picks
// the entries and the rng of every loss evaluation (the same forcing draws each time).
//
// The relative error is |a − n| / max(|a|, |n|, floor) with floor = 1e-9/step: an entry
// too small to be checked relatively, because the difference's rounding error (∝ 1/step)
// is more than GradTolerance of it, must agree to 1e-15/step in absolute terms instead.
// (On nn/rnn's batch of 35 sequences the rounding error reaches 4e-13 at GradStep.)
func GradCheck(t testing.TB, m nn.SequenceModel, batch *nn.Sequences, opt nn.LossOptions, step float64, seed uint64) {
	t.Helper()
	worst, where, err := gradError(m, batch, opt, step, seed)
	if err != nil {
		t.Fatal(err)
	}
	if !(worst <= GradTolerance) {
		t.Errorf("max relative gradient error %.3g > %g at %v", worst, GradTolerance, where)
	}
}

// gradError is GradCheck's worst relative error and where it occurred.
func gradError(m nn.SequenceModel, batch *nn.Sequences, opt nn.LossOptions, step float64, seed uint64) (float64, nn.GradCheckError, error) {
	return nn.GradCheck(m, batch, opt, nn.GradCheckOptions{Step: step, Floor: 1e-9 / step, MaxPerParam: gradPerParam, Seed: seed, Order: 4})
}

// BenchTrainSteps times training steps of m on batch (ZeroGrad, Loss with its backward pass,
// an Adam step at learning rate 1e-3) with forcing draws from draws, and returns the CPU
// time (user+system, over all threads) per step; the caller reports it in the unit its
// recorded results use. The first step runs outside the timing: it sizes the model's
// buffers (for WARP's dense step a tape of ~400 MB) and faults their pages in, which the
// steps of a training run reuse; timed, it would make the figure depend on how many steps
// the benchmark happens to average over.
func BenchTrainSteps(b *testing.B, m nn.SequenceModel, batch *nn.Sequences, lo nn.LossOptions, draws *rand.Rand) time.Duration {
	opt, err := nn.NewAdam(m.Params(), nn.AdamConfig{})
	if err != nil {
		b.Fatal(err)
	}
	step := func() {
		nn.ZeroGrad(m.Params())
		if _, err := m.Loss(batch, lo, draws); err != nil {
			b.Fatal(err)
		}
		opt.Step(1e-3)
	}
	step()
	cpu0 := cputime.Process()
	for b.Loop() {
		step()
	}
	return (cputime.Process() - cpu0) / time.Duration(b.N)
}
