package shingle

import (
	"encoding/binary"
	"math/bits"
	"sync/atomic"
	"unicode/utf8"
)

// The fast path of fill for words of two-byte runes: most words of
// Cyrillic, Greek, Arabic, Urdu, Persian and Hebrew text, and Latin words
// with accented letters. A plain word is a run of ASCII letters and
// digits and of plain two-byte runes (infoPlain), starting with a letter
// or digit, followed by the end of the text, an ASCII separator other
// than an apostrophe, or a separator or an unspaced script's character
// of any length, with invisible format characters (ZWNJ, soft hyphen,
// tatweel...) anywhere after its first rune. Its normalised form is its
// runes lower-cased and folded, ASCII as one byte and the others as two,
// the invisible characters dropped: exactly what slowToken builds for it
// without NFKC. A word that is not plain goes to slowToken.
//
// Text of two-byte scripts goes word by word (fillWords, plainWord): the
// runes are looked up in one flat table (twoByteRunes) and their folded
// bytes stored into a buffer of the window slot, and the hashes are
// computed after the batch (hashPending) without a branch on the length
// (hashShort), where the processor overlaps their chains of
// multiplications. Latin text with a few accented letters goes 64 bytes
// at a time (fillTwo), as fillASCII takes ASCII text. Measured with
// BenchmarkInterleavedVsBaseline: a fillTwo for Cyrillic and Arabic text
// too was slower than word by word there (most of its bytes are runes to
// look up one by one anyway), so fillTwo stops at blocks that are mostly
// not ASCII.

// Bits of an entry of the two-byte rune table.
const (
	twoLower = 0xFFFF  // lower2: the lower-cased, folded UTF-8, first byte low
	twoClass = 7 << 16 // the rune's class
	twoPlain = 1 << 19 // infoPlain
)

// startsPlainWord reports whether the table entry e is that of a plain
// rune of class Word, which starts a plain word.
func startsPlainWord(e uint32) bool {
	return e&(twoPlain|twoClass) == twoPlain|uint32(classWord)<<16
}

// twoByteRunes is the table of the runes of two bytes of UTF-8, U+0080 to
// U+07FF, indexed by their 11 bits: each entry is the rune's class, its
// infoPlain bit and lower2, from the rune blocks. It is filled on first
// use, from the eight blocks it covers (under a millisecond, once per
// process); Shinglers filling it at once compute the same table and the
// atomic pointer publishes a complete one.
var twoByteTable atomic.Pointer[[2048]uint32]

func twoByteRunes() *[2048]uint32 {
	if t := twoByteTable.Load(); t != nil {
		return t
	}
	t := new([2048]uint32)
	for r := rune(0x80); r < 0x800; r++ {
		blk := blockOf(r)
		info := blk.info[r&0xff]
		e := uint32(info&infoClass) << 16
		if info&infoPlain != 0 {
			e |= twoPlain | uint32(blk.lower2[r&0xff])
		}
		t[r] = e
	}
	twoByteTable.Store(t)
	return t
}

// foldCap is the size of the buffer of a plain word's normalised form:
// 63 bytes at most, and room for a two-byte store at byte 63 and for
// hashShort's 8-byte loads.
const foldCap = 72

// twoByteIndex is the index in the two-byte rune table of the rune whose
// UTF-8 is c0, c1, if it is one of two bytes.
func twoByteIndex(c0, c1 byte) uint {
	return (uint(c0)&0x1F)<<6 | uint(c1)&0x3F
}

