// Package rnn holds warpkit's baseline sequence models: GRU and LSTM (PyTorch's formulations,
// stackable) and the LRU (Orvieto et al. 2023, a diagonal complex linear recurrence with
// exponential parameterisation and γ normalisation, stacked with GELU and GLU between layers).
//
// Each model implements nn.SequenceModel and registers itself in nn's registry as "gru", "lstm"
// or "lru". A model standardises its inputs with the training split's mean and standard
// deviation (when given), runs its recurrent layers and predicts x_{t+1} with a linear readout,
// directly or residually, x̂_{t+1} = x_t + Δ (DefaultResidual says which forecast better).
// Losses are computed on the standardised scale.
//
// The forward and backward passes of each cell are written out side by side. Rows of every
// buffer are time-major (row t·N + n holds sequence n at step t), so one time step of the
// batch is a contiguous block and every time-independent product (input projections, weight
// gradients) is one matrix product over all N·T rows. A step is one product over the batch
// (internal/gemm spreads it over threads) and elementwise gate math in fixed chunks of
// sequences on parallel goroutines; reductions over rows add fixed blocks in a fixed order,
// so results are bit-identical for any number of goroutines.
//
// A model reuses its buffers between calls and is not safe for concurrent use.
package rnn
