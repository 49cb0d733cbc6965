package provenance

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Credit is one attribution claim found in an article's text: a line or
// sentence in which the article says where it, or part of it, comes from.
//
// A credit is a claim, not a mention: "Reuters reported that ..." in the
// middle of a paragraph is not a credit, "WASHINGTON (Reuters) -" at the
// start of one is. The rules are documented at [AppendCredits].
type Credit struct {
	// Name is the credited outlet or agency as written in the text,
	// trimmed of white space, quotes and the punctuation around it:
	// "VPost", "Reuters", "REUTER", "AP", "The Guardian", or, when the
	// credit is a link, the link's host ("www.reuters.com"). It is a
	// substring of the text and shares its memory: clone it
	// ([strings.Clone]) to keep it without keeping the whole text. Compare
	// names with [NormalizeOutlet] or [SameOutlet].
	Name string
	// Kind is how the credit was claimed.
	Kind CreditKind
	// Start and End are the byte range [Start, End) of the whole claim in
	// the text: "This article was first published by VPost", "(AP) —",
	// "Copyright 2024 The Associated Press". Credits taken from one claim
	// (a list such as "Sources: Izvestia, TASS") share the claim's range
	// and differ by Name.
	Start, End int
}

// CreditKind says how a [Credit] was claimed. Its zero value is not a
// valid kind. Its methods are safe for concurrent use (UnmarshalText
// writes only its receiver).
type CreditKind uint8

// The kinds of credit, with examples of what each recognises. The full
// rules are documented at [AppendCredits].
const (
	// CreditFirstPublished: "This article was first published by VPost.",
	// "Originally published in The Guardian", "This story originally
	// appeared on Meduza", "Republished with permission from X",
	// "Reprinted from X", "The post ... appeared first on X."
	CreditFirstPublished CreditKind = iota + 1
	// CreditDateline: "WASHINGTON (Reuters) -", "(AP) —", "LONDON, Nov 6
	// (Reuters) -", "MOSCOW, November 6. /TASS/.".
	CreditDateline
	// CreditByline: "By Jane Doe, Associated Press", "By Jane Doe |
	// Reuters", "By AFP", "By Jane Doe for The Guardian", or a known
	// agency alone on one of the first lines.
	CreditByline
	// CreditContributor: a known agency credited for part of the
	// reporting: "The Associated Press contributed to this report",
	// "Additional reporting by Reuters", "With files from AFP",
	// "Material from Reuters was used in this report".
	CreditContributor
	// CreditVia: "via Reuters" alone on a line, "Source: Reuters",
	// "Sources: Izvestia, TASS", "Courtesy of X".
	CreditVia
	// CreditCopyright: "© 2024 Reuters", "Copyright 2024 The Associated
	// Press. All rights reserved.", "(c) Copyright Thomson Reuters 2024",
	// "The Associated Press. All rights reserved."
	CreditCopyright
	// CreditSignOff: a known agency closing the text: a last line
	// "Reuter", "- Reuters", "— AFP", "(AFP)", or "... said. REUTER" at
	// the very end.
	CreditSignOff
	// CreditPhoto: the credit of a picture, not of the text: "Sputnik via
	// Reuters" ending a caption, "REUTERS/Evelyn Hockstein", "AP
	// Photo/Evan Vucci", "Photo: Jane Doe/AFP". Name is the agency, or the
	// last party named. [CreditsOutlet] ignores these.
	CreditPhoto
)

var creditKindNames = [...]string{
	CreditFirstPublished: "first-published",
	CreditDateline:       "dateline",
	CreditByline:         "byline",
	CreditContributor:    "contributor",
	CreditVia:            "via",
	CreditCopyright:      "copyright",
	CreditSignOff:        "sign-off",
	CreditPhoto:          "photo",
}

// String returns the kind's name: "first-published", "dateline",
// "byline", "contributor", "via", "copyright", "sign-off" or "photo";
// "CreditKind(N)" for any other value.
func (k CreditKind) String() string {
	if int(k) < len(creditKindNames) && creditKindNames[k] != "" {
		return creditKindNames[k]
	}
	return "CreditKind(" + strconv.Itoa(int(k)) + ")"
}

// MarshalText returns the kind's [CreditKind.String] name, so that
// credits encode as readable JSON. It fails for an invalid kind.
func (k CreditKind) MarshalText() ([]byte, error) {
	if int(k) < len(creditKindNames) && creditKindNames[k] != "" {
		return []byte(creditKindNames[k]), nil
	}
	return nil, &creditKindError{string: k.String()}
}

// UnmarshalText sets the kind from a name returned by
// [CreditKind.String]. It fails for any other name and leaves k
// unchanged.
func (k *CreditKind) UnmarshalText(b []byte) error {
	for i, n := range creditKindNames {
		if n != "" && n == string(b) {
			*k = CreditKind(i)
			return nil
		}
	}
	return &creditKindError{string: string(b)}
}

type creditKindError struct{ string }

func (e *creditKindError) Error() string {
	return "provenance: invalid credit kind " + strconv.Quote(e.string)
}

// CreditWindow bounds the work [AppendCredits] does on long texts: a text
// longer than 2*CreditWindow bytes is read only in its first and its
// last CreditWindow bytes (cut at line breaks when there is one in the
// window's outer half). News articles are far shorter; credits sit at
// the top and the bottom of a text, and the cost of one call is then
// bounded whatever the input, a 100 MB text included.
const CreditWindow = 64 << 10

// Zones of the text in which line-position rules apply.
const (
	// creditHeadLines is how many non-empty lines from the start of the
	// text count as its head (where a known agency alone on a line is a
	// byline).
	creditHeadLines = 10
	// creditTailLines is how many non-empty lines from the end of the
	// text count as its tail (where a known agency alone on a line is a
	// sign-off).
	creditTailLines = 5
	// creditMaxLine is the longest line, in bytes, checked for
	// line-shaped claims (bylines, labels, credit lines).
	creditMaxLine = 200
	// creditBack is how far back, in bytes, the start of a sentence is
	// looked for.
	creditBack = 300
	// creditMaxName is the longest name, in bytes.
	creditMaxName = 100
)

// ExtractCredits returns the credits claimed in text, in text order (see
// [AppendCredits] for the rules), or nil if there are none. It is safe
// for concurrent use.
func ExtractCredits(text string) []Credit {
	return AppendCredits(nil, text)
}

