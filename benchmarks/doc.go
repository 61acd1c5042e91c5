// Package benchmarks runs suites that train and evaluate several models (WARP, WARP-Phys, GRU,
// LSTM, LRU) on several datasets with several seeds under one budget, and writes what a person
// wants to see: tidy results (Arrow, Parquet), paper-style tables (Markdown, LaTeX), plots (PNG,
// SVG) and a README describing the run.
package benchmarks
