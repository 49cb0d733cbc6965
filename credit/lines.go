package credit

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Line forms: a known agency alone on a line, bylines, "Source:",
// "via" and "Courtesy" lines, picture labels, and the sign-off at the end
// of the last line.

// line runs the rules for line-shaped claims on the trimmed line [a, b)
// whose raw start is ls; head is true on the first lines of the text, open
// when the line before ends mid-sentence (with a lower-case letter or a
// comma), as in hard-wrapped prose.
func (sc *scanner) line(ls, a, b int, head, open bool) {
	s := sc.s
	if b-a > maxLine {
		return
	}
	l := s[a:b]
	// A known agency alone.
	if b-a > 48 {
		// Too long for that.
	} else if x, y := bareLine(s, a, b); x >= 0 {
		if e, ok := agencyAt(s, x, y); ok && e == y {
			// The claim keeps a leading dash: "- Reuters".
			a0 := skipSpaces(s, ls, a)
			switch {
			case open && s[b-1] == '.':
				// "... a bank official told\nReuters." is prose. Without
				// the full stop, the line before may be a title or a
				// table row ("Revs 1.59 billion vs 997.1 mln").
			case a >= sc.tail && (!head || 2*a >= len(s) || a0 < a || a == sc.lastA && ls > 0):
				// In the tail, and on a short text also in the head: a
				// sign-off when it closes the text, follows a dash or sits
				// in the second half.
				sc.add(s[x:y], SignOff, a0, b)
			case head:
				sc.add(s[x:y], Byline, a0, b)
			}
			return
		}
	}
	switch l[0] {
	case 'B', 'b', 'S', 's', 'V', 'v', '(', 'C', 'P', 'I':
	default:
		return
	}
	switch {
	case hasWordPrefix(l, "By") || hasWordPrefix(l, "BY") || (hasWordPrefix(l, "by") && b-a <= 80 && !open):
		sc.byline(a, b)
	case hasPrefixFold(l, "source:") || hasPrefixFold(l, "sources:"):
		sc.sourceLabel(a, b)
	case hasWordPrefix(l, "via") || hasWordPrefix(l, "Via") || strings.HasPrefix(l, "(via ") || strings.HasPrefix(l, "(Via "):
		sc.viaLine(a, b)
	case hasWordPrefix(l, "Courtesy"):
		sc.courtesyLine(a, b)
	case photoLabelLen(l) > 0:
		sc.photoLabel(a, b, a+photoLabelLen(l))
	}
}

// bareLine strips a line down to what a bare agency line holds: surrounding
// brackets and trailing "...", "…", "^M", "." and spaces. It returns -1
// when nothing is left.
func bareLine(s string, a, b int) (int, int) {
	for b > a {
		switch {
		case strings.HasSuffix(s[a:b], "^M"):
			b -= 2
		case strings.HasSuffix(s[a:b], "…"):
			b -= len("…")
		case s[b-1] == '.' || s[b-1] == ' ' || s[b-1] == '\t':
			b--
		default:
			goto done
		}
	}
done:
	if b-a >= 2 && s[a] == '(' && s[b-1] == ')' {
		a++
		b--
	}
	if a >= b {
		return -1, -1
	}
	return a, b
}

// byline handles a line [a, b) that starts with "By".
func (sc *scanner) byline(a, b int) {
	s := sc.s
	r := skipSpaces(s, a+2, b)
	if r == a+2 {
		return
	}
	// "By Reuters", "By The Associated Press", "By the AP".
	x := r
	if hasWordPrefix(s[x:b], "the") {
		x = skipSpaces(s, x+3, b)
	}
	if e, ok := agencyAt(s, x, b); ok && bylineTail(s, e, b) {
		sc.add(s[x:e], Byline, a, b)
		return
	}
	// People, a separator, then an agency (or, after "for", any name).
	for p := r; p < b; p++ {
		c := s[p]
		var n int // separator length, 0 for none
		isFor := false
		switch {
		case c == ',' || c == '|' || c == '/' || c == '(':
			n = 1
		case c == '-' && p > r && s[p-1] == ' ':
			n = 1
			for p+n < b && s[p+n] == '-' {
				n++
			}
		case c == 0xe2 && p+2 < b && s[p+1] == 0x80 && (s[p+2] == 0x93 || s[p+2] == 0x94) && p > r && s[p-1] == ' ': // – —
			n = 3
		case c == ' ' && strings.HasPrefix(s[p:b], " for "):
			n = 5
			isFor = true
		default:
			continue
		}
		if !isPeople(s, r, p) {
			return
		}
		x := skipSpaces(s, p+n, b)
		if hasWordPrefix(s[x:b], "the") {
			x = skipSpaces(s, x+3, b)
		}
		if e, ok := agencyAt(s, x, b); ok {
			if c == '(' {
				if e < b && s[e] == ')' && bylineTail(s, e+1, b) {
					sc.add(s[x:e], Byline, a, b)
				}
				return
			}
			if bylineTail(s, e, b) {
				sc.add(s[x:e], Byline, a, b)
				return
			}
		}
		if isFor {
			if ns, ne := parseName(s, x, b); ns >= 0 && bylineTail(s, ne, b) {
				sc.add(s[ns:ne], Byline, a, b)
				return
			}
		}
		if c == '/' || c == '(' {
			return
		}
		p += n - 1
	}
}

