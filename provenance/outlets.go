package provenance

import (
	"cmp"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/reprintlab/reprint/credit"
)

// OutletTable is who copies whom, by outlet: for each pair of outlets,
// how many articles of one copy articles of the other, how many of those
// copies credit and how many credit nobody, and how long after their
// source and their story's origin they appear. Make one with
// [Graph.Outlets] or [Tracker.Outlets].
//
// # Outlets
//
// An article's outlet is named by its Source, else by the host of its
// URL. Names that [credit.Outlet.Same] says are one outlet ("Reuters",
// "REUTERS", "wire:reuters", "reuters.com") are one outlet, joined
// transitively (see [credit.GroupOutlets]). An outlet is shown by its
// most frequent name among its articles (a Source before a host). Articles
// with neither a Source nor a URL, or whose names hold no letters or
// digits, have no outlet: they are in no row, and copies that involve
// them are counted in Unattributed.
//
// # Copies
//
// A copy is an article with a primary source (the first of
// [Verdict.Sources]); it is counted once, in the row of its outlet and
// its primary source's outlet. The other sources of a stitched copy are
// not counted. A copy of an article of its own outlet (a re-send, an
// update) is counted in the outlet's row with itself and in
// OutletTotals.Resends, not in Copies or CopiedBy.
//
// Each copy is also counted by the kind of its link to its primary
// source (see [Kind]): OutletPair.Kinds, OutletTotals.Kinds and
// OutletTotals.CopiedKinds.
//
// An OutletTable is a value computed once: it does not change when
// articles are added to the graph later. Its methods are safe for
// concurrent use.
type OutletTable struct {
	// Outlets are the outlets of the graph's articles, most articles
	// first, then by name.
	Outlets []OutletTotals
	// Pairs are the pairs of outlets between which there are copies,
	// most copies first, then by the copying outlet's name and the
	// source outlet's name.
	Pairs []OutletPair
	// Unattributed is the number of copies whose outlet, or whose
	// primary source's outlet, is not known.
	Unattributed int

	byName map[string]int // an article's outlet name → index in Outlets
}

// OutletPair is one row of an [OutletTable]: the copies that articles of
// one outlet make of articles of another (or of the same).
type OutletPair struct {
	// Copier is the outlet whose articles copy, Source the outlet of
	// their primary sources (see [OutletTotals.Name]).
	Copier, Source string
	// CopierKey and SourceKey are the outlets' keys ([OutletTotals.Key]).
	CopierKey, SourceKey string
	// Copies is the number of Copier's articles whose primary source is
	// an article of Source.
	Copies int
	// Credited are the copies whose text credits (see
	// [Verdict.Credited]) the outlet of their primary source or of their
	// story's origin. Uncredited are those marked [Verdict.Uncredited]:
	// from another outlet, and crediting nobody. Copies that credit
	// someone else are neither: Copies - Credited - Uncredited of them.
	Credited, Uncredited int
	// Kinds counts the copies by the kind of their link to their primary
	// source.
	Kinds KindCounts
	// AfterSource is how long after its primary source each copy
	// appeared; AfterOrigin how long after its story's origin.
	AfterSource, AfterOrigin Delays
}

// KindCounts counts copies by the kind of reuse of their link to their
// primary source (see [Kind]). A plain value: safe to copy and to read
// concurrently.
type KindCounts struct {
	Verbatim, Update, Rewrite, Partial int
}

// add counts one copy of kind k (a zero kind counts as verbatim, as a
// link made before links had kinds).
func (c *KindCounts) add(k Kind) {
	switch kindOf(k, false) {
	case KindUpdate:
		c.Update++
	case KindRewrite:
		c.Rewrite++
	case KindPartial:
		c.Partial++
	default:
		c.Verbatim++
	}
}

// Of returns the count of kind k (0 for a value that is not a kind).
func (c KindCounts) Of(k Kind) int {
	switch k {
	case KindVerbatim:
		return c.Verbatim
	case KindUpdate:
		return c.Update
	case KindRewrite:
		return c.Rewrite
	case KindPartial:
		return c.Partial
	}
	return 0
}

