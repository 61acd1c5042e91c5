//go:build amd64 && !purego

#include "textflag.h"
#include "tile4x8_amd64.h"

// LOAD_SMALL loads B's row and broadcasts A's column: its values at SI, SI + lda, SI + 2·lda
// and SI + 3·lda (R9 holds lda in bytes, R10 three times that).
#define LOAD_SMALL \
	VMOVUPD      (DI), Y8           \
	VMOVUPD      32(DI), Y9         \
	VBROADCASTSD (SI), Y10          \
	VBROADCASTSD (SI)(R9*1), Y11    \
	VBROADCASTSD (SI)(R9*2), Y12    \
	VBROADCASTSD (SI)(R10*1), Y13

// func smallTileAVX2(k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int)
// A 4×8 tile of C = A·B from unpacked row-major A (4 rows, stride lda) and B (k rows of at
// least 8 values, stride ldb): each element one fused multiply-add per k step from zero, in
// k order, as the packed kernels do, then stored (alpha 1, beta 0).
TEXT ·smallTileAVX2(SB), NOSPLIT, $0-104
	MOVQ k+0(FP), CX
	MOVQ a_base+8(FP), SI
	MOVQ lda+32(FP), R9
	SHLQ $3, R9
	LEAQ (R9)(R9*2), R10
	MOVQ b_base+40(FP), DI
	MOVQ ldb+64(FP), R11
	SHLQ $3, R11
	MOVQ c_base+72(FP), DX
	MOVQ ldc+96(FP), R8
	SHLQ $3, R8

	TILE4x8_KLOOP(LOAD_SMALL, $8, R11)

	VMOVUPD Y0, (DX)
	VMOVUPD Y1, 32(DX)
	ADDQ    R8, DX
	VMOVUPD Y2, (DX)
	VMOVUPD Y3, 32(DX)
	ADDQ    R8, DX
	VMOVUPD Y4, (DX)
	VMOVUPD Y5, 32(DX)
	ADDQ    R8, DX
	VMOVUPD Y6, (DX)
	VMOVUPD Y7, 32(DX)
	VZEROUPPER
	RET
