// Package benchmarks runs suites that train and evaluate several models (WARP, WARP-Phys, GRU,
// LSTM, LRU, under labels of the suite's choosing) on several datasets with several seeds, and
// writes what a person wants to see: tidy results (Arrow, Parquet), paper-style tables
// (Markdown, LaTeX), plots (PNG, SVG) and a README describing the run. Every finished cell
// keeps its trained model as a run folder like `warpkit train` writes (DIR/runs, see RunsDir).
//
// A suite is a YAML file (ParseSuite; the presets are embedded files under suites/) whose
// model entries are experiment run configurations. Budgets are epochs or optimiser steps, so
// results are the same on every machine and with any parallelism, or wall clock when a suite
// asks, which the outputs mark as machine-dependent. A suite can run in shards (Suite.Shard,
// RunOptions.Shard) into one shared folder or several, and Report merges the shards' cells
// into the outputs a single run writes.
package benchmarks
