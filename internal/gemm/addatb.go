package gemm

import (
	"fmt"
	"math"
)

// A recurrent matrix's gradient is Σ over every step and sequence of an outer product,
// C += Aᵀ·B with A and B tall (k rows: steps × sequences) and C small (WARP's dense A at
// D = 43: k = 8160). Dgemm packs both tall operands first, and that copy cost as much as
// the multiply; AddATB reads them in place, four columns of A by eight of B at a time.

// addATBChunk is how many rows AddATB sums in one chain of fused multiply-adds before it
// adds the chain to C. It is fixed, so the bits depend on the shape only.
const addATBChunk = 128

// AddATB adds Aᵀ·B to C: C (m×n, leading dimension ldc) gets Σ_p A[p,:]ᵀ B[p,:] over the k
// rows of A (k×m, lda) and B (k×n, ldb), as Dgemm(true, false, m, n, k, 1, a, lda, b, ldb,
// 1, c, ldc) would up to rounding. For m, n ≤ 64 it packs nothing: element (i, j) is summed
// in chunks of 256 rows, each chunk one chain of fused multiply-adds from zero added to C
// in row order, the same bits in every build; larger products go to Dgemm. It runs on the
// calling goroutine. Like Dgemm it panics on inconsistent arguments; CheckAddATB reports
// them as an error.
func AddATB(m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int) {
	if err := CheckAddATB(m, n, k, a, lda, b, ldb, c, ldc); err != nil {
		panic(err.Error())
	}
	if m == 0 || n == 0 || k == 0 {
		return
	}
	if m > smallMax || n > smallMax {
		Dgemm(true, false, m, n, k, 1, a, lda, b, ldb, 1, c, ldc)
		return
	}
	addATB(!hasSmallTile, m, n, k, a, lda, b, ldb, c, ldc)
}

// addATB is AddATB for m, n ≤ smallMax with tileATBAsm or, when goTile, tileATBGo. The
// tiles work on a copy of C padded to whole tiles; rows of A past m read row m−1 again and
// columns of B past n are masked off, so nothing outside the operands is read.
func addATB(goTile bool, m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int) {
	mp, np := roundUp(m, 4), roundUp(n, 8)
	buf := getBuf(mp * np)
	defer bufPool.Put(buf)
	cs := *buf
	clear(cs)
	for i := 0; i < m; i++ {
		copy(cs[i*np:i*np+n], c[i*ldc:i*ldc+n])
	}
	var masks [smallMax / 8][8]int64
	for j := range masks {
		for q := range masks[j] {
			if j*8+q < n {
				masks[j][q] = -1
			}
		}
	}
	var off [4]int
	for p0 := 0; p0 < k; p0 += addATBChunk {
		kc := min(addATBChunk, k-p0)
		ap, bp := a[p0*lda:], b[p0*ldb:]
		for i := 0; i < m; i += 4 {
			for r := range off {
				off[r] = min(i+r, m-1)
			}
			for j := 0; j < n; j += 8 {
				tileATB(goTile, kc, ap, &off, lda, bp[j:], ldb, &masks[j/8], cs[i*np+j:], np)
			}
		}
	}
	for i := 0; i < m; i++ {
		copy(c[i*ldc:i*ldc+n], cs[i*np:i*np+n])
	}
}

func tileATB(goTile bool, k int, a []float64, off *[4]int, lda int, b []float64, ldb int, mask *[8]int64, c []float64, ldc int) {
	if goTile {
		tileATBGo(k, a, off, lda, b, ldb, mask, c, ldc)
		return
	}
	tileATBAsm(k, a, off, lda, b, ldb, mask, c, ldc)
}

// tileATBGo adds to the 4×8 tile of c the chain Σ_p a[p·lda + off[r]]·b[p·ldb + q] (fused,
// from zero, in p order) for every unmasked q, as the assembly does.
func tileATBGo(k int, a []float64, off *[4]int, lda int, b []float64, ldb int, mask *[8]int64, c []float64, ldc int) {
	for r := 0; r < 4; r++ {
		for q := 0; q < 8; q++ {
			if mask[q] == 0 {
				continue
			}
			var s float64
			for p := 0; p < k; p++ {
				s = math.FMA(a[p*lda+off[r]], b[p*ldb+q], s)
			}
			c[r*ldc+q] += s
		}
	}
}

// CheckAddATB reports whether the arguments of an AddATB call are consistent.
func CheckAddATB(m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int) error {
	if err := Check(true, false, m, n, k, a, lda, b, ldb, c, ldc); err != nil {
		return fmt.Errorf("gemm: AddATB: %w", err)
	}
	return nil
}
