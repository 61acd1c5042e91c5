// Package gemm is a fast float64 general matrix multiply (C = alpha·op(A)·op(B) + beta·C)
// for row-major matrices, with the semantics of gonum's blas64 Dgemm.
//
// The design follows BLIS: op(B) is packed into kc×nc blocks of nr-wide micro-panels,
// op(A) into mc×kc blocks of mr-tall micro-panels, and a register-blocked micro-kernel
// (AVX2+FMA or AVX-512 assembly on amd64, plain Go elsewhere or with the purego build tag)
// multiplies one micro-panel pair into an mr×nr tile of C. Large products split the rows of
// C over Threads() goroutines that share the packed B block.
package gemm