// OutletTotals is one outlet's line of an [OutletTable]: everything it
// copied from other outlets, and everything other outlets copied from
// it.
type OutletTotals struct {
	// Name is how the outlet is written by most of its articles: their
	// Source, or the host of their URL when none has a Source.
	Name string
	// Key is the outlet's [credit.NormalizeOutlet] key: it identifies
	// the outlet in the table (see [OutletTable.Outlet]).
	Key string
	// Articles is the number of the outlet's articles.
	Articles int
	// Copies is the number of its articles that copy an article of
	// another outlet; Credited and Uncredited count them as in
	// [OutletPair], and AfterSource and AfterOrigin time them.
	Copies, Credited, Uncredited int
	AfterSource, AfterOrigin     Delays
	// Kinds counts its Copies by kind, CopiedKinds the copies counted in
	// CopiedBy (see [OutletPair.Kinds]).
	Kinds, CopiedKinds KindCounts
	// Resends is the number of its articles whose primary source is an
	// article of its own.
	Resends int
	// CopiedBy is the number of other outlets' articles whose primary
	// source is an article of this outlet, and CopiedUncredited those of
	// them marked [Verdict.Uncredited].
	CopiedBy, CopiedUncredited int
}

// Delays sums up how long after an earlier article copies appeared. An
// article's time is its Published time, else its Seen time; a copy is
// timed only when both it and the earlier article have a time. A delay
// can be negative: an article published up to the clock skew before an
// article seen earlier comes after it (see [Graph]).
type Delays struct {
	// N is the number of copies timed.
	N int
	// Median and P90 are the nearest-rank 50th and 90th percentiles of
	// the delays: the delays sorted, the ones at ranks ⌈N/2⌉ and
	// ⌈9N/10⌉ (counting from 1). Both are 0 when N is 0.
	Median, P90 time.Duration
}

// newDelays sums up delays, which it sorts.
func newDelays(d []time.Duration) Delays {
	if len(d) == 0 {
		return Delays{}
	}
	slices.Sort(d)
	rank := func(p int) time.Duration { return d[(p*len(d)+9)/10-1] } // ⌈p·N/10⌉
	return Delays{N: len(d), Median: rank(5), P90: rank(9)}
}

// Outlet returns the line of the outlet named name (any of its names,
// as [credit.SameOutlet] compares them), and whether it is in the table.
func (t OutletTable) Outlet(name string) (OutletTotals, bool) {
	f := credit.NewOutlet(name)
	for _, o := range t.Outlets {
		if o.Key == f.Key() {
			return o, true
		}
	}
	for _, o := range t.Outlets {
		if f.Same(credit.NewOutlet(o.Name)) {
			return o, true
		}
	}
	return OutletTotals{}, false
}

// OutletOf returns the key ([OutletTotals.Key]) of the outlet of an
// article with the given Source and URL, as the table grouped them, or
// "" if the table has no such outlet.
func (t OutletTable) OutletOf(source, rawURL string) string {
	if i, ok := t.byName[articleOutletName(source, rawURL)]; ok {
		return t.Outlets[i].Key
	}
	return ""
}

// articleOutletName is the name of an article's outlet: its Source, else
// the host of its URL (else the URL as written).
func articleOutletName(source, rawURL string) string {
	if s := strings.TrimSpace(source); s != "" {
		return s
	}
	if u, err := url.Parse(strings.TrimSpace(rawURL)); err == nil && u.Hostname() != "" {
		return strings.ToLower(u.Hostname())
	}
	return strings.TrimSpace(rawURL)
}

