package credit

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Datelines: "PLACE, Date (Agency) -" and TASS's "PLACE, Date. /TASS/.".

// paren handles the "(" at q: a dateline "PLACE, Date (Agency) -".
func (sc *scanner) paren(q int) {
	s := sc.s
	lim := min(sc.hi, q+1+maxName)
	x := q + 1
	e, known := agencyAt(s, x, lim)
	unknown := false
	if !known {
		ns, ne := parseName(s, x, lim)
		if ns != x {
			return
		}
		e = ne
		unknown = true
	}
	if e >= sc.hi || s[e] != ')' {
		return
	}
	name := s[x:e]
	if unknown && (inList(parenLabels, name) || utf8.RuneCountInString(name) < 2 || strings.Count(name, " ") > 4) {
		return
	}
	// The dash.
	p := e + 1
	if p < sc.hi && s[p] == '.' {
		p++
	}
	p = skipSpaces(s, p, sc.hi)
	d := skipDash(s, p, sc.hi)
	end := d
	if d == p {
		end = e + 1
	}
	// What is before the bracket.
	ls := lineStart(s, max(sc.lo, q-maxName), q)
	if ls >= 0 {
		a, _ := trimLine(s, ls, q)
		ok, caps, date := datelinePlace(s, a, q)
		// A name that is not a known agency needs a place in capitals or
		// a place and a date: "Gould Inc (GLD) -" and "Interstate
		// Commerce Commission (ICC) --" define abbreviations.
		if a == q || ok && (known || caps || date) {
			if d > p || (known && a < q && capitalAfter(s, e+1, sc.hi)) {
				sc.add(name, Dateline, a, end)
				return
			}
		}
	}
	if known && d > p {
		if st := capsBefore(s, max(sc.lo, q-maxName), q); st >= 0 {
			sc.add(name, Dateline, st, end)
		}
	}
}

// parenLabels are bracketed words that are not outlets.
var parenLabels = []string{
	"Updated", "Update", "UPDATED", "UPDATE", "Corrected", "CORRECTED", "Correction", "Video", "VIDEO", "Photo", "Photos",
	"PHOTO", "PHOTOS", "Watch", "WATCH", "Listen", "Audio", "Live", "LIVE", "Opinion", "Analysis", "Editorial", "Exclusive",
	"EXCLUSIVE", "Breaking", "Sponsored", "Advertisement", "Ad", "AD", "Podcast", "Graphic", "Graphics", "Interview", "Review",
	"Explainer", "Factbox", "Insight", "Commentary", "Column", "Note", "Recap", "Transcript", "Summary", "Full Text", "Text",
	"File", "Archive", "Feature", "Satire", "Paid", "Promoted", "Partner", "Map", "Chart", "Table", "Source", "Sources",
	"Reuters Graphic", "Wire", "Wires", "Staff", "Editor", "Editors", "Ret", "Retd", "Continued", "Cont", "Contd", "More",
	"Bloomberg Opinion", "File Photo", "FILE PHOTO", "RECASTS", "UPDATE 1", "Image", "Images", "Getty Images",
}

// skipDash skips a dash at p ("-", "--", "–", "—", "―") and one space after
// it; it returns p when there is none.
func skipDash(s string, p, b int) int {
	q := p
	switch {
	case q < b && s[q] == '-':
		for q < b && s[q] == '-' {
			q++
		}
	case strings.HasPrefix(s[q:b], "–") || strings.HasPrefix(s[q:b], "—") || strings.HasPrefix(s[q:b], "―"):
		q += 3
		if strings.HasPrefix(s[q:b], "—") {
			q += 3
		}
	default:
		return p
	}
	if q < b && s[q] != ' ' && s[q] != '\t' && s[q] != '\n' && s[q] != '\r' {
		r, _ := runeAt(s, q)
		if isWordRune(r) && q-p == 1 && s[p] == '-' {
			return p // a hyphen: "(Reuters)-based"
		}
	}
	return q
}

// capitalAfter reports whether a space and a capital letter follow p.
func capitalAfter(s string, p, b int) bool {
	q := skipSpaces(s, p, b)
	if q == p || q >= b {
		return false
	}
	r, _ := runeAt(s, q)
	return unicode.IsUpper(r)
}

