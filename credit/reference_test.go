package credit

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The reference: Append as it was before the trigger pass read words from
// a 64-bit letter mask (issue 12), with a branch on every byte. The
// differential tests and FuzzExtractMatchesReference check that Append
// finds exactly what it finds.

// appendRef is the reference Append.
func appendRef(dst []Credit, text string) []Credit {
	n0 := len(dst)
	sc := scanner{s: text, dst: dst}
	sc.zones()
	if len(text) <= 2*Window {
		sc.scanRef(0, len(text))
	} else {
		h := Window
		if i := strings.LastIndexByte(text[Window/2:Window], '\n'); i >= 0 {
			h = Window/2 + i + 1
		}
		t := len(text) - Window
		if i := strings.IndexByte(text[t:t+Window/2], '\n'); i >= 0 {
			t += i + 1
		}
		sc.scanRef(0, h)
		sc.scanRef(t, len(text))
	}
	sc.signOffEnd()
	out := sc.dst
	found := out[n0:]
	slices.SortFunc(found, func(a, b Credit) int {
		if c := cmp.Compare(a.Start, b.Start); c != 0 {
			return c
		}
		if c := cmp.Compare(b.End, a.End); c != 0 {
			return c
		}
		if c := cmp.Compare(a.Kind, b.Kind); c != 0 {
			return c
		}
		return strings.Compare(a.Name, b.Name)
	})
	// Drop a credit whose range lies inside an earlier one with the same
	// kind and name (one claim found by two rules).
	k := 0
	for _, c := range found {
		dup := false
		for j := k - 1; j >= 0 && j >= k-8; j-- {
			p := found[j]
			if p.Kind == c.Kind && p.Name == c.Name && p.Start <= c.Start && c.End <= p.End {
				dup = true
				break
			}
		}
		if !dup {
			found[k] = c
			k++
		}
	}
	clear(found[k:])
	out = out[:n0+k]
	if len(out) == 0 && dst == nil {
		return nil
	}
	return out
}

// scanRef is the reference scan: scan with triggersRef.
func (sc *scanner) scanRef(lo, hi int) {
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
	sc.triggersRef()
}

// triggersRef is the reference trigger pass. It runs the sentence and
// mark rules in one pass over the window: each byte is classified by
// refClass; each word is read and skipped
// unless triggerMask says it may be a trigger word ("published",
// "Copyright", "via", ...); the few bytes that start marks ("(", "/",
// "©") are checked where they are.
func (sc *scanner) triggersRef() {
	lo := sc.lo
	s := sc.s[lo:sc.hi] // positions in s are relative to lo
	for i := 0; i < len(s); {
		c := refClass[s[i]]
		if c == 0 {
			i++
			continue
		}
		if c == refLetter {
			j := i + 1
			for j < len(s) && refClass[s[j]] == refLetter {
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

// Byte classes of the reference trigger pass.
const (
	refLetter = 1 + iota // an ASCII letter
	trigParen
	trigSlash
	trigCopy // first byte of "©"
)

var refClass = func() (t [256]uint8) {
	for c := 'a'; c <= 'z'; c++ {
		t[c] = refLetter
		t[c-'a'+'A'] = refLetter
	}
	t['('] = trigParen
	t['/'] = trigSlash
	t[0xc2] = trigCopy
	return t
}()