// Outlets returns who copies whom in the graph, by outlet (see
// [OutletTable]). It reads every article once: time and memory are
// linear in the number of articles. Like every Graph method it must not
// run concurrently with another.
func (g *Graph) Outlets() OutletTable {
	// Each distinct name, then each name's group.
	names := map[string]int{}
	var nameList []string
	var forms []credit.Outlet
	var fromSource []bool // the name is some article's Source
	outletName := make([]int, len(g.nodes))
	for x := range g.nodes {
		n := &g.nodes[x]
		name := articleOutletName(n.source, n.url)
		i, ok := names[name]
		if !ok {
			i = len(forms)
			names[name] = i
			nameList = append(nameList, name)
			forms = append(forms, credit.NewOutlet(name))
			fromSource = append(fromSource, false)
		}
		fromSource[i] = fromSource[i] || strings.TrimSpace(n.source) != ""
		outletName[x] = i
	}
	group := credit.GroupOutlets(forms)

	// Outlets: one per group of names with a key, named by the most
	// frequent name (a Source before a host).
	uses := make([]int, len(forms))
	for _, i := range outletName {
		uses[i]++
	}
	outletOf := make([]int, len(forms)) // name → outlet, -1 for none
	best := map[int]int{}               // group → its best name
	for i := range forms {
		outletOf[i] = -1
		if forms[i].Key() == "" {
			continue
		}
		b, ok := best[group[i]]
		if !ok || better(i, b, fromSource, uses) {
			best[group[i]] = i
		}
	}
	var t OutletTable
	t.byName = make(map[string]int, len(names))
	groupOutlet := map[int]int{}
	for i := range forms {
		if forms[i].Key() == "" {
			continue
		}
		o, ok := groupOutlet[group[i]]
		if !ok {
			o = len(t.Outlets)
			groupOutlet[group[i]] = o
			b := best[group[i]]
			t.Outlets = append(t.Outlets, OutletTotals{Name: nameList[b], Key: forms[b].Key()})
		}
		outletOf[i] = o
	}

	// Copies, pair by pair.
	type pairKey struct{ copier, source int }
	type tally struct {
		pair                     OutletPair
		afterSource, afterOrigin []time.Duration
	}
	pairs := map[pairKey]*tally{}
	copierSource := make([][]time.Duration, len(t.Outlets))
	copierOrigin := make([][]time.Duration, len(t.Outlets))
	roots := g.roots()
	cache := outletForms{} // of sources and credited names, which repeat
	for x := range g.nodes {
		n := &g.nodes[x]
		copier := outletOf[outletName[x]]
		if copier >= 0 {
			t.Outlets[copier].Articles++
		}
		if n.parent < 0 {
			continue
		}
		source := outletOf[outletName[n.parent]]
		if copier < 0 || source < 0 {
			t.Unattributed++
			continue
		}
		k := pairKey{copier, source}
		p := pairs[k]
		if p == nil {
			p = &tally{pair: OutletPair{
				Copier: t.Outlets[copier].Name, CopierKey: t.Outlets[copier].Key,
				Source: t.Outlets[source].Name, SourceKey: t.Outlets[source].Key,
			}}
			pairs[k] = p
		}
		p.pair.Copies++
		kind := g.parentKind(x)
		p.pair.Kinds.add(kind)
		credited := g.creditsSourceOrOrigin(x, roots[x], cache)
		uncredited := len(n.credited) == 0 && g.otherOutlet(n, &g.nodes[n.parent])
		if credited {
			p.pair.Credited++
		}
		if uncredited {
			p.pair.Uncredited++
		}
		afterSource, okSource := g.delay(x, n.parent)
		afterOrigin, okOrigin := g.delay(x, roots[x])
		if okSource {
			p.afterSource = append(p.afterSource, afterSource)
		}
		if okOrigin {
			p.afterOrigin = append(p.afterOrigin, afterOrigin)
		}
		if copier == source {
			t.Outlets[copier].Resends++
			continue
		}
		c, s := &t.Outlets[copier], &t.Outlets[source]
		c.Copies++
		s.CopiedBy++
		c.Kinds.add(kind)
		s.CopiedKinds.add(kind)
		if credited {
			c.Credited++
		}
		if uncredited {
			c.Uncredited++
			s.CopiedUncredited++
		}
		if okSource {
			copierSource[copier] = append(copierSource[copier], afterSource)
		}
		if okOrigin {
			copierOrigin[copier] = append(copierOrigin[copier], afterOrigin)
		}
	}
	for i := range t.Outlets {
		t.Outlets[i].AfterSource = newDelays(copierSource[i])
		t.Outlets[i].AfterOrigin = newDelays(copierOrigin[i])
	}
	for _, p := range pairs {
		p.pair.AfterSource = newDelays(p.afterSource)
		p.pair.AfterOrigin = newDelays(p.afterOrigin)
		t.Pairs = append(t.Pairs, p.pair)
	}
	slices.SortFunc(t.Pairs, func(a, b OutletPair) int {
		return cmp.Or(cmp.Compare(b.Copies, a.Copies), cmp.Compare(a.Copier, b.Copier), cmp.Compare(a.Source, b.Source))
	})
	// Sort the outlets, and point the names at their new places.
	order := make([]int, len(t.Outlets))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		oa, ob := &t.Outlets[a], &t.Outlets[b]
		return cmp.Or(cmp.Compare(ob.Articles, oa.Articles), cmp.Compare(oa.Name, ob.Name), cmp.Compare(oa.Key, ob.Key))
	})
	place := make([]int, len(order))
	sorted := make([]OutletTotals, len(order))
	for to, from := range order {
		place[from] = to
		sorted[to] = t.Outlets[from]
	}
	t.Outlets = sorted
	for name, i := range names {
		if o := outletOf[i]; o >= 0 {
			t.byName[name] = place[o]
		}
	}
	return t
}

