// Package gemm is a fast float64 general matrix multiply, C = alpha·op(A)·op(B) + beta·C,
// for row-major matrices, with the semantics of gonum's blas64 Dgemm.
//
// Dgemm is the entry point; DgemmBatch runs many products of one shape (with strided or
// shared operands); Sgemm takes float32 matrices and computes in float64; Implementation
// plugs Dgemm and Sgemm into gonum, so that blas64.Use(gemm.Implementation{}) speeds up
// gonum/mat too. Check and CheckBatch report inconsistent arguments as errors for callers
// that must not panic. For a B that many products share (a recurrent weight matrix over
// the steps of a sequence), PackedB packs it once and DgemmPacked reuses it;
// DgemmPackedRows also runs the caller's elementwise work on each span of rows inside the
// product's parallel tasks; for op(B) at most 64×64 both multiply unpacked rows of A by a
// plain copy of op(B) when the product is small enough for one thread. AddATB adds Aᵀ·B of
// two tall operands to a small C (a recurrent matrix's gradient over every step) without
// packing them. Axpy (the skinny path's vector update) and Dot are there for callers whose
// own loops are short vector operations.
//
// The design follows BLIS: op(B) is packed into kc-deep blocks of nr-wide micro-panels,
// op(A) into mc×kc blocks of mr-tall micro-panels, and a register-blocked micro-kernel
// multiplies one micro-panel pair into an mr×nr tile of C. On amd64 the kernel is
// assembly, chosen at init by internal/cpu: 12×16 with AVX-512F where the cores have
// full-width 512-bit FMA units, otherwise (including AMD before Zen 5, whose cores split
// 512-bit FMAs in two) 6×8 with AVX2+FMA. Other architectures, builds with the purego tag
// and processes started with WARPKIT_KERNEL=go use a 4×4 kernel in plain Go (and no
// assembly for Dot, Axpy and the small path either); WARPKIT_KERNEL=avx2 or avx512 forces
// those kernels where the CPU has them. Products of one or two rows by an untransposed B skip the
// packing and run as fused axpy updates.
//
// Large products are cut into tasks (row blocks sharing one packed copy of op(B), column
// blocks, or, for a long k and a small C, k chunks summed in a fixed order) that the
// caller and Threads() - 1 long-lived workers take from a shared counter. Packing memory
// is pooled: steady-state calls do not allocate.
//
// Results are reproducible to the bit. How a product is cut depends only on its shape,
// never on the thread count; and every kernel performs, for each element of C, the same
// fused multiply-adds in the same order with the same k blocks and epilogue, so the
// AVX-512, AVX2 and pure Go builds return the same bytes.
package gemm
