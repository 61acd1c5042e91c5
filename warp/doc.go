// Package warp implements WARP, the weight-space linear recurrent network (Nzoyem et al.,
// arXiv 2506.01153), as an nn.SequenceModel registered under the kinds "warp" and "warp-phys".
//
// The hidden state θ_t ∈ R^D is the flattened weights and biases of a small MLP, the root
// network. It evolves linearly, driven by differences of the inputs,
//
//	θ_0 = φ(x_0),   θ_t = A θ_{t−1} + B Δx_t,   Δx_t = x_t − x_{t−1},
//
// and the prediction of x_{t+1} is the root network θ_t evaluated at the next normalised time
// τ_{t+1} (optionally with the previous observation as a second input). A is dense, diagonal or
// identity plus rank r; φ is a hypernetwork or a free vector. With a physics prior (WARP-Phys)
// the root network outputs the raw parameters of a known system instead of the state and the
// prediction is one integrator step of that system from the previous state.
//
// # Gradient-free adaptation
//
// The point of the model: at test time no optimiser runs, yet the root network changes with
// every observation it is fed, because the recurrence writes the observed increments Δx_t into
// its weights through B and carries them forward through A. Feeding a context of an unseen
// trajectory (Forecast with context > 1, or Weights) therefore moves θ away from θ_0 towards a
// network that fits that trajectory; the weight trajectory θ_t is itself an output worth
// plotting (Weights, WriteWeightsArrow).
//
// # Stability and memory
//
// In autoregressive mode a prediction error is fed back through B into θ, which changes the
// next prediction; the root network's output is bilinear in θ, so without a bound the loop can
// grow faster than exponentially and training ends in NaN within a few epochs even while A's
// spectral radius stays close to 1 (see benchmarks/RESULTS.md). Plain WARP therefore bounds its standardised outputs
// by default (Config.Squash softclip). With A = I, θ_t − θ_0 = B (x_t − x_0) remembers only the
// current state; Config.AInit starts A as a bank of decaying filters (spread) or damped
// resonators (rotations) so θ_t holds a summary of the history, which is what a physics prior
// needs to identify a system's parameters from a context.
//
// # Computation
//
// The nonlinearity lives only in the decoder, so in teacher-forced training every θ_t is a
// linear function of the data, computed by a sequential scan or by a parallel prefix scan over
// powers of A obtained by repeated squaring (Config.ParallelScan). Autoregressive training
// feeds back the model's own predictions and backpropagates through them in full. The matrix
// work is arranged as one (N×D)·(D×D) product per step forward and backward, and the gradient
// of A as one product over all steps stacked. The two passes sit side by side, forward.go and
// backward.go; loss.go runs them with the loss between.
package warp
