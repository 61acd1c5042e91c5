//go:build amd64 && !purego

#include "textflag.h"

// Constants, as laid out in expConsts: 0 invL, 1 shifter, 2 L1, 3 L2, 4 one, 5 half,
// 6 sixth, 7 twentyfourth, 8 lower bound, 9 upper bound, 10 the int64 255,
// 11 the int64 1023·256.

// func expAVX2(x []float64, c *[12]float64, tab *[256]float64) int
TEXT ·expAVX2(SB), NOSPLIT, $0-48
	MOVQ x_base+0(FP), SI
	MOVQ x_len+8(FP), CX
	MOVQ c+24(FP), R8
	MOVQ tab+32(FP), DX
	ANDQ $-4, CX
	XORQ AX, AX
	VBROADCASTSD 0(R8), Y15  // 1/ln2 · 256
	VBROADCASTSD 8(R8), Y14  // shifter
	VBROADCASTSD 16(R8), Y13 // L1
	VBROADCASTSD 24(R8), Y12 // L2
	VBROADCASTSD 32(R8), Y11 // 1
	VBROADCASTSD 40(R8), Y10 // 1/2
	VBROADCASTSD 48(R8), Y9  // 1/6
	VBROADCASTSD 56(R8), Y8  // 1/24
	VBROADCASTSD 64(R8), Y7  // lower bound
	VBROADCASTSD 72(R8), Y6  // upper bound
	VBROADCASTSD 80(R8), Y5  // 255
	VBROADCASTSD 88(R8), Y4  // 1023·256

loop:
	CMPQ AX, CX
	JGE  done
	VMOVUPD (SI)(AX*8), Y0
	// !(v > lo && v < hi) anywhere: leave this group to the scalar code.
	VCMPPD    $0x1E, Y7, Y0, Y1 // v > lo, ordered
	VCMPPD    $0x11, Y6, Y0, Y2 // v < hi, ordered
	VANDPD    Y1, Y2, Y1
	VMOVMSKPD Y1, BX
	CMPQ      BX, $15
	JNE       done
	VMULPD    Y15, Y0, Y1 // t = v·invL + shifter
	VADDPD    Y14, Y1, Y1
	VPSUBQ    Y14, Y1, Y2 // k = bits(t) − bits(shifter)
	VSUBPD    Y14, Y1, Y3 // kf = t − shifter
	VMULPD    Y13, Y3, Y1 // r = (v − kf·L1) − kf·L2
	VSUBPD    Y1, Y0, Y1
	VMULPD    Y12, Y3, Y3
	VSUBPD    Y3, Y1, Y1
	VMULPD    Y8, Y1, Y3  // p = 1 + r(1 + r(1/2 + r(1/6 + r/24)))
	VADDPD    Y9, Y3, Y3
	VMULPD    Y3, Y1, Y3
	VADDPD    Y10, Y3, Y3
	VMULPD    Y3, Y1, Y3
	VADDPD    Y11, Y3, Y3
	VMULPD    Y3, Y1, Y3
	VADDPD    Y11, Y3, Y3
	VPAND     Y5, Y2, Y0   // table index k & 255
	VPCMPEQQ  Y1, Y1, Y1   // gather mask: all lanes
	VGATHERQPD Y1, (DX)(Y0*8), Y7 // the gather needs a free register: borrow the bound's
	VMULPD    Y7, Y3, Y3   // p·2^(j/256)
	VBROADCASTSD 64(R8), Y7
	VPADDQ    Y4, Y2, Y2   // scale bits: (k>>8 + 1023) << 52
	VPSRLQ    $8, Y2, Y2
	VPSLLQ    $52, Y2, Y2
	VMULPD    Y2, Y3, Y3
	VMOVUPD   Y3, (SI)(AX*8)
	ADDQ      $4, AX
	JMP       loop

done:
	MOVQ AX, ret+40(FP)
	VZEROUPPER
	RET

// func recipOnePlusAVX2(x []float64)
TEXT ·recipOnePlusAVX2(SB), NOSPLIT, $0-24
	MOVQ x_base+0(FP), SI
	MOVQ x_len+8(FP), CX
	ANDQ $-4, CX
	XORQ AX, AX
	MOVQ $0x3ff0000000000000, BX
	MOVQ BX, X15
	VBROADCASTSD X15, Y15

rloop:
	CMPQ    AX, CX
	JGE     rdone
	VMOVUPD (SI)(AX*8), Y0
	VADDPD  Y15, Y0, Y0
	VDIVPD  Y0, Y15, Y0
	VMOVUPD Y0, (SI)(AX*8)
	ADDQ    $4, AX
	JMP     rloop

rdone:
	VZEROUPPER
	RET

// func tanhFromExpAVX2(x []float64)
TEXT ·tanhFromExpAVX2(SB), NOSPLIT, $0-24
	MOVQ x_base+0(FP), SI
	MOVQ x_len+8(FP), CX
	ANDQ $-4, CX
	XORQ AX, AX
	MOVQ $0x3ff0000000000000, BX
	MOVQ BX, X15
	VBROADCASTSD X15, Y15
	MOVQ $0x4000000000000000, BX
	MOVQ BX, X14
	VBROADCASTSD X14, Y14