// fillWords puts the tokens of text from byte i, where a word starts
// (fillRune: a plain two-byte letter; fillASCII: an ASCII letter or
// digit after a word with an accented letter), into the window buffer
// from index j up to windowLen, and returns the byte and the index at
// which it stopped. It is fill for the text of scripts written in
// two-byte runes, word by word: the plain words through plainWord, the
// others through slowToken. With blocks, fillTwo takes the text 64 bytes
// at a time where it can (up to the last twoBlockReach bytes of the
// text, in blocks mostly of ASCII); without, fillWords stops before an
// ASCII word that fillASCII can take. It stops before a rune of three
// bytes or more, a two-byte letter or digit that is not plain, or a byte
// that is not UTF-8, which fill takes.
func (s *Shingler) fillWords(text string, i, j int, blocks bool) (int, int) {
	tab := twoByteRunes()
	w := &s.win
	blocksFrom := i // where fillTwo may take over
	for j < windowLen && i < len(text) {
		if blocks && i >= blocksFrom && i+twoBlockReach <= len(text) {
			i2, j2, forFill := s.fillTwo(text, i, j, tab)
			if forFill {
				return i2, j2
			}
			if i2 != i || j2 != j {
				i, j = i2, j2
				continue
			}
			// A block of mostly two-byte runes, or a long word:
			// word by word up to the next block.
			blocksFrom = i + 64
		}
		// A word starts at i, or what separates words.
		c0 := text[i]
		switch {
		case c0 < utf8.RuneSelf:
			if !isWordByte[c0] {
				i++
				continue
			}
			if !blocks && i+asciiBlockReach <= len(text) {
				return i, j // fillASCII takes ASCII words faster
			}
		case c0-0xC2 > 0xDF-0xC2 || i+1 >= len(text) || text[i+1]&0xC0 != 0x80:
			return i, j // not two bytes
		default:
			e := tab[twoByteIndex(c0, text[i+1])]
			if !startsPlainWord(e) {
				if e&twoClass == uint32(classWord)<<16 {
					return i, j // a letter that is not plain
				}
				// A separator, or a mark, apostrophe or invisible
				// character with no token before it, as in fillRune.
				i += 2
				continue
			}
		}
		end, next := s.plainWordAt(text, i, i, j, tab)
		w.start[j], w.end[j], w.char[j] = i, end, false
		j++
		i = next
	}
	return i, j
}

// plainWordAt takes the word that starts at byte start of text, with its
// first bytes up to end ASCII letters and digits (read, or none), into
// index j of the window buffer: its normalised form into w.fold[j] and j
// onto the pending list if it is plain, whose hashes hashPending computes
// at the end of fill, or else its hash into w.p[j], from slowToken. It
// returns the end of the word and the byte at which to look for the next
// token; the caller sets the rest of the slot.
func (s *Shingler) plainWordAt(text string, start, end, j int, tab *[2048]uint32) (int, int) {
	w := &s.win
	// After ASCII letters and digits, a word is plain only if a two-byte
	// rune follows them: an apostrophe, ’ or another rune of three bytes
	// go straight to slowToken.
	if end == start || end < len(text) && 0xC2 <= text[end] && text[end] <= 0xDF {
		if wordEnd, next, n, ok := plainWord(text, start, tab, &w.fold[j]); ok {
			w.foldLen[j] = uint8(n)
			w.pending[w.npending&(windowLen-1)] = uint8(j)
			w.npending++
			return wordEnd, next
		}
	}
	tok, next := s.slowToken(text, start, end, Word)
	w.p[j] = tok.Hash * prime2
	return tok.End, next
}

// fillWordBeforeRune is fillASCII's way out of its common case: it puts
// the word that starts at byte start of text, whose ASCII letters and
// digits run up to end, where a non-ASCII rune or an apostrophe follows,
// into index j of the window buffer. If the rune is an accented Latin
// letter (U+00C0 to U+017F) and another word follows, the text is Latin
// text with accented letters, it seems, and fillWords takes it on, 64
// bytes at a time; stop is true then, and i and j are where that stopped.
// Else it returns the byte at which to look for the next token and j+1.
// It is a function of its own so that fillASCII's loop stays small.
func (s *Shingler) fillWordBeforeRune(text string, start, end, j int) (i, j2 int, stop bool) {
	w := &s.win
	wordEnd, next := s.plainWordAt(text, start, end, j, twoByteRunes())
	w.start[j], w.end[j], w.char[j] = start, wordEnd, false
	if c := text[end]; 0xC3 <= c && c <= 0xC5 && next < len(text) && isWordAt(text, next) {
		i, j2 = s.fillWords(text, next, j+1, true)
		return i, j2, true
	}
	return next, j + 1, false
}

