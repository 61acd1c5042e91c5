//go:build amd64 && !purego

package gemm

// smallTileAVX2 is smallTileGo in AVX2+FMA assembly: eight ymm accumulators, two loads of
// B and four broadcasts of A per k step.
//
//go:noescape
func smallTileAVX2(k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int)

// hasSmallTile reports whether the small path runs here.
var hasSmallTile = hasAVX2()

func smallTileAsm(k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int) {
	smallTileAVX2(k, a, lda, b, ldb, c, ldc)
}
