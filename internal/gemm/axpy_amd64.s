//go:build amd64 && !purego

#include "textflag.h"

// FOR16(STEP16, STEP1) walks x (at SI) and y (at DI) together, the index AX from 0 to CX:
// STEP16 on sixteen values at a time while sixteen are left, then STEP1 on each one left.
// It ends at the label done.
#define FOR16(STEP16, STEP1) \
	XORQ AX, AX       \
	MOVQ CX, BX       \
	ANDQ $-16, BX     \
	JZ   tail         \
loop16:                   \
	STEP16            \
	ADDQ $16, AX      \
	CMPQ AX, BX       \
	JLT  loop16       \
tail:                     \
	CMPQ AX, CX       \
	JGE  done         \
	STEP1             \
	INCQ AX           \
	JMP  tail         \
done:

// AXPY16 is y[AX:AX+16] += alpha·x[AX:AX+16], fused, with alpha broadcast in Y0.
#define AXPY16 \
	VMOVUPD     (SI)(AX*8), Y1      \
	VMOVUPD     32(SI)(AX*8), Y2    \
	VMOVUPD     64(SI)(AX*8), Y3    \
	VMOVUPD     96(SI)(AX*8), Y4    \
	VFMADD213PD (DI)(AX*8), Y0, Y1   \
	VFMADD213PD 32(DI)(AX*8), Y0, Y2 \
	VFMADD213PD 64(DI)(AX*8), Y0, Y3 \
	VFMADD213PD 96(DI)(AX*8), Y0, Y4 \
	VMOVUPD     Y1, (DI)(AX*8)      \
	VMOVUPD     Y2, 32(DI)(AX*8)    \
	VMOVUPD     Y3, 64(DI)(AX*8)    \
	VMOVUPD     Y4, 96(DI)(AX*8)

// AXPY1 is y[AX] += alpha·x[AX], fused.
#define AXPY1 \
	VMOVSD      (SI)(AX*8), X1     \
	VFMADD213SD (DI)(AX*8), X0, X1 \
	VMOVSD      X1, (DI)(AX*8)

// DOT16 adds x[AX:AX+16]·y[AX:AX+16] to the accumulators Y0–Y3, four lanes each.
#define DOT16 \
	VMOVUPD     (SI)(AX*8), Y4       \
	VFMADD231PD (DI)(AX*8), Y4, Y0   \
	VMOVUPD     32(SI)(AX*8), Y4     \
	VFMADD231PD 32(DI)(AX*8), Y4, Y1 \
	VMOVUPD     64(SI)(AX*8), Y4     \
	VFMADD231PD 64(DI)(AX*8), Y4, Y2 \
	VMOVUPD     96(SI)(AX*8), Y4     \
	VFMADD231PD 96(DI)(AX*8), Y4, Y3

// DOT1 adds x[AX]·y[AX] to the scalar accumulator X5.
#define DOT1 \
	VMOVSD      (SI)(AX*8), X4     \
	VFMADD231SD (DI)(AX*8), X4, X5

// func axpyFMA(alpha float64, x, y []float64)
// y[i] = alpha·x[i] + y[i], fused, for i < len(y); x must be at least as long.
TEXT ·axpyFMA(SB), NOSPLIT, $0-56
	VBROADCASTSD alpha+0(FP), Y0
	MOVQ x_base+8(FP), SI
	MOVQ y_base+32(FP), DI
	MOVQ y_len+40(FP), CX
	FOR16(AXPY16, AXPY1)
	VZEROUPPER
	RET

// func dotFMA(x, y []float64) float64
// Σ x[i]·y[i] for i < len(x), in dotGo's order: four ymm accumulators of four lanes each,
// a scalar one for the tail, then a fixed reduction tree.
TEXT ·dotFMA(SB), NOSPLIT, $0-56
	MOVQ   x_base+0(FP), SI
	MOVQ   x_len+8(FP), CX
	MOVQ   y_base+24(FP), DI
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
	VXORPD X5, X5, X5
	FOR16(DOT16, DOT1)

	// The fixed reduction tree.
	VADDPD       Y1, Y0, Y0 // acc[l] + acc[4+l]
	VADDPD       Y3, Y2, Y2 // acc[8+l] + acc[12+l]
	VADDPD       Y2, Y0, Y0 // s[l]
	VEXTRACTF128 $1, Y0, X1 // s[2], s[3]
	VADDPD       X1, X0, X0 // s[0]+s[2], s[1]+s[3]
	VPERMILPD    $1, X0, X1
	VADDSD       X1, X0, X0
	VADDSD       X5, X0, X0
	VMOVSD       X0, ret+48(FP)
	VZEROUPPER
	RET
