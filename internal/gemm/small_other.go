//go:build !amd64 || purego

package gemm

// smallTile is nil: the portable 4×4 kernel packs, and a scalar small path would not beat
// it, so products keep the packed route (smallTileGo is tested on its own).
var smallTile tileFunc
