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

// ROWARGS starts recipOnePlusAVX2 and tanhFromExpAVX2, func(x []float64): SI points at x,
// CX is len(x) rounded down to four and AX, the index, is zero.
#define ROWARGS \
	MOVQ x_base+0(FP), SI \
	MOVQ x_len+8(FP), CX  \
	ANDQ $-4, CX          \
	XORQ AX, AX

// BROADCAST sets every lane of y to the float64 whose bits are the immediate bits, through BX
// and x, y's low half.
#define BROADCAST(bits, x, y) \
	MOVQ         bits, BX \
	MOVQ         BX, x    \
	VBROADCASTSD x, y

// MAP4(F) maps x in place four values at a time, for AX = 0, 4, … < CX (as ROWARGS sets
// them), then returns: it loads x[AX:AX+4] into Y0, F leaves their image in Y0, and MAP4
// stores it back.
#define MAP4(F) \
loop:                           \
	CMPQ    AX, CX          \
	JGE     done            \
	VMOVUPD (SI)(AX*8), Y0  \
	F                       \
	VMOVUPD Y0, (SI)(AX*8)  \
	ADDQ    $4, AX          \
	JMP     loop            \
done:                           \
	VZEROUPPER              \
	RET

// RECIP_ONE_PLUS is 1/(1 + Y0), σ(a) where Y0 holds e^−a; Y15 holds 1.
#define RECIP_ONE_PLUS \
	VADDPD Y15, Y0, Y0 \
	VDIVPD Y0, Y15, Y0

// TANH_FROM_EXP is 1 − 2/(1 + Y0), tanh(a) where Y0 holds e^2a; Y15 holds 1 and Y14 2.
#define TANH_FROM_EXP \
	VADDPD Y15, Y0, Y0 \
	VDIVPD Y0, Y14, Y0 \
	VSUBPD Y0, Y15, Y0

// func recipOnePlusAVX2(x []float64)
TEXT ·recipOnePlusAVX2(SB), NOSPLIT, $0-24
	ROWARGS
	BROADCAST($0x3ff0000000000000, X15, Y15) // 1
	MAP4(RECIP_ONE_PLUS)

// func tanhFromExpAVX2(x []float64)
TEXT ·tanhFromExpAVX2(SB), NOSPLIT, $0-24
	ROWARGS
	BROADCAST($0x3ff0000000000000, X15, Y15) // 1
	BROADCAST($0x4000000000000000, X14, Y14) // 2
	MAP4(TANH_FROM_EXP)
