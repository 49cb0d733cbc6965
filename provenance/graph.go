package provenance

import (
	"cmp"
	"errors"
	"fmt"
	"iter"
	"maps"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/reprintlab/reprint/credit"
	"github.com/reprintlab/reprint/dedup"
)

// DefaultClockSkew is how far apart two outlets' clocks may be before
// their timestamps are believed over the order the articles were seen.
const DefaultClockSkew = 5 * time.Minute

// MaxLinks is the most links an article keeps to the articles already in
// the graph when it is added: the best ones in the order primary sources
// are chosen (largest share of the article found, highest Jaccard,
// earliest). A wire story reprinted by thousands of outlets then costs
// memory and time linear in the number of copies, not quadratic, and
// each copy still links to the earliest of its best matches.
const MaxLinks = 64

// Errors returned by this package, wrapped with details; test them with
// errors.Is.
var (
	// ErrEmptyID is returned when an article has no ID.
	ErrEmptyID = errors.New("provenance: article has no id")
	// ErrDuplicateID is returned when an article's ID is already in the
	// graph.
	ErrDuplicateID = errors.New("provenance: duplicate article id")
	// ErrUnknownArticle is returned when a link names an article that is
	// not in the graph.
	ErrUnknownArticle = errors.New("provenance: unknown article")
	// ErrEmptyText is returned by [Tracker.Add] for an article whose text
	// is empty or only white space.
	ErrEmptyText = errors.New("provenance: article text is empty")
	// ErrNoText is returned by [Tracker.Passages] when the tracker does
	// not keep texts (Config.KeepText is false).
	ErrNoText = errors.New("provenance: texts are not kept")
)

// Article is one news article.
type Article struct {
	// ID identifies the article; it must be unique and pass [CheckID]:
	// not empty or only white space, valid UTF-8, no control characters.
	ID string `json:"id"`
	// Text is the article's text. The graph does not keep it.
	Text string `json:"text"`
	// Source names the outlet, for example "The Moscow Times" (the
	// article's publisher, not a source article: see docs/glossary.md).
	Source string `json:"source,omitempty"`
	// URL is where the article was found.
	URL string `json:"url,omitempty"`
	// Published is when the outlet says it published the article; zero
	// if unknown.
	Published time.Time `json:"published,omitzero"`
	// Seen is when the article was collected; zero if unknown. Articles
	// are always also ordered by when they were added.
	Seen time.Time `json:"seen,omitzero"`
}

// Edge is a copy → source relation with its evidence. For a link found
// by the shingle rule the figures are estimates from MinHash signatures
// and exact shingle counts; for a link found by alignment only (Aligned;
// see Config.DisableRewrites) Containment and Reused are the exact
// shares of each text copied word for word (in runs of 4 words or
// more), Shared the number of the copy's words so copied and Jaccard the
// estimate those give.
type Edge struct {
	// Copy is the later article, Source the earlier one it reuses
	// (their IDs).
	Copy   string `json:"copy"`
	Source string `json:"source"`
	// Containment is the share of the copy's shingles found in the
	// source.
	Containment float64 `json:"containment"`
	// Reused is the share of the source's shingles found in the copy.
	Reused float64 `json:"reused"`
	// Jaccard is the estimated Jaccard similarity of the two.
	Jaccard float64 `json:"jaccard"`
	// Shared is the estimated number of shingles they share.
	Shared float64 `json:"shared"`
	// Partial is true when the source holds only part of a copy stitched
	// from several sources (see [dedup.Match.Partial]).
	Partial bool `json:"partial,omitempty"`
	// Kind is what kind of reuse the link is: verbatim, update, rewrite
	// or partial (see [Kind]).
	Kind Kind `json:"kind"`
	// Aligned is true for a link found by alignment only, not by the
	// shingle rule (see Config.DisableRewrites).
	Aligned bool `json:"aligned,omitempty"`
	// Score orders links, in [0, 1]: how much of the copy derives from
	// the source. For a link of the shingle rule it is Containment; for
	// a link found by alignment (Aligned) the share of the copy's words,
	// each weighed by its rarity, aligned to the source in passages.
	Score float64 `json:"score"`
}

