package rnn

import (
	fastgemm "github.com/warpkit/warpkit/internal/gemm"
)

// Products that reduce over all N·T rows with one tiny side (the first layer's D inputs, the
// readout's D outputs) are memory-bound: a GEMM would spend its time packing the long side.
// outerSum reads each row once instead, in fixed blocks of rows on parallel goroutines, and
// adds the blocks' partial sums in block order so the bits do not depend on the goroutines.

const reduceBlock = 2048

// smallSide is the largest short side for which outerSum beats a GEMM.
const smallSide = 4

// outerSum adds Σ_r g_r ⊗ x_r to dw (m × n, row-major) and, when db is not nil, Σ_r g_r to
// db (m), over rows r of g (stride ldg, m used) and x (stride ldx, n used). Each block's
// partial sums are built by vector axpys along the long side: with few inputs (n small) the
// columns of dw, held transposed in the block's buffer; otherwise its rows.
func outerSum(dw, db []float64, g []float64, ldg, m int, x []float64, ldx, n, rows int) {
	nb := (rows + reduceBlock - 1) / reduceBlock
	size := m*n + m
	cols := n <= smallSide
	part := make([]float64, nb*size)
	forBlocks(nb, func(b int) {
		p := part[b*size : (b+1)*size]
		pw, pb := p[:m*n], p[m*n:]
		for r := b * reduceBlock; r < min((b+1)*reduceBlock, rows); r++ {
			gr, xr := g[r*ldg:r*ldg+m], x[r*ldx:r*ldx+n]
			if cols {
				for k, xv := range xr {
					fastgemm.Axpy(xv, gr, pw[k*m:(k+1)*m])
				}
				fastgemm.Axpy(1, gr, pb) // an exact add
				continue
			}
			for j, v := range gr {
				fastgemm.Axpy(v, xr, pw[j*n:(j+1)*n])
				pb[j] += v
			}
		}
	})
	// Blocks are summed from zero in block order, then added, so accumulating over calls
	// adds the same numbers whatever dw and db held.
	total := part[:size]
	for b := 1; b < nb; b++ {
		for i, v := range part[b*size : (b+1)*size] {
			total[i] += v
		}
	}
	if cols {
		for j := 0; j < m; j++ {
			for k := 0; k < n; k++ {
				dw[j*n+k] += total[k*m+j]
			}
		}
	} else {
		for i, v := range total[:m*n] {
			dw[i] += v
		}
	}
	if db != nil {
		for i, v := range total[m*n:] {
			db[i] += v
		}
	}
}

// gradAtB adds op(g)ᵀ·x to dw (m × n) and the column sums of g to db (when not nil), over
// rows of g (rows × m, stride ldg) and x (rows × n, stride ldx).
func gradAtB(dw, db []float64, g []float64, ldg, m int, x []float64, ldx, n, rows int) {
	if m <= smallSide || n <= smallSide {
		outerSum(dw, db, g, ldg, m, x, ldx, n, rows)
		return
	}
	gemmTAcc(dw, m, n, rows, g, ldg, x, ldx)
	if db != nil {
		colSum(db, g, rows, ldg)
	}
}

// projectRow sets row to b + W·x for x with few inputs. wT is W transposed (len(x) ×
// len(b)), so that each input's weights are one contiguous column. A GEMM of so thin an
// inner dimension would spend its time packing and re-reading the rows; the step writes
// each row here instead, while it is in cache.
func projectRow(row, wT, b, x []float64) {
	copy(row, b)
	for k, xv := range x {
		fastgemm.Axpy(xv, wT[k*len(b):(k+1)*len(b)], row)
	}
}

// gemmTAcc adds gᵀ·x (g: rows × m, x: rows × n) to dw (m × n, dense). The product is formed
// from zero and then added, so accumulating gradients over calls adds exactly each call's
// gradient (a product that accumulates into dw would round differently with what dw held).
func gemmTAcc(dw []float64, m, n, rows int, g []float64, ldg int, x []float64, ldx int) {
	tmp := make([]float64, m*n)
	gemm(true, false, m, n, rows, 1, g, ldg, x, ldx, 0, tmp, n)
	for i, v := range tmp {
		dw[i] += v
	}
}