// hashPending computes the hashes of the plain words on the pending list
// (see plainWordAt) into w.p, and empties the list. The hashes are
// computed here, in a loop of their own, rather than word by word as the
// words are found: each is a long chain of multiplications that the
// processor can overlap with the chains of the words after it here, but
// hardly with the unpredictable branches of finding words.
func (s *Shingler) hashPending() {
	w := &s.win
	for _, j := range w.pending[:w.npending] {
		if n := int(w.foldLen[j]); n < 32 {
			w.p[j] = hashShort(&w.fold[j], n) * prime2
		} else {
			w.p[j] = hashLower(w.fold[j][:n], 0) * prime2
		}
	}
	w.npending = 0
}

// plainWord returns the end of the word that starts at byte start of text
// with an ASCII letter or digit or a plain two-byte rune, the byte at
// which to look for the next token, and the length n of the word's
// normalised form, which it puts into words (little-endian), if the word
// is plain (see above); ok is false if it is not, and slowToken takes it.
func plainWord(text string, start int, tab *[2048]uint32, buf *[foldCap]byte) (end, next, n int, ok bool) {
	// The form is at most 63 bytes: a longer word goes to slowToken. An
	// ASCII byte is one byte of it, a two-byte rune two, so that i-start
	// and n differ only by the invisible characters skipped.
	i := start
	end = start
	for {
		n0 := n
		for i < len(text) && n < 62 {
			c0 := text[i]
			if c0 < utf8.RuneSelf {
				if !isWordByte[c0] {
					break
				}
				buf[n&63] = c0 | 0x20
				n++
				i++
				continue
			}
			if i+1 >= len(text) {
				break
			}
			c1 := text[i+1]
			e := tab[twoByteIndex(c0, c1)]
			if c0-0xC2 > 0xDF-0xC2 || c1&0xC0 != 0x80 || e&twoPlain == 0 {
				break
			}
			binary.LittleEndian.PutUint16(buf[n&63:], uint16(e))
			n += 2
			i += 2
		}
		if n > n0 {
			end = i
		}
		// What ends the word, or an invisible character in it.
		if i >= len(text) {
			next = i
			break
		}
		c0 := text[i]
		if c0 < utf8.RuneSelf {
			if isWordByte[c0] || c0 == '\'' {
				return 0, 0, 0, false // too long, or an apostrophe
			}
			next = i + 1
			break
		}
		var c class
		var size int
		if c0-0xC2 <= 0xDF-0xC2 && i+1 < len(text) && text[i+1]&0xC0 == 0x80 {
			c, size = class(tab[twoByteIndex(c0, text[i+1])]>>16&7), 2
		} else {
			var r rune
			r, size = decodeRune(text, i)
			c = class(blockOf(r).info[r&0xff] & infoClass)
		}
		if c == classTransparent {
			i += size // dropped: the word goes on after it
			continue
		}
		switch c {
		case classSep:
			next = i + size
		case classChar:
			next = i // the next token
		default:
			return 0, 0, 0, false // a mark, letter or apostrophe that is not plain
		}
		break
	}
	return end, next, n, true
}

