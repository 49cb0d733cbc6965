package shingle

import (
	"unicode"
	"unicode/utf8"
)

// class is what a rune does to tokenisation.
type class uint8

const (
	// classSep ends the current token: spaces, punctuation, symbols,
	// control characters (NUL included) and bytes that are not UTF-8.
	classSep class = iota
	// classWord continues or starts a word token: letters and numbers of
	// scripts that separate words with spaces.
	classWord
	// classChar is a letter of a script written without spaces between
	// words (Han, kana, Thai, Lao, Khmer, Myanmar); each one is a token.
	classChar
	// classMark is a combining mark; it belongs to the token before it.
	classMark
	// classJoin is an apostrophe; it joins two word characters into one
	// token ("Trump’s", "don't") and is dropped when normalising.
	classJoin
	// classTransparent is an invisible format character (zero-width
	// joiner and non-joiner, soft hyphen, direction marks, BOM); it
	// neither ends a token nor contributes to it.
	classTransparent
)

// asciiClass classifies the ASCII range without a table look-up in the
// Unicode tables.
var asciiClass = func() (t [utf8.RuneSelf]class) {
	for c := '0'; c <= '9'; c++ {
		t[c] = classWord
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c] = classWord
		t[c-'a'+'A'] = classWord
	}
	t['\''] = classJoin
	return t
}()

// unspaced lists the scripts whose words are not separated by spaces, so
// they are shingled by character.
var unspaced = []*unicode.RangeTable{
	unicode.Han, unicode.Hiragana, unicode.Katakana,
	unicode.Thai, unicode.Lao, unicode.Khmer, unicode.Myanmar,
}

func classify(r rune) class {
	if r < utf8.RuneSelf {
		return asciiClass[r]
	}
	switch r {
	case '\u2019', '\u2018', '\u02BC', '\uFF07', '\u2032': // ’ ‘ ʼ ＇ ′
		return classJoin
	case '\u200B': // zero-width space separates words in Thai and Khmer text
		return classSep
	case '\u30FC', '\uFF70': // prolonged sound marks, full and half width (script Common)
		return classChar
	case '\uFF9E', '\uFF9F': // half-width (semi-)voiced sound marks: NFKC makes them combining
		return classMark
	case '\u0640': // Arabic tatweel, a justification stroke
		return classTransparent
	case utf8.RuneError:
		return classSep
	}
	switch {
	case unicode.IsLetter(r) || unicode.IsNumber(r):
		if r >= '\u0E00' && unicode.In(r, unspaced...) { // no unspaced script starts below Thai
			return classChar
		}
		return classWord
	case unicode.IsMark(r):
		return classMark
	case unicode.Is(unicode.Cf, r):
		return classTransparent
	}
	return classSep
}

// elided reports whether a rune inside a token is dropped from its
// normalised form: apostrophes, invisible format characters and the Arabic
// tatweel (all three transparent or joining), and Arabic vowel marks, which writers
// include or leave out at will.
func elided(r rune) bool {
	switch {
	case r < utf8.RuneSelf:
		return r == '\''
	case r >= '\u064B' && r <= '\u065F', r == '\u0670': // harakat, superscript alef
		return true
	}
	c := classify(r)
	return c == classJoin || c == classTransparent
}

// fold maps a lower-cased rune to the form that copies of the same text
// share: final sigma to sigma, the Arabic yeh and kaf letters to the
// Persian/Urdu forms that Urdu text uses (keyboards differ on which one
// they type), and Arabic-Indic digits to ASCII digits.
func fold(r rune) rune {
	switch {
	case r == 'ς':
		return 'σ'
	case r == '\u064A', r == '\u0649': // Arabic yeh, alef maksura
		return '\u06CC' // Farsi yeh
	case r == '\u0643': // Arabic kaf
		return '\u06A9' // keheh
	case r >= '\u0660' && r <= '\u0669':
		return '0' + r - '\u0660'
	case r >= '\u06F0' && r <= '\u06F9':
		return '0' + r - '\u06F0'
	}
	return r
}
