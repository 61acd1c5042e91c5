package gemm

// Axpy sets y[i] = alpha·x[i] + y[i] with one rounding (a fused multiply-add) for every
// i < len(y). It is the vector update the skinny path uses, exported for callers whose
// own loops are axpys over short rows (Go does not vectorise them). The assembly and pure
// Go builds give the same bits. Like a BLAS routine it panics when x is shorter than y.
func Axpy(alpha float64, x, y []float64) {
	if len(x) < len(y) {
		panic("gemm: Axpy: len(x) < len(y)")
	}
	axpy(alpha, x, y)
}
