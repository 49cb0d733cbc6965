package credit

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

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
//   - The known agencies (see [Append]) map to one key whatever
//     the variant: "The Associated Press", "Associated Press", "AP",
//     "apnews.com" give "associated press"; "Reuters", "REUTER", "Thomson
//     Reuters", "Reuters News" and "reuters.com" give "reuters"; "AFP",
//     "Agence France-Presse" give "agence france presse"; "ITAR-TASS"
//     gives "tass".
//
// The empty string, or one with no letters or digits, gives "".
func NormalizeOutlet(name string) string {
	s := strings.TrimSpace(name)
	s = stripTag(s)
	if host, ok := hostOf(s); ok {
		dom, label := siteOf(host)
		if k, ok := aliases[dom]; ok {
			return k
		}
		if k, ok := aliases[label]; ok {
			return k
		}
		return label
	}
	k := nameKey(s)
	if a, ok := aliases[k]; ok {
		return a
	}
	return k
}

// stripTag drops a source tag's prefix: "wire:" in "wire:reuters".
func stripTag(s string) string {
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

// hostOf returns the host of a link ("https://www.x.com/a") or host name
// ("www.x.com", "x.com/a"), lower-cased.
func hostOf(s string) (string, bool) {
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
		if !isASCIIAlnum(c) && c != '.' && c != '-' {
			return "", false
		}
	}
	tld := s[strings.LastIndexByte(s, '.')+1:]
	if len(tld) < 2 || !allASCIILetters(tld) {
		return "", false
	}
	return strings.ToLower(s), true
}

// secondLevelLabels are labels that, before a two-letter country code, are
// part of the public suffix: "co.uk", "com.au".
var secondLevelLabels = []string{"co", "com", "org", "net", "gov", "ac", "edu", "or", "ne", "go", "gv", "info", "nic", "gob", "gouv"}

// siteOf returns a host's registrable domain ("themoscowtimes.com",
// "bbc.co.uk") and its label ("themoscowtimes", "bbc").
func siteOf(host string) (dom, label string) {
	labels := strings.Split(host, ".")
	n := len(labels)
	suffix := 1
	if n >= 3 && len(labels[n-1]) == 2 && inList(secondLevelLabels, labels[n-2]) {
		suffix = 2
	}
	if n <= suffix {
		return host, labels[0]
	}
	i := n - 1 - suffix
	return strings.Join(labels[i:], "."), labels[i]
}

// nameKey is a name's key before aliases: see NormalizeOutlet.
func nameKey(s string) string {
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

// Outlet is an outlet's name in the forms [SameOutlet] compares,
// computed once: callers that compare one name with many (a credited
// outlet with every outlet of a corpus) make an Outlet of each name and
// compare those with [Outlet.Same], which does not allocate.
//
// The zero Outlet names no outlet: its key is "" and it is the same as
// none. An Outlet is a value; its methods are safe for concurrent use.
type Outlet struct {
	key, flat string
	// short is flat without a trailing generic word ("news"), or "".
	short string
	// abbrs are a multi-word name's initials ("nyt") and initials with
	// the last word ("nytimes"), at least three letters long.
	abbrs [2]string
	one   bool // key is one word
}

// NewOutlet returns the forms of the outlet named by name: a name ("The
// Moscow Times"), a source tag ("wire:reuters"), a link or a host name,
// as for [SameOutlet]. It accepts any string; one with no letters or
// digits gives the zero Outlet. It is a pure function, safe for
// concurrent use.
func NewOutlet(name string) Outlet {
	var f Outlet
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

// Key returns the outlet's [NormalizeOutlet] key: "" for the zero
// Outlet, which names none.
func (f Outlet) Key() string { return f.key }

// Same reports whether f and g name the same outlet, by the rules of
// [SameOutlet]; an Outlet that names none (key "") is the same as no
// other, itself included.
func (f Outlet) Same(g Outlet) bool {
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
	return NewOutlet(a).Same(NewOutlet(b))
}

// Credited reports whether one of the credits names the outlet given by
// its source name or tag or by a link to its site (an article's Source
// and URL in package provenance); either may be empty. Names are compared
// with [SameOutlet]. Picture credits ([Photo]) do not count: a copy
// that prints an agency's photograph does not credit the agency with its
// text. It is a pure function, safe for concurrent use.
func Credited(credits []Credit, source, url string) bool {
	var forms [2]Outlet
	n := 0
	for _, o := range [2]string{source, url} {
		if f := NewOutlet(o); f.key != "" {
			forms[n] = f
			n++
		}
	}
	if n == 0 {
		return false
	}
	for _, c := range credits {
		if c.Kind == Photo || c.Name == "" {
			continue
		}
		cf := NewOutlet(c.Name)
		for _, f := range forms[:n] {
			if cf.Same(f) {
				return true
			}
		}
	}
	return false
}

// GroupOutlets sorts outlets into groups of the same outlet: it returns,
// for each outlet, the index of the first outlet of its group. Two
// outlets that are the [Outlet.Same] are in one group, and so are
// outlets joined through others (grouping is transitive, where Same
// alone need not be: "NYT" and "New York Times" and "nytimes.com" are one
// group). Each zero Outlet (one that names none) is a group of its own.
//
// It takes time linear in the number of outlets, not quadratic as
// comparing every pair would: Same is a set of equalities between an
// outlet's forms, so outlets are joined through a map of those forms.
// It is a pure function, safe for concurrent use.
func GroupOutlets(outlets []Outlet) []int {
	parent := make([]int, len(outlets))
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	union := func(i, j int) {
		a, b := find(i), find(j)
		switch {
		case a < b:
			parent[b] = a
		case b < a:
			parent[a] = b
		}
	}
	// Same(f, g) holds exactly when one of f's probes is one of g's
	// targets, or one of g's probes is one of f's targets (see Same):
	//   key = key, flat = flat       probe and target "k:key", "f:flat"
	//   "the"+flat = flat            probe "f:the"+flat
	//   short = flat, short = short  probes "f:short", "s:short"; target "s:short"
	//   initials = a one-word flat   probe "o:"+abbr; target "o:flat" if one word
	targets := make(map[string]int)
	forms := func(f Outlet, probes bool, add func(string)) {
		add("k:" + f.key)
		add("f:" + f.flat)
		if f.short != "" {
			add("s:" + f.short)
			if probes {
				add("f:" + f.short)
			}
		}
		if probes {
			add("f:the" + f.flat)
			for _, a := range f.abbrs {
				if a != "" {
					add("o:" + a)
				}
			}
		} else if f.one {
			add("o:" + f.flat)
		}
	}
	for i, f := range outlets {
		if f.key == "" {
			continue
		}
		forms(f, false, func(t string) {
			if j, ok := targets[t]; ok {
				union(i, j)
			} else {
				targets[t] = i
			}
		})
	}
	for i, f := range outlets {
		if f.key == "" {
			continue
		}
		forms(f, true, func(p string) {
			if j, ok := targets[p]; ok {
				union(i, j)
			}
		})
	}
	out := make([]int, len(outlets))
	for i := range out {
		out[i] = find(i)
	}
	return out
}
