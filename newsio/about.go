package newsio

import (
	"net/url"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/reprintlab/reprint/credit"
)

// About is what the input says of an article besides its text: its
// headline, outlet, address and publication time. Reports show it beside
// the article's ID; the tracker keeps none of it but the outlet and time
// it uses. Get one from [Input.About].
type About struct {
	Title     string
	Source    string // the outlet as the input names it ("wire:reuters", "The Moscow Times")
	URL       string
	Published time.Time
}

// timeLayout is how reports show a publication time.
const timeLayout = "2006-01-02 15:04"

// when formats a publication time in UTC, without the time of day when it
// is midnight (a date given alone); "" for none.
func when(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.UTC()
	if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0 {
		return t.Format(time.DateOnly)
	}
	return t.Format(timeLayout)
}

// outletNames names outlets for people: every way of writing one outlet
// (as the articles' sources, their links' sites and the credits in their
// texts write it: "Reuter", "REUTER", "wire:reuters", "reuters.com")
// is shown by one name. A known agency is shown by its own name
// ("Reuters"); another outlet by the name most of its mentions use,
// preferring one that is not all in capitals, else by its source tag
// made readable ("site:valley-post" is "Valley Post"), else by its site.
type outletNames struct {
	byKey map[string]*spellings
}

type spellings struct {
	count map[string]int
	order []string // in order first seen
	shown string   // the name chosen, once asked for
}

// add counts one mention of an outlet written as name.
func (o *outletNames) add(name string) {
	name = strings.TrimSpace(name)
	key := credit.NormalizeOutlet(name)
	if key == "" {
		return
	}
	if o.byKey == nil {
		o.byKey = map[string]*spellings{}
	}
	s := o.byKey[key]
	if s == nil {
		s = &spellings{count: map[string]int{}}
		o.byKey[key] = s
	}
	if s.count[name] == 0 {
		s.order = append(s.order, name)
	}
	s.count[name]++
	s.shown = ""
}

// addArticle counts an article's outlet and the outlets its text
// credits (its verdict's Credited).
func (o *outletNames) addArticle(a About, credited []string) {
	if a.Source != "" {
		o.add(a.Source)
	} else if a.URL != "" {
		o.add(a.URL)
	}
	for _, c := range credited {
		o.add(c)
	}
}

// name returns the name that the outlet written as raw is shown by.
func (o *outletNames) name(raw string) string {
	raw = strings.TrimSpace(raw)
	if s, ok := credit.AgencyName(raw); ok {
		return s
	}
	key := credit.NormalizeOutlet(raw)
	s := o.byKey[key]
	if s == nil {
		o.add(raw)
		if s = o.byKey[key]; s == nil {
			return raw // no letters or digits
		}
	}
	if s.shown == "" {
		s.shown = s.choose()
	}
	return s.shown
}

// of returns the name of an article's outlet: its Source, else its URL's
// site; "" when the input names neither.
func (o *outletNames) of(a About) string {
	switch {
	case a.Source != "":
		return o.name(a.Source)
	case a.URL != "":
		return o.name(a.URL)
	}
	return ""
}

// choose picks the name to show for one outlet.
func (s *spellings) choose() string {
	best, bestScore := "", -1
	for _, name := range s.order {
		if tagged(name) || isLink(name) {
			continue
		}
		score := 2 * s.count[name]
		if name != strings.ToUpper(name) {
			score++ // "Valley Post" before "VALLEY POST"
		}
		if score > bestScore {
			best, bestScore = name, score
		}
	}
	if best != "" {
		return best
	}
	for _, name := range s.order {
		if tagged(name) {
			return readableTag(name)
		}
	}
	name := s.order[0]
	if u, err := url.Parse(name); err == nil && u.Host != "" {
		name = u.Host
	}
	return strings.TrimPrefix(name, "www.")
}

// tagged reports whether name is a source tag, such as "wire:reuters".
func tagged(name string) bool {
	i := strings.IndexByte(name, ':')
	return i > 0 && i <= 12 && !strings.HasPrefix(name[i:], "://") && !strings.ContainsAny(name[:i], " ")
}

// isLink reports whether name is a link or a host name.
func isLink(name string) bool {
	return strings.Contains(name, "://") || !strings.ContainsAny(name, " ") && strings.Count(name, ".") >= 1 && strings.IndexFunc(name, unicode.IsUpper) < 0
}

// readableTag turns a source tag into a name: "site:valley-post" is
// "Valley Post".
func readableTag(name string) string {
	_, rest, _ := strings.Cut(name, ":")
	words := strings.FieldsFunc(rest, func(r rune) bool { return r == '-' || r == '_' || r == ' ' })
	for i, w := range words {
		r, size := utf8.DecodeRuneInString(w)
		words[i] = string(unicode.ToUpper(r)) + w[size:]
	}
	return strings.Join(words, " ")
}
