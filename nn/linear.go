package nn

import (
	"fmt"
	"math/rand/v2"
)

// LinearForward computes y = x·Wᵀ + b for a batch: x is batch×in, w is out×in (the PyTorch
// layout), b has out entries or is nil, y is batch×out and is overwritten. The slices are plain
// so that per-sample weights (WARP's root network reads its weights from the state θ_t) use
// the same kernel as a layer with its own Param.
func LinearForward(y, x, w, b []float64, batch, in, out int) {
	checkLinear(x, w, b, y, batch, in, out)
	if batch*in*out <= smallProduct {
		for r := 0; r < batch; r++ {
			xr := x[r*in : (r+1)*in]
			for o := 0; o < out; o++ {
				wo := w[o*in : (o+1)*in]
				var s float64
				if b != nil {
					s = b[o]
				}
				for i, v := range xr {
					s += v * wo[i]
				}
				y[r*out+o] = s
			}
		}
		return
	}
	if b != nil {
		for r := 0; r < batch; r++ {
			copy(y[r*out:(r+1)*out], b)
		}
		dgemm(false, true, batch, out, in, 1, x, in, w, in, 1, y, out)
		return
	}
	dgemm(false, true, batch, out, in, 1, x, in, w, in, 0, y, out)
}

// LinearBackward adds the gradients of y = x·Wᵀ + b: dw += dyᵀ·x, db += Σ_rows dy,
// dx += dy·W. Any of dx, dw, db may be nil to skip it (an input that needs no gradient).
func LinearBackward(dx, dw, db, dy, x, w []float64, batch, in, out int) {
	if len(dy) != batch*out {
		panic(fmt.Sprintf("nn: linear backward: len(dy)=%d, want %d×%d", len(dy), batch, out))
	}
	if dw != nil && (len(dw) != out*in || len(x) != batch*in) {
		panic(fmt.Sprintf("nn: linear backward: len(dw)=%d len(x)=%d for batch %d, %d→%d", len(dw), len(x), batch, in, out))
	}
	if db != nil && len(db) != out {
		panic(fmt.Sprintf("nn: linear backward: len(db)=%d, want %d", len(db), out))
	}
	if dx != nil && (len(dx) != batch*in || len(w) != out*in) {
		panic(fmt.Sprintf("nn: linear backward: len(dx)=%d len(w)=%d for batch %d, %d→%d", len(dx), len(w), batch, in, out))
	}
	if db != nil {
		for r := 0; r < batch; r++ {
			row := dy[r*out : (r+1)*out]
			for j, v := range row {
				db[j] += v
			}
		}
	}
	if batch*in*out > smallProduct {
		if dw != nil {
			dgemm(true, false, out, in, batch, 1, dy, out, x, in, 1, dw, in)
		}
		if dx != nil {
			dgemm(false, false, batch, in, out, 1, dy, out, w, in, 1, dx, in)
		}
		return
	}
	// Small products share one pass over dy: each nonzero dy[r,o] adds dy[r,o]·x_r to row o
	// of dw and dy[r,o]·W_o to row r of dx (a ReLU's or a masked loss's zeros skip both).
	if dw == nil && dx == nil {
		return
	}
	for r := 0; r < batch; r++ {
		for o := 0; o < out; o++ {
			g := dy[r*out+o]
			if g == 0 {
				continue
			}
			if dw != nil {
				addScaled(dw[o*in:(o+1)*in], x[r*in:(r+1)*in], g)
			}
			if dx != nil {
				addScaled(dx[r*in:(r+1)*in], w[o*in:(o+1)*in], g)
			}
		}
	}
}

// addScaled adds g·src to dst.
func addScaled(dst, src []float64, g float64) {
	dst = dst[:len(src)]
	for i, v := range src {
		dst[i] += g * v
	}
}

// smallProduct is the size (batch·in·out) up to which plain loops beat the call and packing
// overhead of the blocked matrix product: per-sample root networks and single time steps. The
// choice depends only on the sizes, so results stay the same on every machine.
const smallProduct = 4096

func checkLinear(x, w, b, y []float64, batch, in, out int) {
	if len(x) != batch*in || len(w) != out*in || len(y) != batch*out || (b != nil && len(b) != out) {
		panic(fmt.Sprintf("nn: linear: lengths x=%d w=%d b=%d y=%d do not fit batch %d, %d→%d", len(x), len(w), len(b), len(y), batch, in, out))
	}
}

// Linear is a dense layer y = x·Wᵀ + b on a row-major batch×In input.
type Linear struct {
	In, Out int
	W       *Param // Out×In
	B       *Param // Out; nil for a layer without bias
}

// NewLinear makes a layer named name (parameters name.weight and name.bias), with weights from
// the scheme drawn from rng and a zero bias.
func NewLinear(name string, in, out int, bias bool, scheme Init, rng *rand.Rand) (*Linear, error) {
	if in <= 0 || out <= 0 {
		return nil, fmt.Errorf("nn: linear %s: sizes must be positive, got %d→%d", name, in, out)
	}
	l := &Linear{In: in, Out: out, W: NewParam(name+".weight", out, in)}
	if err := InitUniform(l.W.Data, in, out, scheme, rng); err != nil {
		return nil, fmt.Errorf("nn: linear %s: %w", name, err)
	}
	if bias {
		l.B = NewParam(name+".bias", out)
	}
	return l, nil
}

// Params lists the weight and, if present, the bias.
func (l *Linear) Params() []*Param {
	if l.B == nil {
		return []*Param{l.W}
	}
	return []*Param{l.W, l.B}
}

// Forward computes y = x·Wᵀ + b; the batch size is len(x)/In.
func (l *Linear) Forward(x, y []float64) {
	LinearForward(y, x, l.W.Data, l.bias(), len(x)/l.In, l.In, l.Out)
}

// Backward accumulates into W.Grad and B.Grad and adds ∂/∂x into dx (nil to skip), given the
// forward input x and the output gradient dy.
func (l *Linear) Backward(x, dy, dx []float64) {
	var db []float64
	if l.B != nil {
		db = l.B.Grad
	}
	LinearBackward(dx, l.W.Grad, db, dy, x, l.W.Data, len(x)/l.In, l.In, l.Out)
}

func (l *Linear) bias() []float64 {
	if l.B == nil {
		return nil
	}
	return l.B.Data
}