// hashShort returns XXH64 with seed TokenSeed (0) of the first n bytes of
// b, 0 < n < 32: hashLower(b[:n], 0),
// computed with conditional moves rather than branches on n, as
// hashWord15 is.
func hashShort(b *[foldCap]byte, n int) uint64 {
	seed := TokenSeed // a variable, so that the sum wraps around
	h := seed + prime5 + uint64(n)
	h8 := bits.RotateLeft64(h^xxRound(0, load64(b[0:])), 27)*prime1 + prime4
	if n >= 8 {
		h = h8
	}
	h16 := bits.RotateLeft64(h^xxRound(0, load64(b[8:])), 27)*prime1 + prime4
	if n >= 16 {
		h = h16
	}
	h24 := bits.RotateLeft64(h^xxRound(0, load64(b[16:])), 27)*prime1 + prime4
	if n >= 24 {
		h = h24
	}
	tail := load64(b[n&24:])
	h4 := bits.RotateLeft64(h^uint64(uint32(tail))*prime1, 23)*prime2 + prime3
	tail4 := tail >> 32
	if n&4 != 0 {
		h, tail = h4, tail4
	}
	r := n & 3
	h1 := bits.RotateLeft64(h^uint64(uint8(tail))*prime5, 11) * prime1
	if r >= 1 {
		h = h1
	}
	h2 := bits.RotateLeft64(h^uint64(uint8(tail>>8))*prime5, 11) * prime1
	if r >= 2 {
		h = h2
	}
	h3 := bits.RotateLeft64(h^uint64(uint8(tail>>16))*prime5, 11) * prime1
	if r == 3 {
		h = h3
	}
	return xxAvalanche(h)
}

// twoBlockReach is how far past a block's start fillTwo reads: the
// block's 64 bytes, the second byte of a rune that starts at its last,
// and 16 bytes from the start of a word in it.
const twoBlockReach = 64 + 16

// maxTwoBlockRunes is the most non-ASCII bytes a block may have for
// fillTwo to take it. fillTwo is for Latin text with accented letters:
// on text of two-byte scripts (most of whose bytes are not ASCII) the
// word-by-word loop of fillWords is faster.
const maxTwoBlockRunes = 16

// fillTwo is fillASCII for text of ASCII words and plain words (see
// above), such as Latin text with accented letters: it puts the tokens of
// text from byte i, where a rune starts that does not continue a word
// before it, into the window buffer from index j up to windowLen, and
// returns the byte and the index at which it stopped, and whether that is
// before a rune that fill takes (one of three bytes or more, a two-byte
// letter or digit that is not plain, a byte that is not UTF-8). It also
// stops in the last twoBlockReach bytes of the text, before a block with
// more than maxTwoBlockRunes bytes that are not ASCII, and before a word
// of 64 bytes or more, all of which fillWords takes word by word. For each
// block of 64 bytes it
//
//   - finds the ASCII letters and digits (asciiMasks) and looks every
//     two-byte rune up in the table, into two bitmaps: the bytes of plain
//     runes, and those of separators, marks, apostrophes and invisible
//     characters (which are skipped between words, as fillRune skips
//     them);
//   - copies the block, lower-cased and folded, into a buffer: a plain
//     word's normalised form has the same length as the word, so it is
//     the buffer at the word's offsets;
//   - takes the words as the runs of ones of the two bitmaps, as
//     fillASCII does, and hashes the common ones (shorter than 16 bytes,
//     followed by an ASCII separator other than an apostrophe) from two
//     8-byte loads with no branch on their length (hashBytes15).
//
// The other words go through plainWordAt, as in fillWords.
func (s *Shingler) fillTwo(text string, i, j int, tab *[2048]uint32) (int, int, bool) {
	w := &s.win
	var fold [twoBlockReach]byte
	for j < windowLen && i+twoBlockReach <= len(text) {
		base := i
		block := text[base : base+64]
		words, nonASCII := asciiMasks(block)
		if bits.OnesCount64(nonASCII) > maxTwoBlockRunes {
			return i, j, false
		}
		for k := 0; k < 64; k += 8 {
			x := load64(block[k:])
			binary.LittleEndian.PutUint64(fold[k:], x|wordBytes8(x)>>2) // ASCII letters lower-cased
		}
		// The two-byte runes, by their first bytes.
		var plain, starts2, skip uint64
		leads := nonASCII &^ contMask(block)
		for m := leads; m != 0; m &= m - 1 {
			p := bits.TrailingZeros64(m)
			c0, c1 := text[base+p], text[base+p+1]
			if c0-0xC2 > 0xDF-0xC2 || c1&0xC0 != 0x80 {
				continue // not two bytes: a rune for fill
			}
			e := tab[twoByteIndex(c0, c1)]
			binary.LittleEndian.PutUint16(fold[p&63:], uint16(e))
			bit := uint64(3) << uint(p)
			if e&twoPlain != 0 {
				plain |= bit
				if e&twoClass == uint32(classWord)<<16 {
					starts2 |= 1 << uint(p)
				}
			} else if e&twoClass != uint32(classWord)<<16 {
				skip |= bit
			}
		}
		// The first bytes of the runes left to fill.
		hard := leads &^ (plain | skip)
		wordBits := words | plain
		starts := wordBits &^ (wordBits << 1)
		for j < windowLen {
			p, q := bits.TrailingZeros64(starts), bits.TrailingZeros64(hard)
			if q < p {
				return base + q, j, true
			}
			if p == 64 {
				i = base + 64 // separators up to the end of the block
				break
			}
			at := base + p
			if (words|starts2)&(1<<uint(p)) == 0 {
				// A plain mark with no token before it: skipped.
				i = at + 2
				break
			}
			n := bits.TrailingZeros64(^wordBits >> uint(p)) // 64 if the word runs to the block's end
			if p+n >= 64 {
				if p == 0 {
					return i, j, false // a word of 64 bytes or more
				}
				i = at
				break
			}
			if sep := text[at+n]; sep < utf8.RuneSelf && sep != '\'' {
				// The common case: a plain word, and an ASCII
				// separator after it.
				var h uint64
				if n < 16 {
					h = hashBytes15(load64(fold[p:]), load64(fold[p+8:]), n)
				} else {
					h = hashLower(fold[p:p+n], 0)
				}
				w.p[j], w.start[j], w.end[j], w.char[j] = h*prime2, at, at+n, false
				j++
				i = at + n + 1
				starts &= starts - 1
				continue
			}
			var end int
			end, i = s.plainWordAt(text, at, at, j, tab)
			w.start[j], w.end[j], w.char[j] = at, end, false
			j++
			pos := i - base
			if pos >= 64 {
				break
			}
			keep := ^uint64(0) << uint(pos)
			starts &= keep
			hard &= keep
		}
	}
	return i, j, false
}

