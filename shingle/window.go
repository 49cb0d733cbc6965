package shingle

import "unicode/utf8"

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
// index after the last one. ASCII words are found and hashed here;
// characters of unspaced scripts go through fillChars (and next for one
// that a mark follows), other words through slowToken.
func (s *Shingler) fill(text string, st *windowState) int {
	w := &s.win
	j, i := st.top, st.i
	for j < windowLen && i < len(text) {
		c := text[i]
		if isWordByte[c] {
			// An ASCII word, as in next.
			start := i
			for i++; i < len(text) && isWordByte[text[i]]; i++ {
			}
			if i < len(text) && (text[i] >= utf8.RuneSelf || text[i] == '\'') {
				var tok Token
				tok, i = s.slowToken(text, start, i, Word)
				w.p[j], w.start[j], w.end[j], w.char[j] = tok.Hash*prime2, tok.Start, tok.End, false
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
		// A non-ASCII rune: characters of unspaced scripts in a loop of
		// their own, words through slowToken; the rest is skipped.
		r, n := decodeRune(text, i)
		var tok Token
		switch class(blockOf(r).info[r&0xff] & infoClass) {
		case classChar:
			if i2, j2 := s.fillChars(text, i, j); j2 > j {
				i, j = i2, j2
				continue
			}
			tok, i = s.next(text, i)
		case classWord:
			tok, i = s.slowToken(text, i, i, Word)
		default:
			// Not in a token, as in next: a separator, or a mark,
			// apostrophe or invisible character with no token before.
			i += n
			continue
		}
		if tok.Kind == 0 {
			break
		}
		w.p[j], w.start[j], w.end[j], w.char[j] = tok.Hash*prime2, tok.Start, tok.End, tok.Kind == Char
		j++
	}
	st.i = min(i, len(text))
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
