package review

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/reprintlab/reprint/credit"
	"github.com/reprintlab/reprint/provenance"
)

// PageSize is the number of stories on a page of the list.
const PageSize = 50

// Query is what the story list is asked: its URL parameters.
type Query struct {
	Q      string // words of the origin's first line, an article ID or an outlet
	Outlet string // an outlet's key: stories with an article of it
	Kind   string // "", "copies", "alone" or "stitched"
	Reuse  string // "", or a kind of reuse: stories with a link of that kind ("verbatim", "update", "rewrite", "partial")
	Credit string // "", "uncredited" or "credited"
	From   string // YYYY-MM-DD: origins published on or after that day (UTC)
	To     string // YYYY-MM-DD: on or before that day
	Sort   string // "size" (the default), "newest" or "oldest"
	Page   int    // from 1
}

// Kinds and credit filters offered, with their labels.
var (
	kinds   = [][2]string{{"", "all stories"}, {"copies", "with copies"}, {"alone", "standing alone"}, {"stitched", "with stitched copies"}}
	reuses  = [][2]string{{"", "any reuse"}, {"verbatim", "with verbatim copies"}, {"update", "with updates"}, {"rewrite", "with rewrites"}, {"partial", "with partial copies"}}
	credits = [][2]string{{"", "any credit"}, {"uncredited", "with an uncredited copy"}, {"credited", "copies all credited"}}
	sorts   = [][2]string{{"size", "largest first"}, {"newest", "newest first"}, {"oldest", "oldest first"}}
)

// parseQuery reads a Query from URL parameters; bad values give an error
// in words a user understands.
func parseQuery(v url.Values) (Query, error) {
	q := Query{
		Q: strings.TrimSpace(v.Get("q")), Outlet: v.Get("outlet"), Kind: v.Get("kind"), Reuse: v.Get("reuse"), Credit: v.Get("credit"),
		From: strings.TrimSpace(v.Get("from")), To: strings.TrimSpace(v.Get("to")), Sort: v.Get("sort"), Page: 1,
	}
	if !offered(kinds, q.Kind) {
		return q, fmt.Errorf("unknown kind %q", q.Kind)
	}
	if !offered(reuses, q.Reuse) {
		return q, fmt.Errorf("unknown kind of reuse %q: want verbatim, update, rewrite or partial", q.Reuse)
	}
	if !offered(credits, q.Credit) {
		return q, fmt.Errorf("unknown credit filter %q", q.Credit)
	}
	if q.Sort == "" {
		q.Sort = "size"
	}
	if !offered(sorts, q.Sort) {
		return q, fmt.Errorf("unknown order %q", q.Sort)
	}
	for _, d := range []string{q.From, q.To} {
		if _, err := parseDay(d); err != nil {
			return q, err
		}
	}
	if p := v.Get("page"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 {
			return q, fmt.Errorf("page %q: want a number from 1", p)
		}
		q.Page = n
	}
	return q, nil
}

func offered(list [][2]string, v string) bool {
	for _, o := range list {
		if o[0] == v {
			return true
		}
	}
	return false
}

// parseDay parses YYYY-MM-DD; "" is the zero time.
func parseDay(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return t, fmt.Errorf("date %q: want YYYY-MM-DD", s)
	}
	return t, nil
}

// Values returns the query as URL parameters, with page set to page and
// defaults left out.
func (q Query) Values(page int) url.Values {
	v := url.Values{}
	set := func(k, val string) {
		if val != "" {
			v.Set(k, val)
		}
	}
	set("q", q.Q)
	set("outlet", q.Outlet)
	set("kind", q.Kind)
	set("reuse", q.Reuse)
	set("credit", q.Credit)
	set("from", q.From)
	set("to", q.To)
	if q.Sort != "size" {
		set("sort", q.Sort)
	}
	if page > 1 {
		v.Set("page", strconv.Itoa(page))
	}
	return v
}

// Result is a page of the story list.
type Result struct {
	Stories []int32 // the page's stories
	Total   int     // stories matching the query
	// Exact is the story of the article whose ID the query's text is,
	// or -1.
	Exact int32
	// Outlet is the outlet the query's text names, or -1.
	Outlet int32
}

