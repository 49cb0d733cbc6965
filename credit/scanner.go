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

// Byte classes of the trigger pass.
const (
	trigLetter = 1 + iota // an ASCII letter
	trigParen
	trigSlash
	trigCopy // first byte of "©"
)

var triggerClass = func() (t [256]uint8) {
	for c := 'a'; c <= 'z'; c++ {
		t[c] = trigLetter
		t[c-'a'+'A'] = trigLetter
	}
	t['('] = trigParen
	t['/'] = trigSlash
	t[0xc2] = trigCopy
	return t
}()

// triggerWords are the words (lower-cased) the trigger pass checks.
var triggerWords = []string{
	"published", "republished", "reprinted", "reproduced", "appeared", "posted", "produced", "syndicated",
	"contributed", "reporting", "files", "material", "copyright", "via", "all", "reuters", "afp", "ap", "epa",
}

// triggerMask[n][f] has bit l set when a trigger word of n letters starts
// with letter f and ends with letter l (lower case, a = 0): most words are
// rejected by this one look-up.
var triggerMask = func() (m [12][26]uint32) {
	for _, w := range triggerWords {
		m[len(w)][w[0]-'a'] |= 1 << (w[len(w)-1] - 'a')
	}
	return m
}()

// triggers runs the sentence and mark rules in one pass over the window:
// each byte is classified by triggerClass; each word is read and skipped
// unless triggerMask says it may be a trigger word ("published",
// "Copyright", "via", ...); the few bytes that start marks ("(", "/",
// "©") are checked where they are.
func (sc *scanner) triggers() {
	lo := sc.lo
	s := sc.s[lo:sc.hi] // positions in s are relative to lo
	for i := 0; i < len(s); {
		c := triggerClass[s[i]]
		if c == 0 {
			i++
			continue
		}
		if c == trigLetter {
			j := i + 1
			for j < len(s) && triggerClass[s[j]] == trigLetter {
				j++
			}
			if n := j - i; n < len(triggerMask) {
				m := triggerMask[n][(s[i]|0x20)-'a']
				if m&(1<<((s[j-1]|0x20)-'a')) != 0 &&
					(i == 0 || (!isASCIIAlnum(s[i-1]) && s[i-1] < utf8.RuneSelf)) &&
					(j == len(s) || s[j] < utf8.RuneSelf && !isASCIIAlnum(s[j]) || !isWordByte(sc.s, lo+j)) {
					sc.word(lo+i, lo+j)
				}
			}
			i = j
			continue
		}
		p := lo + i
		switch c {
		case trigParen:
			if i+2 < len(s) && (s[i+1] == 'c' || s[i+1] == 'C') && s[i+2] == ')' {
				sc.copyright(p, p+3)
			} else {
				sc.paren(p)
			}
		case trigSlash:
			for _, t := range [...]string{"/TASS/", "/ITAR-TASS/"} {
				if strings.HasPrefix(s[i:], t) {
					sc.slashDateline(p, len(t))
				}
			}
		case trigCopy:
			if i+1 < len(s) && s[i+1] == 0xa9 {
				sc.copyright(p, p+2)
			}
		}
		i++
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
