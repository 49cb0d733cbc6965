package shingle

import "math/bits"

// XXH64, written out for what the package hashes so that nothing needs
// copying into a byte buffer first: a word lower-cased on the fly from the
// text (hashWord, hashLower), and a run of token hashes as little-endian
// words (hashWords, hashSliding). They give exactly what
// github.com/cespare/xxhash/v2 gives for the same bytes and seed; the
// tests compare them on random input.

const (
	prime1 uint64 = 11400714785074694791
	prime2 uint64 = 14029467366897019727
	prime3 uint64 = 1609587929392839161
	prime4 uint64 = 9650029242287828579
	prime5 uint64 = 2870177450012600261
)

// bytePrime5[b] is b * prime5, a multiplication saved per byte, and
// lowerPrime5[b] is (b | 0x20) * prime5, lower-cased on the way.
var bytePrime5, lowerPrime5 = func() (t, l [256]uint64) {
	for b := range t {
		t[b] = uint64(b) * prime5
		l[b] = uint64(b|0x20) * prime5
	}
	return t, l
}()

func xxRound(acc, input uint64) uint64 {
	acc += input * prime2
	acc = bits.RotateLeft64(acc, 31)
	return acc * prime1
}

func xxMergeRound(acc, val uint64) uint64 {
	acc ^= xxRound(0, val)
	return acc*prime1 + prime4
}

func xxAvalanche(h uint64) uint64 {
	h ^= h >> 33
	h *= prime2
	h ^= h >> 29
	h *= prime3
	h ^= h >> 32
	return h
}