// isPeople reports whether [a, b) reads like the names in a byline:
// capitalised words, initials, commas, "and" and name particles.
func isPeople(s string, a, b int) bool {
	if a >= b || b-a > maxName {
		return false
	}
	words := 0
	for p := a; p < b; {
		c := s[p]
		if c == ' ' || c == ',' || c == '&' {
			p++
			continue
		}
		e := wordEnd(s, p, b)
		if e == p {
			return false
		}
		w := s[p:e]
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) && !inList(nameParticles, w) {
			return false
		}
		words++
		p = e
		if p < b && s[p] == '.' {
			p++
		}
	}
	return words > 0
}

var nameParticles = []string{"and", "de", "da", "di", "do", "dos", "du", "del", "della", "der", "den", "van", "von", "le", "la", "bin", "al", "el", "y", "e"}

// bylineRoles end an agency byline: "Associated Press Writer".
var bylineRoles = []string{"Writer", "Writers", "Correspondent", "Correspondents", "Reporter", "Reporters", "Staff", "Editor", "Journalist", "Photographer", "Bureau", "Chief"}

// bylineTail reports whether what follows an agency in a byline, [e, b),
// is empty, a role, a closing bracket or a date after a separator.
func bylineTail(s string, e, b int) bool {
	if e < b && s[e] == ')' {
		e++
	}
	// Up to three words, the last a role: "Associated Press Writer",
	// "Reuters staff".
	p := e
	for i := 0; i < 3; i++ {
		q := skipSpaces(s, p, b)
		if q == p {
			break
		}
		we := wordEnd(s, q, b)
		if we == q {
			break
		}
		w := s[q:we]
		r, _ := utf8.DecodeRuneInString(w)
		role := false
		for _, x := range bylineRoles {
			if equalFoldASCII(w, x) {
				role = true
				break
			}
		}
		if !unicode.IsUpper(r) && !role {
			break
		}
		p = we
		if role {
			e = p
		}
	}
	p = skipSpaces(s, e, b)
	if p == b {
		return true
	}
	switch s[p] {
	case '|', ';':
		return true
	case ',':
		q := skipSpaces(s, p+1, b)
		if q < b && s[q] >= '0' && s[q] <= '9' {
			return true
		}
		we := wordEnd(s, q, b)
		w := s[q:we]
		return isMonth(w) || isWeekday(w) || w == "Updated" || w == "Published" || w == "Posted"
	}
	if strings.HasPrefix(s[p:b], "•") || strings.HasPrefix(s[p:b], "·") {
		return true
	}
	return false
}

// sourceLabel handles a line [a, b) starting with "Source:" or
// "Sources:": a list of names on the rest of the line or, when that is
// empty, on the next non-empty line.
func (sc *scanner) sourceLabel(a, b int) {
	s := sc.s
	x := a + strings.IndexByte(s[a:b], ':') + 1
	x = skipSpaces(s, x, b)
	if x == b {
		// The names on the next non-empty line.
		p := b
		for i := 0; i < 3 && p < sc.hi; i++ {
			e := strings.IndexByte(s[p:sc.hi], '\n')
			if e < 0 {
				e = sc.hi
			} else {
				e += p
			}
			if s[p] == '\n' {
				p++
				continue
			}
			la, lb := trimLine(s, p, e)
			if la == lb {
				p = e + 1
				continue
			}
			if lb-la > maxLine/2 {
				return
			}
			sc.nameList(a, la, lb, Via)
			return
		}
		return
	}
	sc.nameList(a, x, b, Via)
}

