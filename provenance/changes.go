package provenance

import (
	"math"
	"slices"
)

// AddWithChanges adds article a as [Tracker.Add] does, and also returns
// the verdicts of the articles added earlier that this addition changed
// (their story, origin, sources or Uncredited flag), as they stand now,
// in the order they were added. An article changes earlier ones when it
// is placed before articles it shares text with, such as one published
// earlier than a story's origin that arrives after it (see [Graph]). A
// stream of verdicts is then complete: each article's verdict when it is
// added, and a new verdict whenever a later addition changes it.
//
// With a shared index (Config.Indexer), the changes include those made
// by other trackers' articles applied in the same call. The first call
// on a tracker costs a pass over its articles (it notes each one's
// verdict); from then on every addition, by Add too, costs the
// verdicts of the articles it may change. Errors are those of Add; on an
// error no change is returned. It is safe for concurrent use.
func (t *Tracker) AddWithChanges(a Article) (Verdict, []Verdict, error) {
	t.startTracking()
	var changed []Verdict
	v, err := t.addArticle(a, &changed)
	if err != nil {
		return Verdict{}, nil, err
	}
	return v, changed, nil
}

// startTracking notes every article's verdict, the first time changes
// are asked for: from then on every addition notes the verdicts it
// changes.
func (t *Tracker) startTracking() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.tracking {
		return
	}
	for x := range t.graph.nodes {
		if t.graph.nodes[x].state == live {
			t.graph.nodes[x].reported = verdictHash(t.graph.verdict(x))
		}
	}
	t.tracking = true
}

// noteChanges, after article x was applied to the graph, notes its
// verdict and those of the earlier articles it may have changed, and
// appends the changed ones to t.changed. It runs only once
// AddWithChanges was called.
func (t *Tracker) noteChanges(x int) {
	g := t.graph
	g.nodes[x].reported = verdictHash(g.verdict(x))
	if len(g.touched) == 0 && len(g.reparented) == 0 {
		return // x follows every article it links to: it changed none
	}
	set := map[int]bool{}
	for _, y := range g.touched {
		set[y] = true
	}
	if len(g.reparented) > 0 {
		// New primary sources move subtrees: their articles' origins
		// and story IDs, and the sources of articles that link to them
		// (grouped by story), may change.
		trees := map[int]bool{}
		for _, rp := range g.reparented {
			trees[g.root(rp.node)] = true
			if g.nodes[rp.oldRoot].state != removed {
				trees[g.root(rp.oldRoot)] = true
			}
		}
		var buf []int
		for r := range trees {
			buf = g.members(buf[:0], r)
			for _, m := range buf {
				set[m] = true
				for l := range g.links(m) {
					set[l.other] = true
				}
			}
		}
	}
	delete(set, x)
	ys := make([]int, 0, len(set))
	for y := range set {
		if g.nodes[y].state == live {
			ys = append(ys, y)
		}
	}
	slices.SortFunc(ys, func(a, b int) int { return g.nodes[a].seq - g.nodes[b].seq })
	for _, y := range ys {
		v := g.verdict(y)
		if h := verdictHash(v); h != g.nodes[y].reported {
			g.nodes[y].reported = h
			if t.changed != nil {
				*t.changed = append(*t.changed, v)
			}
		}
	}
}

// verdictHash hashes what an addition can change of a verdict (FNV-1a,
// 64 bits); never 0.
func verdictHash(v Verdict) uint64 {
	h := uint64(14695981039346656037)
	word := func(x uint64) {
		for range 8 {
			h = (h ^ (x & 0xff)) * 1099511628211
			x >>= 8
		}
	}
	str := func(s string) {
		word(uint64(len(s)))
		for i := 0; i < len(s); i++ {
			h = (h ^ uint64(s[i])) * 1099511628211
		}
	}
	str(v.Story)
	str(v.Origin)
	word(uint64(len(v.Sources)))
	for _, e := range v.Sources {
		str(e.Source)
		word(math.Float64bits(e.Containment))
		word(math.Float64bits(e.Reused))
		word(math.Float64bits(e.Jaccard))
		word(math.Float64bits(e.Shared))
		word(b2u(e.Partial))
		word(uint64(e.Kind))
		word(b2u(e.Aligned))
		word(math.Float64bits(e.Score))
	}
	word(b2u(v.Uncredited))
	return max(h, 1)
}

func b2u(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}
