package rnn

import (
	"math"
	"math/rand/v2"
	"slices"

	fastgemm "github.com/warpkit/warpkit/internal/gemm"
	"github.com/warpkit/warpkit/nn"
)

// gated is what the GRU and the LSTM layers share: PyTorch's parameters of G gates stacked in
// W_ih (G·H × in), W_hh (G·H × H), b_ih and b_hh, the buffers of a recurrence whose step is
// one product with W_hh, and W_hh packed for those products. Each layer adds its gate math
// and says what g holds between its passes.
type gated struct {
	in, h, gates       int
	wih, whh, bih, bhh *nn.Param
	d                  dims
	g                  []float64 // rows × G·H gate values
	hs, dout           []float64 // rows × H: the outputs, and ∂loss/∂out from above
	hp                 []float64 // N × G·H: the current step's recurrent projections
	dh                 []float64 // N × H: the gradient carried back in time
	zero               []float64 // H zeros: the state before the first step
	scratchDB          []float64 // column sums of g
	input              []float64 // the input buffer, when the projection is fused into step
	t                  int       // the step the elementwise tasks work on
	// W_hh packed for the steps' products: W_hhᵀ forward, W_hh back.
	pkF, pkB fastgemm.PackedB
}

// newGated draws the parameters from PyTorch's RNN default U(−1/√H, 1/√H), in its order.
func newGated(prefix string, in, h, gates int, rng *rand.Rand) gated {
	l := gated{in: in, h: h, gates: gates,
		wih: nn.NewParam(prefix+"weight_ih", gates*h, in),
		whh: nn.NewParam(prefix+"weight_hh", gates*h, h),
		bih: nn.NewParam(prefix+"bias_ih", gates*h),
		bhh: nn.NewParam(prefix+"bias_hh", gates*h),
	}
	initUniform(1/math.Sqrt(float64(h)), rng, l.wih, l.whh, l.bih, l.bhh)
	return l
}

// initUniform fills every parameter with U(−bound, bound) draws (PyTorch's RNN default).
func initUniform(bound float64, rng *rand.Rand, ps ...*nn.Param) {
	for _, p := range ps {
		for i := range p.Data {
			p.Data[i] = bound * (2*rng.Float64() - 1)
		}
	}
}

func (l *gated) params() []*nn.Param          { return []*nn.Param{l.wih, l.whh, l.bih, l.bhh} }
func (l *gated) outDim() int                  { return l.h }
func (l *gated) out() []float64               { return l.hs }
func (l *gated) dOut() []float64              { return l.dout }
func (l *gated) post([]float64, int, int)     {}
func (l *gated) postBack([]float64, int, int) {}

// packWhh packs W_hh for the steps' products.
func (l *gated) packWhh() {
	l.pkF.Pack(true, l.h, l.gates*l.h, l.whh.Data, l.h)
	l.pkB.Pack(false, l.gates*l.h, l.h, l.whh.Data, l.h)
}

// resize sizes the shared buffers for steps time steps of n sequences.
func (l *gated) resize(steps, n int) {
	l.d.set(steps, n)
	r, h, gh := l.d.rows, l.h, l.gates*l.h
	l.g = slices.Grow(l.g[:0], r*gh)[:r*gh]
	l.hs = slices.Grow(l.hs[:0], r*h)[:r*h]
	l.dout = slices.Grow(l.dout[:0], r*h)[:r*h]
	l.hp = slices.Grow(l.hp[:0], n*gh)[:n*gh]
	l.dh = slices.Grow(l.dh[:0], n*h)[:n*h]
	if len(l.zero) != h {
		l.zero = make([]float64, h)
	}
}

// biasSums returns the cleared scratch row for the column sums of g.
func (l *gated) biasSums() []float64 {
	l.scratchDB = slices.Grow(l.scratchDB[:0], l.gates*l.h)[:l.gates*l.h]
	clear(l.scratchDB)
	return l.scratchDB
}

// whhGrad adds W_hh's gradient: g's rows from step 1 on times the states they were computed
// from, one product over all rows.
func (l *gated) whhGrad() {
	gh, rows, n := l.gates*l.h, l.d.rows, l.d.n
	if rows > n {
		gemmTAcc(l.whh.Grad, gh, l.h, rows-n, l.g[n*gh:], gh, l.hs, l.h)
	}
}
