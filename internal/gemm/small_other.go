//go:build !amd64 || purego

package gemm

import "github.com/warpkit/warpkit/internal/cpu"

// Without assembly the small path is off: the portable 4×4 kernel packs, and a scalar small
// path would not beat it, so products keep the packed route (smallTileGo is tested on its
// own).
func smallTileFor(cpu.Kernel) bool { return false }

func smallTileAsm(k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int) {
	smallTileGo(k, a, lda, b, ldb, c, ldc)
}

func tileATBAsm(k int, a []float64, off *[4]int, lda int, b []float64, ldb int, mask *[8]int64, c []float64, ldc int) {
	tileATBGo(k, a, off, lda, b, ldb, mask, c, ldc)
}
