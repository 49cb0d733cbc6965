package shingle

import (
	"math/bits"
	"unicode/utf8"
)

// Shingles are computed in batches: fill finds up to a buffer's worth of
// tokens (windowBuf), then windows hashes the windows that end at them,
// XXH64 over the token hashes straight from the buffer (hashWords,
// hashStripe) rather than from bytes packed for xxhash. Each loop keeps
// its state in registers and makes calls only to hash and for the tokens
// that need the general path. Windows of words only (or of characters
// only), the common case, are the last WordSize (CharSize) tokens, with no
// weights to add up.

// windowLen is the length of the window buffers. A window holds at most
// MaxSize tokens (the tokens after its first weigh less than WordSize ×
// CharSize, and each weighs at least min(WordSize, CharSize)), so a full
// buffer moves its last window to the front once every windowLen-MaxSize
// tokens or more.
const windowLen = 4 * MaxSize

// windowBuf holds the tokens of the current batch and of the window
// before it.
type windowBuf struct {
	p     [windowLen]uint64 // token hash * prime2, as hashWords wants it
	start [windowLen]int
	end   [windowLen]int
	char  [windowLen]bool // Kind is Char, not Word

	// Plain words whose hashes are pending (see plainWordAt): their
	// normalised forms and lengths, and their indices.
	fold     [windowLen][foldCap]byte
	foldLen  [windowLen]uint8
	pending  [windowLen]uint8
	npending int

	// The windows found by the last call of windows: out[k] is the hash
	// of the window of tokens first[k]..last[k].
	out         [windowLen]uint64
	first, last [windowLen]uint8
}

// windowState is where the window and the batch stand.
type windowState struct {
	head, top int // the current window is head..top-1
	sum       int // its weight
	chars     int // the Char tokens in it
	i         int // the byte of text at which to look for tokens
}

// fill finds the tokens of text from byte st.i into the window buffer,
// from st.top up to windowLen or the end of the text, and returns the
// index after the last one. Text with ASCII words goes through fillASCII,
// 64 bytes at a time, up to its last asciiBlockReach bytes; the rest is
// found and hashed here, ASCII words byte by byte and any other rune
// through fillRune.
func (s *Shingler) fill(text string, st *windowState) int {
	w := &s.win
	j, i := st.top, st.i
	for j < windowLen && i < len(text) {
		c := text[i]
		if isWordByte[c] {
			// An ASCII word, as in next.
			if i+asciiBlockReach <= len(text) {
				if i2, j2 := s.fillASCII(text, i, j); i2 > i {
					i, j = i2, j2
					continue
				}
			}
			start := i
			for i++; i < len(text) && isWordByte[text[i]]; i++ {
			}
			if i < len(text) && (text[i] >= utf8.RuneSelf || text[i] == '\'') {
				var end int
				end, i = s.plainWordAt(text, start, i, j, twoByteRunes())
				w.start[j], w.end[j], w.char[j] = start, end, false
				j++
				continue
			}
			w.p[j], w.start[j], w.end[j], w.char[j] = hashWord(text[start:i])*prime2, start, i, false
			j++
			i++ // the separator after the word
			continue
		}
		if c < utf8.RuneSelf {
			i++
			continue
		}
		var ok bool
		if i, j, ok = s.fillRune(text, i, j); !ok {
			break
		}
	}
	st.i = min(i, len(text))
	if w.npending > 0 {
		s.hashPending()
	}
	return j
}

// fillRune takes the non-ASCII rune at byte i of text, j < windowLen:
// characters of unspaced scripts in a loop of their own (fillChars),
// words through slowToken, anything else skipped, as in next. It returns
// the byte and the window buffer index after what it took, and false if
// there is no token left in the text.
func (s *Shingler) fillRune(text string, i, j int) (int, int, bool) {
	w := &s.win
	r, n := decodeRune(text, i)
	var tok Token
	switch class(blockOf(r).info[r&0xff] & infoClass) {
	case classChar:
		if i2, j2 := s.fillChars(text, i, j); j2 > j {
			return i2, j2, true
		}
		tok, i = s.next(text, i)
	case classWord:
		if n == 2 {
			if i2, j2 := s.fillWords(text, i, j, false); j2 > j {
				return i2, j2, true
			}
			// A letter that is not plain: fillWords leaves it.
		}
		tok, i = s.slowToken(text, i, i, Word)
	default:
		// Not in a token, as in next: a separator, or a mark,
		// apostrophe or invisible character with no token before.
		return i + n, j, true
	}
	if tok.Kind == 0 {
		return i, j, false
	}
	w.p[j], w.start[j], w.end[j], w.char[j] = tok.Hash*prime2, tok.Start, tok.End, tok.Kind == Char
	return i, j + 1, true
}

// asciiBlockReach is how far past a block's start fillASCII reads: the
// block's 64 bytes, and 16 bytes from the start of a word in it.
const asciiBlockReach = 64 + 16