tloop:
	CMPQ    AX, CX
	JGE     tdone
	VMOVUPD (SI)(AX*8), Y0
	VADDPD  Y15, Y0, Y0
	VDIVPD  Y0, Y14, Y0
	VSUBPD  Y0, Y15, Y0
	VMOVUPD Y0, (SI)(AX*8)
	ADDQ    $4, AX
	JMP     tloop

tdone:
	VZEROUPPER
	RET

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
	MOVQ CX, DX
	SHLQ $3, DX
	LEAQ (SI)(DX*1), R8 // f
	LEAQ (R8)(DX*1), R9 // g
	LEAQ (R9)(DX*1), R10 // o
	ANDQ $-4, CX
	XORQ AX, AX
	MOVQ $0x3ff0000000000000, DX
	MOVQ DX, X15
	VBROADCASTSD X15, Y15

lloop:
	CMPQ    AX, CX
	JGE     ldone
	VMOVUPD (R12)(AX*8), Y0
	VADDPD  (R13)(AX*8), Y0, Y0 // dhv = dout + dh
	VMOVUPD (R10)(AX*8), Y1     // ov
	VMOVUPD (R11)(AX*8), Y2     // tv
	VMULPD  Y2, Y2, Y3
	VSUBPD  Y3, Y15, Y3         // 1 − tv²
	VMULPD  Y1, Y0, Y4
	VMULPD  Y3, Y4, Y4
	VADDPD  (DI)(AX*8), Y4, Y4  // dcv = dhv·ov·(1 − tv²) + dc
	VMULPD  Y2, Y0, Y5          // o: dhv·tv·ov·(1 − ov)
	VMULPD  Y1, Y5, Y5
	VSUBPD  Y1, Y15, Y6
	VMULPD  Y6, Y5, Y5
	VMOVUPD Y5, (R10)(AX*8)
	VMOVUPD (SI)(AX*8), Y0      // iv
	VMOVUPD (R8)(AX*8), Y1      // fv
	VMOVUPD (R9)(AX*8), Y2      // gv
	VMULPD  Y2, Y4, Y5          // i: dcv·gv·iv·(1 − iv)
	VMULPD  Y0, Y5, Y5
	VSUBPD  Y0, Y15, Y6
	VMULPD  Y6, Y5, Y5
	VMOVUPD Y5, (SI)(AX*8)
	VMULPD  (BX)(AX*8), Y4, Y5  // f: dcv·cp·fv·(1 − fv)
	VMULPD  Y1, Y5, Y5
	VSUBPD  Y1, Y15, Y6
	VMULPD  Y6, Y5, Y5
	VMOVUPD Y5, (R8)(AX*8)
	VMULPD  Y0, Y4, Y5          // g: dcv·iv·(1 − gv²)
	VMULPD  Y2, Y2, Y6
	VSUBPD  Y6, Y15, Y6
	VMULPD  Y6, Y5, Y5
	VMOVUPD Y5, (R9)(AX*8)
	VMULPD  Y1, Y4, Y5          // dc = dcv·fv
	VMOVUPD Y5, (DI)(AX*8)
	ADDQ    $4, AX
	JMP     lloop

ldone:
	VZEROUPPER
	RET

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
	MOVQ CX, DX
	SHLQ $3, DX
	LEAQ (SI)(DX*1), R8 // z
	LEAQ (R8)(DX*1), R9 // n
	ANDQ $-4, CX
	XORQ AX, AX
	MOVQ $0x3ff0000000000000, DX
	MOVQ DX, X15
	VBROADCASTSD X15, Y15

gloop:
	CMPQ    AX, CX
	JGE     gdone
	VMOVUPD (R11)(AX*8), Y0
	VADDPD  (R12)(AX*8), Y0, Y0 // dh = dout + carry
	VMOVUPD (SI)(AX*8), Y1      // r
	VMOVUPD (R8)(AX*8), Y2      // z
	VMOVUPD (R9)(AX*8), Y3      // nv
	VSUBPD  Y2, Y15, Y4         // dan = dh·(1 − z)·(1 − nv²)
	VMULPD  Y4, Y0, Y4
	VMULPD  Y3, Y3, Y5
	VSUBPD  Y5, Y15, Y5
	VMULPD  Y5, Y4, Y4
	VMOVUPD (R13)(AX*8), Y5     // daz = dh·(hp − nv)·z·(1 − z)
	VSUBPD  Y3, Y5, Y5
	VMULPD  Y5, Y0, Y5
	VMULPD  Y2, Y5, Y5
	VSUBPD  Y2, Y15, Y6
	VMULPD  Y6, Y5, Y5
	VMOVUPD Y5, (R8)(AX*8)
	VMULPD  (R10)(AX*8), Y4, Y5 // dar = dan·hn·r·(1 − r)
	VMULPD  Y1, Y5, Y5
	VSUBPD  Y1, Y15, Y6
	VMULPD  Y6, Y5, Y5
	VMOVUPD Y5, (SI)(AX*8)
	VMOVUPD Y4, (R10)(AX*8)     // hn = dan
	VMULPD  Y1, Y4, Y5          // n = dan·r
	VMOVUPD Y5, (R9)(AX*8)
	VMULPD  Y2, Y0, Y5          // carry = dh·z
	VMOVUPD Y5, (R12)(AX*8)
	ADDQ    $4, AX
	JMP     gloop

gdone:
	VZEROUPPER
	RET
