// The k loop the two 4×8 AVX2 tiles share (tileATBAVX2 in addatb_amd64.s, smallTileAVX2 in
// small_amd64.s), which differ only in how they address A and B and in how they store C.
// Y0–Y7 accumulate the tile, two registers (eight values) a row; each k step loads eight
// values of B into Y8, Y9 and broadcasts one value of A per tile row into Y10–Y13.

// TILE4x8_KLOOP(LOAD, astep, bstep) clears the accumulators, then runs the k steps, CX of
// them, in k order: LOAD fills Y8–Y13 from A at SI and B at DI, the products go into the
// accumulators, and SI advances by astep, DI by bstep. It ends at the label store.
#define TILE4x8_KLOOP(LOAD, astep, bstep) \
	TILE4x8_ZERO    \
	TESTQ CX, CX    \
	JZ    store     \
loop:                   \
	LOAD            \
	TILE4x8_FMA     \
	ADDQ  astep, SI \
	ADDQ  bstep, DI \
	DECQ  CX        \
	JNZ   loop      \
store:

// TILE4x8_ZERO clears the accumulators.
#define TILE4x8_ZERO \
	VXORPD Y0, Y0, Y0 \
	VXORPD Y1, Y1, Y1 \
	VXORPD Y2, Y2, Y2 \
	VXORPD Y3, Y3, Y3 \
	VXORPD Y4, Y4, Y4 \
	VXORPD Y5, Y5, Y5 \
	VXORPD Y6, Y6, Y6 \
	VXORPD Y7, Y7, Y7

// TILE4x8_FMA adds one k step's products to the accumulators, a fused multiply-add each.
#define TILE4x8_FMA \
	VFMADD231PD Y8, Y10, Y0 \
	VFMADD231PD Y9, Y10, Y1 \
	VFMADD231PD Y8, Y11, Y2 \
	VFMADD231PD Y9, Y11, Y3 \
	VFMADD231PD Y8, Y12, Y4 \
	VFMADD231PD Y9, Y12, Y5 \
	VFMADD231PD Y8, Y13, Y6 \
	VFMADD231PD Y9, Y13, Y7
