package shingle

import "math/bits"

// ASCII words, eight bytes at a time. English news is more than 99% ASCII
// and most of its words are shorter than eight letters, so the fast path
// (fill) reads the text a 64-bit word at a time: one load at the start of
// a word finds where the word ends (wordBytes, SWAR: "SIMD within a
// register") and usually where the next one starts, and it already holds
// the word, so the word's hash is computed from the register (hashTail),
// with no second pass over its bytes and no branch on its length.

const (
	// highBits has the top bit of every byte set: masks returned by
	// wordBytes mark a byte by its top bit.
	highBits uint64 = 0x8080_8080_8080_8080
	// bytesOf multiplies a byte into every byte of a word.
	bytesOf uint64 = 0x0101_0101_0101_0101
)

// wordBytes returns a mask with the top bit of each byte of x (eight
// bytes of text, little-endian) that is an ASCII letter or digit, as
// isWordByte tells them, and no other bit set.
//
// Each test adds a constant to the low seven bits of every byte, so that
// the top bit of the sum says whether the byte is at least some value; no
// sum carries into the next byte (0x7F + 0x50 < 0x100).
func wordBytes(x uint64) uint64 {
	low := x &^ highBits                  // every byte < 0x80
	lower := low | 0x20*bytesOf           // letters lower-cased
	fromA := lower + (0x80-'a')*bytesOf   // >= 'a'
	pastZ := lower + (0x80-'z'-1)*bytesOf // > 'z'
	from0 := low + (0x80-'0')*bytesOf     // >= '0'
	past9 := low + (0x80-'9'-1)*bytesOf   // > '9'
	return (fromA&^pastZ | from0&^past9) &^ x & highBits
}

// loadTail returns the bytes of text from i, fewer than eight, as a
// little-endian word padded with zero bytes (NUL, a separator).
func loadTail(text string, i int) uint64 {
	var x uint64
	for k := len(text) - 1; k >= i; k-- {
		x = x<<8 | uint64(text[k])
	}
	return x
}

// asciiWordFrom returns the end and the hash, hashWord(text[i:end]), of
// the run of ASCII letters and digits that starts at byte i of text and
// is at least eight bytes long; x is the first eight bytes. Words of up
// to 15 bytes are hashed from registers.
func asciiWordFrom(text string, i int, x uint64) (end int, hash uint64) {
	end = i + 8
	var y uint64
	for {
		if end+8 <= len(text) {
			y = load64(text[end : end+8])
		} else {
			y = loadTail(text, end)
		}
		if stop := ^wordBytes(y) & highBits; stop != 0 {
			n := bits.TrailingZeros64(stop) >> 3
			end += n
			break
		}
		end += 8
	}
	if n := end - i; n < 16 {
		// One 8-byte round for x, then the rest in y.
		seed := TokenSeed // a variable, so that the sums wrap around
		h := seed + prime5 + uint64(n)
		h ^= xxRound(0, x|lowerMask)
		h = bits.RotateLeft64(h, 27)*prime1 + prime4
		return end, hashTail(h, y|lowerMask, n-8)
	}
	return end, hashLower(text[i:end], lowerMask)
}

// hashTail finishes XXH64 (seed TokenSeed) of an input of under 32 bytes
// whose last n bytes, 0 <= n <= 7, are the first n bytes of x
// (little-endian) and whose state after the bytes before them is h.
func hashTail(h, x uint64, n int) uint64 {
	if n >= 4 {
		h ^= uint64(uint32(x)) * prime1
		h = bits.RotateLeft64(h, 23)*prime2 + prime3
		x >>= 32
	}
	for range n & 3 {
		h ^= (x & 0xff) * prime5
		h = bits.RotateLeft64(h, 11) * prime1
		x >>= 8
	}
	return xxAvalanche(h)
}

// hashShortWords sets p[k] to hashWord of the word of short[k] bytes in
// p[k], times prime2 as hashWords wants it, for each k with short[k] > 0
// (see windowBuf). XXH64 hashes a word of under eight bytes as one 4-byte
// round if it has four bytes or more and then one round per byte left;
// the loop computes every round and picks the ones that count, so that it
// has no branch on the word's length, which varies from word to word and
// would be mispredicted, and the hashes of consecutive words overlap in
// the processor.
func hashShortWords(p []uint64, short []uint8) {
	short = short[:len(p)]
	for k, n := range short {
		if n == 0 {
			continue
		}
		x := p[k]
		seed := TokenSeed // a variable, so that the sums wrap around
		h := seed + prime5 + uint64(n)
		h4 := bits.RotateLeft64(h^uint64(uint32(x))*prime1, 23)*prime2 + prime3
		x4 := x >> 32
		if n >= 4 {
			h, x = h4, x4
		}
		h1 := bits.RotateLeft64(h^(x&0xff)*prime5, 11) * prime1
		h2 := bits.RotateLeft64(h1^(x>>8&0xff)*prime5, 11) * prime1
		h3 := bits.RotateLeft64(h2^(x>>16&0xff)*prime5, 11) * prime1
		r := n & 3
		if r == 1 {
			h = h1
		}
		if r == 2 {
			h = h2
		}
		if r == 3 {
			h = h3
		}
		p[k] = xxAvalanche(h) * prime2
	}
}
