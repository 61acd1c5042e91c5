package warp

import "github.com/warpkit/warpkit/internal/gemm"

// dot is Σ x_i·y_i over len(x): gemm.Dot, vector fused multiply-adds in a fixed order.
func dot(x, y []float64) float64 { return gemm.Dot(x, y) }

// transposeInto returns w (rows × cols, row-major) transposed, reusing dst's storage.
func transposeInto(dst, w []float64, rows, cols int) []float64 {
	dst = grow(dst, rows*cols)
	for i := 0; i < rows; i++ {
		for j := 0; j < cols; j++ {
			dst[j*rows+i] = w[i*cols+j]
		}
	}
	return dst
}