// Verdict is what the graph says of one article. Its JSON form (see
// [Verdict.MarshalJSON]) has the keys of the flagger's JSONL lines.
type Verdict struct {
	// ID is the article's ID.
	ID string `json:"id"`
	// Story is the ID of the article's story, shared by all its
	// articles: the ID of the story's first-seen article.
	Story string `json:"story"`
	// Origin is the ID of the article the story is attributed to: the
	// article's own ID when it is the origin or stands alone.
	Origin string `json:"origin"`
	// Sources are the article's direct sources, best first: the best
	// earlier match in each story it reuses. Empty for originals.
	Sources []Edge `json:"sources"`
	// Shingles is the article's number of distinct shingles; 0 when it
	// was too short to fingerprint.
	Shingles int `json:"shingles"`
	// Fingerprinted is false for an article too short to fingerprint:
	// it never matches anything by the shingle rule. Only the second
	// index (see Config.DisableRewrites) can link it: a flash held whole
	// by a later story (its update), or a brief copied word for word.
	Fingerprinted bool `json:"fingerprinted"`
	// Credited are the outlets the article's text credits (see
	// [credit.Extract]; photo credits excluded), as written, each once,
	// in text order. Empty when it credits nobody.
	Credited []string `json:"credited"`
	// Boilerplate is the number of the article's shingles (occurrences)
	// left out of its signature as its outlet's boilerplate (see
	// Config.BoilerplateMin); 0 for a [Graph] used directly.
	Boilerplate int `json:"boilerplate,omitempty"`
	// Uncredited is true for a copy whose primary source is known to be
	// from another outlet (both articles' Source or URL are set and do
	// not name the same outlet) and whose text credits nobody.
	Uncredited bool `json:"uncredited,omitempty"`
}

// IsCopy reports whether the article reuses an earlier one, in any kind
// of reuse.
func (v Verdict) IsCopy() bool { return len(v.Sources) > 0 }

// IsVerbatimCopy reports whether the article is a copy by the shingle
// rule, what a copy was before links had kinds: one of its sources was
// found by the shingle rule (not Aligned: a verbatim link, an update
// holding all of its source, or the sources of a copy stitched from
// several), or is a verbatim link found by alignment. This is what the
// flagger's JSONL "copy" says.
func (v Verdict) IsVerbatimCopy() bool {
	for _, e := range v.Sources {
		if !e.Aligned || e.Kind == KindVerbatim {
			return true
		}
	}
	return false
}

// Story is a set of articles that copy, directly or through each other,
// one origin.
type Story struct {
	// ID is the ID of the story's first-seen article.
	ID string `json:"id"`
	// Origin is the ID of the article the story is attributed to.
	Origin string `json:"origin"`
	// Articles are the story's article IDs in attribution order, origin
	// first.
	Articles []string `json:"articles"`
}

// Link is a verified relation between a new article and one already in
// the graph, as found by [dedup.Index.Query] or by alignment: the scores
// compare the new article (A) with the linked one (B).
type Link struct {
	// ID is the linked article's ID.
	ID string
	// Shingles is its number of distinct shingles.
	Shingles int
	// Scores compare the new article (A) with the linked one (B); see
	// [Edge] for what they are for links found by alignment.
	dedup.Scores
	// Partial marks a source of a copy stitched from several sources
	// (see [dedup.Match.Partial]).
	Partial bool
	// Kind is the kind of reuse; 0 means KindVerbatim, or KindPartial
	// when Partial is set (a link made before links had kinds).
	Kind Kind
	// Score orders links (see [Edge.Score]); 0 with Kind 0 means
	// Scores.AInB.
	Score float64
	// Aligned marks a link found by alignment only (see [Edge.Aligned]).
	Aligned bool
}

