//go:build amd64 && gc && !purego

#include "textflag.h"

// func hashSliding8(out, ws []uint64, n int)
//
// Eight windows at a time, window i+l in lane l of a Z register: word j
// of window i+l is ws[i+l+j], so one unaligned load at &ws[i+j] gives word
// j of all eight windows. The arithmetic is hashWords', lane by lane (ws
// holds the words already multiplied by prime2). A vector multiply takes
// 15 cycles or so and each window's hash is a chain of them, so the main
// loop works on four groups of eight windows at once (A to D), whose
// chains the processor interleaves, and the windows left over go through
// a loop of two groups and one of one.
//
// Registers:
//	DI out pointer, CX windows left, SI &ws[i], DX n, BX n &^ 3 (words in
//	stripes), R8 word pointer, R9 word counter.
//	Z16-Z19 prime1-4, Z25 n*8, Z28 seed+prime5 (the lane seeds are
//	broadcast from memory).
//	Group A: Z0-Z3 lanes, Z4 the hash, Z5 scratch; group B: Z6-Z11;
//	group C: Z12-Z15, Z20, Z21; group D: Z22-Z24, Z26, Z27, Z29.

// LANES starts the four lanes of a group at their seeds.
#define LANES(l0, l1, l2, l3) \
	VPBROADCASTQ ·sliding8Consts+32(SB), l0 \
	VPBROADCASTQ ·sliding8Consts+40(SB), l1 \
	VPBROADCASTQ ·sliding8Consts+48(SB), l2 \
	VPBROADCASTQ ·sliding8Consts+56(SB), l3

// STRIPE is one stripe of four words into the lanes of the group whose
// first window's words start at off(R8).
#define STRIPE(off, l0, l1, l2, l3) \
	VPADDQ  off+0(R8), l0, l0  \
	VPADDQ  off+8(R8), l1, l1  \
	VPADDQ  off+16(R8), l2, l2 \
	VPADDQ  off+24(R8), l3, l3 \
	VPROLQ  $31, l0, l0        \
	VPROLQ  $31, l1, l1        \
	VPROLQ  $31, l2, l2        \
	VPROLQ  $31, l3, l3        \
	VPMULLQ Z16, l0, l0        \
	VPMULLQ Z16, l1, l1        \
	VPMULLQ Z16, l2, l2        \
	VPMULLQ Z16, l3, l3

// MERGE is xxMerge: it folds the lanes into the hash h.
#define MERGE(l0, l1, l2, l3, h, t) \
	VPROLQ  $1, l0, h   \
	VPROLQ  $7, l1, t   \
	VPADDQ  t, h, h     \
	VPROLQ  $12, l2, t  \
	VPADDQ  t, h, h     \
	VPROLQ  $18, l3, t  \
	VPADDQ  t, h, h     \
	VPMULLQ Z17, l0, l0 \
	VPMULLQ Z17, l1, l1 \
	VPMULLQ Z17, l2, l2 \
	VPMULLQ Z17, l3, l3 \
	VPROLQ  $31, l0, l0 \
	VPROLQ  $31, l1, l1 \
	VPROLQ  $31, l2, l2 \
	VPROLQ  $31, l3, l3 \
	VPMULLQ Z16, l0, l0 \
	VPMULLQ Z16, l1, l1 \
	VPMULLQ Z16, l2, l2 \
	VPMULLQ Z16, l3, l3 \
	VPXORQ  l0, h, h    \
	VPMULLQ Z16, h, h   \
	VPADDQ  Z19, h, h   \
	VPXORQ  l1, h, h    \
	VPMULLQ Z16, h, h   \
	VPADDQ  Z19, h, h   \
	VPXORQ  l2, h, h    \
	VPMULLQ Z16, h, h   \
	VPADDQ  Z19, h, h   \
	VPXORQ  l3, h, h    \
	VPMULLQ Z16, h, h   \
	VPADDQ  Z19, h, h

// WORD mixes one word after the stripes, at off(R8), into the hash h.
#define WORD(off, h, t) \
	VMOVDQU64 off+0(R8), t \
	VPROLQ    $31, t, t    \
	VPMULLQ   Z16, t, t    \
	VPXORQ    t, h, h      \
	VPROLQ    $27, h, h    \
	VPMULLQ   Z16, h, h    \
	VPADDQ    Z19, h, h

// AVALANCHE is xxAvalanche, and stores the hashes at off(DI).
#define AVALANCHE(off, h, t) \
	VPSRLQ    $33, h, t    \
	VPXORQ    t, h, h      \
	VPMULLQ   Z17, h, h    \
	VPSRLQ    $29, h, t    \
	VPXORQ    t, h, h      \
	VPMULLQ   Z18, h, h    \
	VPSRLQ    $32, h, t    \
	VPXORQ    t, h, h      \
	VMOVDQU64 h, off+0(DI)

