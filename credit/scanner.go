package credit

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// The scanner: one call's state, and the two passes over a window that
// run the rules: one line by line, one on trigger words and marks.

// scanner holds one call's state.
type scanner struct {
	s   string
	dst []Credit
	// lo, hi are the window being scanned.
	lo, hi int
	// tail is where the last tailLines non-empty lines start;
	// lastA, lastB the trimmed last non-empty line (lastA == lastB when
	// the text has none).
	tail, lastA, lastB int
}

func (sc *scanner) add(name string, kind Kind, start, end int) {
	if name == "" || start < 0 || end > len(sc.s) || start >= end {
		return
	}
	sc.dst = append(sc.dst, Credit{Name: name, Kind: kind, Start: start, End: end})
}

// zones finds the tail zone and the last non-empty line, looking back no
// further than Window bytes.
func (sc *scanner) zones() {
	s := sc.s
	floor := max(0, len(s)-Window)
	sc.tail = len(s)
	sc.lastA, sc.lastB = len(s), len(s)
	n := 0
	e := len(s)
	for e > floor && n < tailLines {
		b := strings.LastIndexByte(s[floor:e], '\n')
		var st int
		if b < 0 {
			st = floor
		} else {
			st = floor + b + 1
		}
		a, z := trimLine(s, st, e)
		if a < z {
			if n == 0 {
				sc.lastA, sc.lastB = a, z
			}
			n++
			sc.tail = st
		}
		if b < 0 {
			break
		}
		e = st - 1
	}
}

// scan runs every rule on the window [lo, hi).
func (sc *scanner) scan(lo, hi int) {
	sc.lo, sc.hi = lo, hi
	s := sc.s[:hi]
	// Line rules.
	line := 0
	open := false // the line before ends mid-sentence
	for p := lo; p < hi; {
		e := strings.IndexByte(s[p:], '\n')
		if e < 0 {
			e = hi
		} else {
			e += p
		}
		a, b := trimLine(s, p, e)
		if a < b {
			sc.line(p, a, b, lo == 0 && line < headLines, open)
			line++
			r, _ := runeBefore(s, b)
			open = unicode.IsLower(r) || r == ','
		} else {
			open = false
		}
		p = e + 1
	}
	sc.triggers()
}

// trigLetter is triggerClass's class of the ASCII letters.
const trigLetter = 1

// triggerClass classes the bytes of the trigger pass: the ASCII letters
// are trigLetter, every other byte 0.
var triggerClass = func() (t [256]uint8) {
	for c := 'a'; c <= 'z'; c++ {
		t[c] = trigLetter
		t[c-'a'+'A'] = trigLetter
	}
	return t
}()

// The trigger pass does not read every word: it searches for the places
// where a rule can apply, and runs [scanner.word] on the words found there
// and the mark rules on the marks. A word starts a rule only when, in
// ASCII lower case, it is one of the trigger words below (the switch in
// word), so the pass looks for
//
//   - foldWords, the words that count in any case, with a multi-pattern
//     search (Wu and Manber's: a table of safe shifts on byte pairs, so
//     that most of the text is skipped four bytes at a time);
//   - "Copyright", "COPYRIGHT" and " via ", which count only as written,
//     with [strings.Index];
//   - the marks "(", "©" and "/", with [strings.IndexByte]; before a "/"
//     are the picture credits "REUTERS/", "AP/", "AP Photo/",
//     "EPA-EFE/" and TASS's "/TASS/".

// foldWords are the trigger words that count in any case; "all" counts
// only before " rights reserved", and is searched for with it.
var foldWords = []string{
	"published", "republished", "reprinted", "reproduced", "appeared", "posted", "produced", "syndicated",
	"contributed", "reporting", "files", "material", "all rights reserved",
}

const (
	// wmLen is the length of the foldWords' prefixes the search matches:
	// the length of the shortest ("files").
	wmLen = 5
	// wmBits is the size in bits of a byte's part of a pair's hash.
	wmBits = 6
)

// wmFold is the hash of one byte: equal for the two cases of a letter
// (and for some other bytes, which the check after the search sorts out).
func wmFold(c byte) uint { return uint(c|0x20) & (1<<wmBits - 1) }

// wmHash is the hash of the byte pair s[i-1], s[i].
func wmHash(s string, i int) uint { return wmFold(s[i-1])<<wmBits | wmFold(s[i]) }

// wmShift[h] is how far the search may move on when the pair hashing to h
// ends the wmLen bytes it looks at: 0 when the pair ends a foldWord's
// prefix, whose words are then in wmWords[h].
var wmShift, wmWords = func() (shift [1 << (2 * wmBits)]uint8, words [1 << (2 * wmBits)][]string) {
	for h := range shift {
		shift[h] = wmLen - 1
	}
	for _, w := range foldWords {
		for i := 1; i < wmLen; i++ {
			h := wmHash(w, i)
			shift[h] = min(shift[h], uint8(wmLen-1-i))
		}
		h := wmHash(w, wmLen-1)
		words[h] = append(words[h], w)
	}
	return shift, words
}()