// nameList adds a credit for each name of the list [x, b): names or links
// separated by ",", ";", " and ", " & ", stopping at the first item that
// is not a whole name. The credits' range starts at a.
func (sc *scanner) nameList(a, x, b int, kind Kind) {
	s := sc.s
	type item struct{ ns, ne, end int }
	var items [8]item
	n := 0
	p := x
	for n < len(items) {
		p = skipSpaces(s, p, b)
		ns, ne, end := nameOrLinkList(s, p, b, true)
		if ns < 0 {
			break
		}
		q := skipSpaces(s, end, b)
		if q < b && s[q] == '.' && skipSpaces(s, q+1, b) == b {
			q = b
		}
		switch {
		case q == b:
			items[n] = item{ns, ne, ne}
			n++
			p = b
		case s[q] == ',' || s[q] == ';':
			items[n] = item{ns, ne, ne}
			n++
			p = q + 1
			if hasWordPrefix(s[skipSpaces(s, p, b):b], "and") {
				p = skipSpaces(s, p, b) + 3
			}
			continue
		case strings.HasPrefix(s[q:b], "and ") || strings.HasPrefix(s[q:b], "& "):
			items[n] = item{ns, ne, ne}
			n++
			p = q + strings.IndexByte(s[q:b], ' ')
			continue
		}
		break
	}
	if n == 0 {
		return
	}
	end := items[n-1].end
	for _, it := range items[:n] {
		sc.add(s[it.ns:it.ne], kind, a, end)
	}
}

// nameOrLink parses a name or a link at p. For a link, the name is its
// host. end is where the item ends in the text.
func nameOrLink(s string, p, b int) (ns, ne, end int) {
	return nameOrLinkList(s, p, b, false)
}

// nameOrLinkList is nameOrLink for an item of a list (see parseNameList).
func nameOrLinkList(s string, p, b int, list bool) (ns, ne, end int) {
	if h, he, e := parseLink(s, p, b); h >= 0 {
		return h, he, e
	}
	ns, ne = parseNameList(s, p, b, list)
	return ns, ne, ne
}

// parseLink parses a link ("https://host/...", "www.host...") at p and
// returns its host and its end, or -1.
func parseLink(s string, p, b int) (hs, he, end int) {
	q := p
	switch {
	case hasPrefixFold(s[p:b], "https://"):
		q += 8
	case hasPrefixFold(s[p:b], "http://"):
		q += 7
	case hasPrefixFold(s[p:b], "www."):
	default:
		return -1, -1, -1
	}
	hs = q
	he = q
	for he < b && (isASCIIAlnum(s[he]) || s[he] == '.' || s[he] == '-') {
		he++
	}
	for he > hs && s[he-1] == '.' {
		he--
	}
	if strings.IndexByte(s[hs:he], '.') < 0 {
		return -1, -1, -1
	}
	end = he
	for end < b && s[end] != ' ' && s[end] != '\t' && s[end] != ',' && s[end] != ';' {
		end++
	}
	for end > he && (s[end-1] == '.' || s[end-1] == ')') {
		end--
	}
	return hs, he, end
}

// viaLine handles a line [a, b) starting with "via", "Via" or "(via": the
// rest of the line must be one name.
func (sc *scanner) viaLine(a, b int) {
	s := sc.s
	x := a
	if s[x] == '(' {
		x++
	}
	x += 3
	if x < b && s[x] == ':' {
		x++
	}
	if x == skipSpaces(s, x, b) && x < b {
		return
	}
	x = skipSpaces(s, x, b)
	if ns, ne, end := nameOrLink(s, x, b); ns >= 0 && lineRest(s, end, b) {
		sc.add(s[ns:ne], Via, a, b)
	}
}

// lineRest reports whether [e, b) holds nothing but closing brackets,
// quotes and a full stop.
func lineRest(s string, e, b int) bool {
	for e < b {
		switch s[e] {
		case ')', ']', '.', ' ', '\t', '"', '\'', '*', '_':
			e++
			continue
		}
		if strings.HasPrefix(s[e:b], "”") || strings.HasPrefix(s[e:b], "’") {
			e += 3
			continue
		}
		return false
	}
	return true
}