TEXT ·hashSliding8(SB), NOSPLIT, $0-56
	MOVQ out_base+0(FP), DI
	MOVQ out_len+8(FP), CX
	MOVQ ws_base+24(FP), SI
	MOVQ n+48(FP), DX
	MOVQ DX, BX
	ANDQ $~3, BX

	VPBROADCASTQ ·sliding8Consts+0(SB), Z16
	VPBROADCASTQ ·sliding8Consts+8(SB), Z17
	VPBROADCASTQ ·sliding8Consts+16(SB), Z18
	VPBROADCASTQ ·sliding8Consts+24(SB), Z19
	VPBROADCASTQ ·sliding8Consts+64(SB), Z28
	MOVQ DX, AX
	SHLQ $3, AX
	VPBROADCASTQ AX, Z25

quad:
	// Four groups of eight windows, A to D at &ws[i], &ws[i+8],
	// &ws[i+16] and &ws[i+24].
	CMPQ CX, $32
	JLT  pair
	MOVQ SI, R8
	CMPQ DX, $4
	JLT  quadShort
	LANES(Z0, Z1, Z2, Z3)
	LANES(Z6, Z7, Z8, Z9)
	LANES(Z12, Z13, Z14, Z15)
	LANES(Z22, Z23, Z24, Z26)
	MOVQ BX, R9

quadStripe:
	STRIPE(0, Z0, Z1, Z2, Z3)
	STRIPE(64, Z6, Z7, Z8, Z9)
	STRIPE(128, Z12, Z13, Z14, Z15)
	STRIPE(192, Z22, Z23, Z24, Z26)
	ADDQ $32, R8
	SUBQ $4, R9
	JNZ  quadStripe
	MERGE(Z0, Z1, Z2, Z3, Z4, Z5)
	MERGE(Z6, Z7, Z8, Z9, Z10, Z11)
	MERGE(Z12, Z13, Z14, Z15, Z20, Z21)
	MERGE(Z22, Z23, Z24, Z26, Z27, Z29)
	JMP  quadTail

quadShort:
	VMOVDQA64 Z28, Z4
	VMOVDQA64 Z28, Z10
	VMOVDQA64 Z28, Z20
	VMOVDQA64 Z28, Z27

quadTail:
	VPADDQ Z25, Z4, Z4
	VPADDQ Z25, Z10, Z10
	VPADDQ Z25, Z20, Z20
	VPADDQ Z25, Z27, Z27
	MOVQ   DX, R9
	SUBQ   BX, R9
	JZ     quadAvalanche

quadWord:
	WORD(0, Z4, Z5)
	WORD(64, Z10, Z11)
	WORD(128, Z20, Z21)
	WORD(192, Z27, Z29)
	ADDQ $8, R8
	DECQ R9
	JNZ  quadWord

quadAvalanche:
	AVALANCHE(0, Z4, Z5)
	AVALANCHE(64, Z10, Z11)
	AVALANCHE(128, Z20, Z21)
	AVALANCHE(192, Z27, Z29)
	ADDQ $256, DI
	ADDQ $256, SI
	SUBQ $32, CX
	JMP  quad

pair:
	// Two groups of eight windows, A at &ws[i] and B at &ws[i+8].
	CMPQ CX, $16
	JLT  single
	MOVQ SI, R8
	CMPQ DX, $4
	JLT  pairShort
	LANES(Z0, Z1, Z2, Z3)
	LANES(Z6, Z7, Z8, Z9)
	MOVQ BX, R9

pairStripe:
	STRIPE(0, Z0, Z1, Z2, Z3)
	STRIPE(64, Z6, Z7, Z8, Z9)
	ADDQ $32, R8
	SUBQ $4, R9
	JNZ  pairStripe
	MERGE(Z0, Z1, Z2, Z3, Z4, Z5)
	MERGE(Z6, Z7, Z8, Z9, Z10, Z11)
	JMP  pairTail

pairShort:
	VMOVDQA64 Z28, Z4
	VMOVDQA64 Z28, Z10

pairTail:
	VPADDQ Z25, Z4, Z4
	VPADDQ Z25, Z10, Z10
	MOVQ   DX, R9
	SUBQ   BX, R9
	JZ     pairAvalanche

pairWord:
	WORD(0, Z4, Z5)
	WORD(64, Z10, Z11)
	ADDQ $8, R8
	DECQ R9
	JNZ  pairWord

pairAvalanche:
	AVALANCHE(0, Z4, Z5)
	AVALANCHE(64, Z10, Z11)
	ADDQ $128, DI
	ADDQ $128, SI
	SUBQ $16, CX
	JMP  pair

single:
	// One group of eight windows, if one is left.
	CMPQ CX, $8
	JLT  done
	MOVQ SI, R8
	CMPQ DX, $4
	JLT  short
	LANES(Z0, Z1, Z2, Z3)
	MOVQ BX, R9

stripe:
	STRIPE(0, Z0, Z1, Z2, Z3)
	ADDQ $32, R8
	SUBQ $4, R9
	JNZ  stripe
	MERGE(Z0, Z1, Z2, Z3, Z4, Z5)
	JMP  tail

short:
	VMOVDQA64 Z28, Z4

tail:
	VPADDQ Z25, Z4, Z4
	MOVQ   DX, R9
	SUBQ   BX, R9
	JZ     avalanche

word:
	WORD(0, Z4, Z5)
	ADDQ $8, R8
	DECQ R9
	JNZ  word

avalanche:
	AVALANCHE(0, Z4, Z5)

done:
	VZEROUPPER
	RET