// LinkFromMatch is the link of a match of the shingle index, whose rule
// is containment minContainment (dedup.IndexConfig.MinContainment):
// verbatim when that much of the new article is in the match, an update
// when only the match is that much in it (it holds its source whole),
// partial for a source of a stitched copy; scored by its containment.
// A caller feeding a [Graph] the matches of its own index (a batch job)
// converts them with it, as a [Tracker] does. It is a pure function,
// safe for concurrent use.
func LinkFromMatch(m dedup.Match, minContainment float64) Link {
	k := KindVerbatim
	switch {
	case m.Partial:
		k = KindPartial
	case m.AInB < minContainment && m.BInA >= minContainment:
		k = KindUpdate
	}
	return Link{ID: m.ID, Shingles: m.Shingles, Scores: m.Scores, Partial: m.Partial, Kind: k, Score: m.AInB}
}

// node is one article of the graph. Its fields are ordered so that it
// packs into 248 bytes.
type node struct {
	id, source, url string
	published, seen time.Time
	seq             int       // insertion order
	at              time.Time // attribution time, fixed at insertion
	shingles        int32
	boilerplate     int32      // shingle occurrences left out as boilerplate
	links           []halfLink // this node's ends of its links (links.go)
	parent          int        // primary source, -1 for none
	children        []int
	mark            int      // 1 + the index of the last node added that linked here
	credited        []string // outlets the text credits
	past            *past    // what the node keeps of forgotten articles; nil if nothing
	reported        uint64   // verdictHash of the verdict last returned; 0: none (see changes.go)
	timed           bool     // at is known
	fingerprinted   bool
	state           nodeState
}

// link is a relation seen from one node: A is the node, B the other.
type link struct {
	other   int
	scores  dedup.Scores
	kind    Kind    // never 0
	score   float64 // Link.Score of an aligned link, the later article's as the copy
	aligned bool    // found by alignment only
	// partialSource marks a partial link seen from the source's side:
	// the other node is a stitched copy that holds part of this one, and
	// can never be this node's source.
	partialSource bool
	// partial marks a partial link seen from the stitched copy's side.
	partial bool
	// cover is the exact coverage, when the texts were at hand (exact.go).
	cover cover
}

// canSource reports whether l.other can be a source of the link's node:
// it is earlier, and the link is not a stitched copy's partial link seen
// from its source.
func (g *Graph) canSource(x int, l link) bool {
	return !l.partialSource && g.before(l.other, x)
}

// joins reports whether a link is of a kind that joins a story (see
// Config.StoryKind).
func (g *Graph) joins(l link) bool { return l.kind >= g.storyKind }

