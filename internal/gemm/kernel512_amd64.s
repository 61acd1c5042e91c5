//go:build amd64 && !purego

#include "textflag.h"
#include "kernel_amd64.h"

// One k step of the 12×16 kernel: SI walks packed A (12 per step), DI packed B (16 per
// step). Four broadcast registers rotate so that loads run ahead of the FMAs using them.
#define STEP12x16(aoff, boff) \
	VMOVUPD boff(DI), Z24 \
	VMOVUPD boff+64(DI), Z25 \
	VBROADCASTSD aoff+0(SI), Z26 \
	VFMADD231PD Z24, Z26, Z0 \
	VFMADD231PD Z25, Z26, Z1 \
	VBROADCASTSD aoff+8(SI), Z27 \
	VFMADD231PD Z24, Z27, Z2 \
	VFMADD231PD Z25, Z27, Z3 \
	VBROADCASTSD aoff+16(SI), Z28 \
	VFMADD231PD Z24, Z28, Z4 \
	VFMADD231PD Z25, Z28, Z5 \
	VBROADCASTSD aoff+24(SI), Z29 \
	VFMADD231PD Z24, Z29, Z6 \
	VFMADD231PD Z25, Z29, Z7 \
	VBROADCASTSD aoff+32(SI), Z26 \
	VFMADD231PD Z24, Z26, Z8 \
	VFMADD231PD Z25, Z26, Z9 \
	VBROADCASTSD aoff+40(SI), Z27 \
	VFMADD231PD Z24, Z27, Z10 \
	VFMADD231PD Z25, Z27, Z11 \
	VBROADCASTSD aoff+48(SI), Z28 \
	VFMADD231PD Z24, Z28, Z12 \
	VFMADD231PD Z25, Z28, Z13 \
	VBROADCASTSD aoff+56(SI), Z29 \
	VFMADD231PD Z24, Z29, Z14 \
	VFMADD231PD Z25, Z29, Z15 \
	VBROADCASTSD aoff+64(SI), Z26 \
	VFMADD231PD Z24, Z26, Z16 \
	VFMADD231PD Z25, Z26, Z17 \
	VBROADCASTSD aoff+72(SI), Z27 \
	VFMADD231PD Z24, Z27, Z18 \
	VFMADD231PD Z25, Z27, Z19 \
	VBROADCASTSD aoff+80(SI), Z28 \
	VFMADD231PD Z24, Z28, Z20 \
	VFMADD231PD Z25, Z28, Z21 \
	VBROADCASTSD aoff+88(SI), Z29 \
	VFMADD231PD Z24, Z29, Z22 \
	VFMADD231PD Z25, Z29, Z23

// TILE invokes M(r0, r1, s, 64) on the twelve rows of the 12×16 tile, Z0–Z23 (see
// kernel_amd64.h).
#define TILE(M, s) \
	M(Z0, Z1, s, 64)   \
	M(Z2, Z3, s, 64)   \
	M(Z4, Z5, s, 64)   \
	M(Z6, Z7, s, 64)   \
	M(Z8, Z9, s, 64)   \
	M(Z10, Z11, s, 64) \
	M(Z12, Z13, s, 64) \
	M(Z14, Z15, s, 64) \
	M(Z16, Z17, s, 64) \
	M(Z18, Z19, s, 64) \
	M(Z20, Z21, s, 64) \
	M(Z22, Z23, s, 64)

// PREFETCH_ROW touches a row of C (sixteen values, two or three cache lines) at its first,
// ninth and last value.
#define PREFETCH_ROW \
	PREFETCHT0 (R9)   \
	PREFETCHT0 64(R9) \
	PREFETCHT0 120(R9)

// func kernelAVX512(k int, a, b, c []float64, ldc int, alpha, beta float64)
TEXT ·kernelAVX512(SB), NOSPLIT, $0-104
	KERNEL_ARGS
	MOVQ DX, R9
	PREFETCH6(PREFETCH_ROW)
	ADDQ R8, R9
	PREFETCH6(PREFETCH_ROW)
	TILE(ROWZERO, VPXORQ)
	KERNEL_LOOP(STEP12x16, 96, 128)
	KERNEL_STORE(TILE, Z26, Z27)
