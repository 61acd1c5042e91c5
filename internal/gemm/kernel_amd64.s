//go:build amd64 && !purego

#include "textflag.h"
#include "kernel_amd64.h"

// One k step of the 6×8 kernel: SI walks packed A (6 per step), DI packed B (8 per step).
// B's row goes to Y12, Y13; then each pair of tile rows takes its two values of A.
#define STEP6x8(aoff, boff) \
	VMOVUPD boff(DI), Y12    \
	VMOVUPD boff+32(DI), Y13 \
	ROWS2x8(aoff, Y0, Y1, Y2, Y3)    \
	ROWS2x8(aoff+16, Y4, Y5, Y6, Y7) \
	ROWS2x8(aoff+32, Y8, Y9, Y10, Y11)

// ROWS2x8 adds to two tile rows, (r0, r1) and (r2, r3), B's row (Y12, Y13) times the values
// of A at aoff(SI) and aoff+8(SI), broadcast in Y14 and Y15.
#define ROWS2x8(aoff, r0, r1, r2, r3) \
	VBROADCASTSD aoff(SI), Y14   \
	VBROADCASTSD aoff+8(SI), Y15 \
	VFMADD231PD  Y12, Y14, r0    \
	VFMADD231PD  Y13, Y14, r1    \
	VFMADD231PD  Y12, Y15, r2    \
	VFMADD231PD  Y13, Y15, r3

// TILE invokes M(r0, r1, s, 32) on the six rows of the 6×8 tile, Y0–Y11 (see kernel_amd64.h).
#define TILE(M, s) \
	M(Y0, Y1, s, 32)   \
	M(Y2, Y3, s, 32)   \
	M(Y4, Y5, s, 32)   \
	M(Y6, Y7, s, 32)   \
	M(Y8, Y9, s, 32)   \
	M(Y10, Y11, s, 32)

// PREFETCH_ROW touches a row of C (eight values) at its first and last value: both of its
// cache lines when it straddles two.
#define PREFETCH_ROW \
	PREFETCHT0 (R9) \
	PREFETCHT0 56(R9)

// func kernelAVX2(k int, a, b, c []float64, ldc int, alpha, beta float64)
TEXT ·kernelAVX2(SB), NOSPLIT, $0-104
	KERNEL_ARGS
	MOVQ DX, R9
	PREFETCH6(PREFETCH_ROW)
	TILE(ROWZERO, VXORPD)
	KERNEL_LOOP(STEP6x8, 48, 64)
	KERNEL_STORE(TILE, Y14, Y15)
