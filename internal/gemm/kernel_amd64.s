//go:build amd64 && !purego

#include "textflag.h"
#include "kernel_amd64.h"

// One k step of the 6×8 kernel: SI walks packed A (6 per step), DI packed B (8 per step).
#define STEP6x8(aoff, boff) \
	VMOVUPD      boff(DI), Y12      \
	VMOVUPD      boff+32(DI), Y13   \
	VBROADCASTSD aoff(SI), Y14      \
	VBROADCASTSD aoff+8(SI), Y15    \
	VFMADD231PD  Y12, Y14, Y0       \
	VFMADD231PD  Y13, Y14, Y1       \
	VFMADD231PD  Y12, Y15, Y2       \
	VFMADD231PD  Y13, Y15, Y3       \
	VBROADCASTSD aoff+16(SI), Y14   \
	VBROADCASTSD aoff+24(SI), Y15   \
	VFMADD231PD  Y12, Y14, Y4       \
	VFMADD231PD  Y13, Y14, Y5       \
	VFMADD231PD  Y12, Y15, Y6       \
	VFMADD231PD  Y13, Y15, Y7       \
	VBROADCASTSD aoff+32(SI), Y14   \
	VBROADCASTSD aoff+40(SI), Y15   \
	VFMADD231PD  Y12, Y14, Y8       \
	VFMADD231PD  Y13, Y14, Y9       \
	VFMADD231PD  Y12, Y15, Y10      \
	VFMADD231PD  Y13, Y15, Y11

// func kernelAVX2(k int, a, b, c []float64, ldc int, alpha, beta float64)
TEXT ·kernelAVX2(SB), NOSPLIT, $0-104
	KERNEL_ARGS

	// Touch the C tile now so its lines arrive while the k loop runs.
	MOVQ DX, R9
	PREFETCHT0 (R9)
	PREFETCHT0 56(R9)
	ADDQ R8, R9
	PREFETCHT0 (R9)
	PREFETCHT0 56(R9)
	ADDQ R8, R9
	PREFETCHT0 (R9)
	PREFETCHT0 56(R9)
	ADDQ R8, R9
	PREFETCHT0 (R9)
	PREFETCHT0 56(R9)
	ADDQ R8, R9
	PREFETCHT0 (R9)
	PREFETCHT0 56(R9)
	ADDQ R8, R9
	PREFETCHT0 (R9)
	PREFETCHT0 56(R9)

	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
	VXORPD Y4, Y4, Y4
	VXORPD Y5, Y5, Y5
	VXORPD Y6, Y6, Y6
	VXORPD Y7, Y7, Y7
	VXORPD Y8, Y8, Y8
	VXORPD Y9, Y9, Y9
	VXORPD Y10, Y10, Y10
	VXORPD Y11, Y11, Y11

	MOVQ CX, BX
	SHRQ $2, BX
	JZ   tail

loop4:
	STEP6x8(0, 0)
	STEP6x8(48, 64)
	STEP6x8(96, 128)
	STEP6x8(144, 192)
	ADDQ $192, SI
	ADDQ $256, DI
	DECQ BX
	JNZ  loop4

tail:
	ANDQ $3, CX
	JZ   epilogue

loop1:
	STEP6x8(0, 0)
	ADDQ $48, SI
	ADDQ $64, DI
	DECQ CX
	JNZ  loop1

epilogue:
	VBROADCASTSD alpha+88(FP), Y14
	VMULPD       Y14, Y0, Y0
	VMULPD       Y14, Y1, Y1
	VMULPD       Y14, Y2, Y2
	VMULPD       Y14, Y3, Y3
	VMULPD       Y14, Y4, Y4
	VMULPD       Y14, Y5, Y5
	VMULPD       Y14, Y6, Y6
	VMULPD       Y14, Y7, Y7
	VMULPD       Y14, Y8, Y8
	VMULPD       Y14, Y9, Y9
	VMULPD       Y14, Y10, Y10
	VMULPD       Y14, Y11, Y11

	// beta == ±0 must not read C: test the bits with the sign shifted out.
	MOVQ beta+96(FP), AX
	SHLQ $1, AX
	JZ   storeonly

	VBROADCASTSD beta+96(FP), Y15
	ROWBETA(Y0, Y1, Y15, 32)
	ROWBETA(Y2, Y3, Y15, 32)
	ROWBETA(Y4, Y5, Y15, 32)
	ROWBETA(Y6, Y7, Y15, 32)
	ROWBETA(Y8, Y9, Y15, 32)
	ROWBETA(Y10, Y11, Y15, 32)
	VZEROUPPER
	RET

storeonly:
	ROWSTORE(Y0, Y1, 32)
	ROWSTORE(Y2, Y3, 32)
	ROWSTORE(Y4, Y5, 32)
	ROWSTORE(Y6, Y7, 32)
	ROWSTORE(Y8, Y9, 32)
	ROWSTORE(Y10, Y11, 32)
	VZEROUPPER
	RET
