//go:build amd64 && gc && !purego

#include "textflag.h"

// The vector MinWise loops of minwise.go; their Go declarations and
// contracts are in minwise_amd64.go.

// func minWiseHashes8(h1s, h2s, xs []uint64)
//
// Eight shingles at a time, shingle i+l in lane l: xxh64Word(x, seed)
// for both seeds. The first round's multiply of x, rotl(x·prime2, 31)·
// prime1, is the same for both seeds and done once.
//
// Registers: DI &h1s[i], R10 &h2s[i], SI &xs[i], CX groups of 8 left;
// Z16-Z19 prime1-4, Z20 and Z21 the starts of h1 and h2, Z0 the shared
// round, Z1 h1, Z2 h2, Z3 and Z4 scratch.

// AVALANCHE is XXH64's final mix of the hash h, with scratch t.
#define AVALANCHE(h, t) \
	VPSRLQ  $33, h, t \
	VPXORQ  t, h, h   \
	VPMULLQ Z17, h, h \
	VPSRLQ  $29, h, t \
	VPXORQ  t, h, h   \
	VPMULLQ Z18, h, h \
	VPSRLQ  $32, h, t \
	VPXORQ  t, h, h

TEXT ·minWiseHashes8(SB), NOSPLIT, $0-72
	MOVQ h1s_base+0(FP), DI
	MOVQ h2s_base+24(FP), R10
	MOVQ xs_base+48(FP), SI
	MOVQ xs_len+56(FP), CX
	SHRQ $3, CX
	JZ   hashesDone

	VPBROADCASTQ ·minWiseConsts+0(SB), Z16
	VPBROADCASTQ ·minWiseConsts+8(SB), Z17
	VPBROADCASTQ ·minWiseConsts+16(SB), Z18
	VPBROADCASTQ ·minWiseConsts+24(SB), Z19
	VPBROADCASTQ ·minWiseConsts+32(SB), Z20
	VPBROADCASTQ ·minWiseConsts+40(SB), Z21

hashesLoop:
	VMOVDQU64 (SI), Z0
	VPMULLQ   Z17, Z0, Z0
	VPROLQ    $31, Z0, Z0
	VPMULLQ   Z16, Z0, Z0
	VPXORQ    Z20, Z0, Z1
	VPXORQ    Z21, Z0, Z2
	VPROLQ    $27, Z1, Z1
	VPROLQ    $27, Z2, Z2
	VPMULLQ   Z16, Z1, Z1
	VPMULLQ   Z16, Z2, Z2
	VPADDQ    Z19, Z1, Z1
	VPADDQ    Z19, Z2, Z2
	AVALANCHE(Z1, Z3)
	AVALANCHE(Z2, Z4)
	VMOVDQU64 Z1, (DI)
	VMOVDQU64 Z2, (R10)
	ADDQ      $64, SI
	ADDQ      $64, DI
	ADDQ      $64, R10
	DECQ      CX
	JNZ       hashesLoop

hashesDone:
	VZEROUPPER
	RET

// func minWiseBlock8(acc, h1s, h2s []uint64, first uint64)
//
// For each shingle in turn, its slots first .. first+len(acc)-1 eight at
// a time, slot first+8j+l in lane l of vector j: the lanes start at
// v = h1 + (first+l)·h2 and advance by 8·h2 from vector to vector. The
// xorshift v ⊕ (v ≫ 32) swaps the halves of each 64-bit lane into a
// scratch register (VPSHUFD, which runs on another port than the
// multiplier and the shifts) and XORs them into the low halves only
// (mask K1); the product with MinWiseMixer is VPMULLQ's, and VPMINUQ
// keeps the smaller 64-bit product per slot: 7 micro-operations per 8
// slots (VPMULLQ is 3), about 4 cycles. With 16 vectors (128 slots, the
// default k) the minima stay in Z0-Z15 for all the shingles; with fewer
// they are read and written back for each shingle (two vectors per
// loop), which measured 0-20% slower per vector.
//
// Registers: DI &acc[0], DX slots (then vectors), SI &h1s[i], R10
// &h2s[i], CX shingles left, R11 first, R8 and R9 the memory loop's
// pointer and vectors left; Z16 MinWiseMixer, Z17 the lane numbers, K1 the low
// halves; per shingle Z18 and Z19 the lanes' v (current and next), Z20
// 8·h2, Z21 scratch, Z22 h2.

// SLOTS lowers the minima acc with the 8 slots whose v is in vc, and
// sets vn to the next 8 slots' v.
#define SLOTS(vc, vn, acc) \
	VPADDQ  Z20, vc, vn     \
	VPSHUFD $0xb1, vc, Z21  \
	VPXORD  Z21, vc, K1, vc \
	VPMULLQ Z16, vc, vc     \
	VPMINUQ vc, acc, acc

