package credit

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Marks found by the trigger pass: picture captions ("X via Y",
// "REUTERS/Name"), copyright notices and "All rights reserved".

// lineAround returns the trimmed line around p, looking no further
// than maxLine bytes either way within [lo, hi): start is the
// line's start, or the floor with atStart false when the line starts
// further back; ok is false when the line ends further on.
func lineAround(s string, lo, hi, p int) (a, b int, atStart, ok bool) {
	lim := min(hi, p+maxLine)
	b = lineEnd(s, p, lim)
	if b == lim && lim < hi {
		return 0, 0, false, false
	}
	floor := max(lo, p-maxLine)
	a = lineStart(s, floor, p)
	atStart = a >= 0
	if !atStart {
		a = floor
	}
	a, b = trimLine(s, a, b)
	return a, b, atStart, a < b
}

// captionVia handles " via " at v: a line that ends with a picture
// credit "Name via Name" after a sentence end.
func (sc *scanner) captionVia(v int) {
	s := sc.s
	a, b, atStart, ok := lineAround(s, sc.lo, sc.hi, v)
	if !ok || v < a {
		return
	}
	x := skipSpaces(s, v+5, b)
	ns, ne := parseName(s, x, b)
	if ns < 0 || !lineRest(s, ne, b) {
		return
	}
	// Back over the credited party: capitalised words and "/".
	p := v
	words := 0
	for words < 6 {
		q := p
		for q > a && s[q-1] == ' ' {
			q--
		}
		if q == p && p != v {
			break
		}
		st := q
		for st > a {
			r, n := runeBefore(s, st)
			if isWordRune(r) || r == '/' || r == '-' || r == '.' || r == '\'' || r == '&' {
				st -= n
				continue
			}
			break
		}
		if st == q {
			break
		}
		r, _ := utf8.DecodeRuneInString(s[st:q])
		if !unicode.IsUpper(r) {
			return
		}
		words++
		p = st
		// Where the credit starts: the line start, or a sentence end or
		// separator before it.
		k := p
		for k > a && s[k-1] == ' ' {
			k--
		}
		if k == a {
			if atStart {
				sc.add(s[ns:ne], Photo, p, b)
			}
			return
		}
		if k < p {
			switch s[k-1] {
			case '.', '!', '?', ':', ';', '|', '(':
				if !(s[k-1] == '.' && k-2 >= a && isUpperByte(s[k-2]) && (k-3 < a || !isWordByte(s, k-3))) {
					sc.add(s[ns:ne], Photo, p, b)
					return
				}
			}
			if strings.HasSuffix(s[a:k], "”") || strings.HasSuffix(s[a:k], "—") || strings.HasSuffix(s[a:k], "–") {
				sc.add(s[ns:ne], Photo, p, b)
				return
			}
		}
	}
}

// rightsReserved handles "All rights reserved" at r: a short line
// "<Name>[,] [year]. All rights reserved." without a copyright sign.
func (sc *scanner) rightsReserved(r int) {
	s := sc.s
	a, b, atStart, ok := lineAround(s, sc.lo, sc.hi, r)
	if !ok || !atStart || b-a > 120 || r <= a {
		return
	}
	x := skipYears(s, a, r)
	ns, ne := parseName(s, x, r)
	if ns < 0 {
		return
	}
	p := ne
	for p < r && (s[p] == ' ' || s[p] == ',' || s[p] == '.') {
		p++
	}
	p = skipYears(s, p, r)
	for p < r && (s[p] == ' ' || s[p] == ',' || s[p] == '.') {
		p++
	}
	if p == r {
		sc.add(s[ns:ne], Copyright, a, b)
	}
}

// copyright handles a copyright marker [m, me).
func (sc *scanner) copyright(m, me int) {
	s := sc.s
	// A line longer than 4*maxLine is not read: the line's start is not
	// looked for further back (so that a long line with many marks is not
	// read once for each).
	ls := lineStart(s, max(sc.lo, m-4*maxLine), m)
	if ls < 0 {
		return
	}
	le := lineEnd(s, me, sc.hi)
	if le-ls > 4*maxLine || !leadsLine(s, ls, m) {
		return
	}
	if photoLabelLen(s[skipSpaces(s, ls, m):le]) > 0 {
		return
	}
	paren := s[m] == '('
	if s[m] == 'C' {
		// "Copyright" must be a word of its own.
		if me < le {
			r, _ := runeAt(s, me)
			if isWordRune(r) {
				return
			}
		}
	}
	// Skip more markers, years and separators.
	x := me
	years := false
	for {
		y := skipSpaces(s, x, le)
		switch {
		case strings.HasPrefix(s[y:le], "©"):
			x = y + len("©")
			continue
		case strings.HasPrefix(s[y:le], "(c)") || strings.HasPrefix(s[y:le], "(C)"):
			x = y + 3
			continue
		case strings.HasPrefix(s[y:le], "Copyright") || strings.HasPrefix(s[y:le], "COPYRIGHT"):
			x = y + 9
			continue
		case y < le && (s[y] == ':' || s[y] == ','):
			x = y + 1
			continue
		}
		if z := skipYears(s, y, le); z > y {
			x = z
			years = true
			continue
		}
		x = y
		break
	}
	if hasWordPrefix(s[x:le], "by") {
		x = skipSpaces(s, x+2, le)
	}
	ns, ne, end := nameOrLink(s, x, le)
	if ns < 0 {
		return
	}
	// What follows the name: a year, punctuation, "All rights reserved",
	// or the end of the line.
	p := end
	for p < le && (s[p] == ' ' || s[p] == ',') {
		p++
	}
	if z := skipYears(s, p, le); z > p {
		years = true
		p = z
	}
	p = skipSpaces(s, p, le)
	ok := p == le
	if !ok {
		switch s[p] {
		case '.', ';', '|', '/', ')', ':':
			ok = true
		}
		if hasPrefixFold(s[p:le], "all rights reserved") || strings.HasPrefix(s[p:le], "•") || strings.HasPrefix(s[p:le], "·") {
			ok = true
		}
	}
	if !ok {
		return
	}
	if paren && !years && !strings.Contains(s[m:le], "ights reserved") && !isAgency(s, ns, ne) {
		return
	}
	sc.add(s[ns:ne], Copyright, m, ne)
}

// leadsLine reports whether position m starts its line's content: only
// white space, bullets or a separator ("|", "·", "•") or sentence end
// before it on the line that starts at ls.
func leadsLine(s string, ls, m int) bool {
	p := m
	for p > ls {
		r, n := runeBefore(s, p)
		if isSpace(r) {
			p -= n
			continue
		}
		break
	}
	if p == ls {
		return true
	}
	r, n := runeBefore(s, p)
	switch r {
	case '|', '·', '•', '*', '_':
		return true
	case '.', '!', '?':
		return p < m && !(r == '.' && p-n-1 >= ls && isUpperByte(s[p-n-1]) && (p-n-2 < ls || !isWordByte(s, p-n-2)))
	}
	// Only bullets before it.
	a, _ := trimLine(s, ls, m)
	return a == m
}

// skipYears skips a year or a range of years ("2024", "1999-2024",
// "2023–2024") at p and returns where it ends, or p.
func skipYears(s string, p, b int) int {
	y := skipYear(s, p, b)
	if y == p {
		return p
	}
	q := y
	switch {
	case q < b && s[q] == '-':
		q++
	case strings.HasPrefix(s[q:b], "–"):
		q += len("–")
	default:
		return y
	}
	if z := skipYear(s, q, b); z > q {
		return z
	}
	return y
}

// skipYear skips a four-digit year 1900–2099 at p.
func skipYear(s string, p, b int) int {
	if p+4 > b || (s[p] != '1' && s[p] != '2') || (s[p:p+2] != "19" && s[p:p+2] != "20") {
		return p
	}
	for i := p + 2; i < p+4; i++ {
		if s[i] < '0' || s[i] > '9' {
			return p
		}
	}
	if p+4 < b && s[p+4] >= '0' && s[p+4] <= '9' {
		return p
	}
	return p + 4
}

// photoSlash handles "AGENCY/Photographer" at p (n is the length of
// "AGENCY/").
func (sc *scanner) photoSlash(p, n int) {
	s := sc.s
	if p > 0 && isWordByte(s, p-1) {
		return
	}
	q := p + n
	r, _ := runeAt(s, q)
	if !unicode.IsUpper(r) {
		return
	}
	e := q
	if ns, ne := parseName(s, q, min(sc.hi, q+maxName)); ns == q {
		e = ne
	}
	name := s[p : p+n-1]
	if strings.HasPrefix(name, "AP Photo") {
		name = "AP"
	}
	if strings.HasPrefix(name, "EPA-EFE") {
		name = "EPA-EFE"
	}
	sc.add(name, Photo, p, max(e, q))
}
