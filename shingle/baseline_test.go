package shingle

import (
	"math/bits"
	"unicode/utf8"
)

// The tokeniser as it was before the loops for non-ASCII text (commit
// bbbdd58), kept only as the baseline of BenchmarkTokeniserVsBaseline and
// BenchmarkShinglesVsBaseline, so that old and new run side by side on the
// same inputs in one process. It shares decodeRune, blockOf and the rune
// tables with the package. The differential tests check the current code
// against the reference implementation (reference_test.go), not against
// this copy.

// baseFill is the old fill: it finds the tokens of text from byte st.i into the window buffer,
// from st.top up to windowLen or the end of the text, and returns the
// index after the last one.
func (s *Shingler) baseFill(text string, st *windowState) int {
	w := &s.win
	j, i := st.top, st.i
	for j < windowLen && i < len(text) {
		c := text[i]
		if !isWordByte[c] {
			if c < utf8.RuneSelf {
				i++
				continue
			}
			var tok Token
			tok, i = s.baseNext(text, i)
			if tok.Kind == 0 {
				break
			}
			w.p[j], w.start[j], w.end[j], w.char[j] = tok.Hash*prime2, tok.Start, tok.End, tok.Kind == Char
			j++
			continue
		}
		// The ASCII case of next, inlined.
		start := i
		for i++; i < len(text) && isWordByte[text[i]]; i++ {
		}
		if i < len(text) && (text[i] >= utf8.RuneSelf || text[i] == '\'') {
			var tok Token
			tok, i = s.baseSlowToken(text, start, i, Word)
			w.p[j], w.start[j], w.end[j], w.char[j] = tok.Hash*prime2, tok.Start, tok.End, false
			j++
			continue
		}
		w.p[j], w.start[j], w.end[j], w.char[j] = baseHashWord(text[start:i])*prime2, start, i, false
		j++
		i++ // the separator after the word
	}
	i = min(i, len(text))
	st.i = i
	return j
}

// baseNext is the old next: it returns the first token that starts at or after byte i of text,
// with its hash, and the byte at which to look for the token after it. At
// the end of the text it returns a token of Kind 0.
func (s *Shingler) baseNext(text string, i int) (Token, int) {
	for i < len(text) {
		c := text[i]
		if c < utf8.RuneSelf {
			if !isWordByte[c] {
				i++
				continue
			}
			start := i
			for i++; i < len(text) && isWordByte[text[i]]; i++ {
			}
			if i == len(text) || text[i] < utf8.RuneSelf && text[i] != '\'' {
				return Token{Start: start, End: i, Kind: Word, Hash: baseHashWord(text[start:i])}, i
			}
			return s.baseSlowToken(text, start, i, Word)
		}
		r, n := decodeRune(text, i)
		blk := blockOf(r)
		info := blk.info[r&0xff]
		switch class(info & infoClass) {
		case classWord:
			return s.baseSlowToken(text, i, i+n, Word)
		case classChar:
			// Most characters are a token on their own, with a hash in
			// the table; slowToken takes those with marks or invisible
			// characters after them.
			if info&infoInert != 0 && (i+n == len(text) || !extendsChar(text, i+n)) {
				return Token{Start: i, End: i + n, Kind: Char, Hash: blk.hash[r&0xff]}, i + n
			}
			return s.baseSlowToken(text, i, i+n, Char)
		}
		i += n
	}
	return Token{}, i
}

// baseSlowToken is the old slowToken: it finishes the token of the given kind that starts at start and
// whose runes up to end have been read (a run of ASCII letters and digits
// or one non-ASCII rune), and returns it with the byte at which to look
// for the next token. It is the extension loop of the reference scanner
// with table look-ups, and it builds the normalised form as it goes: the
// runes of the token that are not elided, lower-cased and folded, when
// they are all NFKC-inert (NFKC would not change them), or else with
// normalize.
func (s *Shingler) baseSlowToken(text string, start, end int, kind Kind) (Token, int) {
	b := s.buf[:0]
	exact := true // b is the normalised form of text[start:end]
	for j := start; j < end; {
		if c := text[j]; c < utf8.RuneSelf {
			b = append(b, c|0x20) // an ASCII letter or digit
			j++
			continue
		}
		// The first rune of the token (a letter, digit or character,
		// never elided).
		r, n := decodeRune(text, j)
		j += n
		blk := blockOf(r)
		if blk.info[r&0xff]&infoInert == 0 {
			exact = false
		} else {
			b = utf8.AppendRune(b, blk.lower[r&0xff])
		}
	}
	i := end
loop:
	for i < len(text) {
		if c := text[i]; c < utf8.RuneSelf {
			// An ASCII rune is a word character, an apostrophe or a
			// separator.
			if kind == Word {
				if isWordByte[c] {
					b = append(b, c|0x20)
					i++
					end = i
					continue
				}
				// An apostrophe joins only when a word character follows.
				if c == '\'' && i+1 < len(text) && isWordAt(text, i+1) {
					i++
					continue
				}
			}
			break
		}
		var r rune
		var n int
		if c0 := text[i]; 0xC2 <= c0 && c0 <= 0xDF && i+1 < len(text) && text[i+1]&0xC0 == 0x80 {
			r, n = rune(c0&0x1F)<<6|rune(text[i+1]&0x3F), 2 // decodeRune, inlined for two bytes
		} else {
			r, n = decodeRune(text, i)
		}
		blk := blockOf(r)
		info := blk.info[r&0xff]
		switch class(info & infoClass) {
		case classMark, classWord:
			if kind == Char && info&infoClass == uint8(classWord) {
				break
			}
			i += n
			end = i
			// Elided runes add nothing, inert ones their lower-cased,
			// folded form, and any other makes the token need NFKC.
			if exact && info&infoElided == 0 {
				if info&infoInert == 0 {
					exact = false
				} else if lr := blk.lower[r&0xff]; 0x80 <= lr && lr < 0x800 {
					b = append(b, 0xC0|byte(lr>>6), 0x80|byte(lr)&0x3F)
				} else {
					b = utf8.AppendRune(b, lr)
				}
			}
			continue
		case classTransparent: // and elided
			i += n
			continue
		case classJoin: // and elided
			if kind == Word && i+n < len(text) && isWordAt(text, i+n) {
				i += n
				continue
			}
		}
		break loop
	}
	if !exact {
		s.buf = b
		b = s.normalize(text[start:end])
	}
	s.buf = b
	return Token{Start: start, End: end, Kind: kind, Hash: hashLower(b, 0)}, i
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

// baseAppendHashes is AppendHashes with baseFill.
func (s *Shingler) baseAppendHashes(dst []uint64, text string) []uint64 {
	var st windowState
	for {
		fill := s.baseFill(text, &st)
		n := s.windows(&st, fill)
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
