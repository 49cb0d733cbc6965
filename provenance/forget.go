package provenance

import (
	"slices"
	"time"
)

// Forgetting (Config.Forget): an article that left the window leaves the
// graph too, so that a tracker on an endless stream keeps memory for the
// window's articles only. What the remembered articles' verdicts say of
// it stays as it stood:
//
//   - a remembered copy keeps its edge to a forgotten source (the best
//     one per story), with its scores; it still competes, by the usual
//     rules, with sources added later;
//   - a story keeps its ID and origin ID, as strings, when the articles
//     they name are forgotten: a forgotten origin with remembered copies
//     stays in the graph as an anchor, a node without an article that
//     only names the origin, until its last copy is forgotten or finds
//     an earlier source; a forgotten first-seen article's ID is pinned
//     on its tree's root;
//   - a copy whose primary source is forgotten keeps its Uncredited
//     flag as it stood.
//
// A forgotten article is unknown to every query (Verdict, Origin,
// Sources, Copies, Claims, Passages, Boilerplate), is left out of
// Articles, Stories, WriteJSON and Len, and its ID can be added again as
// a new article. Its verdict can no longer change: later articles cannot
// match it, as it left the index first.

// nodeState says what a node of the graph is.
type nodeState uint8

const (
	live    nodeState = iota // a remembered article
	anchor                   // a forgotten origin that roots remembered copies; its id is their Origin
	removed                  // the slot of a forgotten article, dropped at the next compaction
)

// past is what a remembered node keeps of forgotten articles.
type past struct {
	// storyID and storySeq pin the first-seen article of the node's
	// tree once it is forgotten, so that the story keeps its ID.
	storyID  string
	storySeq int
	// sources are forgotten articles that can be the node's source, the
	// best one per story.
	sources []lostSource
	// parentGone is true while the node's primary source is forgotten;
	// uncredited is its verdict's Uncredited as it stood then.
	parentGone, uncredited bool
}

// lostSource is a forgotten source of a remembered article: the edge as
// it stood, the source's story ID then, and its place in attribution
// order.
type lostSource struct {
	edge  Edge
	story string
	timed bool
	at    time.Time
	seq   int
}

// reparent records that node was given a new primary source; oldRoot
// was the root of its tree before.
type reparent struct{ node, oldRoot int }

// precedes is the attribution order (see [Graph.before]) on places.
func precedes(aTimed bool, aAt time.Time, aSeq int, bTimed bool, bAt time.Time, bSeq int) bool {
	if aTimed != bTimed {
		return aTimed
	}
	if aTimed && !aAt.Equal(bAt) {
		return aAt.Before(bAt)
	}
	return aSeq < bSeq
}

// edgeRank is sourceRank for an edge.
func edgeRank(e *Edge) int { return sourceRank(e.Kind, e.Aligned, e.Containment, e.Score) }

// lostBeats reports whether the forgotten source ls is a better source
// than link l to node y (see [Graph.better]).
func (g *Graph) lostBeats(ls *lostSource, l link, y int) bool {
	if qa, qb := edgeRank(&ls.edge), sourceRank(l.kind, l.aligned, l.scores.AInB, l.score); qa != qb {
		return qa > qb
	}
	o := &g.nodes[y]
	return precedes(ls.timed, ls.at, ls.seq, o.timed, o.at, o.seq)
}

// lostSourceWins reports whether one of x's forgotten sources is better
// than its best remembered candidate (best, through bestLink; -1 for
// none): x's primary source then stays as it is.
func (g *Graph) lostSourceWins(x, best int, bestLink link) bool {
	p := g.nodes[x].past
	if p == nil || len(p.sources) == 0 {
		return false
	}
	if best < 0 {
		return slices.ContainsFunc(p.sources, func(ls lostSource) bool { return ls.edge.Kind >= g.storyKind })
	}
	for i := range p.sources {
		if ls := &p.sources[i]; ls.edge.Kind >= g.storyKind && g.lostBeats(ls, bestLink, best) {
			return true
		}
	}
	return false
}

// sourcesWithLost is sources for a node with forgotten sources: best
// holds its best remembered link in each tree, roots the trees' roots.
// Forgotten sources join the story of their story ID.
func (g *Graph) sourcesWithLost(x int, best []link, roots []int) []Edge {
	type cand struct {
		edge  Edge
		timed bool
		at    time.Time
		seq   int
		story string
	}
	cands := make([]cand, 0, len(best)+len(g.nodes[x].past.sources))
	for i, l := range best {
		o := &g.nodes[l.other]
		cands = append(cands, cand{g.edge(x, l), o.timed, o.at, o.seq, g.storyID(roots[i])})
	}
	better := func(a, b *cand) bool {
		if qa, qb := edgeRank(&a.edge), edgeRank(&b.edge); qa != qb {
			return qa > qb
		}
		return precedes(a.timed, a.at, a.seq, b.timed, b.at, b.seq)
	}
	for _, ls := range g.nodes[x].past.sources {
		c := cand{ls.edge, ls.timed, ls.at, ls.seq, ls.story}
		if i := slices.IndexFunc(cands, func(o cand) bool { return o.story == c.story }); i >= 0 {
			if better(&c, &cands[i]) {
				cands[i] = c
			}
			continue
		}
		cands = append(cands, c)
	}
	slices.SortFunc(cands, func(a, b cand) int {
		if better(&a, &b) {
			return -1
		}
		return 1
	})
	edges := make([]Edge, len(cands))
	for i := range cands {
		edges[i] = cands[i].edge
	}
	return edges
}