// Graph records articles and the verified links between them, and
// derives who copied whom: each article's sources, its story and the
// story's origin.
//
// # Attribution order
//
// Every article gets a place in one total order when it is added, and
// keeps it. Its attribution time is Published, or Seen when Published is
// unknown. Articles with a time come before articles without one; among
// them, earlier times come first; equal times, and articles without
// times, are ordered by when they were added.
//
// Clock skew: outlets' clocks disagree by minutes. When an article's time
// is at most ClockSkew before the place in time of an article already in
// the graph that it is linked to, it is given that article's place, and
// the one added first comes first. An article is placed before one
// already seen only when its time is earlier by more than ClockSkew than
// that article's place, which may itself have been moved by this rule: in
// a chain of near-simultaneous articles the first seen stay first.
//
// # Sources, stories and origins
//
// An article's candidate sources are the linked articles before it in the
// attribution order. Its primary source is the best of them that joins a
// story (see [Graph.SetStoryKind]): the one of the strongest kind (see
// [Kind]), then, for verbatim links, the one in which the largest share
// of the article is found, for other kinds the one with the highest
// Score, each rounded to steps of SourceResolution, then the earliest.
// That share is the containment estimate of the links, or, in a
// [Tracker] that keeps texts, the exact coverage of the article by each
// of its best candidates (the earliest 8 within 0.2 of the best
// estimate; see [Passages.CopyCoverage]) when both compared have one.
// Primary sources form trees; a
// story is one tree, its origin the root (the story's earliest article),
// its ID the ID of its first-seen article. An article that reuses several
// stories, such as one stitched from two wires, lists the best source of
// each as a source but belongs only to its primary source's story: the
// stories are not merged.
//
// Adding an article can change earlier ones: an article placed before
// articles already linked to it becomes their source, and their story's
// origin, from then on.
//
// A Graph is not safe for concurrent use; [Tracker] wraps one with a
// lock. Create one with [NewGraph].
type Graph struct {
	skew  time.Duration
	nodes []node
	byID  map[string]int
	story map[int]string // root → story ID, cleared when trees change
	added int            // articles ever added: the next one's seq

	// Forgetting (see forget.go): slots of forgotten articles that
	// await compaction, and anchors of stories whose origin was
	// forgotten.
	removed, anchors int

	// What the last adds changed (see changes.go): articles placed
	// after the added one that it links to, and articles given a new
	// primary source with the root of their tree before.
	touched    []int
	reparented []reparent

	scratch   []link    // Add's links before the best MaxLinks are kept
	linkStore linkStore // the links, each kept once (links.go)

	storyKind Kind // the weakest kind of link that joins a story

	outlets outletIndex // the articles' outlets, indexed lazily by Claims

	sourceForms map[string]credit.Outlet // outlet forms of Sources, made as verdicts need them
}

// NewGraph returns an empty graph. A clockSkew of 0 means
// DefaultClockSkew; a negative one means timestamps are trusted exactly.
func NewGraph(clockSkew time.Duration) *Graph {
	if clockSkew == 0 {
		clockSkew = DefaultClockSkew
	}
	return &Graph{skew: max(clockSkew, 0), byID: make(map[string]int), story: make(map[int]string), storyKind: DefaultStoryKind}
}

// reserve sizes the graph for n articles up front.
func (g *Graph) reserve(n int) {
	if n <= len(g.nodes) {
		return
	}
	g.nodes = slices.Grow(g.nodes, n-len(g.nodes))
	byID := make(map[string]int, n)
	maps.Copy(byID, g.byID)
	g.byID = byID
}

// SetStoryKind sets the weakest kind of link that joins a story (0: the
// default, DefaultStoryKind, every kind). Weaker links stay as sources
// in verdicts, each in its own source's story, but never make an
// article a copy in that story. Call it before adding articles.
func (g *Graph) SetStoryKind(k Kind) {
	if !k.valid() {
		k = DefaultStoryKind
	}
	g.storyKind = k
}

// Len returns the number of articles in the graph.
func (g *Graph) Len() int { return len(g.nodes) - g.removed - g.anchors }

// Add records article a (its Text is not kept), with its number of
// distinct shingles (0 if it could not be fingerprinted) and its verified
// links to articles already in the graph. It returns an error wrapping
// [ErrEmptyID] or [ErrInvalidID] (see [CheckID]), [ErrDuplicateID] or
// [ErrUnknownArticle], and then changes nothing.
func (g *Graph) Add(a Article, shingles int, links []Link) error {
	if err := CheckID(a.ID); err != nil {
		return err
	}
	return g.add(a, creditedNames(a.Text), shingles, links, nil, nil)
}