// find returns the page of stories that q asks for. It walks the chosen
// order once, testing each story against the filters (a few array
// reads); when the query has text or an outlet, the stories they allow
// are marked in a bit set first, from the word and outlet indexes.
func (d *Data) find(q Query) Result {
	s := &d.stories
	res := Result{Exact: -1, Outlet: -1}
	var allowed []uint64 // nil: all stories
	allow := func(list []int32) {
		for _, k := range list {
			allowed[k>>6] |= 1 << (k & 63)
		}
	}
	n := len(s.id)
	if q.Q != "" {
		allowed = make([]uint64, (n+63)/64)
		if x, ok := d.articles.byID[q.Q]; ok {
			res.Exact = d.articles.story[x]
			allow([]int32{res.Exact})
		}
		if o, ok := d.outletNamed(q.Q); ok {
			res.Outlet = o
			allow(s.byOutlet[o])
		}
		allow(d.wordStories(q.Q))
	}
	if q.Outlet != "" {
		o, ok := d.outletByKey(q.Outlet)
		var list []int32
		if ok {
			list = s.byOutlet[o]
		}
		if allowed == nil {
			allowed = make([]uint64, (n+63)/64)
			allow(list)
		} else {
			in := make([]uint64, len(allowed))
			for _, k := range list {
				in[k>>6] |= 1 << (k & 63)
			}
			for i := range allowed {
				allowed[i] &= in[i]
			}
		}
	}
	from, _ := parseDay(q.From)
	to, _ := parseDay(q.To)
	var fromUnix, toUnix int64 = 0, 0
	if !from.IsZero() {
		fromUnix = from.Unix()
	}
	if !to.IsZero() {
		toUnix = to.Add(24*time.Hour).Unix() - 1
	}
	order := s.bySize
	switch q.Sort {
	case "newest":
		order = s.byNewest
	case "oldest":
		order = s.byOldest
	}
	var want, mask uint8
	switch q.Kind {
	case "copies":
		mask, want = hasCopies, hasCopies
	case "alone":
		mask, want = hasCopies, 0
	case "stitched":
		mask, want = hasStitched, hasStitched
	}
	var reuseMask uint8 // stories with a link of that kind
	if q.Reuse != "" {
		k, _ := provenance.ParseKind(q.Reuse) // checked by parseQuery
		reuseMask = kindFlag(k)
	}
	var creditMask, creditWant uint8
	switch q.Credit {
	case "uncredited":
		creditMask, creditWant = hasUncredited, hasUncredited
	case "credited":
		creditMask, creditWant = hasUncredited|hasCopies, hasCopies
	}
	skip := (q.Page - 1) * PageSize
	filtered := allowed != nil || mask != 0 || reuseMask != 0 || creditMask != 0 || fromUnix != 0 || toUnix != 0
	if !filtered {
		res.Total = n
		if skip < n {
			res.Stories = order[skip:min(n, skip+PageSize)]
		}
		return res
	}
	for _, k := range order {
		if allowed != nil && allowed[k>>6]&(1<<(k&63)) == 0 {
			continue
		}
		f := s.flags[k]
		if f&mask != want || f&reuseMask != reuseMask || f&creditMask != creditWant {
			continue
		}
		if at := s.at[k]; (fromUnix != 0 && (at == 0 || at < fromUnix)) || (toUnix != 0 && (at == 0 || at > toUnix)) {
			continue
		}
		if res.Total >= skip && len(res.Stories) < PageSize {
			res.Stories = append(res.Stories, k)
		}
		res.Total++
	}
	return res
}

// wordStories returns the stories whose title has every word of text,
// ascending; nil when text has no word or a word is in no title.
func (d *Data) wordStories(text string) []int32 {
	var out []int32
	for i, w := range uniqueWords(text) {
		list := d.stories.words[w]
		if i == 0 {
			out = list
			continue
		}
		out = intersect(out, list)
		if len(out) == 0 {
			return nil
		}
	}
	return out
}

// intersect returns the stories in both ascending lists.
func intersect(a, b []int32) []int32 {
	var out []int32
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			out = append(out, a[i])
			i++
			j++
		}
	}
	return out
}

// outletByKey returns the outlet whose key is key.
func (d *Data) outletByKey(key string) (int32, bool) {
	for i, o := range d.outlets.Outlets {
		if o.Key == key {
			return int32(i), true
		}
	}
	return -1, false
}

// outletNamed returns the outlet that name names, as SameOutlet compares
// names ("REUTERS", "reuters.com"), when name names one.
func (d *Data) outletNamed(name string) (int32, bool) {
	if credit.NormalizeOutlet(name) == "" {
		return -1, false
	}
	o, ok := d.outlets.Outlet(name)
	if !ok {
		return -1, false
	}
	return d.outletByKey(o.Key)
}
