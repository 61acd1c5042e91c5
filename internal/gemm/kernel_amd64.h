// What the two packed micro-kernels (kernelAVX2 in kernel_amd64.s, kernelAVX512 in
// kernel512_amd64.s) share: the frame of their Go type, func(k int, a, b, c []float64,
// ldc int, alpha, beta float64), the touch of C, the k loop and the C update that ends them.
// They differ in their tile, which each kernel's file defines:
//   - STEP(aoff, boff), one k step: the tile gains the outer product of the column of packed
//     A at aoff(SI) and the row of packed B at boff(DI);
//   - TILE(M, s), which invokes M(r0, r1, s, w) on each row of the tile, top to bottom: a
//     row is two vector registers r0, r1 of w bytes each (32 for Y, 64 for Z), and s is
//     handed through to M.
// The row macros below are the Ms; each uses what it needs of its four arguments.

// KERNEL_ARGS loads k into CX, packed A into SI, packed B into DI, C into DX and ldc, in
// bytes, into R8.
#define KERNEL_ARGS \
	MOVQ k+0(FP), CX       \
	MOVQ a_base+8(FP), SI  \
	MOVQ b_base+32(FP), DI \
	MOVQ c_base+56(FP), DX \
	MOVQ ldc+80(FP), R8    \
	SHLQ $3, R8

// PREFETCH6(ROW) touches six rows of C, so that their lines arrive while the k loop runs:
// ROW touches the row at R9, which starts at the first row and ends at the sixth.
#define PREFETCH6(ROW) \
	ROW         \
	ADDQ R8, R9 \
	ROW         \
	ADDQ R8, R9 \
	ROW         \
	ADDQ R8, R9 \
	ROW         \
	ADDQ R8, R9 \
	ROW         \
	ADDQ R8, R9 \
	ROW

// KERNEL_LOOP runs the k loop, CX steps of STEP, each reading as bytes of packed A and bs of
// packed B: four steps an iteration while four are left, then one at a time. It ends at the
// label epilogue.
#define KERNEL_LOOP(STEP, as, bs) \
	MOVQ CX, BX      \
	SHRQ $2, BX      \
	JZ   tail        \
loop4:                   \
	STEP(0, 0)       \
	STEP(as, bs)     \
	STEP(2*as, 2*bs) \
	STEP(3*as, 3*bs) \
	ADDQ $(4*as), SI \
	ADDQ $(4*bs), DI \
	DECQ BX          \
	JNZ  loop4       \
tail:                    \
	ANDQ $3, CX      \
	JZ   epilogue    \
loop1:                   \
	STEP(0, 0)       \
	ADDQ $as, SI     \
	ADDQ $bs, DI     \
	DECQ CX          \
	JNZ  loop1       \
epilogue:

// KERNEL_STORE ends the kernel: it scales the tile by alpha (broadcast in the register
// valpha) and stores C = tile + beta·C (beta broadcast in vbeta), or C = tile where beta is
// ±0, which must not read C (NaNs there must not leak): it tests beta's bits with the sign
// shifted out.
#define KERNEL_STORE(TILE, valpha, vbeta) \
	VBROADCASTSD alpha+88(FP), valpha \
	TILE(ROWSCALE, valpha)            \
	MOVQ         beta+96(FP), AX      \
	SHLQ         $1, AX               \
	JZ           storeonly            \
	VBROADCASTSD beta+96(FP), vbeta   \
	TILE(ROWBETA, vbeta)              \
	VZEROUPPER                        \
	RET                               \
storeonly:                                \
	TILE(ROWSTORE, vbeta)             \
	VZEROUPPER                        \
	RET

// ROWZERO clears the row; xor is the instruction that clears a register by xoring it with
// itself (VPXORQ for Z: VXORPD on Z registers needs AVX512DQ).
#define ROWZERO(r0, r1, xor, w) \
	xor r0, r0, r0 \
	xor r1, r1, r1

// ROWSCALE multiplies the row by alpha (broadcast in valpha).
#define ROWSCALE(r0, r1, valpha, w) \
	VMULPD valpha, r0, r0 \
	VMULPD valpha, r1, r1

// ROWBETA stores the row C = (r0, r1) + beta·C (beta broadcast in vbeta); DX advances by ldc.
#define ROWBETA(r0, r1, vbeta, w) \
	VFMADD231PD (DX), vbeta, r0  \
	VFMADD231PD w(DX), vbeta, r1 \
	VMOVUPD     r0, (DX)         \
	VMOVUPD     r1, w(DX)        \
	ADDQ        R8, DX

// ROWSTORE stores the row C = (r0, r1) (beta = 0: C is not read); DX advances by ldc. Its
// third argument is unused.
#define ROWSTORE(r0, r1, unused, w) \
	VMOVUPD r0, (DX)  \
	VMOVUPD r1, w(DX) \
	ADDQ    R8, DX
