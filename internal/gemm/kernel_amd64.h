// What the two packed micro-kernels (kernelAVX2 in kernel_amd64.s, kernelAVX512 in
// kernel512_amd64.s) share: the frame of their Go type, func(k int, a, b, c []float64,
// ldc int, alpha, beta float64), and the C update that ends them. Each row of their tile is
// two vector registers wide; w is one register's width in bytes (32 for Y, 64 for Z).

// KERNEL_ARGS loads k into CX, packed A into SI, packed B into DI, C into DX and ldc, in
// bytes, into R8.
#define KERNEL_ARGS \
	MOVQ k+0(FP), CX       \
	MOVQ a_base+8(FP), SI  \
	MOVQ b_base+32(FP), DI \
	MOVQ c_base+56(FP), DX \
	MOVQ ldc+80(FP), R8    \
	SHLQ $3, R8

// ROWBETA stores the row C = (r0, r1) + beta·C (beta broadcast in register beta); DX
// advances by ldc.
#define ROWBETA(r0, r1, beta, w) \
	VFMADD231PD (DX), beta, r0 \
	VFMADD231PD w(DX), beta, r1 \
	VMOVUPD     r0, (DX)        \
	VMOVUPD     r1, w(DX)       \
	ADDQ        R8, DX

// ROWSTORE stores the row C = (r0, r1) (beta = 0: C is not read); DX advances by ldc.
#define ROWSTORE(r0, r1, w) \
	VMOVUPD r0, (DX)  \
	VMOVUPD r1, w(DX) \
	ADDQ    R8, DX
