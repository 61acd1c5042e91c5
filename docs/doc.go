// Package docs holds warpkit's prose documentation, which travels with the code:
// architecture.md (the data flow from a dataset spec to a benchmark report, the package
// boundaries and conventions, and how to add a system, a prior, a model or a file format) and
// warp.md (the WARP model, its training and stability, and what each option does). Measured
// figures live in benchmarks/RESULTS.md.
//
// The package has no code. Its tests keep the documentation honest: every relative link in
// the README and these documents must name a file in the repository, the README must not point
// outside it, and every Go package in the module must have a package comment, so that go doc
// has something to show for each.
package docs
