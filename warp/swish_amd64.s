//go:build amd64 && !purego

#include "textflag.h"

// Constants, as laid out in expConsts: 0 invL, 1 shifter, 2 L1, 3 L2, 4 one, 5 half,
// 6 sixth, 7 twentyfourth, 8 lower bound, 9 upper bound, 10 the int64 255,
// 11 the int64 1023·256.

// func swishAVX2(pre, sig, post []float64, c *[12]float64, tab *[256]float64) int
TEXT ·swishAVX2(SB), NOSPLIT, $0-96
	MOVQ pre_base+0(FP), SI
	MOVQ pre_len+8(FP), CX
	MOVQ sig_base+24(FP), DI
	MOVQ post_base+48(FP), R9
	MOVQ c+72(FP), R8
	MOVQ tab+80(FP), DX
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
	VMOVUPD (SI)(AX*8), Y1
	VXORPD  Y0, Y0, Y0
	VSUBPD  Y1, Y0, Y0 // u = 0 − v
	// !(u > lo && u < hi) anywhere: leave this group to the scalar code.
	VCMPPD    $0x1E, Y7, Y0, Y1 // u > lo, ordered
	VCMPPD    $0x11, Y6, Y0, Y2 // u < hi, ordered
	VANDPD    Y1, Y2, Y1
	VMOVMSKPD Y1, BX
	CMPQ      BX, $15
	JNE       done
	VMULPD    Y15, Y0, Y1 // t = u·invL + shifter
	VADDPD    Y14, Y1, Y1
	VPSUBQ    Y14, Y1, Y2 // k = bits(t) − bits(shifter)
	VSUBPD    Y14, Y1, Y3 // kf = t − shifter
	VMULPD    Y13, Y3, Y1 // r = (u − kf·L1) − kf·L2
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
	VMULPD    Y2, Y3, Y3   // e = e^u
	VADDPD    Y11, Y3, Y3  // s = 1/(1 + e)
	VDIVPD    Y3, Y11, Y3
	VMOVUPD   Y3, (DI)(AX*8)
	VMOVUPD   (SI)(AX*8), Y0 // post = v·s
	VMULPD    Y3, Y0, Y0
	VMOVUPD   Y0, (R9)(AX*8)
	ADDQ      $4, AX
	JMP       loop

done:
	MOVQ AX, ret+88(FP)
	VZEROUPPER
	RET
