package shingle

import "unicode/utf8"

// The fast path. It finds exactly the tokens the rules in doc.go describe,
// with exactly the hashes (reference_test.go keeps the original rune-by-
// rune implementation, and the tests compare the two on every token and
// shingle):
//
//   - a run of ASCII letters and digits followed by an ASCII separator or
//     the end of the text is a whole token; its normalised form is the run
//     lower-cased (NFKC leaves ASCII alone), hashed straight from the text
//     by hashWord;
//   - a character of an unspaced script followed by anything but a mark
//     or an invisible format character is a whole token too, its hash in
//     the rune tables; fillChars takes runs of them, decoding each rune
//     once;
//   - anything else (an apostrophe, a non-ASCII rune in a word) goes
//     through slowToken, which follows the rules rune by rune with the
//     classes from the rune tables and builds the normalised form as it
//     goes, skipping NFKC when every rune kept is NFKC-inert and falling
//     back to normalize otherwise; runs of plain two-byte runes (most of
//     Cyrillic, Greek, Arabic, Hebrew: infoPlain) and of ASCII letters
//     take short inner loops. fill, the tokeniser of the shingles, takes
//     words made only of those (plain words) faster still (plain.go).
//
// Measured with the instruction counts of callgrind (BenchmarkTokeniser-
// VsBaseline): reading ASCII eight bytes at a time (SWAR, with a
// branch-free hash of short words) took more instructions than the byte
// loop below and was no faster in CPU time, so the byte loop stays for
// next (Tokens, AppendTokens). fill, the tokeniser of the shingles, takes
// ASCII words through fillASCII (window.go) instead: bitmaps of 64 bytes
// at a time, from which the words are taken without a branch on their
// length and hashed without one either. That takes about 30% more
// instructions than the byte loop but mispredicts a quarter as many
// branches (callgrind's model), and on text that is not repeated (Reuters
// articles, shuffled words) it is about 1.3 times as fast; on one short
// text hashed again and again, which the processor learns by heart, it is
// slower (see BenchmarkTokeniserVsBaseline).

// next returns the first token that starts at or after byte i of text,
// with its hash, and the byte at which to look for the token after it. At
// the end of the text it returns a token of Kind 0.
func (s *Shingler) next(text string, i int) (Token, int) {
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
				return Token{Start: start, End: i, Kind: Word, Hash: hashWord(text[start:i])}, i
			}
			return s.slowToken(text, start, i, Word)
		}
		r, n := decodeRune(text, i)
		blk := blockOf(r)
		info := blk.info[r&0xff]
		switch class(info & infoClass) {
		case classWord:
			return s.slowToken(text, i, i, Word)
		case classChar:
			// Most characters are a token on their own, with a hash in
			// the table; slowToken takes those with marks or invisible
			// characters after them.
			if info&infoInert != 0 && (i+n == len(text) || !extendsChar(text, i+n)) {
				return Token{Start: i, End: i + n, Kind: Char, Hash: blk.hash[r&0xff]}, i + n
			}
			return s.slowToken(text, i, i+n, Char)
		}
		i += n
	}
	return Token{}, i
}

// decodeRune is utf8.DecodeRuneInString(text[i:]) for text[i] >= 0x80,
// with the two- and most three-byte sequences decoded inline.
func decodeRune(text string, i int) (rune, int) {
	if i+1 < len(text) {
		c0, c1 := text[i], text[i+1]
		if c1&0xC0 == 0x80 {
			if 0xC2 <= c0 && c0 <= 0xDF {
				return rune(c0&0x1F)<<6 | rune(c1&0x3F), 2
			}
			// E0 and ED have narrower ranges for the second byte
			// (overlong forms, surrogates): leave them to utf8.
			if 0xE1 <= c0 && c0 <= 0xEF && c0 != 0xED && i+2 < len(text) {
				if c2 := text[i+2]; c2&0xC0 == 0x80 {
					return rune(c0&0x0F)<<12 | rune(c1&0x3F)<<6 | rune(c2&0x3F), 3
				}
			}
		}
	}
	return utf8.DecodeRuneInString(text[i:])
}

// extendsChar reports whether the rune at byte i of text belongs to a
// character token before it: a mark or an invisible format character.
func extendsChar(text string, i int) bool {
	if text[i] < utf8.RuneSelf {
		return false
	}
	r, _ := decodeRune(text, i)
	c := class(blockOf(r).info[r&0xff] & infoClass)
	return c == classMark || c == classTransparent
}

// isWordAt reports whether the rune at byte i of text continues a word.
func isWordAt(text string, i int) bool {
	if c := text[i]; c < utf8.RuneSelf {
		return isWordByte[c]
	}
	r, _ := decodeRune(text, i)
	return class(blockOf(r).info[r&0xff]&infoClass) == classWord
}

