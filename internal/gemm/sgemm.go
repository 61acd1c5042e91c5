package gemm

// Sgemm is Dgemm for float32 matrices, with the same arguments, semantics and panics.
// It runs on the float64 kernels: operands are widened while being packed, products and
// sums are formed in float64, and C is rounded to float32 once per block of 256 along k
// (once in all where k is cut into chunks). It is therefore at least as accurate as a
// float32 BLAS, and about as fast as Dgemm rather than twice as fast.
func Sgemm(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	if err := Check(transA, transB, m, n, k, a, lda, b, ldb, c, ldc); err != nil {
		panic(err.Error())
	}
	sgemm(active, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

func sgemm(kern *kernel, transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	if noProduct(m, n, k, alpha, beta, c, ldc) {
		return
	}
	j := newJob32(kern, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
	j.plan()
	j.run()
}