// better reports whether name i is a better name for its outlet than
// name b: a Source before a host, then the most used, then the first in
// byte order.
func better(i, b int, fromSource []bool, uses []int) bool {
	if fromSource[i] != fromSource[b] {
		return fromSource[i]
	}
	if uses[i] != uses[b] {
		return uses[i] > uses[b]
	}
	return i < b // names are numbered in the order first seen
}

// parentKind returns the kind of node x's link to its primary source
// (KindVerbatim if that link is not found, as for a link made before
// links had kinds).
func (g *Graph) parentKind(x int) Kind {
	n := &g.nodes[x]
	for l := range g.links(x) {
		if l.other == n.parent && !l.partialSource {
			return l.kind
		}
	}
	if n.past != nil {
		id := g.nodes[n.parent].id
		for _, s := range n.past.sources {
			if s.edge.Source == id {
				return kindOf(s.edge.Kind, s.edge.Partial)
			}
		}
	}
	return KindVerbatim
}

// roots returns the origin of every node's story.
func (g *Graph) roots() []int {
	roots := make([]int, len(g.nodes))
	for x := range roots {
		roots[x] = -1
	}
	var path []int
	for x := range g.nodes {
		y := x
		for roots[y] < 0 && g.nodes[y].parent >= 0 {
			path = append(path, y)
			y = g.nodes[y].parent
		}
		r := roots[y]
		if r < 0 {
			r = y // y is a root
			roots[y] = y
		}
		for _, p := range path {
			roots[p] = r
		}
		path = path[:0]
	}
	return roots
}

// delay returns how long after node earlier node x appeared, by their
// Published, else Seen, times, and whether both have one.
func (g *Graph) delay(x, earlier int) (time.Duration, bool) {
	at := func(n *node) time.Time {
		if !n.published.IsZero() {
			return n.published
		}
		return n.seen
	}
	a, b := at(&g.nodes[x]), at(&g.nodes[earlier])
	if a.IsZero() || b.IsZero() {
		return 0, false
	}
	return a.Sub(b), true
}

// outletForms caches the forms of outlet names that repeat: sources and
// credited names (not links, which are each article's own).
type outletForms map[string]credit.Outlet

func (c outletForms) of(name string) credit.Outlet {
	f, ok := c[name]
	if !ok {
		f = credit.NewOutlet(name)
		c[name] = f
	}
	return f
}

// creditsSourceOrOrigin reports whether node x's text credits the outlet
// of its primary source or of its story's origin r.
func (g *Graph) creditsSourceOrOrigin(x, r int, cache outletForms) bool {
	n := &g.nodes[x]
	if len(n.credited) == 0 {
		return false
	}
	var outlets [4]credit.Outlet
	k := 0
	for _, y := range [2]int{n.parent, r} {
		if f := cache.of(g.nodes[y].source); f.Key() != "" {
			outlets[k], k = f, k+1
		}
		if f := credit.NewOutlet(g.nodes[y].url); f.Key() != "" {
			outlets[k], k = f, k+1
		}
	}
	for _, name := range n.credited {
		f := cache.of(name)
		for _, o := range outlets[:k] {
			if f.Same(o) {
				return true
			}
		}
	}
	return false
}

// Outlets returns who copies whom, by outlet, as [Graph.Outlets] does,
// from the graph as it stands when called. It is safe for concurrent
// use: the table is computed under the tracker's lock.
func (t *Tracker) Outlets() OutletTable {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.graph.Outlets()
}
