package credit

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Text helpers: words, clauses, lines and characters.

// wordAround returns the word (letters only) around p.
func wordAround(s string, p, lo, hi int) (int, int) {
	a := p
	for a > lo && isASCIILetter(s[a-1]) {
		a--
	}
	b := p
	for b < hi && isASCIILetter(s[b]) {
		b++
	}
	if a > lo {
		r, _ := runeBefore(s, a)
		if isWordRune(r) {
			return a, a
		}
	}
	if b < hi {
		r, _ := runeAt(s, b)
		if isWordRune(r) {
			return a, a
		}
	}
	return a, b
}

// wordEnd returns the end of the word at p: letters, digits, marks and
// inner "-", "'", "’", "&"; p if there is none.
func wordEnd(s string, p, b int) int {
	q := p
	for q < b {
		r, n := runeAt(s, q)
		if isWordRune(r) {
			q += n
			continue
		}
		if (r == '-' || r == '\'' || r == '’' || r == '&') && q > p && q+n < b {
			r2, _ := runeAt(s, q+n)
			if isWordRune(r2) {
				q += n
				continue
			}
		}
		break
	}
	return q
}

// clauseStart returns where the sentence or clause holding position p
// starts: after a line break, a sentence end, a colon, a semicolon or an
// opening bracket, at most maxBack bytes before p (or at lo when lo is
// the start of the text); -1 if there is none that close.
func clauseStart(s string, lo, p int) int {
	floor := max(lo, p-maxBack)
	for j := p - 1; j >= floor; j-- {
		switch c := s[j]; c {
		case '\n', '(', '[', ':', ';':
			return j + 1
		case '.', '!', '?':
			if j+1 < len(s) && (s[j+1] == ' ' || s[j+1] == '\t' || s[j+1] == '"' || s[j+1] == '\'' || s[j+1] == '*' || strings.HasPrefix(s[j+1:], "”")) {
				if c == '.' && j >= 1 && isUpperByte(s[j-1]) && (j < 2 || !isWordByte(s, j-2)) {
					continue // an initial: "U.S. ", "J. "
				}
				return j + 1
			}
		}
	}
	if floor == 0 {
		return 0
	}
	return -1
}

// skipOpeners skips white space, quotes, brackets, dashes and emphasis
// from p (up to b).
func skipOpeners(s string, p, b int) int {
	for p < b {
		r, n := runeAt(s, p)
		if isSpace(r) || r == '"' || r == '\'' || r == '“' || r == '‘' || r == '(' || r == '[' || r == '*' || r == '_' ||
			r == '—' || r == '–' || r == '-' || r == '”' || r == '’' {
			p += n
			continue
		}
		break
	}
	return p
}

// lineStart returns the start of the line holding p, looking back no
// further than floor; -1 if the line starts before floor (unless floor is
// the start of the text).
func lineStart(s string, floor, p int) int {
	i := strings.LastIndexByte(s[floor:p], '\n')
	if i >= 0 {
		return floor + i + 1
	}
	if floor == 0 {
		return 0
	}
	return -1
}

// lineEnd returns the end of the line holding p, looking no further
// than lim.
func lineEnd(s string, p, lim int) int {
	if p >= lim {
		return lim
	}
	if i := strings.IndexByte(s[p:lim], '\n'); i >= 0 {
		return p + i
	}
	return lim
}

// Characters.

func runeAt(s string, i int) (rune, int) {
	if i < 0 || i >= len(s) {
		return -1, 0
	}
	if s[i] < utf8.RuneSelf {
		return rune(s[i]), 1
	}
	return utf8.DecodeRuneInString(s[i:])
}

func runeBefore(s string, i int) (rune, int) {
	if i <= 0 || i > len(s) {
		return -1, 0
	}
	if s[i-1] < utf8.RuneSelf {
		return rune(s[i-1]), 1
	}
	return utf8.DecodeLastRuneInString(s[:i])
}

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return r >= 0 && isASCIIAlnum(byte(r))
	}
	return r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r))
}

// isWordByte reports whether the rune that s[i] belongs to is a word
// rune.
func isWordByte(s string, i int) bool {
	if i < 0 || i >= len(s) {
		return false
	}
	if s[i] < utf8.RuneSelf {
		return isASCIIAlnum(s[i])
	}
	// Find the rune's start.
	st := i
	for st > 0 && st > i-3 && !utf8.RuneStart(s[st]) {
		st--
	}
	r, _ := utf8.DecodeRuneInString(s[st:])
	return isWordRune(r)
}

func isSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\r', '\v', '\f', 0xa0, 0x1680, 0x202f, 0x205f, 0x3000, 0xfeff, 0x200b:
		return true
	}
	return r >= 0x2000 && r <= 0x200a
}

// isBullet reports whether r may lead a line without being part of it.
func isBullet(r rune) bool {
	switch r {
	case '•', '·', '*', '_', '>', '|', '#', '-', '–', '—', '―', '‒', '−', '▪', '■', '►', '‣', '◦':
		return true
	}
	return false
}

// trimLine trims white space, bullets and dashes from the start of [a, b)
// and white space and emphasis from its end.
func trimLine(s string, a, b int) (int, int) {
	for a < b {
		r, n := runeAt(s, a)
		if isSpace(r) || isBullet(r) {
			a += n
			continue
		}
		break
	}
	for b > a {
		r, n := runeBefore(s, b)
		if isSpace(r) || r == '*' || r == '_' {
			b -= n
			continue
		}
		break
	}
	return a, b
}

func skipSpaces(s string, p, b int) int {
	for p < b {
		r, n := runeAt(s, p)
		if !isSpace(r) {
			break
		}
		p += n
	}
	return p
}

func isASCIIAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func isUpperByte(c byte) bool { return c >= 'A' && c <= 'Z' }

func allDigits(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] < '0' || w[i] > '9' {
			return false
		}
	}
	return w != ""
}

func allASCIILetters(w string) bool {
	for i := 0; i < len(w); i++ {
		if !isASCIILetter(w[i]) {
			return false
		}
	}
	return w != ""
}

func lowerByte(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// appendLower appends w lower-cased (ASCII) to dst; w longer than dst's
// capacity gives a result that matches nothing short.
func appendLower(dst []byte, w string) []byte {
	if len(w) > cap(dst) {
		return append(dst[:0], '\x00')
	}
	for i := 0; i < len(w); i++ {
		dst = append(dst, lowerByte(w[i]))
	}
	return dst
}

func equalFoldASCII(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		if lowerByte(a[i]) != lowerByte(b[i]) {
			return false
		}
	}
	return true
}

// hasWordPrefix reports whether l starts with the word w followed by a
// non-word character or its end.
func hasWordPrefix(l, w string) bool {
	if !strings.HasPrefix(l, w) {
		return false
	}
	if len(l) == len(w) {
		return true
	}
	r, _ := runeAt(l, len(w))
	return !isWordRune(r)
}

func hasPrefixFold(l, p string) bool {
	return len(l) >= len(p) && equalFoldASCII(l[:len(p)], p)
}

func inList(list []string, w string) bool {
	return slices.Contains(list, w)
}

func inListBytes(list []string, w []byte) bool {
	for _, x := range list {
		if x == string(w) {
			return true
		}
	}
	return false
}
