//go:build amd64 && !purego

#include "textflag.h"
#include "tile4x8_amd64.h"

// ROWADD adds the accumulators r0, r1 to the row of C at DX and stores it.
#define ROWADD(r0, r1) \
	VADDPD  (DX), r0, r0   \
	VADDPD  32(DX), r1, r1 \
	VMOVUPD r0, (DX)       \
	VMOVUPD r1, 32(DX)

// LOAD_ATB loads B's row through the mask (Y14, Y15) and broadcasts A's values at the four
// offsets (R10–R13, in values).
#define LOAD_ATB \
	VMASKMOVPD   (DI), Y14, Y8        \
	VMASKMOVPD   32(DI), Y15, Y9      \
	VBROADCASTSD (SI)(R10*8), Y10     \
	VBROADCASTSD (SI)(R11*8), Y11     \
	VBROADCASTSD (SI)(R12*8), Y12     \
	VBROADCASTSD (SI)(R13*8), Y13

// func tileATBAVX2(k int, a []float64, off *[4]int, lda int, b []float64, ldb int, mask *[8]int64, c []float64, ldc int)
// acc(r, q) = Σ_p a[p·lda + off[r]]·b[p·ldb + q] for r < 4, q < 8, one fused multiply-add
// per p from zero, in p order; then c(r, q) += acc(r, q). B is read through mask (lanes
// whose mask is zero read nothing and give zero).
TEXT ·tileATBAVX2(SB), NOSPLIT, $0-120
	MOVQ k+0(FP), CX
	MOVQ a_base+8(FP), SI
	MOVQ off+32(FP), AX
	MOVQ 0(AX), R10
	MOVQ 8(AX), R11
	MOVQ 16(AX), R12
	MOVQ 24(AX), R13
	MOVQ lda+40(FP), R9
	SHLQ $3, R9
	MOVQ b_base+48(FP), DI
	MOVQ ldb+72(FP), R8
	SHLQ $3, R8
	MOVQ mask+80(FP), AX
	VMOVDQU 0(AX), Y14
	VMOVDQU 32(AX), Y15
	MOVQ c_base+88(FP), DX
	MOVQ ldc+112(FP), BX
	SHLQ $3, BX

	TILE4x8_KLOOP(LOAD_ATB, R9, R8)

	ROWADD(Y0, Y1)
	ADDQ    BX, DX
	ROWADD(Y2, Y3)
	ADDQ    BX, DX
	ROWADD(Y4, Y5)
	ADDQ    BX, DX
	ROWADD(Y6, Y7)
	VZEROUPPER
	RET
