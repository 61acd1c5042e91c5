package gemm

import "slices"

// Transpose returns scale·wᵀ for w a rows × cols row-major matrix, in dst's storage when it
// is large enough: the layout a caller keeps for products that read W by columns (nn/rnn's
// fused input projections, WARP's Bᵀ). A scale of ±1 is exact.
func Transpose(dst, w []float64, rows, cols int, scale float64) []float64 {
	dst = slices.Grow(dst[:0], rows*cols)[:rows*cols]
	for i := 0; i < rows; i++ {
		for j := 0; j < cols; j++ {
			dst[j*rows+i] = scale * w[i*cols+j]
		}
	}
	return dst
}
