package rnn

import "github.com/warpkit/warpkit/nn"

// layer is one recurrent layer split into the parts that differ in how they can be batched:
// pre and post are independent across time (one matrix product over all rows when the inputs
// are known up front), step is the recurrence itself and runs one time step of the whole
// batch: a matrix product over all N sequences, whose parallel tasks each run the
// elementwise gate math of the rows they have just computed (GRU, LSTM; the LRU's diagonal
// recurrence is elementwise only, in chunks of sequences on parallel goroutines), and
// prepare packs the recurrent weights once for all steps. Buffers hold rows in
// time-major order, row t·N + n; in is the layer's input buffer (rows × inDim) and must stay
// untouched between forward and backward.
//
// Backward mirrors forward: the caller writes ∂loss/∂out into dOut, then postBack, stepBack
// (in reverse time) and preBack propagate it to the input. Parameter gradients are
// accumulated afterwards by grads, as products over all rows.
type layer interface {
	params() []*nn.Param
	outDim() int
	// prepare derives per-call constants from the parameters (the LRU's λ and γ, the
	// packed W_hh of the GRU and the LSTM).
	prepare()
	// resize makes room for steps time steps of n sequences.
	resize(steps, n int)
	pre(in []float64, r0, r1 int)
	step(t int)
	post(in []float64, r0, r1 int)
	out() []float64
	dOut() []float64
	postBack(in []float64, r0, r1 int)
	// stepBack starts from a zero carry at the last step.
	stepBack(t int)
	// preBack sets rows [r0, r1) of dIn to beta·dIn + ∂loss/∂in.
	preBack(dIn []float64, beta float64, r0, r1 int)
	grads(in []float64)
}

// dims records the shape every layer's buffers were sized for.
type dims struct {
	steps, n, rows int
}

func (d *dims) set(steps, n int) { d.steps, d.n, d.rows = steps, n, steps*n }

// prev returns buf's rows (w values each) of sequences [n0, n0+m) at step t−1: the state
// their step t starts from. It is nil at t = 0, where that state is zero.
func (d *dims) prev(buf []float64, t, n0, m, w int) []float64 {
	if t == 0 {
		return nil
	}
	p0 := (t-1)*d.n + n0
	return buf[p0*w : (p0+m)*w]
}