// MEMORY is SLOTS for the minima at off(R8).
#define MEMORY(vc, vn, off) \
	VPADDQ    Z20, vc, vn      \
	VPSHUFD   $0xb1, vc, Z21   \
	VPXORD    Z21, vc, K1, vc  \
	VPMULLQ   Z16, vc, vc      \
	VPMINUQ   off(R8), vc, vc  \
	VMOVDQU64 vc, off(R8)

// SHINGLE loads the next shingle's lanes into Z18 and its 8·h2 into Z20.
#define SHINGLE \
	MOVQ         (R10), BX    \
	MOVQ         BX, AX       \
	IMULQ        R11, AX      \
	ADDQ         (SI), AX     \
	VPBROADCASTQ AX, Z18      \
	VPBROADCASTQ BX, Z22      \
	VPMULLQ      Z17, Z22, Z21 \
	VPADDQ       Z21, Z18, Z18 \
	VPSLLQ       $3, Z22, Z20

TEXT ·minWiseBlock8(SB), NOSPLIT, $0-80
	MOVQ acc_base+0(FP), DI
	MOVQ acc_len+8(FP), DX
	MOVQ h1s_base+24(FP), SI
	MOVQ h1s_len+32(FP), CX
	MOVQ h2s_base+48(FP), R10
	MOVQ first+72(FP), R11
	TESTQ CX, CX
	JZ    blockDone
	SHRQ  $3, DX
	JZ    blockDone

	VPBROADCASTQ ·minWiseConsts+48(SB), Z16
	VMOVDQU64    ·minWiseLanes(SB), Z17
	MOVL         $0x5555, AX
	KMOVW        AX, K1

	CMPQ DX, $16
	JNE  memoryShingle

	VMOVDQU64 0(DI), Z0
	VMOVDQU64 64(DI), Z1
	VMOVDQU64 128(DI), Z2
	VMOVDQU64 192(DI), Z3
	VMOVDQU64 256(DI), Z4
	VMOVDQU64 320(DI), Z5
	VMOVDQU64 384(DI), Z6
	VMOVDQU64 448(DI), Z7
	VMOVDQU64 512(DI), Z8
	VMOVDQU64 576(DI), Z9
	VMOVDQU64 640(DI), Z10
	VMOVDQU64 704(DI), Z11
	VMOVDQU64 768(DI), Z12
	VMOVDQU64 832(DI), Z13
	VMOVDQU64 896(DI), Z14
	VMOVDQU64 960(DI), Z15

registerShingle:
	SHINGLE
	SLOTS(Z18, Z19, Z0)
	SLOTS(Z19, Z18, Z1)
	SLOTS(Z18, Z19, Z2)
	SLOTS(Z19, Z18, Z3)
	SLOTS(Z18, Z19, Z4)
	SLOTS(Z19, Z18, Z5)
	SLOTS(Z18, Z19, Z6)
	SLOTS(Z19, Z18, Z7)
	SLOTS(Z18, Z19, Z8)
	SLOTS(Z19, Z18, Z9)
	SLOTS(Z18, Z19, Z10)
	SLOTS(Z19, Z18, Z11)
	SLOTS(Z18, Z19, Z12)
	SLOTS(Z19, Z18, Z13)
	SLOTS(Z18, Z19, Z14)
	SLOTS(Z19, Z18, Z15)
	ADDQ $8, SI
	ADDQ $8, R10
	DECQ CX
	JNZ  registerShingle

	VMOVDQU64 Z0, 0(DI)
	VMOVDQU64 Z1, 64(DI)
	VMOVDQU64 Z2, 128(DI)
	VMOVDQU64 Z3, 192(DI)
	VMOVDQU64 Z4, 256(DI)
	VMOVDQU64 Z5, 320(DI)
	VMOVDQU64 Z6, 384(DI)
	VMOVDQU64 Z7, 448(DI)
	VMOVDQU64 Z8, 512(DI)
	VMOVDQU64 Z9, 576(DI)
	VMOVDQU64 Z10, 640(DI)
	VMOVDQU64 Z11, 704(DI)
	VMOVDQU64 Z12, 768(DI)
	VMOVDQU64 Z13, 832(DI)
	VMOVDQU64 Z14, 896(DI)
	VMOVDQU64 Z15, 960(DI)
	JMP       blockDone

memoryShingle:
	SHINGLE
	MOVQ DI, R8
	MOVQ DX, R9

memoryPair:
	CMPQ R9, $2
	JLT  memoryLast
	MEMORY(Z18, Z19, 0)
	MEMORY(Z19, Z18, 64)
	ADDQ $128, R8
	SUBQ $2, R9
	JMP  memoryPair

memoryLast:
	TESTQ R9, R9
	JZ    memoryNext
	MEMORY(Z18, Z19, 0)

memoryNext:
	ADDQ $8, SI
	ADDQ $8, R10
	DECQ CX
	JNZ  memoryShingle

blockDone:
	VZEROUPPER
	RET
