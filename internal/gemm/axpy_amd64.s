//go:build amd64 && !purego

#include "textflag.h"

// func axpyFMA(alpha float64, x, y []float64)
// y[i] = alpha·x[i] + y[i], fused, for i < len(y); x must be at least as long.
TEXT ·axpyFMA(SB), NOSPLIT, $0-56
	VBROADCASTSD alpha+0(FP), Y0
	MOVQ x_base+8(FP), SI
	MOVQ y_base+32(FP), DI
	MOVQ y_len+40(FP), CX
	XORQ AX, AX
	MOVQ CX, BX
	ANDQ $-16, BX
	JZ   tail

loop16:
	VMOVUPD     (SI)(AX*8), Y1
	VMOVUPD     32(SI)(AX*8), Y2
	VMOVUPD     64(SI)(AX*8), Y3
	VMOVUPD     96(SI)(AX*8), Y4
	VFMADD213PD (DI)(AX*8), Y0, Y1
	VFMADD213PD 32(DI)(AX*8), Y0, Y2
	VFMADD213PD 64(DI)(AX*8), Y0, Y3
	VFMADD213PD 96(DI)(AX*8), Y0, Y4
	VMOVUPD     Y1, (DI)(AX*8)
	VMOVUPD     Y2, 32(DI)(AX*8)
	VMOVUPD     Y3, 64(DI)(AX*8)
	VMOVUPD     Y4, 96(DI)(AX*8)
	ADDQ        $16, AX
	CMPQ        AX, BX
	JLT         loop16

tail:
	CMPQ        AX, CX
	JGE         done
	VMOVSD      (SI)(AX*8), X1
	VFMADD213SD (DI)(AX*8), X0, X1
	VMOVSD      X1, (DI)(AX*8)
	INCQ        AX
	JMP         tail

done:
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
	XORQ   AX, AX
	MOVQ   CX, BX
	ANDQ   $-16, BX
	JZ     dtail

dloop:
	VMOVUPD     (SI)(AX*8), Y4
	VFMADD231PD (DI)(AX*8), Y4, Y0
	VMOVUPD     32(SI)(AX*8), Y4
	VFMADD231PD 32(DI)(AX*8), Y4, Y1
	VMOVUPD     64(SI)(AX*8), Y4
	VFMADD231PD 64(DI)(AX*8), Y4, Y2
	VMOVUPD     96(SI)(AX*8), Y4
	VFMADD231PD 96(DI)(AX*8), Y4, Y3
	ADDQ        $16, AX
	CMPQ        AX, BX
	JLT         dloop

dtail:
	CMPQ        AX, CX
	JGE         dreduce
	VMOVSD      (SI)(AX*8), X4
	VFMADD231SD (DI)(AX*8), X4, X5
	INCQ        AX
	JMP         dtail

dreduce:
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