// add is Add with the credited outlets given, and with back links: links
// that articles already in the graph found to this one when they were
// added (a shared index lets two articles see each other), given from
// this article's side; Partial on a back link means this article is a
// partial source of the other, a stitched copy. Covers, if not nil, are
// the links' exact coverages (see exact.go), by index.
func (g *Graph) add(a Article, credited []string, shingles int, links, back []Link, covers []cover) error {
	if a.ID == "" {
		return ErrEmptyID
	}
	if _, dup := g.byID[a.ID]; dup {
		return fmt.Errorf("%w: %q", ErrDuplicateID, a.ID)
	}
	for _, ls := range [2][]Link{links, back} {
		for _, l := range ls {
			if _, ok := g.byID[l.ID]; !ok {
				return fmt.Errorf("%w: %q links to %q", ErrUnknownArticle, a.ID, l.ID)
			}
		}
	}
	x, seq := len(g.nodes), g.added
	n := node{
		id: a.ID, source: a.Source, url: a.URL, published: a.Published, seen: a.Seen,
		seq: seq, shingles: clampInt32(shingles), fingerprinted: shingles > 0, parent: -1,
		credited: credited,
	}
	switch {
	case !a.Published.IsZero():
		n.at, n.timed = a.Published, true
	case !a.Seen.IsZero():
		n.at, n.timed = a.Seen, true
	}
	t0 := n.at
	kept := g.scratch[:0]
	for i, l := range links {
		y := g.byID[l.ID]
		if g.nodes[y].mark == seq+1 {
			continue // a repeated link
		}
		g.nodes[y].mark = seq + 1
		kept = append(kept, link{other: y, scores: l.Scores, partial: l.Partial, kind: kindOf(l.Kind, l.Partial), score: linkScore(l), aligned: l.Aligned})
		if covers != nil {
			kept[len(kept)-1].cover = covers[i]
		}
	}
	for _, l := range back {
		y := g.byID[l.ID]
		if g.nodes[y].mark == seq+1 {
			continue // found by both articles' queries
		}
		g.nodes[y].mark = seq + 1
		kept = append(kept, link{other: y, scores: l.Scores, partialSource: l.Partial, kind: kindOf(l.Kind, l.Partial), score: linkScore(l), aligned: l.Aligned})
	}
	if len(kept) > MaxLinks {
		slices.SortFunc(kept, func(a, b link) int {
			if g.better(a, b) {
				return -1
			}
			if g.better(b, a) {
				return 1
			}
			return 0
		})
		kept = kept[:MaxLinks]
	}
	if !g.linkStore.room(len(kept)) || len(g.nodes) >= maxNodes {
		return fmt.Errorf("provenance: the graph is full: it holds %d articles and %d links, the most it can", len(g.nodes), g.linkStore.next)
	}
	for _, l := range kept {
		// Clock skew: an already-seen article at most skew after this
		// one is taken as simultaneous, and so stays first.
		if o := &g.nodes[l.other]; n.timed && o.timed && o.at.After(t0) && !o.at.After(t0.Add(g.skew)) && o.at.After(n.at) {
			n.at = o.at
		}
	}
	g.nodes = append(g.nodes, n)
	g.byID[a.ID] = x
	g.added++
	halves := make([]halfLink, len(kept))
	for i, l := range kept {
		rec := g.linkStore.put(l.record())
		halves[i] = halfLink{other: int32(l.other), rec: rec}
		o := &g.nodes[l.other]
		o.links = append(o.links, halfLink{other: int32(x), rec: rec | flippedLink})
	}
	g.nodes[x].links = halves
	g.scratch = kept[:0]
	g.setParent(x, g.bestSource(x))
	for l := range g.links(x) {
		if y := l.other; g.before(x, y) && !l.partial && g.joins(l) {
			g.touched = append(g.touched, y)
			if p := g.bestSource(y); p != g.nodes[y].parent {
				g.reparented = append(g.reparented, reparent{y, g.root(y)})
				g.setParent(y, p)
				clear(g.story)
			}
		}
	}
	return nil
}

// before reports whether node a comes before node b in attribution order.
func (g *Graph) before(a, b int) bool {
	na, nb := &g.nodes[a], &g.nodes[b]
	if na.timed != nb.timed {
		return na.timed
	}
	if na.timed && !na.at.Equal(nb.at) {
		return na.at.Before(nb.at)
	}
	return na.seq < nb.seq
}