// AppendCredits appends the credits claimed in text to dst, in text order
// (by Start, then End), and returns the extended slice. Reusing dst[:0]
// makes repeated calls free of allocations: names are substrings of text.
// It never panics, whatever the text (invalid UTF-8 and NUL bytes are
// treated as neither letters nor spaces), and its work is bounded by
// [CreditWindow]. It is a pure function, safe for concurrent use.
//
// # What counts as a credit
//
// Precision matters more than recall: a credit must be phrased or placed
// as a claim. An outlet named in running prose ("Reuters reported",
// "told Reuters", "according to AP"), inside a quotation, in a link or as
// part of another word is never a credit. The rules:
//
//   - Names. A credited name is a run of at most 8 capitalised words on
//     one line, one space apart (connectors such as "of", "de", "the",
//     "for", "and" and "&" allowed between them, "-", "'", "/" and
//     abbreviation dots inside them, a number of up to three digits
//     closing it at the end of a line or sentence: "Channel 4"), a known
//     agency (which may be lower case: "dpa"), or a domain name
//     ("nytimes.com"). A name never starts with a month, a weekday, a
//     language ("first published in Russian by ...") or a pronoun, so
//     dates and prose are not taken for names. In lists ("Sources:",
//     contributors) "and" separates names instead.
//   - Known agencies: Reuters, Associated Press (AP), AFP (Agence
//     France-Presse), Bloomberg, dpa, EFE, ANSA, Kyodo, Jiji Press,
//     Xinhua, TASS, RIA Novosti, Interfax, Interfax-Ukraine, Sputnik, PA
//     Media (PA, Press Association), UPI, Yonhap, PTI, ANI, IANS,
//     Anadolu, AAP, The Canadian Press, Europa Press, Ukrinform, UNIAN,
//     IRNA, Bernama and Antara, with their usual variants. Long names
//     match in any case ("REUTER", "reuter"), abbreviations only as
//     written ("AP", not "ap"), always as whole words.
//   - First-published ([CreditFirstPublished]): a sentence whose subject
//     is the text itself, pointed at with "this" ("This article", "This
//     story", "A version of this story", "This is an edited version of an
//     article that"; not "The article", which may be another one, nor
//     "This book"), or that starts with "Republished", "Reprinted",
//     "Reproduced", "Syndicated", "Published with permission", or
//     "Originally", "First", "Previously" (then the credit must be the
//     whole sentence: "First published by Penguin in 1998, the book ..."
//     is about a book); followed by published, republished, reprinted,
//     reproduced, appeared, posted, produced or syndicated and, before
//     the sentence ends, by, in, on, at, from, of, "with permission
//     from" or "courtesy of" and a name; also "The post ... appeared
//     first on X". The sentence must start the line or follow a sentence
//     end, a colon or a bracket, and be capitalised: "first published in
//     1998 by the ministry" is prose. Anywhere in the text.
//   - Dateline ([CreditDateline]): a parenthesised name followed by a
//     dash ("-", "--", "–", "—", or EFE's ".-") at the start of a line,
//     after nothing or a place and date ("LONDON, Nov 6", "Berlin",
//     "RIO DE JANEIRO", "LINCOLN, Neb., March 30"). A known agency may
//     follow any such place; another name ("(CNN)") needs nothing, a
//     place in capitals or a place and a date before it, so that "Gould
//     Inc (GLD) -" and "Interstate Commerce Commission (ICC) --", which
//     define abbreviations, are not datelines; labels such as
//     "(Updated)", "(Video)" or "(R)" never are. A known agency is also
//     recognised after a place in capitals in the middle of a line
//     (re-flowed text: "... WASHINGTON (Reuters) - ..."), and, after a
//     place and date, without a dash ("New Delhi, Nov 6 (PTI) The ...").
//     TASS's "/TASS/." after a place and date. Anywhere in the text.
//   - Byline ([CreditByline]): a line of at most 200 bytes starting with
//     "By" that names a known agency, either alone ("By Reuters", "By The
//     Associated Press") or after people's names and a separator (",",
//     "|", "-", "/", "(" or "for"), optionally followed by a role ("Writer",
//     "Correspondent", "staff", ...) and a date; after "for", any name
//     ("By Jane Doe for The Guardian"). A known agency alone on one of the
//     first 10 non-empty lines is a byline too (on a short text, when it
//     is also one of the last 5, only when it is in the first half of the
//     text, not the last line, and not after a dash).
//   - Contributor ([CreditContributor]): known agencies only (persons are
//     credited the same way, and are not outlets): "<agencies>
//     contributed to this report" (or "contributed reporting"),
//     "(Additional) reporting by <agencies>", "With files from
//     <agencies>", "Material from <agencies>", at the start of a
//     sentence.
//   - Via ([CreditVia]): a line "via X", "(via X)" or "Via: X" (X a name running to
//     the end of the line), a line "Source: X, Y" or "Sources:" with the
//     names on the same or next line (each item a whole name or a link;
//     the list stops at the first item that is not), or a line "Courtesy
//     (of) X". "via satellite", "via the pipeline" and "Source: company
//     reports" are prose.
//   - Copyright ([CreditCopyright]): "©", "(c)", "Copyright" or
//     "COPYRIGHT" at the start of a line, after a sentence end or after a
//     "|", "·" or "•" separator, followed by years and a name that ends
//     the line or is followed by a year, punctuation or "All rights
//     reserved" ("Copyright Office said" is prose). "(c)" also needs a
//     year, "rights reserved" or a known agency, as it numbers list
//     items. Also a short line "<Name>. All rights reserved."
//   - Sign-off ([CreditSignOff]): a known agency alone on one of the last
//     5 non-empty lines (after dashes, brackets and trailing "...", "^M"
//     are stripped: "Reuter", "- Reuters", "(AFP)"), or at the very end of
//     the last line after a dash, two spaces, a sentence end ("... NIL.
//     REUTER"), or, written in capitals, a figure ("... 17 REUTER"). A
//     known agency alone on a line is not a credit when the line before
//     ends with a lower-case letter or a comma and the agency with a full
//     stop: that is hard-wrapped prose (a line "a bank official told"
//     then a line "Reuters.").
//   - Photo ([CreditPhoto]): picture credits, kept apart so that a
//     picture distributed by an agency is not taken for a text credit:
//     "Name via Name" ending a line after a sentence end ("Trump and Putin
//     meet in 2019. Sputnik via Reuters"; "via" in lower case: "FED ADDS
//     RESERVES VIA CUSTOMER REPURCHASES" is a headline), "REUTERS/Name",
//     "AP Photo/Name", "AFP/Name", "EPA/Name", and lines starting
//     "Photo:", "Photo by", "Photograph:", "Image:", "Image credit:",
//     "Picture:" or "Credit:".
//
// Lines are split at "\n" ("\r" is trimmed); leading white space, bullets,
// dashes and markdown emphasis are ignored.
func AppendCredits(dst []Credit, text string) []Credit {
	n0 := len(dst)
	sc := creditScanner{s: text, dst: dst}
	sc.zones()
	if len(text) <= 2*CreditWindow {
		sc.scan(0, len(text))
	} else {
		h := CreditWindow
		if i := strings.LastIndexByte(text[CreditWindow/2:CreditWindow], '\n'); i >= 0 {
			h = CreditWindow/2 + i + 1
		}
		t := len(text) - CreditWindow
		if i := strings.IndexByte(text[t:t+CreditWindow/2], '\n'); i >= 0 {
			t += i + 1
		}
		sc.scan(0, h)
		sc.scan(t, len(text))
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

// creditScanner holds one call's state.
type creditScanner struct {
	s   string
	dst []Credit
	// lo, hi are the window being scanned.
	lo, hi int
	// tail is where the last creditTailLines non-empty lines start;
	// lastA, lastB the trimmed last non-empty line (lastA == lastB when
	// the text has none).
	tail, lastA, lastB int
}

func (sc *creditScanner) add(name string, kind CreditKind, start, end int) {
	if name == "" || start < 0 || end > len(sc.s) || start >= end {
		return
	}
	sc.dst = append(sc.dst, Credit{Name: name, Kind: kind, Start: start, End: end})
}

// zones finds the tail zone and the last non-empty line, looking back no
// further than CreditWindow bytes.
func (sc *creditScanner) zones() {
	s := sc.s
	floor := max(0, len(s)-CreditWindow)
	sc.tail = len(s)
	sc.lastA, sc.lastB = len(s), len(s)
	n := 0
	e := len(s)
	for e > floor && n < creditTailLines {
		b := strings.LastIndexByte(s[floor:e], '\n')
		var st int
		if b < 0 {
			st = floor
		} else {
			st = floor + b + 1
		}
		a, z := crTrim(s, st, e)
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
func (sc *creditScanner) scan(lo, hi int) {
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
		a, b := crTrim(s, p, e)
		if a < b {
			sc.line(p, a, b, lo == 0 && line < creditHeadLines, open)
			line++
			r, _ := crRuneBefore(s, b)
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
	crTrigLetter = 1 + iota // an ASCII letter
	crTrigParen
	crTrigSlash
	crTrigCopy // first byte of "©"
)

var crTrigger = func() (t [256]uint8) {
	for c := 'a'; c <= 'z'; c++ {
		t[c] = crTrigLetter
		t[c-'a'+'A'] = crTrigLetter
	}
	t['('] = crTrigParen
	t['/'] = crTrigSlash
	t[0xc2] = crTrigCopy
	return t
}()

// crTriggerWords are the words (lower-cased) the trigger pass checks.
var crTriggerWords = []string{
	"published", "republished", "reprinted", "reproduced", "appeared", "posted", "produced", "syndicated",
	"contributed", "reporting", "files", "material", "copyright", "via", "all", "reuters", "afp", "ap", "epa",
}

// crWordMask[n][f] has bit l set when a trigger word of n letters starts
// with letter f and ends with letter l (lower case, a = 0): most words are
// rejected by this one look-up.
var crWordMask = func() (m [12][26]uint32) {
	for _, w := range crTriggerWords {
		m[len(w)][w[0]-'a'] |= 1 << (w[len(w)-1] - 'a')
	}
	return m
}()

// triggers runs the sentence and mark rules in one pass over the window:
// each byte is classified by crTrigger; each word is read and skipped
// unless crWordMask says it may be a trigger word ("published",
// "Copyright", "via", ...); the few bytes that start marks ("(", "/",
// "©") are checked where they are.
func (sc *creditScanner) triggers() {
	lo := sc.lo
	s := sc.s[lo:sc.hi] // positions in s are relative to lo
	for i := 0; i < len(s); {
		c := crTrigger[s[i]]
		if c == 0 {
			i++
			continue
		}
		if c == crTrigLetter {
			j := i + 1
			for j < len(s) && crTrigger[s[j]] == crTrigLetter {
				j++
			}
			if n := j - i; n < len(crWordMask) {
				m := crWordMask[n][(s[i]|0x20)-'a']
				if m&(1<<((s[j-1]|0x20)-'a')) != 0 &&
					(i == 0 || (!crIsASCIIAlnum(s[i-1]) && s[i-1] < utf8.RuneSelf)) &&
					(j == len(s) || s[j] < utf8.RuneSelf && !crIsASCIIAlnum(s[j]) || !crIsWordByte(sc.s, lo+j)) {
					sc.word(lo+i, lo+j)
				}
			}
			i = j
			continue
		}
		p := lo + i
		switch c {
		case crTrigParen:
			if i+2 < len(s) && (s[i+1] == 'c' || s[i+1] == 'C') && s[i+2] == ')' {
				sc.copyright(p, p+3)
			} else {
				sc.paren(p)
			}
		case crTrigSlash:
			for _, t := range [...]string{"/TASS/", "/ITAR-TASS/"} {
				if strings.HasPrefix(s[i:], t) {
					sc.slashDateline(p, len(t))
				}
			}
		case crTrigCopy:
			if i+1 < len(s) && s[i+1] == 0xa9 {
				sc.copyright(p, p+2)
			}
		}
		i++
	}
}

// word checks the word [i, e) that starts with a trigger letter.
func (sc *creditScanner) word(i, e int) {
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
	switch string(crLower(lb[:0], w)) {
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
		if crHasPrefixFold(next, " rights reserved") {
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

// line runs the rules for line-shaped claims on the trimmed line [a, b)
// whose raw start is ls; head is true on the first lines of the text, open
// when the line before ends mid-sentence (with a lower-case letter or a
// comma), as in hard-wrapped prose.
func (sc *creditScanner) line(ls, a, b int, head, open bool) {
	s := sc.s
	if b-a > creditMaxLine {
		return
	}
	l := s[a:b]
	// A known agency alone.
	if b-a > 48 {
		// Too long for that.
	} else if x, y := crBare(s, a, b); x >= 0 {
		if e, ok := crAgencyAt(s, x, y); ok && e == y {
			// The claim keeps a leading dash: "- Reuters".
			a0 := crSkipSpaces(s, ls, a)
			switch {
			case open && s[b-1] == '.':
				// "... a bank official told\nReuters." is prose. Without
				// the full stop, the line before may be a title or a
				// table row ("Revs 1.59 billion vs 997.1 mln").
			case a >= sc.tail && (!head || 2*a >= len(s) || a0 < a || a == sc.lastA && ls > 0):
				// In the tail, and on a short text also in the head: a
				// sign-off when it closes the text, follows a dash or sits
				// in the second half.
				sc.add(s[x:y], CreditSignOff, a0, b)
			case head:
				sc.add(s[x:y], CreditByline, a0, b)
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
	case crHasWordPrefix(l, "By") || crHasWordPrefix(l, "BY") || (crHasWordPrefix(l, "by") && b-a <= 80 && !open):
		sc.byline(a, b)
	case crHasPrefixFold(l, "source:") || crHasPrefixFold(l, "sources:"):
		sc.sourceLabel(a, b)
	case crHasWordPrefix(l, "via") || crHasWordPrefix(l, "Via") || strings.HasPrefix(l, "(via ") || strings.HasPrefix(l, "(Via "):
		sc.viaLine(a, b)
	case crHasWordPrefix(l, "Courtesy"):
		sc.courtesyLine(a, b)
	case crPhotoLabel(l) > 0:
		sc.photoLabel(a, b, a+crPhotoLabel(l))
	}
}

// crBare strips a line down to what a bare agency line holds: surrounding
// brackets and trailing "...", "…", "^M", "." and spaces. It returns -1
// when nothing is left.
func crBare(s string, a, b int) (int, int) {
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
func (sc *creditScanner) byline(a, b int) {
	s := sc.s
	r := crSkipSpaces(s, a+2, b)
	if r == a+2 {
		return
	}
	// "By Reuters", "By The Associated Press", "By the AP".
	x := r
	if crHasWordPrefix(s[x:b], "the") {
		x = crSkipSpaces(s, x+3, b)
	}
	if e, ok := crAgencyAt(s, x, b); ok && crBylineTail(s, e, b) {
		sc.add(s[x:e], CreditByline, a, b)
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
		if !crPeople(s, r, p) {
			return
		}
		x := crSkipSpaces(s, p+n, b)
		if crHasWordPrefix(s[x:b], "the") {
			x = crSkipSpaces(s, x+3, b)
		}
		if e, ok := crAgencyAt(s, x, b); ok {
			if c == '(' {
				if e < b && s[e] == ')' && crBylineTail(s, e+1, b) {
					sc.add(s[x:e], CreditByline, a, b)
				}
				return
			}
			if crBylineTail(s, e, b) {
				sc.add(s[x:e], CreditByline, a, b)
				return
			}
		}
		if isFor {
			if ns, ne := crName(s, x, b); ns >= 0 && crBylineTail(s, ne, b) {
				sc.add(s[ns:ne], CreditByline, a, b)
				return
			}
		}
		if c == '/' || c == '(' {
			return
		}
		p += n - 1
	}
}

// crPeople reports whether [a, b) reads like the names in a byline:
// capitalised words, initials, commas, "and" and name particles.
func crPeople(s string, a, b int) bool {
	if a >= b || b-a > creditMaxName {
		return false
	}
	words := 0
	for p := a; p < b; {
		c := s[p]
		if c == ' ' || c == ',' || c == '&' {
			p++
			continue
		}
		e := crWordEnd(s, p, b)
		if e == p {
			return false
		}
		w := s[p:e]
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) && !crIn(crParticles, w) {
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

var crParticles = []string{"and", "de", "da", "di", "do", "dos", "du", "del", "della", "der", "den", "van", "von", "le", "la", "bin", "al", "el", "y", "e"}

// crRoles end an agency byline: "Associated Press Writer".
var crRoles = []string{"Writer", "Writers", "Correspondent", "Correspondents", "Reporter", "Reporters", "Staff", "Editor", "Journalist", "Photographer", "Bureau", "Chief"}

// crBylineTail reports whether what follows an agency in a byline, [e, b),
// is empty, a role, a closing bracket or a date after a separator.
func crBylineTail(s string, e, b int) bool {
	if e < b && s[e] == ')' {
		e++
	}
	// Up to three words, the last a role: "Associated Press Writer",
	// "Reuters staff".
	p := e
	for i := 0; i < 3; i++ {
		q := crSkipSpaces(s, p, b)
		if q == p {
			break
		}
		we := crWordEnd(s, q, b)
		if we == q {
			break
		}
		w := s[q:we]
		r, _ := utf8.DecodeRuneInString(w)
		role := false
		for _, x := range crRoles {
			if crEqualFoldASCII(w, x) {
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
	p = crSkipSpaces(s, e, b)
	if p == b {
		return true
	}
	switch s[p] {
	case '|', ';':
		return true
	case ',':
		q := crSkipSpaces(s, p+1, b)
		if q < b && s[q] >= '0' && s[q] <= '9' {
			return true
		}
		we := crWordEnd(s, q, b)
		w := s[q:we]
		return crMonth(w) || crWeekday(w) || w == "Updated" || w == "Published" || w == "Posted"
	}
	if strings.HasPrefix(s[p:b], "•") || strings.HasPrefix(s[p:b], "·") {
		return true
	}
	return false
}

// sourceLabel handles a line [a, b) starting with "Source:" or
// "Sources:": a list of names on the rest of the line or, when that is
// empty, on the next non-empty line.
func (sc *creditScanner) sourceLabel(a, b int) {
	s := sc.s
	x := a + strings.IndexByte(s[a:b], ':') + 1
	x = crSkipSpaces(s, x, b)
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
			la, lb := crTrim(s, p, e)
			if la == lb {
				p = e + 1
				continue
			}
			if lb-la > creditMaxLine/2 {
				return
			}
			sc.nameList(a, la, lb, CreditVia)
			return
		}
		return
	}
	sc.nameList(a, x, b, CreditVia)
}

// nameList adds a credit for each name of the list [x, b): names or links
// separated by ",", ";", " and ", " & ", stopping at the first item that
// is not a whole name. The credits' range starts at a.
func (sc *creditScanner) nameList(a, x, b int, kind CreditKind) {
	s := sc.s
	type item struct{ ns, ne, end int }
	var items [8]item
	n := 0
	p := x
	for n < len(items) {
		p = crSkipSpaces(s, p, b)
		ns, ne, end := crNameOrLinkList(s, p, b, true)
		if ns < 0 {
			break
		}
		q := crSkipSpaces(s, end, b)
		if q < b && s[q] == '.' && crSkipSpaces(s, q+1, b) == b {
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
			if crHasWordPrefix(s[crSkipSpaces(s, p, b):b], "and") {
				p = crSkipSpaces(s, p, b) + 3
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

// crNameOrLink parses a name or a link at p. For a link, the name is its
// host. end is where the item ends in the text.
func crNameOrLink(s string, p, b int) (ns, ne, end int) {
	return crNameOrLinkList(s, p, b, false)
}

// crNameOrLinkList is crNameOrLink for an item of a list (see crNameList).
func crNameOrLinkList(s string, p, b int, list bool) (ns, ne, end int) {
	if h, he, e := crLink(s, p, b); h >= 0 {
		return h, he, e
	}
	ns, ne = crNameList(s, p, b, list)
	return ns, ne, ne
}

// crLink parses a link ("https://host/...", "www.host...") at p and
// returns its host and its end, or -1.
func crLink(s string, p, b int) (hs, he, end int) {
	q := p
	switch {
	case crHasPrefixFold(s[p:b], "https://"):
		q += 8
	case crHasPrefixFold(s[p:b], "http://"):
		q += 7
	case crHasPrefixFold(s[p:b], "www."):
	default:
		return -1, -1, -1
	}
	hs = q
	he = q
	for he < b && (crIsASCIIAlnum(s[he]) || s[he] == '.' || s[he] == '-') {
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
func (sc *creditScanner) viaLine(a, b int) {
	s := sc.s
	x := a
	if s[x] == '(' {
		x++
	}
	x += 3
	if x < b && s[x] == ':' {
		x++
	}
	if x == crSkipSpaces(s, x, b) && x < b {
		return
	}
	x = crSkipSpaces(s, x, b)
	if ns, ne, end := crNameOrLink(s, x, b); ns >= 0 && crLineRest(s, end, b) {
		sc.add(s[ns:ne], CreditVia, a, b)
	}
}

// crLineRest reports whether [e, b) holds nothing but closing brackets,
// quotes and a full stop.
func crLineRest(s string, e, b int) bool {
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
func (sc *creditScanner) courtesyLine(a, b int) {
	s := sc.s
	x := a + len("Courtesy")
	if x < b && s[x] == ':' {
		x++
	}
	x = crSkipSpaces(s, x, b)
	if crHasWordPrefix(s[x:b], "of") {
		x = crSkipSpaces(s, x+2, b)
	}
	if crHasWordPrefix(s[x:b], "the") {
		x = crSkipSpaces(s, x+3, b)
	}
	if ns, ne, end := crNameOrLink(s, x, b); ns >= 0 && crLineRest(s, end, b) {
		sc.add(s[ns:ne], CreditVia, a, b)
	}
}

// crPhotoLabels start a line that credits a picture.
var crPhotoLabels = []string{
	"Photo credit:", "Photo courtesy of", "Photo courtesy", "Photograph:", "Photographs:", "Photo by", "Photos by",
	"Photo:", "Photos:", "Image credit:", "Image by", "Image:", "Images:", "Picture:", "Pictures:", "Credit:", "Credits:",
	"PHOTO:", "CREDIT:",
}

// crPhotoLabel returns the length of the picture-credit label l starts
// with, or 0.
func crPhotoLabel(l string) int {
	for _, p := range crPhotoLabels {
		if strings.HasPrefix(l, p) && (len(l) == len(p) || l[len(p)] == ' ' || p[len(p)-1] == ':') {
			return len(p)
		}
	}
	return 0
}

// photoLabel handles a line [a, b) whose label ends at x: it credits a
// known agency named in it, or else the name after the last "/", "," or
// "|" (or the label), if it runs to the end of the line.
func (sc *creditScanner) photoLabel(a, b, x int) {
	s := sc.s
	for p := x; p < b; p++ {
		if p > x && crIsWordByte(s, p-1) {
			continue
		}
		if e, ok := crAgencyAt(s, p, b); ok {
			sc.add(s[p:e], CreditPhoto, a, b)
			return
		}
	}
	st := x
	if i := strings.LastIndexAny(s[x:b], "/,|"); i >= 0 {
		st = x + i + 1
	}
	st = crSkipSpaces(s, st, b)
	if ns, ne := crName(s, st, b); ns >= 0 && crLineRest(s, ne, b) {
		sc.add(s[ns:ne], CreditPhoto, a, b)
	}
}

// crLineAround returns the trimmed line around p, looking no further
// than creditMaxLine bytes either way within [lo, hi): start is the
// line's start, or the floor with atStart false when the line starts
// further back; ok is false when the line ends further on.
func crLineAround(s string, lo, hi, p int) (a, b int, atStart, ok bool) {
	lim := min(hi, p+creditMaxLine)
	b = crLineEnd(s, p, lim)
	if b == lim && lim < hi {
		return 0, 0, false, false
	}
	floor := max(lo, p-creditMaxLine)
	a = crLineStart(s, floor, p)
	atStart = a >= 0
	if !atStart {
		a = floor
	}
	a, b = crTrim(s, a, b)
	return a, b, atStart, a < b
}

// captionVia handles " via " at v: a line that ends with a picture
// credit "Name via Name" after a sentence end.
func (sc *creditScanner) captionVia(v int) {
	s := sc.s
	a, b, atStart, ok := crLineAround(s, sc.lo, sc.hi, v)
	if !ok || v < a {
		return
	}
	x := crSkipSpaces(s, v+5, b)
	ns, ne := crName(s, x, b)
	if ns < 0 || !crLineRest(s, ne, b) {
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
			r, n := crRuneBefore(s, st)
			if crIsWordRune(r) || r == '/' || r == '-' || r == '.' || r == '\'' || r == '&' {
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
				sc.add(s[ns:ne], CreditPhoto, p, b)
			}
			return
		}
		if k < p {
			switch s[k-1] {
			case '.', '!', '?', ':', ';', '|', '(':
				if !(s[k-1] == '.' && k-2 >= a && crIsUpperByte(s[k-2]) && (k-3 < a || !crIsWordByte(s, k-3))) {
					sc.add(s[ns:ne], CreditPhoto, p, b)
					return
				}
			}
			if strings.HasSuffix(s[a:k], "”") || strings.HasSuffix(s[a:k], "—") || strings.HasSuffix(s[a:k], "–") {
				sc.add(s[ns:ne], CreditPhoto, p, b)
				return
			}
		}
	}
}

// rightsReserved handles "All rights reserved" at r: a short line
// "<Name>[,] [year]. All rights reserved." without a copyright sign.
func (sc *creditScanner) rightsReserved(r int) {
	s := sc.s
	a, b, atStart, ok := crLineAround(s, sc.lo, sc.hi, r)
	if !ok || !atStart || b-a > 120 || r <= a {
		return
	}
	x := crSkipYears(s, a, r)
	ns, ne := crName(s, x, r)
	if ns < 0 {
		return
	}
	p := ne
	for p < r && (s[p] == ' ' || s[p] == ',' || s[p] == '.') {
		p++
	}
	p = crSkipYears(s, p, r)
	for p < r && (s[p] == ' ' || s[p] == ',' || s[p] == '.') {
		p++
	}
	if p == r {
		sc.add(s[ns:ne], CreditCopyright, a, b)
	}
}

// copyright handles a copyright marker [m, me).
func (sc *creditScanner) copyright(m, me int) {
	s := sc.s
	ls := crLineStart(s, sc.lo, m)
	le := crLineEnd(s, me, sc.hi)
	if le-ls > 4*creditMaxLine || !crLeads(s, ls, m) {
		return
	}
	if crPhotoLabel(s[crSkipSpaces(s, ls, m):le]) > 0 {
		return
	}
	paren := s[m] == '('
	if s[m] == 'C' {
		// "Copyright" must be a word of its own.
		if me < le {
			r, _ := crRune(s, me)
			if crIsWordRune(r) {
				return
			}
		}
	}
	// Skip more markers, years and separators.
	x := me
	years := false
	for {
		y := crSkipSpaces(s, x, le)
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
		if z := crSkipYears(s, y, le); z > y {
			x = z
			years = true
			continue
		}
		x = y
		break
	}
	if crHasWordPrefix(s[x:le], "by") {
		x = crSkipSpaces(s, x+2, le)
	}
	ns, ne, end := crNameOrLink(s, x, le)
	if ns < 0 {
		return
	}
	// What follows the name: a year, punctuation, "All rights reserved",
	// or the end of the line.
	p := end
	for p < le && (s[p] == ' ' || s[p] == ',') {
		p++
	}
	if z := crSkipYears(s, p, le); z > p {
		years = true
		p = z
	}
	p = crSkipSpaces(s, p, le)
	ok := p == le
	if !ok {
		switch s[p] {
		case '.', ';', '|', '/', ')', ':':
			ok = true
		}
		if crHasPrefixFold(s[p:le], "all rights reserved") || strings.HasPrefix(s[p:le], "•") || strings.HasPrefix(s[p:le], "·") {
			ok = true
		}
	}
	if !ok {
		return
	}
	if paren && !years && !strings.Contains(s[m:le], "ights reserved") && !crIsAgency(s, ns, ne) {
		return
	}
	sc.add(s[ns:ne], CreditCopyright, m, ne)
}

// crLeads reports whether position m starts its line's content: only
// white space, bullets or a separator ("|", "·", "•") or sentence end
// before it on the line that starts at ls.
func crLeads(s string, ls, m int) bool {
	p := m
	for p > ls {
		r, n := crRuneBefore(s, p)
		if crIsSpace(r) {
			p -= n
			continue
		}
		break
	}
	if p == ls {
		return true
	}
	r, n := crRuneBefore(s, p)
	switch r {
	case '|', '·', '•', '*', '_':
		return true
	case '.', '!', '?':
		return p < m && !(r == '.' && p-n-1 >= ls && crIsUpperByte(s[p-n-1]) && (p-n-2 < ls || !crIsWordByte(s, p-n-2)))
	}
	// Only bullets before it.
	a, _ := crTrim(s, ls, m)
	return a == m
}

// crSkipYears skips a year or a range of years ("2024", "1999-2024",
// "2023–2024") at p and returns where it ends, or p.
func crSkipYears(s string, p, b int) int {
	y := crYear(s, p, b)
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
	if z := crYear(s, q, b); z > q {
		return z
	}
	return y
}

// crYear skips a four-digit year 1900–2099 at p.
func crYear(s string, p, b int) int {
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

// paren handles the "(" at q: a dateline "PLACE, Date (Agency) -".
func (sc *creditScanner) paren(q int) {
	s := sc.s
	lim := min(sc.hi, q+1+creditMaxName)
	x := q + 1
	e, known := crAgencyAt(s, x, lim)
	unknown := false
	if !known {
		ns, ne := crName(s, x, lim)
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
	if unknown && (crIn(crParenLabels, name) || utf8.RuneCountInString(name) < 2 || strings.Count(name, " ") > 4) {
		return
	}
	// The dash.
	p := e + 1
	if p < sc.hi && s[p] == '.' {
		p++
	}
	p = crSkipSpaces(s, p, sc.hi)
	d := crDash(s, p, sc.hi)
	end := d
	if d == p {
		end = e + 1
	}
	// What is before the bracket.
	ls := crLineStart(s, max(sc.lo, q-creditMaxName), q)
	if ls >= 0 {
		a, _ := crTrim(s, ls, q)
		ok, caps, date := crDateline(s, a, q)
		// A name that is not a known agency needs a place in capitals or
		// a place and a date: "Gould Inc (GLD) -" and "Interstate
		// Commerce Commission (ICC) --" define abbreviations.
		if a == q || ok && (known || caps || date) {
			if d > p || (known && a < q && crCapAfter(s, e+1, sc.hi)) {
				sc.add(name, CreditDateline, a, end)
				return
			}
		}
	}
	if known && d > p {
		if st := crCapsBefore(s, max(sc.lo, q-creditMaxName), q); st >= 0 {
			sc.add(name, CreditDateline, st, end)
		}
	}
}

// crParenLabels are bracketed words that are not outlets.
var crParenLabels = []string{
	"Updated", "Update", "UPDATED", "UPDATE", "Corrected", "CORRECTED", "Correction", "Video", "VIDEO", "Photo", "Photos",
	"PHOTO", "PHOTOS", "Watch", "WATCH", "Listen", "Audio", "Live", "LIVE", "Opinion", "Analysis", "Editorial", "Exclusive",
	"EXCLUSIVE", "Breaking", "Sponsored", "Advertisement", "Ad", "AD", "Podcast", "Graphic", "Graphics", "Interview", "Review",
	"Explainer", "Factbox", "Insight", "Commentary", "Column", "Note", "Recap", "Transcript", "Summary", "Full Text", "Text",
	"File", "Archive", "Feature", "Satire", "Paid", "Promoted", "Partner", "Map", "Chart", "Table", "Source", "Sources",
	"Reuters Graphic", "Wire", "Wires", "Staff", "Editor", "Editors", "Ret", "Retd", "Continued", "Cont", "Contd", "More",
	"Bloomberg Opinion", "File Photo", "FILE PHOTO", "RECASTS", "UPDATE 1", "Image", "Images", "Getty Images",
}

// crDash skips a dash at p ("-", "--", "–", "—", "―") and one space after
// it; it returns p when there is none.
func crDash(s string, p, b int) int {
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
		r, _ := crRune(s, q)
		if crIsWordRune(r) && q-p == 1 && s[p] == '-' {
			return p // a hyphen: "(Reuters)-based"
		}
	}
	return q
}

// crCapAfter reports whether a space and a capital letter follow p.
func crCapAfter(s string, p, b int) bool {
	q := crSkipSpaces(s, p, b)
	if q == p || q >= b {
		return false
	}
	r, _ := crRune(s, q)
	return unicode.IsUpper(r)
}

// crDateline reports whether [a, q) is the place and date of a dateline:
// "LONDON", "Washington", "LONDON, Nov 6", "LINCOLN, Neb., March 30",
// "RIO DE JANEIRO", "Madrid, 6 nov", "KYIV/MOSCOW". It must hold a place
// (capitalised words, at most four in title case) and nothing else but
// months, days, years and commas. caps reports a place all in capitals,
// date a month, day or year.
func crDateline(s string, a, q int) (ok, caps, date bool) {
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
		case crMonth(w), crDay(w), crYear(w, 0, len(w)) == len(w) && len(w) == 4:
			date = true
		case crIn(crPlaceParticles, w) && !first:
		default:
			if !crPlaceWord(w) {
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

var crPlaceParticles = []string{"de", "da", "do", "dos", "del", "la", "el", "al", "of", "am", "upon", "on", "sur", "an", "der", "di", "les", "le"}

// crPlaceWord reports whether w is a capitalised word of letters, with
// inner dots, hyphens or apostrophes ("N.J.", "Al-Arish", "St").
func crPlaceWord(w string) bool {
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

// crDay reports whether w is a day of the month: "6", "06", "6th".
func crDay(w string) bool {
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

// crCapsBefore finds, just before q, a place in capitals (a word of at
// least three capital letters), optionally followed by a date: the start
// of a dateline in re-flowed text. It returns the word's start or -1.
func crCapsBefore(s string, lo, q int) int {
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
		for st > lo && crIsASCIIAlnum(s[st-1]) {
			st--
		}
		w := s[st:p]
		if crMonth(w) || crDay(w) || (len(w) == 4 && crYear(w, 0, 4) == 4) {
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
		r, n := crRuneBefore(s, st)
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
func (sc *creditScanner) slashDateline(p, n int) {
	s := sc.s
	ls := crLineStart(s, max(sc.lo, p-creditMaxName), p)
	if ls < 0 {
		return
	}
	a, z := crTrim(s, ls, p)
	if ok, _, _ := crDateline(s, a, z); a == z || !ok {
		return
	}
	end := p + n
	if end < sc.hi && s[end] == '.' {
		end++
	}
	sc.add(s[p+1:p+n-1], CreditDateline, a, end)
}

// photoSlash handles "AGENCY/Photographer" at p (n is the length of
// "AGENCY/").
func (sc *creditScanner) photoSlash(p, n int) {
	s := sc.s
	if p > 0 && crIsWordByte(s, p-1) {
		return
	}
	q := p + n
	r, _ := crRune(s, q)
	if !unicode.IsUpper(r) {
		return
	}
	e := q
	if ns, ne := crName(s, q, min(sc.hi, q+creditMaxName)); ns == q {
		e = ne
	}
	name := s[p : p+n-1]
	if strings.HasPrefix(name, "AP Photo") {
		name = "AP"
	}
	if strings.HasPrefix(name, "EPA-EFE") {
		name = "EPA-EFE"
	}
	sc.add(name, CreditPhoto, p, max(e, q))
}

// Verbs, subjects and fillers of first-published sentences.
var (
	crPubVerbs   = []string{"published", "republished", "reprinted", "reproduced", "appeared", "posted", "produced", "syndicated"}
	crPubStart   = []string{"Republished", "Reprinted", "Reproduced", "Syndicated", "Published"}
	crPubAdverbs = []string{"first", "originally", "previously", "also", "initially", "earlier"}
	crPubSubject = []string{"This", "The", "A", "An", "Parts", "Portions", "Part", "Portion", "Versions", "Excerpts"}
	crPubNouns   = []string{
		"article", "story", "piece", "report", "post", "content", "column", "interview", "essay", "op-ed", "commentary",
		"analysis", "feature", "investigation", "item", "blog", "newsletter", "text", "material", "translation", "version",
		"dispatch", "excerpt", "explainer", "editorial", "profile", "review", "articles", "stories", "pieces", "reports",
		"q&a", "oped", "podcast", "transcript", "series",
	}
	crPubFillers = []string{
		"is", "was", "has", "had", "have", "been", "were", "be", "being", "an", "a", "of", "this", "the", "that", "which",
		"edited", "abridged", "shortened", "translated", "updated", "adapted", "earlier", "original", "longer", "shorter",
		"english", "english-language", "news", "opinion", "full", "first", "originally", "previously", "also", "initially",
		"expanded", "condensed", "different", "slightly", "modified", "revised", "its", "in", "here",
	}
	crPubPreps = []string{"by", "in", "on", "at", "from", "of"}
)

// firstPublished handles a trigger inside a publishing verb at p.
func (sc *creditScanner) firstPublished(p int) {
	s := sc.s
	ws, we := crWordAround(s, p, sc.lo, sc.hi)
	if we-ws > 12 || we-ws < 5 {
		return
	}
	verb := s[ws:we]
	var lower [16]byte
	lv := crLower(lower[:0], verb)
	if !crInBytes(crPubVerbs, lv) {
		return
	}
	if string(lv) == "appeared" && crHasWordPrefix(s[crSkipSpaces(s, we, sc.hi):sc.hi], "first") {
		if sc.thePost(ws, we) {
			return
		}
	}
	cs := crClauseStart(s, sc.lo, ws)
	if cs < 0 {
		return
	}
	st := crSkipOpeners(s, cs, ws)
	// The words before the verb.
	var words [12][2]int
	n := 0
	for q := st; q < ws; {
		q = crSkipSpaces(s, q, ws)
		if q == ws {
			break
		}
		e := crWordEnd(s, q, ws)
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
		if !crIn(crPubStart, verb) {
			return
		}
		if verb == "Published" {
			q := crSkipSpaces(s, we, sc.hi)
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
			if !crInBytes(crPubAdverbs, crLower(lb[:0], s[w[0]:w[1]])) {
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
		if !crIn(crPubSubject, w0) {
			return
		}
		// The subject is the text itself: "This article", "A version of
		// this story", not "The article" (which may be another one).
		noun, this := w0 == "This", false
		for _, w := range words[1:n] {
			lw := crLower(lb[:0], s[w[0]:w[1]])
			switch {
			case crInBytes(crPubNouns, lw):
				noun = true
			case string(lw) == "this":
				this = true
			case crInBytes(crPubFillers, lw):
			default:
				return
			}
		}
		if !noun || !(w0 == "This" || this) {
			return
		}
	}
	// After the verb: a preposition and a name before the sentence ends.
	lim := min(sc.hi, we+creditMaxLine)
	q := we
	for i := 0; i < 16 && q < lim; i++ {
		q = crSkipSpaces(s, q, lim)
		if q >= lim {
			return
		}
		e := crWordEnd(s, q, lim)
		if e == q {
			return // punctuation: the sentence or clause ends
		}
		w := s[q:e]
		next := crSkipSpaces(s, e, lim)
		switch {
		case w == "with" && strings.HasPrefix(s[next:lim], "permission"):
			q = next + len("permission")
			continue
		case w == "courtesy" && crHasWordPrefix(s[next:lim], "of"):
			q = next + 2
			continue
		case crIn(crPubPreps, w):
			x := next
			if crHasWordPrefix(s[x:lim], "the") {
				x = crSkipSpaces(s, x+3, lim)
			}
			if ns, ne, end := crNameOrLink(s, x, lim); ns >= 0 {
				if !tight || crSentenceRest(s, end, lim) {
					sc.add(s[ns:ne], CreditFirstPublished, st, ne)
				}
				return
			}
		default:
			r, _ := utf8.DecodeRuneInString(w)
			if unicode.IsUpper(r) && !crMonth(w) && !crIn(crLanguages, w) {
				return // a name not introduced by a preposition
			}
		}
		q = e
	}
}

// crSentenceRest reports whether the sentence ends soon after e (within
// 60 bytes, before lim) without a clause of its own: no ", " followed by
// a letter ("..., the book was ...").
func crSentenceRest(s string, e, lim int) bool {
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
			q := crSkipSpaces(s, p+1, lim)
			if q < lim && crIsASCIILetter(s[q]) {
				return false
			}
		}
	}
	return lim == len(s) || lim < e+60
}

// thePost handles WordPress's "The post <title> appeared first on
// <site>." with the verb at [ws, we).
func (sc *creditScanner) thePost(ws, we int) bool {
	s := sc.s
	ls := crLineStart(s, max(sc.lo, ws-2*creditBack), ws)
	if ls < 0 {
		return false
	}
	i := strings.LastIndex(s[ls:ws], "The post ")
	if i < 0 {
		return false
	}
	st := ls + i
	if !crLeads(s, ls, st) {
		return false
	}
	q := crSkipSpaces(s, we, sc.hi)
	q += len("first")
	q = crSkipSpaces(s, q, sc.hi)
	if !crHasWordPrefix(s[q:sc.hi], "on") {
		return false
	}
	x := crSkipSpaces(s, q+2, sc.hi)
	lim := min(sc.hi, x+creditMaxName)
	if ns, ne, _ := crNameOrLink(s, x, lim); ns == x {
		sc.add(s[ns:ne], CreditFirstPublished, st, ne)
		return true
	}
	return false
}

// contributed handles "<agencies> contributed to this report" with
// "ontributed" at p.
func (sc *creditScanner) contributed(p int) {
	s := sc.s
	if p == 0 || s[p-1] != 'c' {
		return
	}
	ws := p - 1
	we := p + len("ontributed")
	if we < sc.hi && crIsWordByte(s, we) {
		return
	}
	q := crSkipSpaces(s, we, sc.hi)
	rest := s[q:min(sc.hi, q+40)]
	if !crHasWordPrefix(rest, "to") && !crHasWordPrefix(rest, "reporting") && !crHasWordPrefix(rest, "additional") {
		return
	}
	cs := crClauseStart(s, sc.lo, ws)
	if cs < 0 {
		return
	}
	st := crSkipOpeners(s, cs, ws)
	// The clause before the verb must be a list of agencies.
	var found [6][2]int
	n := 0
	x := st
	for n < len(found) {
		if crHasWordPrefix(s[x:ws], "the") {
			x = crSkipSpaces(s, x+3, ws)
		}
		e, ok := crAgencyAt(s, x, ws)
		if !ok {
			return
		}
		found[n] = [2]int{x, e}
		n++
		x = crListSep(s, e, ws)
		if x < 0 {
			return
		}
		if x == ws {
			break
		}
	}
	end := crLineEnd(s, q, min(sc.hi, q+40))
	if i := strings.IndexAny(s[q:end], ".;)"); i >= 0 {
		end = q + i
	}
	for _, f := range found[:n] {
		sc.add(s[f[0]:f[1]], CreditContributor, st, end)
	}
}

// crListSep skips a list separator (",", " and ", ", and ", " & ") after e
// and returns where the next item starts, b when the rest up to b is
// white space, or -1.
func crListSep(s string, e, b int) int {
	p := crSkipSpaces(s, e, b)
	if p == b {
		return b
	}
	switch {
	case s[p] == ',' || s[p] == ';' || s[p] == '&' || s[p] == '/':
		p = crSkipSpaces(s, p+1, b)
		if crHasWordPrefix(s[p:b], "and") {
			p = crSkipSpaces(s, p+3, b)
		}
		return p
	case crHasWordPrefix(s[p:b], "and"):
		return crSkipSpaces(s, p+3, b)
	}
	return -1
}

// reportingBy handles "(Additional) reporting by <agencies>" with
// "eporting by" at p.
func (sc *creditScanner) reportingBy(p int) {
	s := sc.s
	if p == 0 || (s[p-1] != 'r' && s[p-1] != 'R') {
		return
	}
	ws := p - 1
	cs := crClauseStart(s, sc.lo, ws)
	if cs < 0 {
		return
	}
	st := crSkipOpeners(s, cs, ws)
	// Only "Additional", "With", "with additional" before it.
	for q := st; q < ws; {
		q = crSkipSpaces(s, q, ws)
		if q == ws {
			break
		}
		e := crWordEnd(s, q, ws)
		if e == q {
			return
		}
		var lb [16]byte
		w := crLower(lb[:0], s[q:e])
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
func (sc *creditScanner) agencyClause(p int, lead, lower string) {
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
	cs := crClauseStart(s, sc.lo, st)
	if cs < 0 || crSkipOpeners(s, cs, st) != st {
		return
	}
	sc.agencyList(st, p+len(tail))
}

// agencyList adds the agencies listed from x on as contributors, the
// claim starting at st.
func (sc *creditScanner) agencyList(st, x int) {
	s := sc.s
	lim := min(sc.hi, x+creditMaxLine)
	var found [6][2]int
	n := 0
	x = crSkipSpaces(s, x, lim)
	for n < len(found) {
		if crHasWordPrefix(s[x:lim], "the") {
			x = crSkipSpaces(s, x+3, lim)
		}
		e, ok := crAgencyAt(s, x, lim)
		if !ok {
			break
		}
		found[n] = [2]int{x, e}
		n++
		y := crListSep(s, e, lim)
		if y < 0 || y == lim {
			break
		}
		x = y
	}
	if n == 0 {
		return
	}
	for _, f := range found[:n] {
		sc.add(s[f[0]:f[1]], CreditContributor, st, found[n-1][1])
	}
}

// signOffEnd handles an agency at the very end of the last line.
func (sc *creditScanner) signOffEnd() {
	s := sc.s
	a, b := crBare(s, sc.lastA, sc.lastB)
	if a < 0 {
		return
	}
	paren := false
	if s[b-1] == ')' {
		paren = true
		b--
	}
	x, ok := crAgencyEndingAt(s, a, b)
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
		if r, _ := crRuneBefore(s, q); q == a || r == '.' || r == '!' || r == '?' || r == '"' || r == '”' {
			sc.add(s[x:b], CreditSignOff, p-1, b+1)
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
	r, n := crRuneBefore(s, p)
	switch {
	case r >= '0' && r <= '9' && strings.IndexFunc(s[x:b], unicode.IsLower) < 0:
		ok = true // a table's last figure: "SANTA FE ... 17 REUTER"
	}
	switch r {
	case '.', '!', '?', '"', '”', ')', '-', '–', '—', '|', '*':
		ok = true
		if r == '.' && p-n-1 >= a && crIsUpperByte(s[p-n-1]) && (p-n-2 < a || !crIsWordByte(s, p-n-2)) {
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
		sc.add(s[x:b], CreditSignOff, start, b)
	}
}

// Known agencies.

// crAgencyName is one way of writing a known agency.
type crAgencyName struct {
	s     string
	key   string
	exact bool // case-sensitive
}

// crAgencyList lists the known agencies: canonical key, names matched in
// any case, names matched as written, and site labels (aliases only).
var crAgencyList = []struct {
	key          string
	fold, exact  []string
	sites, alias []string
}{
	{key: "reuters", fold: []string{"Reuters", "Reuter", "Thomson Reuters", "Reuters News", "Reuters News Agency"}},
	{key: "associated press", fold: []string{"Associated Press", "The Associated Press"}, exact: []string{"AP", "A.P.", "AP News"}, sites: []string{"apnews", "ap"}},
	{key: "agence france presse", fold: []string{"Agence France-Presse", "Agence France Presse", "France-Presse", "Agence France-Press"}, exact: []string{"AFP", "A.F.P."}, alias: []string{"afp", "france presse"}},
	{key: "bloomberg", fold: []string{"Bloomberg", "Bloomberg News", "Bloomberg L.P.", "Bloomberg LP"}},
	{key: "dpa", fold: []string{"Deutsche Presse-Agentur", "Deutsche Presse Agentur"}, exact: []string{"dpa", "DPA"}},
	{key: "efe", fold: []string{"Agencia EFE"}, exact: []string{"EFE", "Efe"}},
	{key: "ansa", fold: []string{"Agenzia ANSA"}, exact: []string{"ANSA", "Ansa"}},
	{key: "kyodo", fold: []string{"Kyodo", "Kyodo News"}, sites: []string{"kyodonews"}},
	{key: "jiji press", fold: []string{"Jiji Press", "Jiji"}, sites: []string{"jiji"}},
	{key: "xinhua", fold: []string{"Xinhua", "Xinhua News Agency", "Xinhuanet"}, sites: []string{"news.cn"}},
	{key: "tass", exact: []string{"TASS", "Tass", "ITAR-TASS", "Itar-Tass"}, alias: []string{"tass news agency"}},
	{key: "ria novosti", fold: []string{"RIA Novosti"}, sites: []string{"ria"}},
	{key: "interfax", fold: []string{"Interfax"}},
	{key: "interfax ukraine", fold: []string{"Interfax-Ukraine"}},
	{key: "sputnik", fold: []string{"Sputnik"}, sites: []string{"sputniknews"}},
	{key: "pa media", fold: []string{"PA Media", "Press Association", "The Press Association"}, exact: []string{"PA"}, sites: []string{"pamediagroup"}},
	{key: "upi", fold: []string{"United Press International"}, exact: []string{"UPI"}},
	{key: "yonhap", fold: []string{"Yonhap", "Yonhap News Agency", "Yonhap News"}, sites: []string{"yna"}},
	{key: "press trust of india", fold: []string{"Press Trust of India"}, exact: []string{"PTI"}, sites: []string{"ptinews"}},
	{key: "asian news international", fold: []string{"Asian News International"}, exact: []string{"ANI"}, sites: []string{"aninews"}},
	{key: "ians", exact: []string{"IANS"}, sites: []string{"ians", "ianslive"}},
	{key: "anadolu", fold: []string{"Anadolu Agency", "Anadolu"}, sites: []string{"aa.com.tr"}},
	{key: "australian associated press", fold: []string{"Australian Associated Press"}, exact: []string{"AAP"}},
	{key: "canadian press", fold: []string{"The Canadian Press", "Canadian Press"}, sites: []string{"thecanadianpress"}},
	{key: "europa press", fold: []string{"Europa Press"}},
	{key: "ukrinform", fold: []string{"Ukrinform"}},
	{key: "unian", exact: []string{"UNIAN"}},
	{key: "irna", exact: []string{"IRNA"}},
	{key: "bernama", fold: []string{"Bernama"}},
	{key: "antara", exact: []string{"Antara", "ANTARA"}, sites: []string{"antaranews"}},
}

var (
	// crAgencyIndex holds the agency names by lower-cased first byte,
	// longest first.
	crAgencyIndex [256][]crAgencyName
	// crAgencyAll holds every agency name, longest first.
	crAgencyAll []crAgencyName
	// crAliases maps name keys and site labels to canonical keys.
	crAliases = map[string]string{}
)

func init() {
	for _, a := range crAgencyList {
		add := func(s string, exact bool) {
			n := crAgencyName{s: s, key: a.key, exact: exact}
			crAgencyAll = append(crAgencyAll, n)
			c := crLowerByte(s[0])
			crAgencyIndex[c] = append(crAgencyIndex[c], n)
			crAliases[crNameKey(s)] = a.key
		}
		for _, s := range a.fold {
			add(s, false)
		}
		for _, s := range a.exact {
			add(s, true)
		}
		for _, s := range a.sites {
			crAliases[s] = a.key
		}
		for _, s := range a.alias {
			crAliases[s] = a.key
		}
		crAliases[a.key] = a.key
	}
	longest := func(x, y crAgencyName) int { return cmp.Compare(len(y.s), len(x.s)) }
	slices.SortStableFunc(crAgencyAll, longest)
	for i := range crAgencyIndex {
		slices.SortStableFunc(crAgencyIndex[i], longest)
	}
}

// crAgencyAt reports whether a known agency's name starts at i, as a
// whole word ending no later than lim, and where it ends.
func crAgencyAt(s string, i, lim int) (int, bool) {
	if i < 0 || i >= lim || lim > len(s) {
		return -1, false
	}
	if i > 0 {
		r, _ := crRuneBefore(s, i)
		if crIsWordRune(r) {
			return -1, false
		}
	}
	for _, n := range crAgencyIndex[crLowerByte(s[i])] {
		e := i + len(n.s)
		if e > lim {
			continue
		}
		if n.exact {
			if s[i:e] != n.s {
				continue
			}
		} else if !crEqualFoldASCII(s[i:e], n.s) {
			continue
		}
		if e < len(s) {
			r, _ := crRune(s, e)
			if crIsWordRune(r) {
				continue
			}
			// "Reuters.com" is a link, "Interfax-Ukraine" another agency.
			if (s[e] == '.' || s[e] == '-') && e+1 < len(s) {
				r, _ := crRune(s, e+1)
				if crIsWordRune(r) {
					continue
				}
			}
		}
		return e, true
	}
	return -1, false
}

// crAgencyEndingAt reports whether a known agency's name ends at b, as a
// whole word starting no earlier than a, and where it starts.
func crAgencyEndingAt(s string, a, b int) (int, bool) {
	for _, n := range crAgencyAll {
		x := b - len(n.s)
		if x < a {
			continue
		}
		if e, ok := crAgencyAt(s, x, b); ok && e == b {
			return x, true
		}
	}
	return -1, false
}

// crIsAgency reports whether [a, b) is exactly a known agency's name.
func crIsAgency(s string, a, b int) bool {
	e, ok := crAgencyAt(s, a, b)
	return ok && e == b
}

// Names.

// Words that never start a name, and words that end one.
var (
	crNameStops = []string{
		"This", "That", "These", "Those", "It", "Its", "He", "She", "We", "They", "I", "You", "Our", "Your", "His", "Her",
		"Their", "My", "A", "An", "The", "Here", "There", "Print", "Page", "Pages", "Issue", "Edition", "Volume", "Vol",
		"Part", "Section", "Today", "Yesterday", "Tomorrow", "Full", "Read", "More", "Click", "Subscribe", "Follow", "Share",
		"Sign", "All", "Copyright", "Photo", "Published", "Updated", "Reporting", "Editing", "Writing", "Additional", "And",
		"Or", "But", "If", "When", "As", "In", "On", "At", "By", "For", "From", "With", "To", "Of", "Is", "Was", "Are",
	}
	crLanguages = []string{
		"English", "Russian", "Ukrainian", "French", "German", "Spanish", "Italian", "Portuguese", "Chinese", "Mandarin",
		"Japanese", "Korean", "Arabic", "Hebrew", "Turkish", "Polish", "Persian", "Farsi", "Hindi", "Urdu", "Dutch", "Swedish",
		"Belarusian", "Georgian", "Kazakh", "Romanian", "Greek", "Czech", "Hungarian", "Serbian", "Croatian", "Bulgarian",
		"Vietnamese", "Thai", "Indonesian", "Malay", "Bengali", "Tamil", "Armenian", "Azerbaijani", "Latvian", "Lithuanian",
		"Estonian", "Finnish", "Norwegian", "Danish",
	}
	crConnectors = []string{
		"of", "de", "del", "della", "di", "da", "do", "dos", "das", "du", "des", "la", "le", "les", "el", "al", "der", "die",
		"den", "für", "van", "von", "y", "e", "i", "for", "the", "am", "and", "&",
	}
)

// crName parses a name starting at i (after opening quotes), ending no
// later than lim, and returns its bounds, or -1, -1.
func crName(s string, i, lim int) (int, int) { return crNameList(s, i, lim, false) }

// crNameList is crName; in a list, "and" separates names instead of
// joining the words of one ("Izvestia and TASS", "The Bull and Bear").
func crNameList(s string, i, lim int, list bool) (int, int) {
	lim = min(lim, len(s), i+creditMaxName+8)
	// Opening quotes and emphasis.
	for i < lim {
		r, n := crRune(s, i)
		if r == '"' || r == '\'' || r == '“' || r == '‘' || r == '«' || r == '*' || r == '_' {
			i += n
			continue
		}
		break
	}
	start := i
	end := -1
	tokens := 0
	pending := false // a connector was read and needs a name word after it
	for p := i; p < lim && tokens < 8; {
		// A known agency counts as one word, whatever its case.
		if e, ok := crAgencyAt(s, p, lim); ok {
			tokens++
			end = e
			pending = false
			p = e
			if p < lim && s[p] == '.' && !strings.HasSuffix(s[start:p], ".") {
				break
			}
		} else {
			te, raw := crToken(s, p, lim)
			if te == p {
				break
			}
			w := s[p:te]
			cls := crTokenClass(w)
			if tokens == 0 {
				if cls != crCap && cls != crDomain {
					return -1, -1
				}
				if crIn(crNameStops, w) && !(w == "The" || w == "A") {
					return -1, -1
				}
				if crMonth(w) || crWeekday(w) || crIn(crLanguages, w) {
					return -1, -1
				}
			} else if cls == crCap && (crIn(crNameStops, w) && w != "The") {
				break
			}
			switch cls {
			case crCap, crDomain:
				tokens++
				end = te
				pending = false
			case crConnector:
				if pending || tokens == 0 || list && w == "and" {
					goto out
				}
				pending = true
			default:
				// A number closing the name at the end of its line or
				// sentence: "Channel 4.", "Policy Wonk 205".
				if tokens > 0 && !pending && len(w) <= 3 && crAllDigits(w) && (te == len(s) || strings.IndexByte("\n\r.,;)", s[te]) >= 0) {
					end = te
				}
				goto out
			}
			p = te
			if raw > te {
				break // punctuation after the word ends the name
			}
		}
		// One space (or no-break space) between words.
		if p < lim && s[p] == ' ' {
			p++
		} else if strings.HasPrefix(s[p:lim], "\u00a0") {
			p += 2
		} else {
			break
		}
	}
out:
	if end < 0 {
		return -1, -1
	}
	// A possessive ends the name: "Meduza's website".
	if strings.HasSuffix(s[start:end], "'s") || strings.HasSuffix(s[start:end], "’s") {
		if q := crSkipSpaces(s, end, lim); q < lim && s[q] >= 'a' && s[q] <= 'z' {
			if strings.HasSuffix(s[start:end], "'s") {
				end -= 2
			} else {
				end -= len("’s")
			}
		}
	}
	name := s[start:end]
	if name == "The" || name == "A" || name == "An" || strings.HasSuffix(name, " The") {
		return -1, -1
	}
	return start, end
}

// Token classes.
const (
	crOther = iota
	crCap
	crDomain
	crConnector
)

// crToken reads the word at p: letters, digits and marks with inner
// ".", "'", "’", "-", "&", "/", "+", "!". It returns the end of the word
// (without trailing punctuation, but keeping an abbreviation's dots) and
// the end of the raw run.
func crToken(s string, p, lim int) (end, raw int) {
	q := p
	for q < lim {
		r, n := crRune(s, q)
		if crIsWordRune(r) || r == '.' || r == '\'' || r == '’' || r == '-' || r == '&' || r == '/' || r == '+' || r == '!' {
			q += n
			continue
		}
		break
	}
	raw = q
	end = q
	for end > p {
		r, n := crRuneBefore(s, end)
		if crIsWordRune(r) {
			break
		}
		if r == '.' && crAbbrev(s[p:end]) {
			break
		}
		end -= n
	}
	if end == p && raw == p+1 && s[p] == '&' {
		end = raw // "&" between words: "Simon & Schuster"
	}
	return end, raw
}

// crAbbrev reports whether w is an abbreviation written with dots:
// "U.S.", "L.P.", "D.C.".
func crAbbrev(w string) bool {
	if len(w) < 3 || w[len(w)-1] != '.' || strings.Count(w, ".") < 2 {
		return false
	}
	n := 0 // letters since the last dot
	for i := 0; i < len(w); i++ {
		if w[i] != '.' {
			n++
			continue
		}
		if n == 0 || n > 2 {
			return false
		}
		n = 0
	}
	return true
}

// crTokenClass classifies a word of a name.
func crTokenClass(w string) int {
	if w == "" {
		return crOther
	}
	if crIn(crConnectors, w) {
		return crConnector
	}
	r, _ := utf8.DecodeRuneInString(w)
	letter, upper := false, false
	for _, r := range w {
		if unicode.IsLetter(r) {
			letter = true
		}
		if unicode.IsUpper(r) {
			upper = true
		}
	}
	if !letter {
		return crOther
	}
	if unicode.IsUpper(r) || (unicode.IsDigit(r) && upper) {
		return crCap
	}
	if unicode.IsDigit(r) {
		return crOther
	}
	if i := strings.LastIndexByte(w, '.'); i > 0 && len(w)-i-1 >= 2 && len(w)-i-1 <= 12 && crAllASCIILetters(w[i+1:]) && !strings.Contains(w, "/") {
		return crDomain
	}
	if upper { // "iNews", "eKathimerini"
		return crCap
	}
	return crOther
}

// Words and months.

var (
	crMonths = []string{
		"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
		"december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
	}
	crWeekdays = []string{
		"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon", "tue", "tues", "wed", "thu",
		"thur", "thurs", "fri", "sat",
	}
)

// crMonth reports whether w is a month's name or abbreviation, in any
// case, with an optional final dot.
func crMonth(w string) bool {
	var b [16]byte
	return crInBytes(crMonths, crLower(b[:0], strings.TrimSuffix(w, ".")))
}

// crWeekday reports whether w is a weekday's name or abbreviation.
func crWeekday(w string) bool {
	var b [16]byte
	return crInBytes(crWeekdays, crLower(b[:0], strings.TrimSuffix(w, ".")))
}

// crWordAround returns the word (letters only) around p.
func crWordAround(s string, p, lo, hi int) (int, int) {
	a := p
	for a > lo && crIsASCIILetter(s[a-1]) {
		a--
	}
	b := p
	for b < hi && crIsASCIILetter(s[b]) {
		b++
	}
	if a > lo {
		r, _ := crRuneBefore(s, a)
		if crIsWordRune(r) {
			return a, a
		}
	}
	if b < hi {
		r, _ := crRune(s, b)
		if crIsWordRune(r) {
			return a, a
		}
	}
	return a, b
}

// crWordEnd returns the end of the word at p: letters, digits, marks and
// inner "-", "'", "’", "&"; p if there is none.
func crWordEnd(s string, p, b int) int {
	q := p
	for q < b {
		r, n := crRune(s, q)
		if crIsWordRune(r) {
			q += n
			continue
		}
		if (r == '-' || r == '\'' || r == '’' || r == '&') && q > p && q+n < b {
			r2, _ := crRune(s, q+n)
			if crIsWordRune(r2) {
				q += n
				continue
			}
		}
		break
	}
	return q
}

// crClauseStart returns where the sentence or clause holding position p
// starts: after a line break, a sentence end, a colon, a semicolon or an
// opening bracket, at most creditBack bytes before p (or at lo when lo is
// the start of the text); -1 if there is none that close.
func crClauseStart(s string, lo, p int) int {
	floor := max(lo, p-creditBack)
	for j := p - 1; j >= floor; j-- {
		switch c := s[j]; c {
		case '\n', '(', '[', ':', ';':
			return j + 1
		case '.', '!', '?':
			if j+1 < len(s) && (s[j+1] == ' ' || s[j+1] == '\t' || s[j+1] == '"' || s[j+1] == '\'' || s[j+1] == '*' || strings.HasPrefix(s[j+1:], "”")) {
				if c == '.' && j >= 1 && crIsUpperByte(s[j-1]) && (j < 2 || !crIsWordByte(s, j-2)) {
					continue // an initial: "U.S. ", "J. "
				}
				return j + 1
			}
		}
	}
	if floor == 0 {
		return 0
	}
	return -1
}

// crSkipOpeners skips white space, quotes, brackets, dashes and emphasis
// from p (up to b).
func crSkipOpeners(s string, p, b int) int {
	for p < b {
		r, n := crRune(s, p)
		if crIsSpace(r) || r == '"' || r == '\'' || r == '“' || r == '‘' || r == '(' || r == '[' || r == '*' || r == '_' ||
			r == '—' || r == '–' || r == '-' || r == '”' || r == '’' {
			p += n
			continue
		}
		break
	}
	return p
}

// crLineStart returns the start of the line holding p, looking back no
// further than floor; -1 if the line starts before floor (unless floor is
// the start of the text).
func crLineStart(s string, floor, p int) int {
	i := strings.LastIndexByte(s[floor:p], '\n')
	if i >= 0 {
		return floor + i + 1
	}
	if floor == 0 {
		return 0
	}
	return -1
}

// crLineEnd returns the end of the line holding p, looking no further
// than lim.
func crLineEnd(s string, p, lim int) int {
	if p >= lim {
		return lim
	}
	if i := strings.IndexByte(s[p:lim], '\n'); i >= 0 {
		return p + i
	}
	return lim
}

// Characters.

func crRune(s string, i int) (rune, int) {
	if i < 0 || i >= len(s) {
		return -1, 0
	}
	if s[i] < utf8.RuneSelf {
		return rune(s[i]), 1
	}
	return utf8.DecodeRuneInString(s[i:])
}

func crRuneBefore(s string, i int) (rune, int) {
	if i <= 0 || i > len(s) {
		return -1, 0
	}
	if s[i-1] < utf8.RuneSelf {
		return rune(s[i-1]), 1
	}
	return utf8.DecodeLastRuneInString(s[:i])
}

func crIsWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return r >= 0 && crIsASCIIAlnum(byte(r))
	}
	return r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r))
}

// crIsWordByte reports whether the rune that s[i] belongs to is a word
// rune.
func crIsWordByte(s string, i int) bool {
	if i < 0 || i >= len(s) {
		return false
	}
	if s[i] < utf8.RuneSelf {
		return crIsASCIIAlnum(s[i])
	}
	// Find the rune's start.
	st := i
	for st > 0 && st > i-3 && !utf8.RuneStart(s[st]) {
		st--
	}
	r, _ := utf8.DecodeRuneInString(s[st:])
	return crIsWordRune(r)
}

func crIsSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\r', '\v', '\f', 0xa0, 0x1680, 0x202f, 0x205f, 0x3000, 0xfeff, 0x200b:
		return true
	}
	return r >= 0x2000 && r <= 0x200a
}

// crIsBullet reports whether r may lead a line without being part of it.
func crIsBullet(r rune) bool {
	switch r {
	case '•', '·', '*', '_', '>', '|', '#', '-', '–', '—', '―', '‒', '−', '▪', '■', '►', '‣', '◦':
		return true
	}
	return false
}

// crTrim trims white space, bullets and dashes from the start of [a, b)
// and white space and emphasis from its end.
func crTrim(s string, a, b int) (int, int) {
	for a < b {
		r, n := crRune(s, a)
		if crIsSpace(r) || crIsBullet(r) {
			a += n
			continue
		}
		break
	}
	for b > a {
		r, n := crRuneBefore(s, b)
		if crIsSpace(r) || r == '*' || r == '_' {
			b -= n
			continue
		}
		break
	}
	return a, b
}

func crSkipSpaces(s string, p, b int) int {
	for p < b {
		r, n := crRune(s, p)
		if !crIsSpace(r) {
			break
		}
		p += n
	}
	return p
}

func crIsASCIIAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func crIsASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func crIsUpperByte(c byte) bool { return c >= 'A' && c <= 'Z' }

func crAllDigits(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] < '0' || w[i] > '9' {
			return false
		}
	}
	return w != ""
}

func crAllASCIILetters(w string) bool {
	for i := 0; i < len(w); i++ {
		if !crIsASCIILetter(w[i]) {
			return false
		}
	}
	return w != ""
}

func crLowerByte(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// crLower appends w lower-cased (ASCII) to dst; w longer than dst's
// capacity gives a result that matches nothing short.
func crLower(dst []byte, w string) []byte {
	if len(w) > cap(dst) {
		return append(dst[:0], '\x00')
	}
	for i := 0; i < len(w); i++ {
		dst = append(dst, crLowerByte(w[i]))
	}
	return dst
}

func crEqualFoldASCII(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		if crLowerByte(a[i]) != crLowerByte(b[i]) {
			return false
		}
	}
	return true
}

// crHasWordPrefix reports whether l starts with the word w followed by a
// non-word character or its end.
func crHasWordPrefix(l, w string) bool {
	if !strings.HasPrefix(l, w) {
		return false
	}
	if len(l) == len(w) {
		return true
	}
	r, _ := crRune(l, len(w))
	return !crIsWordRune(r)
}

func crHasPrefixFold(l, p string) bool {
	return len(l) >= len(p) && crEqualFoldASCII(l[:len(p)], p)
}

func crIn(list []string, w string) bool {
	return slices.Contains(list, w)
}

func crInBytes(list []string, w []byte) bool {
	for _, x := range list {
		if x == string(w) {
			return true
		}
	}
	return false
}

// Outlet names.

// NormalizeOutlet returns a key for comparing outlet names: two names
// with the same key name the same outlet. It is a pure function, safe for
// concurrent use, and accepts any string.
//
//   - A source tag's lower-case prefix is dropped: "wire:reuters" is
//     "reuters", "site:valley-post" is "valley post".
//   - A link or host name gives its site's label: the label left of the
//     public suffix ("com", "co.uk", "com.au", ...), so
//     "https://www.themoscowtimes.com/2024/11/06/x" and
//     "themoscowtimes.com" give "themoscowtimes". This is not the key of
//     the name "The Moscow Times" ("moscow times"); use [SameOutlet],
//     which also compares names with site labels.
//   - A name is compatibility-decomposed and lower-cased; accents are
//     dropped ("Agência" is "agencia"); "&" becomes "and"; dots and
//     apostrophes are deleted ("A.P." is "ap", "Reuters'" is "reuters");
//     other punctuation and white space become single spaces; a leading
//     "the" is dropped ("The Guardian" is "guardian"). Other articles ("Le
//     Monde") and generic words ("news", "agency") are kept: "Fox" and
//     "Fox News", "Daily" and "Daily News" stay apart.
//   - The known agencies (see [AppendCredits]) map to one key whatever
//     the variant: "The Associated Press", "Associated Press", "AP",
//     "apnews.com" give "associated press"; "Reuters", "REUTER", "Thomson
//     Reuters", "Reuters News" and "reuters.com" give "reuters"; "AFP",
//     "Agence France-Presse" give "agence france presse"; "ITAR-TASS"
//     gives "tass".
//
// The empty string, or one with no letters or digits, gives "".
func NormalizeOutlet(name string) string {
	s := strings.TrimSpace(name)
	s = crStripTag(s)
	if host, ok := crHost(s); ok {
		dom, label := crSite(host)
		if k, ok := crAliases[dom]; ok {
			return k
		}
		if k, ok := crAliases[label]; ok {
			return k
		}
		return label
	}
	k := crNameKey(s)
	if a, ok := crAliases[k]; ok {
		return a
	}
	return k
}

// crStripTag drops a source tag's prefix: "wire:" in "wire:reuters".
func crStripTag(s string) string {
	i := strings.IndexByte(s, ':')
	if i <= 0 || i > 12 || strings.HasPrefix(s[i:], "://") {
		return s
	}
	for j := 0; j < i; j++ {
		c := s[j]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return s
		}
	}
	return strings.TrimSpace(s[i+1:])
}

// crHost returns the host of a link ("https://www.x.com/a") or host name
// ("www.x.com", "x.com/a"), lower-cased.
func crHost(s string) (string, bool) {
	if i := strings.Index(s, "://"); i >= 0 {
		s = s[i+3:]
	} else if strings.ContainsAny(s, " \t\n") {
		return "", false
	}
	if i := strings.IndexAny(s, "/?#"); i >= 0 {
		s = s[:i]
	}
	if i := strings.LastIndexByte(s, '@'); i >= 0 {
		s = s[i+1:]
	}
	if i := strings.IndexByte(s, ':'); i >= 0 {
		s = s[:i]
	}
	s = strings.TrimSuffix(s, ".")
	if s == "" || strings.IndexByte(s, '.') <= 0 {
		return "", false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !crIsASCIIAlnum(c) && c != '.' && c != '-' {
			return "", false
		}
	}
	tld := s[strings.LastIndexByte(s, '.')+1:]
	if len(tld) < 2 || !crAllASCIILetters(tld) {
		return "", false
	}
	return strings.ToLower(s), true
}

// crSecondLevel are labels that, before a two-letter country code, are
// part of the public suffix: "co.uk", "com.au".
var crSecondLevel = []string{"co", "com", "org", "net", "gov", "ac", "edu", "or", "ne", "go", "gv", "info", "nic", "gob", "gouv"}

// crSite returns a host's registrable domain ("themoscowtimes.com",
// "bbc.co.uk") and its label ("themoscowtimes", "bbc").
func crSite(host string) (dom, label string) {
	labels := strings.Split(host, ".")
	n := len(labels)
	suffix := 1
	if n >= 3 && len(labels[n-1]) == 2 && crIn(crSecondLevel, labels[n-2]) {
		suffix = 2
	}
	if n <= suffix {
		return host, labels[0]
	}
	i := n - 1 - suffix
	return strings.Join(labels[i:], "."), labels[i]
}

// crNameKey is a name's key before aliases: see NormalizeOutlet.
func crNameKey(s string) string {
	var b strings.Builder
	space := false
	for _, r := range norm.NFKD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == '.' || r == '\'' || r == '’' || r == 'ʼ':
			continue
		case r == '&':
			if b.Len() > 0 {
				space = true
			}
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString("and")
			space = true
			continue
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(unicode.ToLower(r))
		default:
			space = true
		}
	}
	k := b.String()
	if rest, ok := strings.CutPrefix(k, "the "); ok {
		k = rest
	}
	return k
}

// crOutletForms are the forms of one outlet compared by SameOutlet.
type crOutletForms struct {
	key, flat string
	// short is flat without a trailing generic word ("news"), or "".
	short string
	// abbrs are a multi-word name's initials ("nyt") and initials with
	// the last word ("nytimes"), at least three letters long.
	abbrs [2]string
	one   bool // key is one word
}

func crForms(name string) crOutletForms {
	var f crOutletForms
	f.key = NormalizeOutlet(name)
	if f.key == "" {
		return f
	}
	words := strings.Fields(f.key)
	f.flat = strings.Join(words, "")
	f.one = len(words) == 1
	for _, g := range []string{"news agency", "news", "agency", "media", "online", "newspaper"} {
		if rest, ok := strings.CutSuffix(f.key, " "+g); ok && len(rest) >= 3 {
			f.short = strings.ReplaceAll(rest, " ", "")
			break
		}
		if rest, ok := strings.CutSuffix(f.flat, strings.ReplaceAll(g, " ", "")); ok && f.one && len(rest) >= 3 {
			f.short = rest
			break
		}
	}
	if len(words) >= 2 {
		var ini, ptail strings.Builder
		for i, w := range words {
			if w == "of" || w == "and" || w == "the" {
				continue
			}
			r, _ := utf8.DecodeRuneInString(w)
			ini.WriteRune(r)
			if i < len(words)-1 {
				ptail.WriteRune(r)
			} else {
				ptail.WriteString(w)
			}
		}
		if ini.Len() >= 3 {
			f.abbrs[0] = ini.String()
		}
		if ptail.Len() >= 3 && ptail.String() != f.flat {
			f.abbrs[1] = ptail.String()
		}
	}
	return f
}

func (f crOutletForms) same(g crOutletForms) bool {
	if f.key == "" || g.key == "" {
		return false
	}
	if f.key == g.key || f.flat == g.flat || "the"+f.flat == g.flat || f.flat == "the"+g.flat {
		return true
	}
	if f.short != "" && (f.short == g.flat || f.short == g.short) || g.short != "" && g.short == f.flat {
		return true
	}
	if g.one {
		for _, a := range f.abbrs {
			if a != "" && a == g.flat {
				return true
			}
		}
	}
	if f.one {
		for _, a := range g.abbrs {
			if a != "" && a == f.flat {
				return true
			}
		}
	}
	return false
}

// SameOutlet reports whether a and b name the same outlet. Each may be a
// name ("The Moscow Times"), a source tag ("wire:reuters"), a link or a
// host name. It is a pure function, safe for concurrent use.
//
// Two outlets are the same when their [NormalizeOutlet] keys are equal,
// or equal once spaces are removed ("V Post", "VPost"), or when one is
// the other with "the" in front ("themoscowtimes" and "The Moscow
// Times"), or without a trailing generic word: "news", "agency", "news
// agency", "media", "online", "newspaper" ("BBC News" and bbc.co.uk), or
// when a one-word form (a site label such as "nytimes", or a name such
// as "VPost") equals the initials of the other's words ("nyt", "wsj") or
// those initials with the last word written out ("nytimes", "latimes",
// "vpost" for "valley-post"), at least three letters either way. Empty
// names are never the same.
func SameOutlet(a, b string) bool {
	return crForms(a).same(crForms(b))
}

// CreditsOutlet reports whether one of the credits names the outlet
// given by its source name or tag (see [Article].Source) or by a link to
// its site (see [Article].URL); either may be empty. Names are compared
// with [SameOutlet]. Picture credits ([CreditPhoto]) do not count: a copy
// that prints an agency's photograph does not credit the agency with its
// text. It is a pure function, safe for concurrent use.
func CreditsOutlet(credits []Credit, source, url string) bool {
	var forms [2]crOutletForms
	n := 0
	for _, o := range [2]string{source, url} {
		if f := crForms(o); f.key != "" {
			forms[n] = f
			n++
		}
	}
	if n == 0 {
		return false
	}
	for _, c := range credits {
		if c.Kind == CreditPhoto || c.Name == "" {
			continue
		}
		cf := crForms(c.Name)
		for _, f := range forms[:n] {
			if cf.same(f) {
				return true
			}
		}
	}
	return false
}
