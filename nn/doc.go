// Package nn is warpkit's small differentiable engine: float64 tensors, layers whose forward and
// backward passes are written out side by side, losses, optimisers, checkpoints, the training
// loop, and the baseline sequence models GRU, LSTM and LRU.
//
// nn knows nothing of WARP: package warp implements SequenceModel and registers itself here.
package nn
