//go:build amd64 && !purego

package gemm

// smallTileAVX2 is smallTileGo in AVX2+FMA assembly: eight ymm accumulators, two loads of
// B and four broadcasts of A per k step.
//
//go:noescape
func smallTileAVX2(k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int)

// smallTile is the small path's tile, or nil where it would not beat the packed kernel.
var smallTile = bestSmallTile()

func bestSmallTile() tileFunc {
	if hasAVX2() {
		return smallTileAVX2
	}
	return nil
}