// fillASCII puts the tokens of text from byte i, where an ASCII word
// starts, into the window buffer from index j up to windowLen, and returns
// the byte and the index at which it stopped: in the last asciiBlockReach
// bytes of the text, or at a word of 64 bytes or more, which fill takes.
// It is fill for text of ASCII words, written so that nothing in the
// common case branches on where a word ends or how long it is, the
// branches a processor mispredicts on text:
//
//   - it reads 64 bytes at a time into bitmaps (asciiMasks): which bytes
//     are ASCII letters and digits, which are not ASCII;
//   - the words are the runs of ones of the first, taken one after the
//     other with bit operations, without waiting for the end of the one
//     before to be found byte by byte;
//   - a word of fewer than 16 bytes followed by an ASCII separator other
//     than an apostrophe, the common case, is hashed from two 8-byte loads
//     by hashWord15, which has no branch on the length either.
//
// Longer words go to hashWord, words followed by an apostrophe or a
// non-ASCII rune to slowToken, and non-ASCII runes between words to
// fillRune, as in fill; then the block's bitmaps serve on from where
// those stopped.
func (s *Shingler) fillASCII(text string, i, j int) (int, int) {
	w := &s.win
	for j < windowLen && i+asciiBlockReach <= len(text) {
		base := i
		words, nonASCII := asciiMasks(text[base : base+64])
		// The words' first bytes; bit 0 counts, as text[base] starts a
		// word or is not a word byte. starts and nonASCII keep only the
		// bits of the bytes at or after i.
		starts := words &^ (words << 1)
		for j < windowLen {
			p, q := bits.TrailingZeros64(starts), bits.TrailingZeros64(nonASCII)
			if p == 64 && q == 64 {
				i = base + 64 // separators up to the end of the block
				break
			}
			if q < p {
				// A non-ASCII rune before the next word.
				var ok bool
				if i, j, ok = s.fillRune(text, base+q, j); !ok {
					return i, j
				}
			} else {
				at := base + p
				n := bits.TrailingZeros64(^words >> uint(p&63)) // 64 if the word runs to the block's end
				if p+n >= 64 {
					// The word runs past the block: the next block
					// starts at it, unless it is the whole block.
					if p == 0 {
						return i, j
					}
					i = at
					break
				}
				// The word's first 16 bytes: the text has 16 bytes from
				// the start of any word in the block.
				b := text[at : at+16]
				x0, x1 := load64(b), load64(b[8:])
				tail := x0 // the word's bytes after its first 8, if any
				if n >= 8 {
					tail = x1
				}
				if sep := uint8(tail >> (8 * uint(n&7))); n < 16 && sep < utf8.RuneSelf && sep != '\'' {
					// The common case: a short word, and an ASCII
					// separator after it.
					w.p[j], w.start[j], w.end[j], w.char[j] = hashWord15(x0, tail, n)*prime2, at, at+n, false
					j++
					i = at + n + 1 // and the separator after the word
					starts &= starts - 1
					continue
				}
				if sep := text[at+n]; sep < utf8.RuneSelf && sep != '\'' {
					w.p[j], w.start[j], w.end[j], w.char[j] = hashWord(text[at:at+n])*prime2, at, at+n, false
					j++
					i = at + n + 1 // and the separator after the word
				} else {
					var stop bool
					if i, j, stop = s.fillWordBeforeRune(text, at, at+n, j); stop {
						return i, j
					}
				}
			}
			// After a rune or a word that is not the common case.
			pos := i - base
			if pos >= 64 {
				break // the next block starts at i
			}
			keep := ^uint64(0) << uint(pos)
			starts &= keep
			nonASCII &= keep
		}
	}
	return i, j
}

// windows hashes the windows that end at the tokens st.top..fill-1 into
// w.out, w.first and w.last, and returns how many there are.
func (s *Shingler) windows(st *windowState, fill int) int {
	w := &s.win
	threshold, wordWeight, charWeight := s.threshold, s.cfg.CharSize, s.cfg.WordSize
	head, top, sum, chars := st.head, st.top, st.sum, st.chars
	k := 0
	for top < fill {
		if allWords, allChars := chars == 0 && !w.char[top], chars == top-head && w.char[top]; allWords || allChars {
			// A run of words after words, or of characters after
			// characters: each window is the last WordSize (CharSize)
			// tokens, and they are hashed in one go.
			size, weight := s.cfg.WordSize, wordWeight
			if allChars {
				size, weight = s.cfg.CharSize, charWeight
			}
			end := top + 1
			for end < fill && w.char[end] == allChars {
				end++
			}
			if first := max(top, head+size-1); first < end {
				n := hashSliding(w.out[k:], w.p[first+1-size:end], size)
				for i := range n {
					w.first[k+i], w.last[k+i] = uint8(first+1-size+i), uint8(first+i)
				}
				k += n
				head = end - size
			}
			top, sum = end, (end-head)*weight
			if allChars {
				chars = end - head
			}
			continue
		}
		// The general case: drop tokens from the front while the rest
		// still weighs enough.
		if w.char[top] {
			sum += charWeight
			chars++
		} else {
			sum += wordWeight
		}
		for top > head {
			weight := wordWeight
			if w.char[head] {
				weight = charWeight
			}
			if sum-weight < threshold {
				break
			}
			sum -= weight
			if w.char[head] {
				chars--
			}
			head++
		}
		if sum >= threshold {
			w.out[k], w.first[k], w.last[k] = hashWords(w.p[head:top+1]), uint8(head), uint8(top)
			k++
		}
		top++
	}
	st.head, st.top, st.sum, st.chars = head, top, sum, chars
	return k
}

// slide moves the current window to the front of the buffer.
func (s *Shingler) slide(st *windowState) {
	w := &s.win
	h, n := st.head, st.top-st.head
	copy(w.p[:n], w.p[h:st.top])
	copy(w.start[:n], w.start[h:st.top])
	copy(w.end[:n], w.end[h:st.top])
	copy(w.char[:n], w.char[h:st.top])
	st.head, st.top = 0, n
}
