package credit

import (
	"math/bits"
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

// triggers runs the sentence and mark rules on the window. The words
// (runs of ASCII letters) are found 64 bytes at a time, from a bit mask of
// the letters among them ([letterMask]), without a branch on each byte;
// each word is skipped unless triggerMask says it may be a trigger word
// ("published", "Copyright", "via", ...), and [scanner.word] checks the
// others. The marks that start rules ("(", "/", "©") are searched for
// with [strings.IndexByte] and [strings.Index].
func (sc *scanner) triggers() {
	lo := sc.lo
	s := sc.s[lo:sc.hi] // positions in s are relative to lo
	next := 0           // where the next word may start
	for base := 0; base < len(s); base += 64 {
		letters := letterMask(s, base)
		starts := letters &^ (letters << 1)
		if next > base {
			starts &^= 1<<(next-base) - 1 // inside the word read last
		}
		for starts != 0 {
			k := bits.TrailingZeros64(starts)
			i := base + k
			var j int
			if rest := ^letters >> k; rest != 0 {
				j = i + bits.TrailingZeros64(rest)
				starts &= starts - 1
			} else { // the word runs on into the next block
				j = base + 64
				for j < len(s) && triggerClass[s[j]] == trigLetter {
					j++
				}
				starts = 0
			}
			next = j
			if n := j - i; n < len(triggerMask) {
				m := triggerMask[n][(s[i]|0x20)-'a']
				if m&(1<<((s[j-1]|0x20)-'a')) != 0 {
					sc.trigger(s, i, j)
				}
			}
		}
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
		for _, t := range [...]string{"/TASS/", "/ITAR-TASS/"} {
			if strings.HasPrefix(s[i:], t) {
				sc.slashDateline(lo+i, len(t))
			}
		}
	}
}

// letterMask returns the bit mask of the ASCII letters among the 64 bytes
// of s from base: bit k is set when s[base+k] is one (bits past the end
// of s are 0).
func letterMask(s string, base int) uint64 {
	var m uint64
	k := 0
	for ; k+8 <= 64 && base+k+8 <= len(s); k += 8 {
		p := s[base+k : base+k+8]
		x := uint64(p[0]) | uint64(p[1])<<8 | uint64(p[2])<<16 | uint64(p[3])<<24 |
			uint64(p[4])<<32 | uint64(p[5])<<40 | uint64(p[6])<<48 | uint64(p[7])<<56
		m |= letters8(x) << k
	}
	for ; k < 64 && base+k < len(s); k++ {
		m |= uint64(triggerClass[s[base+k]]&1) << k
	}
	return m
}

// letters8 returns the bit mask of the ASCII letters among the 8 bytes of
// x (byte k, the k-th least significant, is bit k).
func letters8(x uint64) uint64 {
	const (
		ones = 0x0101010101010101
		low7 = 0x7f * ones
		high = 0x80 * ones
	)
	y := (x | 0x20*ones) & low7                // lower case, high bits cleared
	ge := y + (0x80-'a')*ones                  // bit 7 set where y >= 'a'
	gt := y + (0x7f-'z')*ones                  // bit 7 set where y > 'z'
	l := ge &^ gt &^ x & high                  // bit 7 of each letter byte
	return (l >> 7) * 0x0102040810204080 >> 56 // gathered: byte k to bit k
}

// trigger runs word on the word s[i:e] (s the window) when what is
// around it allows: an ASCII byte that is not a digit before it, and no
// word character after it.
func (sc *scanner) trigger(s string, i, e int) {
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