// courtesyLine handles a line [a, b) starting with "Courtesy".
func (sc *scanner) courtesyLine(a, b int) {
	s := sc.s
	x := a + len("Courtesy")
	if x < b && s[x] == ':' {
		x++
	}
	x = skipSpaces(s, x, b)
	if hasWordPrefix(s[x:b], "of") {
		x = skipSpaces(s, x+2, b)
	}
	if hasWordPrefix(s[x:b], "the") {
		x = skipSpaces(s, x+3, b)
	}
	if ns, ne, end := nameOrLink(s, x, b); ns >= 0 && lineRest(s, end, b) {
		sc.add(s[ns:ne], Via, a, b)
	}
}

// photoLabels start a line that credits a picture.
var photoLabels = []string{
	"Photo credit:", "Photo courtesy of", "Photo courtesy", "Photograph:", "Photographs:", "Photo by", "Photos by",
	"Photo:", "Photos:", "Image credit:", "Image by", "Image:", "Images:", "Picture:", "Pictures:", "Credit:", "Credits:",
	"PHOTO:", "CREDIT:",
}

// photoLabelLen returns the length of the picture-credit label l starts
// with, or 0.
func photoLabelLen(l string) int {
	if l == "" || l[0] != 'P' && l[0] != 'I' && l[0] != 'C' {
		return 0 // what every label starts with
	}
	for _, p := range photoLabels {
		if strings.HasPrefix(l, p) && (len(l) == len(p) || l[len(p)] == ' ' || p[len(p)-1] == ':') {
			return len(p)
		}
	}
	return 0
}

// photoLabel handles a line [a, b) whose label ends at x: it credits a
// known agency named in it, or else the name after the last "/", "," or
// "|" (or the label), if it runs to the end of the line.
func (sc *scanner) photoLabel(a, b, x int) {
	s := sc.s
	for p := x; p < b; p++ {
		if p > x && isWordByte(s, p-1) {
			continue
		}
		if e, ok := agencyAt(s, p, b); ok {
			sc.add(s[p:e], Photo, a, b)
			return
		}
	}
	st := x
	if i := strings.LastIndexAny(s[x:b], "/,|"); i >= 0 {
		st = x + i + 1
	}
	st = skipSpaces(s, st, b)
	if ns, ne := parseName(s, st, b); ns >= 0 && lineRest(s, ne, b) {
		sc.add(s[ns:ne], Photo, a, b)
	}
}

// signOffEnd handles an agency at the very end of the last line.
func (sc *scanner) signOffEnd() {
	s := sc.s
	a, b := bareLine(s, sc.lastA, sc.lastB)
	if a < 0 {
		return
	}
	paren := false
	if s[b-1] == ')' {
		paren = true
		b--
	}
	x, ok := agencyEndingAt(s, a, b)
	if !ok || x == a {
		return // none, or alone on the line (a line rule)
	}
	p := x
	if paren {
		if p == a || s[p-1] != '(' {
			return
		}
		q := p - 1
		for q > a && s[q-1] == ' ' {
			q--
		}
		// "(AFP)" after a sentence or alone.
		if r, _ := runeBefore(s, q); q == a || r == '.' || r == '!' || r == '?' || r == '"' || r == '”' {
			sc.add(s[x:b], SignOff, p-1, b+1)
		}
		return
	}
	start := x
	sp := 0
	for p > a && (s[p-1] == ' ' || s[p-1] == '\t') {
		p--
		sp++
	}
	if sp == 0 || p == a {
		return
	}
	ok = sp >= 2
	r, n := runeBefore(s, p)
	switch {
	case r >= '0' && r <= '9' && strings.IndexFunc(s[x:b], unicode.IsLower) < 0:
		ok = true // a table's last figure: "SANTA FE ... 17 REUTER"
	}
	switch r {
	case '.', '!', '?', '"', '”', ')', '-', '–', '—', '|', '*':
		ok = true
		if r == '.' && p-n-1 >= a && isUpperByte(s[p-n-1]) && (p-n-2 < a || !isWordByte(s, p-n-2)) {
			ok = sp >= 2 // "U.S. Reuters"
		}
		if r == '-' || r == '–' || r == '—' {
			start = p - n
			for start > a && s[start-1] == '-' {
				start--
			}
		}
	}
	if ok {
		sc.add(s[x:b], SignOff, start, b)
	}
}