// addLost keeps ls as a forgotten source of x, if it is the best one of
// its story.
func (g *Graph) addLost(x int, ls lostSource) {
	n := &g.nodes[x]
	if n.past == nil {
		n.past = &past{}
	}
	for i := range n.past.sources {
		if cur := &n.past.sources[i]; cur.story == ls.story {
			q, qc := edgeRank(&ls.edge), edgeRank(&cur.edge)
			if q > qc || q == qc && precedes(ls.timed, ls.at, ls.seq, cur.timed, cur.at, cur.seq) {
				*cur = ls
			}
			return
		}
	}
	n.past.sources = append(n.past.sources, ls)
}

// pin records on node r that its tree's first-seen article is the
// forgotten id, added as seq.
func (g *Graph) pin(r int, id string, seq int) {
	n := &g.nodes[r]
	if n.past == nil {
		n.past = &past{}
	}
	if n.past.storyID == "" || seq < n.past.storySeq {
		n.past.storyID, n.past.storySeq = id, seq
	}
}

// liveMembers appends the remembered articles of the tree rooted at r
// to dst.
func (g *Graph) liveMembers(dst []int, r int) []int {
	start := len(dst)
	dst = g.members(dst, r)
	kept := dst[:start]
	for _, m := range dst[start:] {
		if g.nodes[m].state == live {
			kept = append(kept, m)
		}
	}
	return kept
}

// forget drops article x from the graph (see the comment at the top of
// this file). It runs in time linear in x's links and children.
func (g *Graph) forget(x int) {
	n := &g.nodes[x]
	if n.state != live {
		return
	}
	g.outlets.scan(g.nodes) // the outlets of forgotten articles stay known
	r := g.root(x)
	story := g.storyID(r)
	storySeq, pinned := n.seq, story == n.id
	if !pinned && n.past != nil && n.past.storyID == story {
		storySeq, pinned = n.past.storySeq, true
	}
	// Remembered articles that x can be a source of keep it as a lost
	// source; every link to x goes.
	for _, h := range n.links {
		other := int(h.other)
		y := &g.nodes[other]
		j := slices.IndexFunc(y.links, func(b halfLink) bool { return int(b.other) == x })
		if j < 0 {
			continue // not reached: links are kept on both sides
		}
		if back := g.view(y.links[j]); g.canSource(other, back) {
			g.addLost(other, lostSource{edge: g.edge(other, back), story: story, timed: n.timed, at: n.at, seq: n.seq})
		}
		y.links = slices.Delete(y.links, j, j+1)
		g.linkStore.release(h.rec &^ flippedLink)
	}
	n.links = nil
	for _, c := range n.children {
		cn := &g.nodes[c]
		if cn.past == nil {
			cn.past = &past{}
		}
		if !cn.past.parentGone {
			cn.past.parentGone = true
			cn.past.uncredited = len(cn.credited) == 0 && g.otherOutlet(cn, n)
		}
	}
	p := n.parent
	if p >= 0 {
		ch := g.nodes[p].children
		if i := slices.Index(ch, x); i >= 0 {
			g.nodes[p].children = slices.Delete(ch, i, i+1)
		}
	}
	switch {
	case len(n.children) > 0 && p < 0:
		// The origin of remembered copies: it stays as their anchor.
		delete(g.byID, n.id)
		n.state = anchor
		g.anchors++
		n.source, n.url, n.credited, n.published, n.seen = "", "", nil, time.Time{}, time.Time{}
		n.past = nil
		if pinned {
			g.pin(x, story, storySeq)
		}
		return
	case len(n.children) > 0:
		// Its copies are adopted by its source: the story's tree and
		// origin stay as they are.
		for _, c := range n.children {
			g.nodes[c].parent = p
			g.nodes[p].children = append(g.nodes[p].children, c)
		}
	}
	g.remove(x)
	if p >= 0 {
		if pinned {
			g.pin(r, story, storySeq)
		}
		if g.nodes[p].state == anchor && len(g.nodes[p].children) == 0 {
			g.remove(p) // its story has no article left
		}
	}
}

// remove empties node x's slot, for the next compaction.
func (g *Graph) remove(x int) {
	n := &g.nodes[x]
	switch n.state {
	case removed:
		return
	case anchor:
		g.anchors--
	case live:
		delete(g.byID, n.id)
	}
	delete(g.story, x)
	*n = node{state: removed, parent: -1}
	g.removed++
}

// compactAfter is the number of removed slots, at least, that make
// compact worth its pass over the graph: then half the slots or more.
const compactAfter = 1024

// compactIfDue drops the slots of forgotten articles once they are half
// the graph, renumbering the nodes that stay (their order is kept).
func (g *Graph) compactIfDue() {
	if g.removed < compactAfter || 2*g.removed < len(g.nodes) {
		return
	}
	g.outlets.scan(g.nodes)
	renum := make([]int, len(g.nodes))
	kept := 0
	for x := range g.nodes {
		renum[x] = -1
		if g.nodes[x].state != removed {
			renum[x] = kept
			kept++
		}
	}
	nodes := make([]node, 0, kept) // a new array: the old one's memory goes
	for x := range g.nodes {
		n := g.nodes[x]
		if n.state == removed {
			continue
		}
		if n.parent >= 0 {
			n.parent = renum[n.parent]
		}
		for i, c := range n.children {
			n.children[i] = renum[c]
		}
		for i := range n.links {
			n.links[i].other = int32(renum[n.links[i].other])
		}
		nodes = append(nodes, n)
	}
	g.nodes = nodes
	for id, x := range g.byID {
		g.byID[id] = renum[x]
	}
	clear(g.story)
	g.outlets.scanned = len(nodes)
	g.removed = 0
	g.touched, g.reparented = g.touched[:0], g.reparented[:0]
}
