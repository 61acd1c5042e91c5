package gemm

import "fmt"

// DgemmBatch computes C_i = alpha·op(A_i)·op(B_i) + beta·C_i for i = 0 … count-1, where
// A_i is the matrix of Dgemm's a argument starting at a[i*strideA] (likewise B_i and C_i).
// A stride of 0 shares one A or one B across the batch (one weight matrix applied to many
// inputs, say). Each C_i is bit for bit what Dgemm would return for that item. Small items
// are spread over Threads() goroutines; large ones run one after another, each in parallel.
//
// Like Dgemm it panics on inconsistent arguments; CheckBatch reports them as an error.
func DgemmBatch(transA, transB bool, m, n, k int, alpha float64, a []float64, lda, strideA int, b []float64, ldb, strideB int, beta float64, c []float64, ldc, strideC int, count int) {
	if err := CheckBatch(transA, transB, m, n, k, a, lda, strideA, b, ldb, strideB, c, ldc, strideC, count); err != nil {
		panic(err.Error())
	}
	dgemmBatch(active, transA, transB, m, n, k, alpha, a, lda, strideA, b, ldb, strideB, beta, c, ldc, strideC, count)
}

// CheckBatch reports whether the arguments of a DgemmBatch call are consistent: every
// item must satisfy Check, strides must be non-negative, and the C items must not overlap.
func CheckBatch(transA, transB bool, m, n, k int, a []float64, lda, strideA int, b []float64, ldb, strideB int, c []float64, ldc, strideC int, count int) error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("gemm: %s: %w", fmt.Sprintf(format, args...), ErrShape)
	}
	if count < 0 {
		return bad("negative count %d", count)
	}
	if strideA < 0 || strideB < 0 || strideC < 0 {
		return bad("negative stride strideA=%d strideB=%d strideC=%d", strideA, strideB, strideC)
	}
	if err := Check(transA, transB, m, n, k, a, lda, b, ldb, c, ldc); err != nil || count <= 1 || m == 0 || n == 0 {
		if count == 0 {
			return nil
		}
		return err
	}
	if need := (m-1)*ldc + n; strideC < need {
		return bad("strideC=%d < %d: items of C would overlap", strideC, need)
	}
	last := count - 1
	if len(a) < last*strideA || len(b) < last*strideB || len(c) < last*strideC {
		return bad("slices too short for %d items (len(a)=%d, len(b)=%d, len(c)=%d)", count, len(a), len(b), len(c))
	}
	if err := Check(transA, transB, m, n, k, a[last*strideA:], lda, b[last*strideB:], ldb, c[last*strideC:], ldc); err != nil {
		return fmt.Errorf("gemm: item %d of %d: %w", last, count, err)
	}
	return nil
}

func dgemmBatch(kern *kernel, transA, transB bool, m, n, k int, alpha float64, a []float64, lda, strideA int, b []float64, ldb, strideB int, beta float64, c []float64, ldc, strideC int, count int) {
	if m == 0 || n == 0 || count == 0 {
		return
	}
	mnk := float64(m) * float64(n) * float64(k) // float64: no overflow where int is 32 bits
	if alpha == 0 || k == 0 || mnk >= parallelMin || k >= kSplitMinK || isSkinny(m, transB) {
		// Items big enough to be cut up, cut along k or skinny go through Dgemm's own
		// planning, so that each result matches a lone Dgemm call exactly.
		for i := 0; i < count; i++ {
			dgemm(kern, transA, transB, m, n, k, alpha, a[i*strideA:], lda, b[i*strideB:], ldb, beta, c[i*strideC:], ldc)
		}
		return
	}
	j := newJob(kern, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
	j.mode = modeBatch
	j.count, j.strideA, j.strideB, j.strideC = count, strideA, strideB, strideC
	j.chunk = max(1, int(parallelMin/mnk)) // items per task: enough work to repay a hand-off
	j.tasks = ceilDiv(count, j.chunk)
	j.nt = 1
	if float64(count)*mnk >= parallelMin {
		j.nt = min(Threads(), j.tasks)
	}
	j.run()
}
