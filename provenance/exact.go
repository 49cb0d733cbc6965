package provenance

import (
	"math"
	"slices"
)

// maxExact is the most candidate sources of one article whose coverage is
// counted exactly from the texts (see [Tracker.exactCovers]): the
// earliest of those whose estimates are within exactSteps steps of the
// best one.
const (
	maxExact   = 8
	exactSteps = 4
)

// cover is how much of a link's two articles each holds of the other,
// counted exactly from their texts by a [Matcher]: aInB is the share of
// A's shingles in passages taken from B ([Passages.CopyCoverage]), bInA
// the share of B's shingles in those passages. Known is false when the
// texts were not at hand; the graph then ranks by the MinHash estimate.
type cover struct {
	aInB, bInA float32
	known      bool
}

func (c cover) swap() cover { c.aInB, c.bInA = c.bInA, c.aInB; return c }

// rankShare is the share of a link's node found in the other article by
// which candidate sources are ranked: the exact coverage when the texts
// were at hand, else the containment estimate.
func (l link) rankShare() float64 {
	if l.cover.known {
		return float64(l.cover.aInB)
	}
	return l.scores.AInB
}

// exactCovers returns, for the links of new article a (parallel to
// links; nil when none is counted), the exact coverages of the links that
// can be its primary source: those whose containment estimates are within
// exactSteps steps of SourceResolution of the best one, at most maxExact
// of them, the earliest first. MinHash estimates a containment near
// Jaccard 0.5 to within ±0.1, so a reprint cut short like a sibling
// reprint can be estimated as less contained in the original than in
// the sibling; the exact figures rank them right. It needs the texts
// (Config.KeepText) and t.mu held.
func (t *Tracker) exactCovers(a Article, links []Link) []cover {
	if !t.keepText || a.Text == "" || len(links) < 2 {
		return nil // one candidate needs no ranking
	}
	best := math.Inf(-1)
	for _, l := range links {
		best = max(best, l.Scores.AInB)
	}
	var near []int // indexes into links
	for i, l := range links {
		if _, ok := t.texts[l.ID]; ok && containmentStep(l.Scores.AInB) >= containmentStep(best)-exactSteps {
			near = append(near, i)
		}
	}
	if len(near) < 2 {
		return nil
	}
	if len(near) > maxExact {
		g := t.graph
		slices.SortStableFunc(near, func(i, j int) int {
			return g.compare(g.byID[links[i].ID], g.byID[links[j].ID])
		})
		near = near[:maxExact]
	}
	m := t.matchers.Get().(*Matcher)
	defer t.matchers.Put(m)
	covers := make([]cover, len(links))
	for _, i := range near {
		p := m.AppendMatch(nil, a.Text, t.texts[links[i].ID])
		covers[i] = cover{aInB: float32(p.CopyCoverage), bInA: float32(p.SourceCoverage), known: true}
	}
	return covers
}
