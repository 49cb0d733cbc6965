package newsio

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Printable returns s as it may be shown on a terminal or in a line of a
// report: control characters (C0 such as newline and escape, DEL, C1),
// line and paragraph separators, bidirectional controls and bytes that
// are not UTF-8 are written as escapes (\n, \t, \x1b, \u202e, \xff);
// everything else, backslashes included, is kept. A string without such
// characters comes back as it is, at no cost. Printable is safe for
// concurrent use.
func Printable(s string) string {
	i := 0
	for i < len(s) {
		if c := s[i]; c >= 0x20 && c < 0x7f {
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if hidden(r, size) {
			break
		}
		i += size
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	b.WriteString(s[:i])
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case hidden(r, size) && r < 0x80:
			fmt.Fprintf(&b, `\x%02x`, r)
		case hidden(r, size):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// hidden reports whether rune r, of size bytes in its string, is one that
// Printable escapes.
func hidden(r rune, size int) bool {
	switch {
	case r == utf8.RuneError && size == 1, unicode.IsControl(r):
		return true
	case r == '\u2028' || r == '\u2029': // line and paragraph separators
		return true
	case r >= '\u202a' && r <= '\u202e', r >= '\u2066' && r <= '\u2069', r == '\u200e', r == '\u200f', r == '\u061c':
		return true // bidirectional controls
	}
	return false
}

// printableAll returns Printable of each of names.
func printableAll(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = Printable(n)
	}
	return out
}
