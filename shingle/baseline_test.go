package shingle

import (
	"math/bits"
	"unicode/utf8"
)

// The tokeniser and window hashing as they were before the work on issue
// 12 item 3 (the vector window hash, fillASCII reading 64 bytes at a
// time), kept only as the baseline of BenchmarkTokeniserVsBaseline
// and BenchmarkShinglesVsBaseline, so that old and new run side by side
// on the same inputs in one process. It shares next, slowToken, fillChars
// and the rune tables with the package. The differential tests check the
// current code against the reference implementation (reference_test.go),
// not against this copy; TestCompareInputsMatchReference checks that this
// copy gives the same hashes, so that the benchmarks compare the same
// work.

// baseFill is fill as it was.
func (s *Shingler) baseFill(text string, st *windowState) int {
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
			w.p[j], w.start[j], w.end[j], w.char[j] = baseHashWord(text[start:i])*prime2, start, i, false
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

// baseWindows is windows as it was, with hashSlidingScalar, the window
// hash in plain Go, for hashSliding.
func (s *Shingler) baseWindows(st *windowState, fill int) int {
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
				m := len(w.p[first+1-size:end]) - size + 1
				hashSlidingScalar(w.out[k:k+m], w.p[first+1-size:end], size)
				n := m
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

// baseHashWord is the old hashWord: it returns hashLower(s, lowerMask): the hash of a word s of ASCII
// letters and digits, lower-cased. It is written for short words.
func baseHashWord(s string) uint64 {
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

// baseAppendHashes is AppendHashes as it was, with baseFill and
// baseWindows.
func (s *Shingler) baseAppendHashes(dst []uint64, text string) []uint64 {
	var st windowState
	for {
		fill := s.baseFill(text, &st)
		n := s.baseWindows(&st, fill)
		dst = append(dst, s.win.out[:n]...)
		if fill < windowLen {
			return dst
		}
		s.slide(&st)
	}
}

// tokenise runs fill over the whole of text, a buffer at a time, and
// returns the number of tokens: the tokeniser alone, without the window
// hashes.
func (s *Shingler) tokenise(text string, base bool) int {
	var st windowState
	n := 0
	for {
		var fill int
		if base {
			fill = s.baseFill(text, &st)
		} else {
			fill = s.fill(text, &st)
		}
		n += fill
		if fill < windowLen {
			return n
		}
		st.top = 0
	}
}