// better reports whether link a is a better source for its node than b.
func (g *Graph) better(a, b link) bool {
	sa, sb := rankShares(a, b)
	if qa, qb := sourceRank(a.kind, a.aligned, sa, a.score), sourceRank(b.kind, b.aligned, sb, b.score); qa != qb {
		return qa > qb
	}
	return g.before(a.other, b.other)
}

// sourceRank ranks a candidate source: the links of the shingle rule
// and verbatim links first, by containment (as before links had kinds),
// then the other links found by alignment by kind (see [Kind]) and
// score; containments and scores in steps of SourceResolution.
func sourceRank(k Kind, aligned bool, containment, score float64) int {
	if !aligned || k == KindVerbatim {
		return 1<<16 + containmentStep(containment)
	}
	return int(k)<<8 + containmentStep(score)
}

// linkScore is a link's Score, Scores.AInB for a link without a kind.
func linkScore(l Link) float64 {
	if !l.Kind.valid() {
		return l.AInB
	}
	return l.Score
}

// linkScore is the link's Score seen from its node: the containment of a
// link of the shingle rule, the alignment's score of an aligned one
// (measured with the later article as the copy).
func (l link) linkScore() float64 {
	if !l.aligned {
		return l.scores.AInB
	}
	return l.score
}

// SourceResolution is the width of the containment steps by which
// candidate sources are ranked: estimates are rounded to the nearest
// step. MinHash estimates a containment to within a few hundredths
// (k = 128), so sources whose estimates fall in the same step hold the
// article equally well as far as the signatures can tell, and the
// earliest of them is its primary source: a truncated reprint is
// attributed to the original, not to a sibling reprint truncated alike,
// and a source estimated at 0.99 ties with a sibling at 1.0.
const SourceResolution = 0.05

// containmentStep returns the step of a containment estimate.
func containmentStep(x float64) int { return int(math.Floor(x/SourceResolution + 0.5)) }

// bestSource returns x's primary source, or -1.
func (g *Graph) bestSource(x int) int {
	best := -1
	var bestLink link
	for l := range g.links(x) {
		if g.canSource(x, l) && g.joins(l) && (best < 0 || g.better(l, bestLink)) {
			best, bestLink = l.other, l
		}
	}
	if g.lostSourceWins(x, best, bestLink) {
		return g.nodes[x].parent // a forgotten source is still the best
	}
	return best
}

func (g *Graph) setParent(x, p int) {
	n := &g.nodes[x]
	if old := n.parent; old >= 0 {
		ch := g.nodes[old].children
		if i := slices.Index(ch, x); i >= 0 {
			g.nodes[old].children = slices.Delete(ch, i, i+1)
		}
		if g.nodes[old].state == anchor && len(g.nodes[old].children) == 0 {
			g.remove(old) // its story has no article left
		}
	}
	if n.past != nil {
		n.past.parentGone = false
	}
	n.parent = p
	if p >= 0 {
		g.nodes[p].children = append(g.nodes[p].children, x)
	}
}

// root returns the origin of x's story.
func (g *Graph) root(x int) int {
	for g.nodes[x].parent >= 0 {
		x = g.nodes[x].parent
	}
	return x
}

// members appends the nodes of the tree rooted at r to dst.
func (g *Graph) members(dst []int, r int) []int {
	start := len(dst)
	dst = append(dst, r)
	for i := start; i < len(dst); i++ {
		dst = append(dst, g.nodes[dst[i]].children...)
	}
	return dst
}

// storyID returns the ID of the story rooted at r: its first-seen article.
func (g *Graph) storyID(r int) string {
	if id, ok := g.story[r]; ok {
		return id
	}
	id, _ := g.firstSeen(r)
	g.story[r] = id
	return id
}

