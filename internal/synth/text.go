package synth

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// span is a byte range text[start:end].
type span struct{ start, end int }

// paragraphs returns the paragraphs of text, trimmed of surrounding white
// space, in order. A paragraph starts after a blank line or at a line
// indented with white space (the newswire convention); a text with
// neither is one paragraph per line when its lines are long (one
// paragraph per line) and one paragraph otherwise.
func paragraphs(text string) []span {
	var lines []span
	for i := 0; i <= len(text); {
		j := strings.IndexByte(text[i:], '\n')
		if j < 0 {
			lines = append(lines, span{i, len(text)})
			break
		}
		lines = append(lines, span{i, i + j})
		i += j + 1
	}
	blank := func(l span) bool { return strings.TrimSpace(text[l.start:l.end]) == "" }
	indented := func(l span) bool {
		r, _ := utf8.DecodeRuneInString(text[l.start:l.end])
		return l.end > l.start && unicode.IsSpace(r)
	}
	breaks := false
	for k := 1; k < len(lines); k++ {
		if !blank(lines[k]) && (blank(lines[k-1]) || indented(lines[k])) {
			breaks = true
			break
		}
	}
	perLine := false
	if !breaks && len(lines) > 1 {
		total, n := 0, 0
		for _, l := range lines {
			if !blank(l) {
				total += l.end - l.start
				n++
			}
		}
		perLine = n > 1 && total/n > 100
	}
	var out []span
	cur := span{-1, -1}
	flush := func() {
		if cur.start >= 0 {
			out = append(out, trimSpan(text, cur))
		}
		cur = span{-1, -1}
	}
	for k, l := range lines {
		if blank(l) {
			flush()
			continue
		}
		if cur.start >= 0 && (perLine || (breaks && k > 0 && indented(l))) {
			flush()
		}
		if cur.start < 0 {
			cur.start = l.start
		}
		cur.end = l.end
	}
	flush()
	return out
}

// trimSpan shrinks s to exclude surrounding white space.
func trimSpan(text string, s span) span {
	for s.start < s.end {
		r, n := utf8.DecodeRuneInString(text[s.start:s.end])
		if !unicode.IsSpace(r) {
			break
		}
		s.start += n
	}
	for s.end > s.start {
		r, n := utf8.DecodeLastRuneInString(text[s.start:s.end])
		if !unicode.IsSpace(r) {
			break
		}
		s.end -= n
	}
	return s
}

// abbreviations end with a full stop that does not end a sentence.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "st": true, "jr": true, "sr": true,
	"inc": true, "corp": true, "co": true, "ltd": true, "no": true, "vs": true, "v": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true,
	"sep": true, "sept": true, "oct": true, "nov": true, "dec": true, "gov": true, "sen": true,
	"rep": true, "gen": true, "lt": true, "col": true, "capt": true, "prof": true, "mt": true,
	"ft": true, "bros": true, "dept": true, "div": true, "ave": true, "etc": true, "approx": true,
	"e.g": true, "i.e": true, "pct": false,
}

// sentences returns the sentences of the paragraphs paras of text, in
// order. A sentence ends at '.', '!' or '?' (and any closing quotes or
// brackets) followed by white space and a capital letter, a digit or an
// opening quote, unless the word before the full stop is a known
// abbreviation or a single letter; a paragraph end always ends one.
func sentences(text string, paras []span) []span {
	var out []span
	for _, p := range paras {
		start := p.start
		for i := p.start; i < p.end; {
			r, n := utf8.DecodeRuneInString(text[i:p.end])
			i += n
			if r != '.' && r != '!' && r != '?' {
				continue
			}
			end := i
			for end < p.end {
				c, m := utf8.DecodeRuneInString(text[end:p.end])
				if !strings.ContainsRune(`"')]”’»`, c) {
					break
				}
				end += m
			}
			j := end
			ws := false
			for j < p.end {
				c, m := utf8.DecodeRuneInString(text[j:p.end])
				if !unicode.IsSpace(c) {
					break
				}
				ws = true
				j += m
			}
			if !ws || j >= p.end {
				continue
			}
			next, _ := utf8.DecodeRuneInString(text[j:p.end])
			if !unicode.IsUpper(next) && !unicode.IsDigit(next) && !strings.ContainsRune(`"'(“‘`, next) {
				continue
			}
			if r == '.' && isAbbreviation(text[start:i-1]) {
				continue
			}
			out = append(out, span{start, end})
			start = j
			i = j
		}
		if start < p.end {
			out = append(out, span{start, p.end})
		}
	}
	return out
}

// isAbbreviation reports whether the last word of s (before a full stop)
// is an abbreviation or a single letter.
func isAbbreviation(s string) bool {
	k := len(s)
	for k > 0 {
		r, n := utf8.DecodeLastRuneInString(s[:k])
		if !unicode.IsLetter(r) && r != '.' {
			break
		}
		k -= n
	}
	w := strings.ToLower(s[k:])
	return utf8.RuneCountInString(w) == 1 || abbreviations[w] || strings.Contains(w, ".")
}

// wrapWords appends the words of s to b, greedily filling lines of at
// most width characters (a longer word gets a line of its own). Words
// are runs of non-space characters; every run of white space between
// them becomes one space or one line break, so no word is split and no
// two words are joined.
func wrapWords(b *strings.Builder, s string, width int) {
	col := 0
	first := true
	for _, w := range strings.Fields(s) {
		n := utf8.RuneCountInString(w)
		switch {
		case first:
			first = false
		case col+1+n > width:
			b.WriteByte('\n')
			col = 0
		default:
			b.WriteByte(' ')
			col++
		}
		b.WriteString(w)
		col += n
	}
}

// titleCase turns an all-capitals headline into title case; other text
// is returned as is.
func titleCase(s string) string {
	if strings.ToUpper(s) != s || strings.ToLower(s) == s {
		return s
	}
	words := strings.Fields(strings.ToLower(s))
	for i, w := range words {
		if i > 0 && len(w) <= 3 && (w == "of" || w == "to" || w == "in" || w == "on" || w == "for" || w == "and" || w == "the" || w == "a" || w == "at" || w == "by") {
			continue
		}
		if strings.HasPrefix(w, "<") { // a ticker: <SRD>
			words[i] = strings.ToUpper(w)
			continue
		}
		r, n := utf8.DecodeRuneInString(w)
		words[i] = string(unicode.ToUpper(r)) + w[n:]
	}
	return strings.Join(words, " ")
}

// slug makes a URL slug of at most 8 words from s.
func slug(s string) string {
	var b strings.Builder
	words := 0
	inWord := false
	for _, r := range strings.ToLower(s) {
		ok := (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9')
		if ok {
			if !inWord {
				if words == 8 {
					break
				}
				if words > 0 {
					b.WriteByte('-')
				}
				words++
			}
			b.WriteRune(r)
		}
		inWord = ok
	}
	if b.Len() == 0 {
		return "story"
	}
	return b.String()
}

// isWordRune reports whether r is part of a word token.
func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) }

// joinSafe concatenates a and b, adding a space when a ends and b starts
// with a character that would join two words.
func joinSafe(a, b string) string {
	if a == "" || b == "" {
		return a + b
	}
	r1, _ := utf8.DecodeLastRuneInString(a)
	r2, _ := utf8.DecodeRuneInString(b)
	if !unicode.IsSpace(r1) && !unicode.IsSpace(r2) {
		return a + " " + b
	}
	return a + b
}
