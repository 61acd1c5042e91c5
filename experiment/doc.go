// Package experiment is warpkit's training workflow as a library: a typed run configuration
// read from YAML (RunConfig, with per-model defaults shipped in the binary), a dataset opened
// as normalised sequences with a validation split, a model built from the configuration,
// training through nn.Fit with keep-best weights and early stopping, run folders that record
// the complete configuration (config.yaml) and load back, and evaluation that splits the
// error between test trajectories inside and beyond the training split's parameter ranges.
//
// `warpkit train`, eval, forecast and weights, and the benchmark suites, are thin callers of
// this package, so a run and a benchmark cell with the same configuration train the same
// model.
package experiment