// load64 and load32 read little-endian words from s; the compiler merges
// the byte loads into one.
func load64[T string | []byte](s T) uint64 {
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

func load32[T string | []byte](s T) uint32 {
	_ = s[3]
	return uint32(s[0]) | uint32(s[1])<<8 | uint32(s[2])<<16 | uint32(s[3])<<24
}

// lowerMask, ORed into ASCII letters and digits, lower-cases the letters
// and leaves the digits as they are (they already have bit 0x20 set).
const lowerMask uint64 = 0x2020_2020_2020_2020

// hashLower returns XXH64 with seed TokenSeed (0) of s with every byte
// ORed with uint8(mask): with lowerMask and s made of ASCII letters and
// digits only, that is the hash of the lower-cased s; with mask 0, the
// hash of s itself.
func hashLower[T string | []byte](s T, mask uint64) uint64 {
	n := len(s)
	var h uint64
	if n >= 32 {
		seed := TokenSeed // a variable, so that the sums wrap around
		v1 := seed + prime1 + prime2
		v2 := seed + prime2
		v3 := seed
		v4 := seed - prime1
		for len(s) >= 32 {
			v1 = xxRound(v1, load64(s)|mask)
			v2 = xxRound(v2, load64(s[8:])|mask)
			v3 = xxRound(v3, load64(s[16:])|mask)
			v4 = xxRound(v4, load64(s[24:])|mask)
			s = s[32:]
		}
		h = xxMerge(v1, v2, v3, v4)
	} else {
		seed := TokenSeed
		h = seed + prime5
	}
	h += uint64(n)
	for ; len(s) >= 8; s = s[8:] {
		h ^= xxRound(0, load64(s)|mask)
		h = bits.RotateLeft64(h, 27)*prime1 + prime4
	}
	if len(s) >= 4 {
		h ^= uint64(load32(s)|uint32(mask)) * prime1
		h = bits.RotateLeft64(h, 23)*prime2 + prime3
		s = s[4:]
	}
	for i := 0; i < len(s); i++ {
		h ^= bytePrime5[s[i]|uint8(mask)]
		h = bits.RotateLeft64(h, 11) * prime1
	}
	return xxAvalanche(h)
}

// hashWord returns hashLower(s, lowerMask): the hash of a word s of ASCII
// letters and digits, lower-cased. It is written for short words.
func hashWord(s string) uint64 {
	n := len(s)
	if n >= 32 {
		return hashLower(s, lowerMask)
	}
	seed := TokenSeed
	h := seed + prime5 + uint64(n)
	for len(s) >= 8 {
		h ^= xxRound(0, load64(s)|lowerMask)
		h = bits.RotateLeft64(h, 27)*prime1 + prime4
		s = s[8:]
	}
	if len(s) >= 4 {
		h ^= uint64(load32(s)|0x2020_2020) * prime1
		h = bits.RotateLeft64(h, 23)*prime2 + prime3
		s = s[4:]
	}
	switch len(s) {
	case 3:
		h = bits.RotateLeft64(h^lowerPrime5[s[0]], 11) * prime1
		h = bits.RotateLeft64(h^lowerPrime5[s[1]], 11) * prime1
		h = bits.RotateLeft64(h^lowerPrime5[s[2]], 11) * prime1
	case 2:
		h = bits.RotateLeft64(h^lowerPrime5[s[0]], 11) * prime1
		h = bits.RotateLeft64(h^lowerPrime5[s[1]], 11) * prime1
	case 1:
		h = bits.RotateLeft64(h^lowerPrime5[s[0]], 11) * prime1
	}
	return xxAvalanche(h)
}

// hashWords returns XXH64 with seed ShingleSeed of the words w written
// as 8-byte little-endian words (the hash of a shingle), given ws[i] =
// w[i] * prime2: XXH64 only ever uses an input word multiplied by prime2,
// so a token's product is computed once, not once per window.
func hashWords(ws []uint64) uint64 {
	n := len(ws)
	var h uint64
	if n >= 4 {
		seed := ShingleSeed // a variable, so that the sums wrap around
		v1 := seed + prime1 + prime2
		v2 := seed + prime2
		v3 := seed
		v4 := seed - prime1
		for len(ws) >= 4 {
			v1 = bits.RotateLeft64(v1+ws[0], 31) * prime1
			v2 = bits.RotateLeft64(v2+ws[1], 31) * prime1
			v3 = bits.RotateLeft64(v3+ws[2], 31) * prime1
			v4 = bits.RotateLeft64(v4+ws[3], 31) * prime1
			ws = ws[4:]
		}
		h = xxMerge(v1, v2, v3, v4)
	} else {
		seed := ShingleSeed
		h = seed + prime5
	}
	h += uint64(n) * 8
	for _, w := range ws {
		h ^= bits.RotateLeft64(w, 31) * prime1
		h = bits.RotateLeft64(h, 27)*prime1 + prime4
	}
	return xxAvalanche(h)
}

// hashSliding sets out[i] to hashWords(ws[i:i+n]) for each window of n
// consecutive words of ws, and returns how many there are. Where the
// processor has 64-bit vector multiplies (hashSliding8, AVX-512 on amd64),
// the windows are hashed eight at a time, each in a lane of its own; the
// rest, and every window elsewhere, go through hashSlidingScalar.
func hashSliding(out, ws []uint64, n int) int {
	m := len(ws) - n + 1
	if m <= 0 {
		return 0
	}
	out = out[:m]
	if v := m &^ 7; haveSliding8 && v > 0 {
		hashSliding8(out[:v], ws[:v+n-1], n)
		if v == m {
			return m
		}
		hashSlidingScalar(out[v:], ws[v:], n)
		return m
	}
	hashSlidingScalar(out, ws, n)
	return m
}

// hashSlidingScalar is hashSliding in plain Go: out has room for every
// window. Windows of 4 to 7 words, one stripe and up to three words more,
// are hashed without loops over stripes.
func hashSlidingScalar(out, ws []uint64, n int) {
	m := len(ws) - n + 1
	if m <= 0 {
		return
	}
	out = out[:m]
	if n < 4 {
		for i := range out {
			out[i] = hashWords(ws[i : i+n])
		}
		return
	}
	if n >= 8 {
		hashSlidingStripes(out, ws, n)
		return
	}
	seed := ShingleSeed // a variable, so that the sums wrap around
	c1, c2, c3, c4 := seed+prime1+prime2, seed+prime2, seed, seed-prime1
	for i := range out {
		w := ws[i : i+n : i+n]
		_ = w[3]
		v1 := bits.RotateLeft64(c1+w[0], 31) * prime1
		v2 := bits.RotateLeft64(c2+w[1], 31) * prime1
		v3 := bits.RotateLeft64(c3+w[2], 31) * prime1
		v4 := bits.RotateLeft64(c4+w[3], 31) * prime1
		h := bits.RotateLeft64(v1, 1) + bits.RotateLeft64(v2, 7) +
			bits.RotateLeft64(v3, 12) + bits.RotateLeft64(v4, 18)
		h = xxMergeRound(h, v1)
		h = xxMergeRound(h, v2)
		h = xxMergeRound(h, v3)
		h = xxMergeRound(h, v4)
		h += uint64(n) * 8
		if n > 4 {
			h ^= bits.RotateLeft64(w[4], 31) * prime1
			h = bits.RotateLeft64(h, 27)*prime1 + prime4
			if n > 5 {
				h ^= bits.RotateLeft64(w[5], 31) * prime1
				h = bits.RotateLeft64(h, 27)*prime1 + prime4
				if n > 6 {
					h ^= bits.RotateLeft64(w[6], 31) * prime1
					h = bits.RotateLeft64(h, 27)*prime1 + prime4
				}
			}
		}
		out[i] = xxAvalanche(h)
	}
}

// xxMerge folds XXH64's four lane accumulators into one hash, as XXH64
// does for inputs of 32 bytes or more.
func xxMerge(v1, v2, v3, v4 uint64) uint64 {
	h := bits.RotateLeft64(v1, 1) + bits.RotateLeft64(v2, 7) +
		bits.RotateLeft64(v3, 12) + bits.RotateLeft64(v4, 18)
	h = xxMergeRound(h, v1)
	h = xxMergeRound(h, v2)
	h = xxMergeRound(h, v3)
	return xxMergeRound(h, v4)
}

// hashSlidingStripes is hashSliding for windows of n >= 8 words:
// hashWords with loops whose counts are the same for every window, so
// that the processor predicts them, and windows of 8 (DefaultCharSize,
// the window of characters of unspaced scripts) with no loops at all.
func hashSlidingStripes(out, ws []uint64, n int) {
	seed := ShingleSeed // a variable, so that the sums wrap around
	c1, c2, c3, c4 := seed+prime1+prime2, seed+prime2, seed, seed-prime1
	if n == 8 { // DefaultCharSize: two stripes, no words more
		for i := range out {
			w := ws[i : i+8 : i+8]
			v1 := bits.RotateLeft64(c1+w[0], 31) * prime1
			v2 := bits.RotateLeft64(c2+w[1], 31) * prime1
			v3 := bits.RotateLeft64(c3+w[2], 31) * prime1
			v4 := bits.RotateLeft64(c4+w[3], 31) * prime1
			v1 = bits.RotateLeft64(v1+w[4], 31) * prime1
			v2 = bits.RotateLeft64(v2+w[5], 31) * prime1
			v3 = bits.RotateLeft64(v3+w[6], 31) * prime1
			v4 = bits.RotateLeft64(v4+w[7], 31) * prime1
			out[i] = xxAvalanche(xxMerge(v1, v2, v3, v4) + 8*8)
		}
		return
	}
	stripes := n &^ 3
	for i := range out {
		w := ws[i : i+n : i+n]
		v1, v2, v3, v4 := c1, c2, c3, c4
		for k := 0; k+4 <= stripes; k += 4 {
			s := w[k : k+4 : k+4]
			v1 = bits.RotateLeft64(v1+s[0], 31) * prime1
			v2 = bits.RotateLeft64(v2+s[1], 31) * prime1
			v3 = bits.RotateLeft64(v3+s[2], 31) * prime1
			v4 = bits.RotateLeft64(v4+s[3], 31) * prime1
		}
		h := xxMerge(v1, v2, v3, v4) + uint64(n)*8
		for _, x := range w[stripes:] {
			h ^= bits.RotateLeft64(x, 31) * prime1
			h = bits.RotateLeft64(h, 27)*prime1 + prime4
		}
		out[i] = xxAvalanche(h)
	}
}

// Repeated bytes for the 64-byte ASCII scanner.
const (
	bytes7F = 0x7f7f_7f7f_7f7f_7f7f
	bytes80 = 0x8080_8080_8080_8080
)

// wordBytes8 returns the high bit of each of the eight bytes of x (x =
// load64(text[i:]), so byte k of x is text[i+k]) that is an ASCII letter
// or digit: the bytes for which isWordByte is true, found without a
// table.
func wordBytes8(x uint64) uint64 {
	lo := x & bytes7F // no carries between bytes in the sums below
	y := lo | 0x2020_2020_2020_2020
	// A byte's high bit is set in b+(0x80-c) when b >= c.
	letter := (y + 0x1f1f_1f1f_1f1f_1f1f) &^ (y + 0x0505_0505_0505_0505)  // 'a' <= y <= 'z'
	digit := (lo + 0x5050_5050_5050_5050) &^ (lo + 0x4646_4646_4646_4646) // '0' <= lo <= '9'
	return (letter | digit) &^ x & bytes80                                // and x < 0x80
}

// highBits8 gathers the high bits of the eight bytes of x into a byte: bit
// k is the high bit of byte k. The products of the multiplication land on
// distinct bits, so nothing carries.
func highBits8(x uint64) uint64 {
	return (x & bytes80 >> 7) * 0x0102_0408_1020_4080 >> 56
}

// asciiMasks returns two bitmaps of the 64 bytes of b, bit k for b[k]:
// the ASCII letters and digits (isWordByte), and the bytes >= 0x80.
func asciiMasks(b string) (words, nonASCII uint64) {
	b = b[:64]
	// Unrolled by hand: the loop's branch is one that processors predict,
	// but where it lands in the code made a difference of a few percent.
	x0, x1, x2, x3 := load64(b[0:]), load64(b[8:]), load64(b[16:]), load64(b[24:])
	x4, x5, x6, x7 := load64(b[32:]), load64(b[40:]), load64(b[48:]), load64(b[56:])
	words = highBits8(wordBytes8(x0)) | highBits8(wordBytes8(x1))<<8 |
		highBits8(wordBytes8(x2))<<16 | highBits8(wordBytes8(x3))<<24 |
		highBits8(wordBytes8(x4))<<32 | highBits8(wordBytes8(x5))<<40 |
		highBits8(wordBytes8(x6))<<48 | highBits8(wordBytes8(x7))<<56
	nonASCII = highBits8(x0) | highBits8(x1)<<8 | highBits8(x2)<<16 | highBits8(x3)<<24 |
		highBits8(x4)<<32 | highBits8(x5)<<40 | highBits8(x6)<<48 | highBits8(x7)<<56
	return words, nonASCII
}

// hashWord15 returns hashWord of a word of n ASCII letters and digits, 1
// <= n <= 15, from the registers in which fillASCII read it: x0 holds its
// first 8 bytes (and what follows it, if it is shorter), tail its bytes
// after the first 8 if it has 8 or more, or else x0, in little-endian
// order. XXH64 of n < 16 bytes is one 8-byte step if n >= 8, one 4-byte
// step if n&7 >= 4, then n&3 single bytes; each step is computed and kept
// or not with a conditional move, not a branch, as branches on the
// length of words are the ones a processor mispredicts on text. It
// inlines only by hand: fillASCII calls it.
func hashWord15(x0, tail uint64, n int) uint64 {
	seed := TokenSeed // a variable, so that the sum wraps around
	h := seed + prime5 + uint64(n)
	h8 := bits.RotateLeft64(h^xxRound(0, x0|lowerMask), 27)*prime1 + prime4
	if n >= 8 {
		h = h8
	}
	h4 := bits.RotateLeft64(h^uint64(uint32(tail)|0x2020_2020)*prime1, 23)*prime2 + prime3
	tail4 := tail >> 32
	if n&4 != 0 {
		h, tail = h4, tail4
	}
	r := n & 3
	h1 := bits.RotateLeft64(h^lowerPrime5[uint8(tail)], 11) * prime1
	if r >= 1 {
		h = h1
	}
	h2 := bits.RotateLeft64(h^lowerPrime5[uint8(tail>>8)], 11) * prime1
	if r >= 2 {
		h = h2
	}
	h3 := bits.RotateLeft64(h^lowerPrime5[uint8(tail>>16)], 11) * prime1
	if r == 3 {
		h = h3
	}
	return xxAvalanche(h)
}
