package gemm

import (
	"math"
	"slices"
)

// A product whose op(B) is at most smallMax×smallMax (a small recurrent matrix: WARP's
// dense A at D = 43) and whose m·n·k runs on one thread anyway spends as long packing op(A)
// and multiplying padding as multiplying: C = 32×43 from 6×8 tiles is 36×48. The small path
// multiplies unpacked rows of A by a plain row-major copy of op(B) that PackedB keeps next
// to its packed one. Each element of C is the same chain of fused multiply-adds from zero,
// in k order, as in the packed kernels (k ≤ smallMax < kc, so there is one k block), so
// with alpha = 1 and beta = 0 (no epilogue arithmetic) both paths give the same bits.

// smallMax bounds k and n for the small path: op(B) and a 4-row strip of A stay in L1.
const smallMax = 64

// useSmall reports whether a DgemmPacked-style product goes down the small path.
func (p *PackedB) useSmall(m int, alpha, beta float64) bool {
	return hasSmallTile && p.plain != nil && alpha == 1 && beta == 0 &&
		float64(m)*float64(p.n)*float64(p.k) < parallelMin
}

// packPlain keeps op(B) row-major with its rows padded with zeros to a multiple of 8, or
// nothing when the small path cannot use it.
func (p *PackedB) packPlain(transB bool, k, n int, b []float64, ldb int) {
	if !hasSmallTile || k > smallMax || n > smallMax || k == 0 || n == 0 {
		p.plain = nil
		return
	}
	p.ldp = roundUp(n, 8)
	p.plain = slices.Grow(p.plainBuf[:0], k*p.ldp)[:k*p.ldp]
	p.plainBuf = p.plain
	clear(p.plain)
	for i := 0; i < k; i++ {
		row := p.plain[i*p.ldp : i*p.ldp+n]
		if transB {
			for j := range row {
				row[j] = b[j*ldb+i]
			}
		} else {
			copy(row, b[i*ldb:i*ldb+n])
		}
	}
}

// smallRows computes C = A·B (m×n, k ≤ smallMax) in 4×8 tiles, with smallTileAsm or, when
// goTile, smallTileGo (called directly, not through a func value, so that the scratch
// arrays stay on the stack); B is k×n with its rows readable to a multiple of 8 columns.
// Edge tiles go through copies so that a tile never reads or writes outside the operands.
func smallRows(goTile bool, m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int) {
	var abuf [4 * smallMax]float64
	var cbuf [4 * 8]float64
	for i := 0; i < m; i += 4 {
		rows := min(4, m-i)
		ai, ldai := a[i*lda:], lda
		if rows < 4 {
			clear(abuf[:4*k])
			for r := 0; r < rows; r++ {
				copy(abuf[r*k:r*k+k], a[(i+r)*lda:])
			}
			ai, ldai = abuf[:], k
		}
		for j := 0; j < n; j += 8 {
			cols := min(8, n-j)
			if rows == 4 && cols == 8 {
				smallTile(goTile, k, ai, ldai, b[j:], ldb, c[i*ldc+j:], ldc)
				continue
			}
			smallTile(goTile, k, ai, ldai, b[j:], ldb, cbuf[:], 8)
			for r := 0; r < rows; r++ {
				copy(c[(i+r)*ldc+j:(i+r)*ldc+j+cols], cbuf[r*8:r*8+cols])
			}
		}
	}
}

// smallTile writes the 4×8 tile C = A·B for row-major A (4 rows, stride lda, k columns)
// and B (k rows, stride ldb, 8 readable columns).
func smallTile(goTile bool, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int) {
	if goTile {
		smallTileGo(k, a, lda, b, ldb, c, ldc)
		return
	}
	smallTileAsm(k, a, lda, b, ldb, c, ldc)
}

// smallTileGo is the small path's tile in plain Go, with the assembly's arithmetic; the
// tests run smallRows with it so that the edge logic is checked in every build.
func smallTileGo(k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int) {
	for r := 0; r < 4; r++ {
		for q := 0; q < 8; q++ {
			var s float64
			for p := 0; p < k; p++ {
				s = math.FMA(a[r*lda+p], b[p*ldb+q], s)
			}
			c[r*ldc+q] = s
		}
	}
}
