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
	// short[j] > 0 says that token j is an ASCII word of that many
	// bytes, under eight, whose hash fill has yet to compute: p[j] holds
	// its bytes, lower-cased, instead of its hash.
	short [windowLen]uint8

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
// index after the last one.
//
// It reads the text eight bytes at a time (ascii.go): one load at the
// start of an ASCII word tells where the word ends and, most of the time,
// where the next one starts, and holds the word itself. Words shorter
// than eight bytes are hashed afterwards, all in one loop with no
// branches (hashShortWords); non-ASCII runes go through next, and words
// that continue with an apostrophe or a non-ASCII rune through slowToken.
func (s *Shingler) fill(text string, st *windowState) int {
	w := &s.win
	j, i := st.top, st.i
	for j < windowLen && i < len(text) {
		var x uint64
		if i+8 <= len(text) {
			x = load64(text[i : i+8])
		} else {
			x = loadTail(text, i)
		}
		word := wordBytes(x)
		starts := (word | x) & highBits // word bytes and non-ASCII bytes
		if starts&0x80 == 0 {
			// Separators: skip to the next start, or past x.
			i += bits.TrailingZeros64(starts) >> 3
			continue
		}
		if x&0x80 != 0 {
			// A non-ASCII rune: characters of unspaced scripts in a
			// loop of their own, the rest through the general path.
			if i2, j2 := s.fillChars(text, i, j); j2 > j {
				i, j = i2, j2
				continue
			}
			var tok Token
			tok, i = s.next(text, i)
			if tok.Kind == 0 {
				break
			}
			w.p[j], w.start[j], w.end[j], w.char[j], w.short[j] = tok.Hash*prime2, tok.Start, tok.End, tok.Kind == Char, 0
			j++
			continue
		}
		// An ASCII word.
		start := i
		if stop := ^word & highBits; stop != 0 {
			// Shorter than eight bytes, all in x.
			n := bits.TrailingZeros64(stop) >> 3
			if c := byte(x >> (n * 8)); c < utf8.RuneSelf && c != '\'' {
				w.p[j], w.start[j], w.end[j], w.char[j], w.short[j] = x|lowerMask, start, start+n, false, uint8(n)
				j++
				// The next start after the word and its separator, if
				// it is in x; else look from the byte after x.
				i += bits.TrailingZeros64(starts&(^uint64(0)<<(n*8+8))) >> 3
				continue
			}
			var tok Token
			tok, i = s.slowToken(text, start, start+n, Word)
			w.p[j], w.start[j], w.end[j], w.char[j], w.short[j] = tok.Hash*prime2, start, tok.End, false, 0
			j++
			continue
		}
		end, h := asciiWordFrom(text, i, x)
		i = end + 1 // the separator after the word
		if end < len(text) {
			if c := text[end]; c >= utf8.RuneSelf || c == '\'' {
				var tok Token
				tok, i = s.slowToken(text, start, end, Word)
				end, h = tok.End, tok.Hash
			}
		}
		w.p[j], w.start[j], w.end[j], w.char[j], w.short[j] = h*prime2, start, end, false, 0
		j++
	}
	st.i = min(i, len(text))
	hashShortWords(w.p[st.top:j], w.short[st.top:j])
	return j
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