// triggers runs the sentence and mark rules on the window: on every
// trigger word and mark in it (see above), as a pass over every word
// would.
func (sc *scanner) triggers() {
	lo := sc.lo
	s := sc.s[lo:sc.hi] // positions in s are relative to lo
	// The words that count in any case.
	for i := wmLen - 1; i < len(s); {
		h := wmHash(s, i)
		if d := wmShift[h]; d > 0 {
			i += int(d)
			continue
		}
		st := i - (wmLen - 1)
		for _, w := range wmWords[h] {
			if n := len(w); st+n <= len(s) && equalFoldASCII(s[st:st+n], w) {
				if w[3] == ' ' { // "all rights reserved": the word is "all"
					n = 3
				}
				sc.trigger(s, st, st+n)
			}
		}
		i++
	}
	// The words that count as written.
	for _, w := range [...]string{"Copyright", "COPYRIGHT"} {
		for i := 0; ; i += len(w) {
			k := strings.Index(s[i:], w)
			if k < 0 {
				break
			}
			i += k
			sc.trigger(s, i, i+len(w))
		}
	}
	for i := 0; ; i += len(" via") {
		k := strings.Index(s[i:], " via ")
		if k < 0 {
			break
		}
		i += k
		sc.trigger(s, i+1, i+len(" via"))
	}
	// Marks.
	for i := 0; ; i++ {
		k := strings.IndexByte(s[i:], '(')
		if k < 0 {
			break
		}
		i += k
		if i+2 < len(s) && (s[i+1] == 'c' || s[i+1] == 'C') && s[i+2] == ')' {
			sc.copyright(lo+i, lo+i+3)
		} else {
			sc.paren(lo + i)
		}
	}
	for i := 0; ; i += len("©") {
		k := strings.Index(s[i:], "©")
		if k < 0 {
			break
		}
		i += k
		sc.copyright(lo+i, lo+i+len("©"))
	}
	for i := 0; ; i++ {
		k := strings.IndexByte(s[i:], '/')
		if k < 0 {
			break
		}
		i += k
		sc.slash(s, i)
	}
}

// slash runs the rules on a "/" at s[q], s the window: TASS's datelines
// and the picture credits that end there.
func (sc *scanner) slash(s string, q int) {
	for _, t := range [...]string{"/TASS/", "/ITAR-TASS/"} {
		if strings.HasPrefix(s[q:], t) {
			sc.slashDateline(sc.lo+q, len(t))
		}
	}
	a := q
	for a > 0 && triggerClass[s[a-1]] == trigLetter {
		a--
	}
	switch w := s[a:q]; w {
	case "REUTERS", "Reuters", "AFP", "AP", "EPA":
		sc.trigger(s, a, q)
	case "Photo", "EFE":
		lead, x := "AP", a-1 // "AP Photo/"
		if w == "EFE" {
			lead = "EPA" // "EPA-EFE/"
		}
		if x < 0 || s[x] != " -"[len(lead)-2] {
			return
		}
		if x >= len(lead) && s[x-len(lead):x] == lead {
			sc.trigger(s, x-len(lead), x)
		}
	}
}

// trigger runs word on s[i:e] (s the window) when it is a whole word
// there, as the pass over every word would have found it.
func (sc *scanner) trigger(s string, i, e int) {
	if i > 0 && triggerClass[s[i-1]] == trigLetter || e < len(s) && triggerClass[s[e]] == trigLetter {
		return // part of a longer word
	}
	if (i == 0 || (!isASCIIAlnum(s[i-1]) && s[i-1] < utf8.RuneSelf)) &&
		(e == len(s) || s[e] < utf8.RuneSelf && !isASCIIAlnum(s[e]) || !isWordByte(sc.s, sc.lo+e)) {
		sc.word(sc.lo+i, sc.lo+e)
	}
}

// word checks the word [i, e) that starts with a trigger letter.
func (sc *scanner) word(i, e int) {
	s := sc.s
	w := s[i:e]
	if len(w) < 2 || len(w) > 11 {
		return
	}
	next := ""
	if e < sc.hi {
		next = s[e:min(sc.hi, e+16)]
	}
	var lb [16]byte
	switch string(appendLower(lb[:0], w)) {
	case "published", "republished", "reprinted", "reproduced", "appeared", "posted", "produced", "syndicated":
		sc.firstPublished(i)
	case "contributed":
		sc.contributed(i + 1)
	case "reporting":
		if strings.HasPrefix(next, " by ") {
			sc.reportingBy(i + 1)
		}
	case "files":
		if strings.HasPrefix(next, " from") {
			sc.agencyClause(i+1, "With files from", "with files from")
		}
	case "material":
		if strings.HasPrefix(next, " from") {
			sc.agencyClause(i+1, "Material from", "material from")
		}
	case "copyright":
		if w == "Copyright" || w == "COPYRIGHT" {
			sc.copyright(i, e)
		}
	case "via":
		// Lower case only: "FED ADDS RESERVES VIA CUSTOMER REPURCHASES"
		// is a headline.
		if w == "via" && i > sc.lo && s[i-1] == ' ' && strings.HasPrefix(next, " ") {
			sc.captionVia(i - 1)
		}
	case "all":
		if hasPrefixFold(next, " rights reserved") {
			sc.rightsReserved(i)
		}
	case "reuters", "afp", "ap", "epa":
		switch {
		case w == "AP" && strings.HasPrefix(next, " Photo/"):
			sc.photoSlash(i, len("AP Photo/"))
		case w == "EPA" && strings.HasPrefix(next, "-EFE/"):
			sc.photoSlash(i, len("EPA-EFE/"))
		case strings.HasPrefix(next, "/") && (w == "REUTERS" || w == "Reuters" || w == "AFP" || w == "AP" || w == "EPA"):
			sc.photoSlash(i, len(w)+1)
		}
	}
}
