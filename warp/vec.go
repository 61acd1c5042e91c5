package warp

// dot is Σ x_i·y_i over len(x), in four interleaved partial sums so that consecutive
// multiply-adds do not wait on each other.
func dot(x, y []float64) float64 {
	y = y[:len(x)]
	var s0, s1, s2, s3 float64
	i := 0
	for ; i+4 <= len(x); i += 4 {
		s0 += x[i] * y[i]
		s1 += x[i+1] * y[i+1]
		s2 += x[i+2] * y[i+2]
		s3 += x[i+3] * y[i+3]
	}
	for ; i < len(x); i++ {
		s0 += x[i] * y[i]
	}
	return (s0 + s1) + (s2 + s3)
}

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
