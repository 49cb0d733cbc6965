package credit

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Sentence forms: first-published sentences ("This article was first
// published by X") and contributor sentences ("Reuters contributed to this
// report").

// Verbs, subjects and fillers of first-published sentences.
var (
	pubVerbs    = []string{"published", "republished", "reprinted", "reproduced", "appeared", "posted", "produced", "syndicated"}
	pubStarts   = []string{"Republished", "Reprinted", "Reproduced", "Syndicated", "Published"}
	pubAdverbs  = []string{"first", "originally", "previously", "also", "initially", "earlier"}
	pubSubjects = []string{"This", "The", "A", "An", "Parts", "Portions", "Part", "Portion", "Versions", "Excerpts"}
	pubNouns    = []string{
		"article", "story", "piece", "report", "post", "content", "column", "interview", "essay", "op-ed", "commentary",
		"analysis", "feature", "investigation", "item", "blog", "newsletter", "text", "material", "translation", "version",
		"dispatch", "excerpt", "explainer", "editorial", "profile", "review", "articles", "stories", "pieces", "reports",
		"q&a", "oped", "podcast", "transcript", "series",
	}
	pubFillers = []string{
		"is", "was", "has", "had", "have", "been", "were", "be", "being", "an", "a", "of", "this", "the", "that", "which",
		"edited", "abridged", "shortened", "translated", "updated", "adapted", "earlier", "original", "longer", "shorter",
		"english", "english-language", "news", "opinion", "full", "first", "originally", "previously", "also", "initially",
		"expanded", "condensed", "different", "slightly", "modified", "revised", "its", "in", "here",
	}
	pubPreps = []string{"by", "in", "on", "at", "from", "of"}
)

// firstPublished handles a trigger inside a publishing verb at p.
func (sc *scanner) firstPublished(p int) {
	s := sc.s
	ws, we := wordAround(s, p, sc.lo, sc.hi)
	if we-ws > 12 || we-ws < 5 {
		return
	}
	verb := s[ws:we]
	var lower [16]byte
	lv := appendLower(lower[:0], verb)
	if !inListBytes(pubVerbs, lv) {
		return
	}
	if string(lv) == "appeared" && hasWordPrefix(s[skipSpaces(s, we, sc.hi):sc.hi], "first") {
		if sc.thePost(ws, we) {
			return
		}
	}
	cs := clauseStart(s, sc.lo, ws)
	if cs < 0 {
		return
	}
	st := skipOpeners(s, cs, ws)
	// The words before the verb.
	var words [12][2]int
	n := 0
	for q := st; q < ws; {
		q = skipSpaces(s, q, ws)
		if q == ws {
			break
		}
		e := wordEnd(s, q, ws)
		if e == q || n == len(words) {
			return
		}
		words[n] = [2]int{q, e}
		n++
		q = e
	}
	tight := false
	switch {
	case n == 0:
		if !inList(pubStarts, verb) {
			return
		}
		if verb == "Published" {
			q := skipSpaces(s, we, sc.hi)
			if !strings.HasPrefix(s[q:min(sc.hi, q+16)], "with permission") {
				return
			}
		}
	default:
		w0 := s[words[0][0]:words[0][1]]
		r, _ := utf8.DecodeRuneInString(w0)
		if !unicode.IsUpper(r) {
			return
		}
		var lb [24]byte
		allAdverbs := true
		for _, w := range words[:n] {
			if !inListBytes(pubAdverbs, appendLower(lb[:0], s[w[0]:w[1]])) {
				allAdverbs = false
				break
			}
		}
		if allAdverbs {
			if string(lv) == "produced" {
				return
			}
			// "First published by Penguin in 1998, the book ..." is about
			// something else: the credit must be all of its sentence.
			tight = true
			break
		}
		if !inList(pubSubjects, w0) {
			return
		}
		// The subject is the text itself: "This article", "A version of
		// this story", not "The article" (which may be another one).
		noun, this := w0 == "This", false
		for _, w := range words[1:n] {
			lw := appendLower(lb[:0], s[w[0]:w[1]])
			switch {
			case inListBytes(pubNouns, lw):
				noun = true
			case string(lw) == "this":
				this = true
			case inListBytes(pubFillers, lw):
			default:
				return
			}
		}
		if !noun || !(w0 == "This" || this) {
			return
		}
	}
	// After the verb: a preposition and a name before the sentence ends.
	lim := min(sc.hi, we+maxLine)
	q := we
	for i := 0; i < 16 && q < lim; i++ {
		q = skipSpaces(s, q, lim)
		if q >= lim {
			return
		}
		e := wordEnd(s, q, lim)
		if e == q {
			return // punctuation: the sentence or clause ends
		}
		w := s[q:e]
		next := skipSpaces(s, e, lim)
		switch {
		case w == "with" && strings.HasPrefix(s[next:lim], "permission"):
			q = next + len("permission")
			continue
		case w == "courtesy" && hasWordPrefix(s[next:lim], "of"):
			q = next + 2
			continue
		case inList(pubPreps, w):
			x := next
			if hasWordPrefix(s[x:lim], "the") {
				x = skipSpaces(s, x+3, lim)
			}
			if ns, ne, end := nameOrLink(s, x, lim); ns >= 0 {
				if !tight || sentenceRest(s, end, lim) {
					sc.add(s[ns:ne], FirstPublished, st, ne)
				}
				return
			}
		default:
			r, _ := utf8.DecodeRuneInString(w)
			if unicode.IsUpper(r) && !isMonth(w) && !inList(languages, w) {
				return // a name not introduced by a preposition
			}
		}
		q = e
	}
}

// sentenceRest reports whether the sentence ends soon after e (within
// 60 bytes, before lim) without a clause of its own: no ", " followed by
// a letter ("..., the book was ...").
func sentenceRest(s string, e, lim int) bool {
	lim = min(lim, e+60)
	for p := e; p < lim; p++ {
		switch s[p] {
		case '\n':
			return true
		case '.', '!', '?', ';':
			if p+1 >= len(s) || s[p+1] == ' ' || s[p+1] == '\n' || s[p+1] == '\r' {
				return true
			}
		case ',':
			q := skipSpaces(s, p+1, lim)
			if q < lim && isASCIILetter(s[q]) {
				return false
			}
		}
	}
	return lim == len(s) || lim < e+60
}

// thePost handles WordPress's "The post <title> appeared first on
// <site>." with the verb at [ws, we).
func (sc *scanner) thePost(ws, we int) bool {
	s := sc.s
	ls := lineStart(s, max(sc.lo, ws-2*maxBack), ws)
	if ls < 0 {
		return false
	}
	i := strings.LastIndex(s[ls:ws], "The post ")
	if i < 0 {
		return false
	}
	st := ls + i
	if !leadsLine(s, ls, st) {
		return false
	}
	q := skipSpaces(s, we, sc.hi)
	q += len("first")
	q = skipSpaces(s, q, sc.hi)
	if !hasWordPrefix(s[q:sc.hi], "on") {
		return false
	}
	x := skipSpaces(s, q+2, sc.hi)
	lim := min(sc.hi, x+maxName)
	if ns, ne, _ := nameOrLink(s, x, lim); ns == x {
		sc.add(s[ns:ne], FirstPublished, st, ne)
		return true
	}
	return false
}

// contributed handles "<agencies> contributed to this report" with
// "ontributed" at p.
func (sc *scanner) contributed(p int) {
	s := sc.s
	if p == 0 || s[p-1] != 'c' {
		return
	}
	ws := p - 1
	we := p + len("ontributed")
	if we < sc.hi && isWordByte(s, we) {
		return
	}
	q := skipSpaces(s, we, sc.hi)
	rest := s[q:min(sc.hi, q+40)]
	if !hasWordPrefix(rest, "to") && !hasWordPrefix(rest, "reporting") && !hasWordPrefix(rest, "additional") {
		return
	}
	cs := clauseStart(s, sc.lo, ws)
	if cs < 0 {
		return
	}
	st := skipOpeners(s, cs, ws)
	// The clause before the verb must be a list of agencies.
	var found [6][2]int
	n := 0
	x := st
	for n < len(found) {
		if hasWordPrefix(s[x:ws], "the") {
			x = skipSpaces(s, x+3, ws)
		}
		e, ok := agencyAt(s, x, ws)
		if !ok {
			return
		}
		found[n] = [2]int{x, e}
		n++
		x = skipListSep(s, e, ws)
		if x < 0 {
			return
		}
		if x == ws {
			break
		}
	}
	end := lineEnd(s, q, min(sc.hi, q+40))
	if i := strings.IndexAny(s[q:end], ".;)"); i >= 0 {
		end = q + i
	}
	for _, f := range found[:n] {
		sc.add(s[f[0]:f[1]], Contributor, st, end)
	}
}

// skipListSep skips a list separator (",", " and ", ", and ", " & ") after e
// and returns where the next item starts, b when the rest up to b is
// white space, or -1.
func skipListSep(s string, e, b int) int {
	p := skipSpaces(s, e, b)
	if p == b {
		return b
	}
	switch {
	case s[p] == ',' || s[p] == ';' || s[p] == '&' || s[p] == '/':
		p = skipSpaces(s, p+1, b)
		if hasWordPrefix(s[p:b], "and") {
			p = skipSpaces(s, p+3, b)
		}
		return p
	case hasWordPrefix(s[p:b], "and"):
		return skipSpaces(s, p+3, b)
	}
	return -1
}

// reportingBy handles "(Additional) reporting by <agencies>" with
// "eporting by" at p.
func (sc *scanner) reportingBy(p int) {
	s := sc.s
	if p == 0 || (s[p-1] != 'r' && s[p-1] != 'R') {
		return
	}
	ws := p - 1
	cs := clauseStart(s, sc.lo, ws)
	if cs < 0 {
		return
	}
	st := skipOpeners(s, cs, ws)
	// Only "Additional", "With", "with additional" before it.
	for q := st; q < ws; {
		q = skipSpaces(s, q, ws)
		if q == ws {
			break
		}
		e := wordEnd(s, q, ws)
		if e == q {
			return
		}
		var lb [16]byte
		w := appendLower(lb[:0], s[q:e])
		if string(w) != "additional" && string(w) != "with" && string(w) != "and" && string(w) != "also" {
			return
		}
		q = e
	}
	sc.agencyList(st, p+len("eporting by"))
}

// agencyClause handles a clause starting with lead (or its lower-case
// form lower) whose match ends at p+len("iles from") or so: the agencies
// after it are contributors.
func (sc *scanner) agencyClause(p int, lead, lower string) {
	s := sc.s
	// lead ends with the trigger; find where it starts.
	var tail string
	switch {
	case strings.HasSuffix(lead, "iles from"):
		tail = "iles from"
	default:
		tail = "aterial from"
	}
	st := p + len(tail) - len(lead)
	if st < sc.lo || (s[st:p+len(tail)] != lead && s[st:p+len(tail)] != lower) {
		return
	}
	cs := clauseStart(s, sc.lo, st)
	if cs < 0 || skipOpeners(s, cs, st) != st {
		return
	}
	sc.agencyList(st, p+len(tail))
}

// agencyList adds the agencies listed from x on as contributors, the
// claim starting at st.
func (sc *scanner) agencyList(st, x int) {
	s := sc.s
	lim := min(sc.hi, x+maxLine)
	var found [6][2]int
	n := 0
	x = skipSpaces(s, x, lim)
	for n < len(found) {
		if hasWordPrefix(s[x:lim], "the") {
			x = skipSpaces(s, x+3, lim)
		}
		e, ok := agencyAt(s, x, lim)
		if !ok {
			break
		}
		found[n] = [2]int{x, e}
		n++
		y := skipListSep(s, e, lim)
		if y < 0 || y == lim {
			break
		}
		x = y
	}
	if n == 0 {
		return
	}
	for _, f := range found[:n] {
		sc.add(s[f[0]:f[1]], Contributor, st, found[n-1][1])
	}
}
