package rnn

import (
	"runtime"
	"sync"
	"sync/atomic"

	fastgemm "github.com/warpkit/warpkit/internal/gemm"
)

// gemm is the one place the package calls a matrix product, so the implementation can be
// swapped in one line. Row-major, C = alpha·op(A)·op(B) + beta·C, as in BLAS.
func gemm(transA, transB bool, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	fastgemm.Dgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// chunkRows is how many sequences one goroutine takes at a time in elementwise work.
const chunkRows = 32

// numChunks is the number of sequence chunks a batch of n sequences splits into.
func numChunks(n int) int { return (n + chunkRows - 1) / chunkRows }

// chunkSpan is the range of sequences [n0, n1) of chunk c.
func chunkSpan(c, n int) (n0, n1 int) {
	n0 = c * chunkRows
	return n0, min(n0+chunkRows, n)
}

// forChunks runs f on every chunk [n0, n1) of a batch of n sequences, on up to GOMAXPROCS
// goroutines. Each chunk touches only its own rows, so neither the order nor the number of
// goroutines changes a bit of the result.
func forChunks(n int, f func(n0, n1 int)) {
	nc := numChunks(n)
	workers := min(runtime.GOMAXPROCS(0), nc)
	if workers <= 1 {
		for c := 0; c < nc; c++ {
			n0, n1 := chunkSpan(c, n)
			f(n0, n1)
		}
		return
	}
	var next atomic.Int64
	work := func() {
		for {
			c := int(next.Add(1)) - 1
			if c >= nc {
				return
			}
			n0, n1 := chunkSpan(c, n)
			f(n0, n1)
		}
	}
	var wg sync.WaitGroup
	for w := 1; w < workers; w++ { // the caller is worker 0
		wg.Add(1)
		go func() {
			defer wg.Done()
			work()
		}()
	}
	work()
	wg.Wait()
}

// grow returns s resized to n elements, reusing its storage when large enough. The contents
// are unspecified.
func grow(s []float64, n int) []float64 {
	if cap(s) >= n {
		return s[:n]
	}
	return make([]float64, n)
}

// addBias adds b to each of the m rows (stride ld) of c.
func addBias(c []float64, m, ld int, b []float64) {
	for i := 0; i < m; i++ {
		row := c[i*ld : i*ld+len(b)]
		for j, v := range b {
			row[j] += v
		}
	}
}

// setBias sets each of the m rows (stride ld) of c to b.
func setBias(c []float64, m, ld int, b []float64) {
	for i := 0; i < m; i++ {
		copy(c[i*ld:i*ld+len(b)], b)
	}
}

// colSum adds the column sums of the m×len(g) matrix a (stride lda) to g.
func colSum(g []float64, a []float64, m, lda int) {
	for i := 0; i < m; i++ {
		row := a[i*lda : i*lda+len(g)]
		for j, v := range row {
			g[j] += v
		}
	}
}

// forBlocks runs f(b) for b in [0, nb) on up to GOMAXPROCS goroutines.
func forBlocks(nb int, f func(b int)) {
	workers := min(runtime.GOMAXPROCS(0), nb)
	if workers <= 1 {
		for b := 0; b < nb; b++ {
			f(b)
		}
		return
	}
	var next atomic.Int64
	work := func() {
		for {
			b := int(next.Add(1)) - 1
			if b >= nb {
				return
			}
			f(b)
		}
	}
	var wg sync.WaitGroup
	for w := 1; w < workers; w++ { // the caller is worker 0
		wg.Add(1)
		go func() {
			defer wg.Done()
			work()
		}()
	}
	work()
	wg.Wait()
}

// rowBlock is how many rows forRows hands to a goroutine at a time.
const rowBlock = 64

// forRows runs f on consecutive blocks [a, b) covering rows [r0, r1), on parallel goroutines.
// Blocks touch disjoint rows, so the result does not depend on the goroutines.
func forRows(r0, r1 int, f func(a, b int)) {
	nb := (r1 - r0 + rowBlock - 1) / rowBlock
	forBlocks(nb, func(i int) { f(r0+i*rowBlock, min(r0+(i+1)*rowBlock, r1)) })
}