// contMask returns the bitmap of the bytes of b, len(b) >= 64, that are
// UTF-8 continuation bytes (0x80 to 0xBF).
func contMask(b string) uint64 {
	_ = b[63]
	var m uint64
	for k := 0; k < 64; k += 8 {
		x := load64(b[k:])
		m |= highBits8(x&^(x<<1)) << k // high bit set, next bit clear
	}
	return m
}

// hashBytes15 is hashWord15 without lower-casing: XXH64 with seed
// TokenSeed of n bytes, 1 <= n <= 15, little-endian in x0 (the first 8)
// and x1 (the next 8).
func hashBytes15(x0, x1 uint64, n int) uint64 {
	seed := TokenSeed // a variable, so that the sum wraps around
	h := seed + prime5 + uint64(n)
	h8 := bits.RotateLeft64(h^xxRound(0, x0), 27)*prime1 + prime4
	long := -uint64(n >> 3 & 1) // all ones if n >= 8
	h ^= (h ^ h8) & long
	tail := x0 ^ (x0^x1)&long // the bytes after the first 8 if n >= 8
	h4 := bits.RotateLeft64(h^uint64(uint32(tail))*prime1, 23)*prime2 + prime3
	tail4 := tail >> 32
	if n&4 != 0 {
		h, tail = h4, tail4
	}
	r := n & 3
	h1 := bits.RotateLeft64(h^bytePrime5[uint8(tail)], 11) * prime1
	if r >= 1 {
		h = h1
	}
	h2 := bits.RotateLeft64(h^bytePrime5[uint8(tail>>8)], 11) * prime1
	if r >= 2 {
		h = h2
	}
	h3 := bits.RotateLeft64(h^bytePrime5[uint8(tail>>16)], 11) * prime1
	if r == 3 {
		h = h3
	}
	return xxAvalanche(h)
}