// slowToken finishes the token of the given kind that starts at start and
// whose runes up to end have been read (a run of ASCII letters and digits,
// one non-ASCII rune, or nothing for a word that starts with a non-ASCII
// rune), and returns it with the byte at which to look for the next
// token. It is the extension loop of the reference scanner with table
// look-ups, and it builds the normalised form as it goes: the runes of the
// token that are not elided, lower-cased and folded, when they are all
// NFKC-inert (NFKC would not change them), or else with normalize. Runs of
// plain two-byte runes (see infoPlain), most words of Cyrillic, Greek,
// Arabic and Hebrew text, take a shorter loop.
func (s *Shingler) slowToken(text string, start, end int, kind Kind) (Token, int) {
	b := s.buf[:0]
	exact := true // b is the normalised form of text[start:end]
	// The block of the last rune looked up: the runes of a word are
	// nearly always from one block.
	var blk *runeBlock
	hi := rune(-1)
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
		blk, hi = blockOf(r), r>>8
		if blk.info[r&0xff]&infoInert == 0 {
			exact = false
		} else {
			b = utf8.AppendRune(b, blk.lower[r&0xff])
		}
	}
	i := end
loop:
	for i < len(text) {
		if kind == Word && exact {
			// The fast loop: plain two-byte runes.
			from := i
			for i+1 < len(text) {
				c0, c1 := text[i], text[i+1]
				if c0-0xC2 > 0xDF-0xC2 || c1&0xC0 != 0x80 {
					break
				}
				r := rune(c0&0x1F)<<6 | rune(c1&0x3F)
				if r>>8 != hi {
					blk, hi = blockOf(r), r>>8
				}
				if blk.info[r&0xff]&infoPlain == 0 {
					break
				}
				lw := blk.lower2[r&0xff]
				b = append(b, byte(lw), byte(lw>>8))
				i += 2
			}
			if i > from {
				end = i
				if i == len(text) {
					break
				}
			}
		}
		if c := text[i]; c < utf8.RuneSelf {
			// An ASCII rune is a word character, an apostrophe or a
			// separator.
			if kind == Word {
				if isWordByte[c] {
					// A run of ASCII letters and digits, lower-cased.
					b = append(b, c|0x20)
					for i++; i < len(text) && isWordByte[text[i]]; i++ {
						b = append(b, text[i]|0x20)
					}
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
		if r>>8 != hi {
			blk, hi = blockOf(r), r>>8
		}
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

// fillChars puts the characters of an unspaced script that start at byte
// i of text, each a token on its own, into the window buffer from index j
// up to windowLen, and returns the byte and the index at which it
// stopped. It stops before the first rune that is not an inert character
// or that a mark or an invisible format character follows (next takes
// those), and after a character followed by ASCII. It is the common case
// of next for Chinese, Japanese and Thai text, with each rune decoded
// once and no call but for the rare rune outside the block before it.
func (s *Shingler) fillChars(text string, i, j int) (int, int) {
	w := &s.win
	r, n := decodeRune(text, i)
	blk, hi := blockOf(r), r>>8
	info := blk.info[r&0xff]
	for j < windowLen && info&(infoClass|infoInert) == uint8(classChar)|infoInert {
		h := blk.hash[r&0xff]
		k := i + n // the rune after r
		if k >= len(text) || text[k] < utf8.RuneSelf {
			w.p[j], w.start[j], w.end[j], w.char[j] = h*prime2, i, k, true
			return k, j + 1
		}
		var r2 rune
		var n2 int
		if c0 := text[k]; 0xE1 <= c0 && c0 <= 0xEF && c0 != 0xED && k+2 < len(text) &&
			text[k+1]&0xC0 == 0x80 && text[k+2]&0xC0 == 0x80 {
			// Three bytes, as decodeRune decodes them.
			r2, n2 = rune(c0&0x0F)<<12|rune(text[k+1]&0x3F)<<6|rune(text[k+2]&0x3F), 3
		} else {
			r2, n2 = decodeRune(text, k)
		}
		if r2>>8 != hi {
			// blockOf, inlined: most Han characters are in another
			// block than the one before them.
			hi = r2 >> 8
			if blk = runeBlocks[uint32(hi)%uint32(len(runeBlocks))].Load(); blk == nil {
				blk = fillBlock(hi)
			}
		}
		info2 := blk.info[r2&0xff]
		if c := class(info2 & infoClass); c == classMark || c == classTransparent {
			break
		}
		w.p[j], w.start[j], w.end[j], w.char[j] = h*prime2, i, k, true
		j++
		i, r, n, info = k, r2, n2, info2
	}
	return i, j
}