// datelinePlace reports whether [a, q) is the place and date of a dateline:
// "LONDON", "Washington", "LONDON, Nov 6", "LINCOLN, Neb., March 30",
// "RIO DE JANEIRO", "Madrid, 6 nov", "KYIV/MOSCOW". It must hold a place
// (capitalised words, at most four in title case) and nothing else but
// months, days, years and commas. caps reports a place all in capitals,
// date a month, day or year.
func datelinePlace(s string, a, q int) (ok, caps, date bool) {
	if q-a > 60 {
		return false, false, false
	}
	places, titled := 0, 0
	first := true
	for p := a; p < q; {
		c := s[p]
		if c == ' ' || c == ',' || c == '/' || c == '.' {
			p++
			continue
		}
		e := p
		for e < q && s[e] != ' ' && s[e] != ',' && s[e] != '/' {
			e++
		}
		w := strings.TrimRight(s[p:e], ".")
		switch {
		case isMonth(w), isDay(w), skipYear(w, 0, len(w)) == len(w) && len(w) == 4:
			date = true
		case inList(placeParticles, w) && !first:
		default:
			if !isPlaceWord(w) {
				return false, false, false
			}
			places++
			if strings.IndexFunc(w, unicode.IsLower) >= 0 {
				titled++
			}
		}
		first = false
		p = e
	}
	return places > 0 && titled <= 4, places > 0 && titled == 0, date
}

var placeParticles = []string{"de", "da", "do", "dos", "del", "la", "el", "al", "of", "am", "upon", "on", "sur", "an", "der", "di", "les", "le"}

// isPlaceWord reports whether w is a capitalised word of letters, with
// inner dots, hyphens or apostrophes ("N.J.", "Al-Arish", "St").
func isPlaceWord(w string) bool {
	if w == "" {
		return false
	}
	r, _ := utf8.DecodeRuneInString(w)
	if !unicode.IsUpper(r) {
		return false
	}
	for _, r := range w {
		if !unicode.IsLetter(r) && r != '.' && r != '-' && r != '\'' && r != '’' {
			return false
		}
	}
	return true
}

// isDay reports whether w is a day of the month: "6", "06", "6th".
func isDay(w string) bool {
	n := 0
	for n < len(w) && n < 2 && w[n] >= '0' && w[n] <= '9' {
		n++
	}
	if n == 0 {
		return false
	}
	rest := w[n:]
	return rest == "" || rest == "th" || rest == "st" || rest == "nd" || rest == "rd"
}

// capsBefore finds, just before q, a place in capitals (a word of at
// least three capital letters), optionally followed by a date: the start
// of a dateline in re-flowed text. It returns the word's start or -1.
func capsBefore(s string, lo, q int) int {
	p := q
	for p > lo && s[p-1] == ' ' {
		p--
	}
	// An optional date: "Nov 6", "6 Nov", ", Nov 6,".
	for i := 0; i < 3; i++ {
		for p > lo && (s[p-1] == ' ' || s[p-1] == ',' || s[p-1] == '.') {
			p--
		}
		st := p
		for st > lo && isASCIIAlnum(s[st-1]) {
			st--
		}
		w := s[st:p]
		if isMonth(w) || isDay(w) || (len(w) == 4 && skipYear(w, 0, 4) == 4) {
			p = st
			continue
		}
		break
	}
	for p > lo && (s[p-1] == ' ' || s[p-1] == ',') {
		p--
	}
	st := p
	caps := 0
	for st > lo {
		r, n := runeBefore(s, st)
		if unicode.IsUpper(r) {
			caps++
			st -= n
			continue
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return -1
		}
		break
	}
	if caps < 3 {
		return -1
	}
	return st
}

// slashDateline handles TASS's "PLACE, Date. /TASS/." at p.
func (sc *scanner) slashDateline(p, n int) {
	s := sc.s
	ls := lineStart(s, max(sc.lo, p-maxName), p)
	if ls < 0 {
		return
	}
	a, z := trimLine(s, ls, p)
	if ok, _, _ := datelinePlace(s, a, z); a == z || !ok {
		return
	}
	end := p + n
	if end < sc.hi && s[end] == '.' {
		end++
	}
	sc.add(s[p+1:p+n-1], Dateline, a, end)
}
