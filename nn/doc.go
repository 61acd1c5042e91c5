// Package nn is warpkit's small differentiable engine: layers on row-major float64 slices whose
// forward and backward passes are written out side by side, losses, optimisers, checkpoints,
// the batch type Sequences with its validator, the SequenceModel interface and the training
// loop that drives any of them.
//
// nn knows no model: the baselines GRU, LSTM and LRU live in package nn/rnn and WARP in
// package warp; each implements SequenceModel and registers its kinds here (Register), so
// checkpoints load without nn importing them.
//
// The pieces, each in its own file:
//
//   - activations by name (ActivationByName) with derivatives; Linear and MLP layers on
//     row-major batches, with LinearForward/LinearBackward and MLPSpec for weights held in
//     plain slices (per-sample weights, as in WARP's root network). Every Backward adds into
//     its gradient slices, so a value used in several places collects all its gradients.
//   - losses MSE, MAE and GaussianNLL returning the mean and adding its gradient;
//   - Adam/AdamW honouring Param.LRScale, ClipGradNorm, and Schedule (constant, cosine with
//     warm-up, reduce-on-plateau);
//   - Sequences, a batch of N trajectories of T points in D channels, and CheckSequences, the
//     one validator of batches every model and command uses;
//   - safetensors files (WriteSafetensors, ReadSafetensors), SaveModel/LoadModel through the
//     model registry, and run-folder checkpoints;
//   - Fit, the training loop: seeded shuffling, clipping, validation by forecast MSE, best-model
//     keeping, a time budget, a NaN guard, Ctrl-C handling and bit-exact resumption;
//   - GradCheck, the finite-difference gradient check (two- or four-point) under the one
//     every model's tests run, nn/nntest.GradCheck;
//   - ForecastErrors and PersistenceErrors, the test metrics;
//   - ParallelFor and GradShards, for goroutines over a batch with results that do not depend
//     on the number of CPUs.
package nn
