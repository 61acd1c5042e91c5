package rnn

// The gate activations come from internal/fastexp a row at a time: σ(a) = 1/(1 + e^−a) and
// tanh(a) = 1 − 2/(1 + e^2a).

// GELU in the tanh form, x·½(1 + tanh(√(2/π)(x + 0.044715x³))), the default of JAX's
// jax.nn.gelu, which the LRU authors used. Since ½(1 + tanh(u)) = σ(2u), gelu(x) = x·σ(k(x))
// with k(x) = 2√(2/π)(x + 0.044715x³).

// geluK is k(x).
func geluK(x float64) float64 { return 2 * geluC * (x + 0.044715*x*x*x) }

// geluKPrime is k'(x).
func geluKPrime(x float64) float64 { return 2 * geluC * (1 + 3*0.044715*x*x) }

const geluC = 0.7978845608028654 // √(2/π)
