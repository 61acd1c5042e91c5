//go:build amd64 && !purego

package gemm

import "github.com/warpkit/warpkit/internal/cpu"

// smallTileAVX2 is smallTileGo in AVX2+FMA assembly: eight ymm accumulators, two loads of
// B and four broadcasts of A per k step.
//
//go:noescape
func smallTileAVX2(k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int)

func smallTileFor(isa cpu.Kernel) bool { return isa >= cpu.AVX2 }

func smallTileAsm(k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int) {
	smallTileAVX2(k, a, lda, b, ldb, c, ldc)
}

// tileATBAVX2 is tileATBGo in AVX2+FMA assembly (B read with masked loads).
//
//go:noescape
func tileATBAVX2(k int, a []float64, off *[4]int, lda int, b []float64, ldb int, mask *[8]int64, c []float64, ldc int)

func tileATBAsm(k int, a []float64, off *[4]int, lda int, b []float64, ldb int, mask *[8]int64, c []float64, ldc int) {
	tileATBAVX2(k, a, off, lda, b, ldb, mask, c, ldc)
}
