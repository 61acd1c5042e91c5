//go:build amd64 && !purego

#include "textflag.h"

// ONES sets every lane of y to 1.0 (through the scratch general register r and x, y's low
// half).
#define ONES(r, x, y) \
	MOVQ         $0x3ff0000000000000, r \
	MOVQ         r, x                   \
	VBROADCASTSD x, y

// DSIGMOID(s) multiplies Y5 by the sigmoid's derivative s·(1 − s) at the gate value s, in
// the scalar code's order, (Y5·s)·(1 − s); Y15 holds 1.0 and Y6 is scratch.
#define DSIGMOID(s) \
	VMULPD s, Y5, Y5  \
	VSUBPD s, Y15, Y6 \
	VMULPD Y6, Y5, Y5

// GATES points R8 and R9 at the second and third of g's gate blocks, which lie one after
// another from SI, CX values each: R8 = SI + 8·CX and R9 = R8 + 8·CX, with DX = 8·CX.
#define GATES \
	MOVQ CX, DX         \
	SHLQ $3, DX         \
	LEAQ (SI)(DX*1), R8 \
	LEAQ (R8)(DX*1), R9

// COLUMNS4(dout, dh, STEP) runs STEP on each group of four columns, AX = 0, 4, … below CX
// rounded down to four (the Go caller does the rest), then returns. Y0 holds dout + dh
// there, the gradient that reaches the cell's output, and Y15 holds 1.0; DX is scratch.
#define COLUMNS4(dout, dh, STEP) \
	ANDQ    $-4, CX            \
	XORQ    AX, AX             \
	ONES(DX, X15, Y15)         \
loop:                              \
	CMPQ    AX, CX             \
	JGE     done               \
	VMOVUPD (dout)(AX*8), Y0   \
	VADDPD  (dh)(AX*8), Y0, Y0 \
	STEP                       \
	ADDQ    $4, AX             \
	JMP     loop               \
done:                              \
	VZEROUPPER                 \
	RET

// LSTM_BACK4 is lstmBackAVX2's step, with Y0 = dhv = dout + dh.
#define LSTM_BACK4 \
	VMOVUPD (R10)(AX*8), Y1    /* ov */                                 \
	VMOVUPD (R11)(AX*8), Y2    /* tv */                                 \
	VMULPD  Y2, Y2, Y3                                                  \
	VSUBPD  Y3, Y15, Y3        /* 1 − tv² */                            \
	VMULPD  Y1, Y0, Y4                                                  \
	VMULPD  Y3, Y4, Y4                                                  \
	VADDPD  (DI)(AX*8), Y4, Y4 /* dcv = dhv·ov·(1 − tv²) + dc */        \
	VMULPD  Y2, Y0, Y5         /* o: dhv·tv·ov·(1 − ov) */              \
	DSIGMOID(Y1)                                                        \
	VMOVUPD Y5, (R10)(AX*8)                                             \
	VMOVUPD (SI)(AX*8), Y0     /* iv */                                 \
	VMOVUPD (R8)(AX*8), Y1     /* fv */                                 \
	VMOVUPD (R9)(AX*8), Y2     /* gv */                                 \
	VMULPD  Y2, Y4, Y5         /* i: dcv·gv·iv·(1 − iv) */              \
	DSIGMOID(Y0)                                                        \
	VMOVUPD Y5, (SI)(AX*8)                                              \
	VMULPD  (BX)(AX*8), Y4, Y5 /* f: dcv·cp·fv·(1 − fv) */              \
	DSIGMOID(Y1)                                                        \
	VMOVUPD Y5, (R8)(AX*8)                                              \
	VMULPD  Y0, Y4, Y5         /* g: dcv·iv·(1 − gv²) */                \
	VMULPD  Y2, Y2, Y6                                                  \
	VSUBPD  Y6, Y15, Y6                                                 \
	VMULPD  Y6, Y5, Y5                                                  \
	VMOVUPD Y5, (R9)(AX*8)                                              \
	VMULPD  Y1, Y4, Y5         /* dc = dcv·fv */                        \
	VMOVUPD Y5, (DI)(AX*8)

// GRU_BACK4 is gruBackAVX2's step, with Y0 = dh = dout + carry.
#define GRU_BACK4 \
	VMOVUPD (SI)(AX*8), Y1      /* r */                                 \
	VMOVUPD (R8)(AX*8), Y2      /* z */                                 \
	VMOVUPD (R9)(AX*8), Y3      /* nv */                                \
	VSUBPD  Y2, Y15, Y4         /* dan = dh·(1 − z)·(1 − nv²) */        \
	VMULPD  Y4, Y0, Y4                                                  \
	VMULPD  Y3, Y3, Y5                                                  \
	VSUBPD  Y5, Y15, Y5                                                 \
	VMULPD  Y5, Y4, Y4                                                  \
	VMOVUPD (R13)(AX*8), Y5     /* daz = dh·(hp − nv)·z·(1 − z) */      \
	VSUBPD  Y3, Y5, Y5                                                  \
	VMULPD  Y5, Y0, Y5                                                  \
	DSIGMOID(Y2)                                                        \
	VMOVUPD Y5, (R8)(AX*8)                                              \
	VMULPD  (R10)(AX*8), Y4, Y5 /* dar = dan·hn·r·(1 − r) */            \
	DSIGMOID(Y1)                                                        \
	VMOVUPD Y5, (SI)(AX*8)                                              \
	VMOVUPD Y4, (R10)(AX*8)     /* hn = dan */                          \
	VMULPD  Y1, Y4, Y5          /* n = dan·r */                         \
	VMOVUPD Y5, (R9)(AX*8)                                              \
	VMULPD  Y2, Y0, Y5          /* carry = dh·z */                      \
	VMOVUPD Y5, (R12)(AX*8)

// func lstmBackAVX2(g, tc, dout, dh, dc, cp []float64)
// The LSTM's backward elementwise step for one row, four columns at a time, as
// lstmBackScalar computes it (same operations, same order).
TEXT ·lstmBackAVX2(SB), NOSPLIT, $0-144
	MOVQ g_base+0(FP), SI
	MOVQ tc_base+24(FP), R11
	MOVQ tc_len+32(FP), CX
	MOVQ dout_base+48(FP), R12
	MOVQ dh_base+72(FP), R13
	MOVQ dc_base+96(FP), DI
	MOVQ cp_base+120(FP), BX
	GATES                     // i at SI, f at R8, g at R9
	LEAQ (R9)(DX*1), R10      // o
	COLUMNS4(R12, R13, LSTM_BACK4)

// func gruBackAVX2(g, hn, dout, carry, hprev []float64)
// The GRU's backward elementwise step for one row, four columns at a time, as
// gruBackScalar computes it (same operations, same order).
TEXT ·gruBackAVX2(SB), NOSPLIT, $0-120
	MOVQ g_base+0(FP), SI
	MOVQ hn_base+24(FP), R10
	MOVQ hn_len+32(FP), CX
	MOVQ dout_base+48(FP), R11
	MOVQ carry_base+72(FP), R12
	MOVQ hprev_base+96(FP), R13
	GATES                     // r at SI, z at R8, n at R9
	COLUMNS4(R11, R12, GRU_BACK4)