// firstSeen returns the ID and seq of the first-seen article of the
// tree rooted at r, forgotten ones included (see forget.go).
func (g *Graph) firstSeen(r int) (string, int) {
	id, seq := "", math.MaxInt
	for _, m := range g.members(nil, r) {
		n := &g.nodes[m]
		if n.state == live && n.seq < seq {
			id, seq = n.id, n.seq
		}
		if p := n.past; p != nil && p.storyID != "" && p.storySeq < seq {
			id, seq = p.storyID, p.storySeq
		}
	}
	return id, seq
}

// edge returns the copy → source edge for link l of node x.
func (g *Graph) edge(x int, l link) Edge {
	return Edge{
		Copy: g.nodes[x].id, Source: g.nodes[l.other].id,
		Containment: l.scores.AInB, Reused: l.scores.BInA, Jaccard: l.scores.Jaccard, Shared: l.scores.Shared,
		Partial: l.partial, Kind: l.kind, Score: l.linkScore(), Aligned: l.aligned,
	}
}

// sources returns x's direct sources: the best earlier link in each story,
// best first.
func (g *Graph) sources(x int) []Edge {
	var best []link
	var roots []int
	for l := range g.links(x) {
		if !g.canSource(x, l) {
			continue
		}
		r := g.root(l.other)
		if i := slices.Index(roots, r); i >= 0 {
			if g.better(l, best[i]) {
				best[i] = l
			}
			continue
		}
		roots = append(roots, r)
		best = append(best, l)
	}
	if p := g.nodes[x].past; p != nil && len(p.sources) > 0 {
		return g.sourcesWithLost(x, best, roots)
	}
	slices.SortFunc(best, func(a, b link) int {
		if g.better(a, b) {
			return -1
		}
		return 1
	})
	edges := make([]Edge, len(best))
	for i, l := range best {
		edges[i] = g.edge(x, l)
	}
	return edges
}

func (g *Graph) verdict(x int) Verdict {
	n := &g.nodes[x]
	r := g.root(x)
	v := Verdict{
		ID: n.id, Story: g.storyID(r), Origin: g.nodes[r].id, Sources: g.sources(x),
		Shingles: int(n.shingles), Fingerprinted: n.fingerprinted, Credited: slices.Clone(n.credited),
		Boilerplate: int(n.boilerplate),
	}
	switch {
	case n.past != nil && n.past.parentGone:
		v.Uncredited = n.past.uncredited // decided when its source was forgotten
	case n.parent >= 0 && len(n.credited) == 0:
		v.Uncredited = g.otherOutlet(n, &g.nodes[n.parent])
	}
	return v
}

// otherOutlet reports whether articles a and b are known to come from
// different outlets: each has a Source or URL, and none of them names
// the other's outlet.
func (g *Graph) otherOutlet(a, b *node) bool {
	var bufA, bufB [2]credit.Outlet
	na, nb := g.outletForms(a, &bufA), g.outletForms(b, &bufB)
	if len(na) == 0 || len(nb) == 0 {
		return false
	}
	for _, x := range na {
		for _, y := range nb {
			if x.Same(y) { // credit.SameOutlet, each form made once
				return false
			}
		}
	}
	return true
}

// maxSourceForms bounds the outlet names whose forms a graph keeps.
const maxSourceForms = 4096

// outletForms returns the outlet forms of n's Source and URL, those that
// are given, in buf. A Source's form is made once and kept (an outlet
// names thousands of articles); a URL's, made for each call, is the
// article's own.
func (g *Graph) outletForms(n *node, buf *[2]credit.Outlet) []credit.Outlet {
	out := buf[:0]
	if n.source != "" {
		f, ok := g.sourceForms[n.source]
		if !ok {
			f = credit.NewOutlet(n.source)
			if len(g.sourceForms) < maxSourceForms {
				if g.sourceForms == nil {
					g.sourceForms = make(map[string]credit.Outlet)
				}
				g.sourceForms[n.source] = f
			}
		}
		out = append(out, f)
	}
	if n.url != "" {
		out = append(out, credit.NewOutlet(n.url))
	}
	return out
}

// creditedNames returns the outlets text credits, photo credits left
// out, each once (by NormalizeOutlet), as written and in text order.
func creditedNames(text string) []string {
	var keys [8]string
	var out []string
	seen := keys[:0] // the keys of out: a text credits a handful of outlets
	for _, c := range credit.Extract(text) {
		if c.Kind == credit.Photo {
			continue
		}
		key := credit.NormalizeOutlet(c.Name)
		if key == "" || slices.Contains(seen, key) {
			continue
		}
		seen = append(seen, key)
		out = append(out, strings.Clone(c.Name))
	}
	return out
}

// Verdict returns what the graph says of article id, and whether it is in
// the graph.
func (g *Graph) Verdict(id string) (Verdict, bool) {
	x, ok := g.byID[id]
	if !ok {
		return Verdict{}, false
	}
	return g.verdict(x), true
}

// Origin returns the ID of the origin of id's story, and whether id is in
// the graph.
func (g *Graph) Origin(id string) (string, bool) {
	x, ok := g.byID[id]
	if !ok {
		return "", false
	}
	return g.nodes[g.root(x)].id, true
}

// Sources returns id's direct sources, best first (nil if none or if id
// is not in the graph).
func (g *Graph) Sources(id string) []Edge {
	x, ok := g.byID[id]
	if !ok {
		return nil
	}
	return g.sources(x)
}

// Copies returns the articles that list id among their direct sources,
// in attribution order.
func (g *Graph) Copies(id string) []Edge {
	x, ok := g.byID[id]
	if !ok {
		return nil
	}
	var later []int
	for l := range g.links(x) {
		if g.before(x, l.other) && !l.partial {
			later = append(later, l.other)
		}
	}
	slices.SortFunc(later, g.compare)
	var out []Edge
	for _, y := range later {
		for _, e := range g.sources(y) {
			if e.Source == id {
				out = append(out, e)
			}
		}
	}
	return out
}

func (g *Graph) compare(a, b int) int {
	switch {
	case a == b:
		return 0
	case g.before(a, b):
		return -1
	}
	return 1
}

// Articles returns an iterator over the verdicts of all articles, in the
// order they were added. The graph must not be changed while iterating.
func (g *Graph) Articles() iter.Seq[Verdict] {
	return func(yield func(Verdict) bool) {
		for x := range g.nodes {
			if g.nodes[x].state == live && !yield(g.verdict(x)) {
				return
			}
		}
	}
}

// Stories returns an iterator over all stories, stand-alone articles
// included as stories of one, in the order of their first-seen articles.
// The graph must not be changed while iterating.
func (g *Graph) Stories() iter.Seq[Story] {
	return func(yield func(Story) bool) {
		type entry struct {
			first int // seq of the first-seen article
			id    string
			root  int
		}
		var roots []entry
		for x := range g.nodes {
			if g.nodes[x].parent < 0 && g.nodes[x].state != removed {
				id, first := g.firstSeen(x)
				roots = append(roots, entry{first, id, x})
			}
		}
		slices.SortFunc(roots, func(a, b entry) int { return cmp.Compare(a.first, b.first) })
		var buf []int
		for _, e := range roots {
			buf = g.liveMembers(buf[:0], e.root)
			slices.SortFunc(buf, g.compare)
			s := Story{ID: e.id, Origin: g.nodes[e.root].id, Articles: make([]string, len(buf))}
			for i, m := range buf {
				s.Articles[i] = g.nodes[m].id
			}
			if !yield(s) {
				return
			}
		}
	}
}

// Article returns article id as it was added, without its text (the
// graph does not keep texts), and whether it is in the graph.
func (g *Graph) Article(id string) (Article, bool) {
	x, ok := g.byID[id]
	if !ok {
		return Article{}, false
	}
	n := &g.nodes[x]
	return Article{ID: n.id, Source: n.source, URL: n.url, Published: n.published, Seen: n.seen}, true
}
