package provenance

import (
	"math"
	"slices"
)

// maxExact is the most candidate sources of one article whose coverage is
// counted exactly from the texts (see [Tracker.exactCovers]): the
// earliest of those whose estimates are within exactSteps steps of
// SourceResolution (0.2) of the best one. It bounds the cost of a story
// copied thousands of times to 8 matches per copy.
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

// rankShares returns the shares of their node found in the other article
// by which links a and b are ranked as sources: their exact coverages when
// both were counted from the texts, else their containment estimates.
// Exact and estimated figures are not compared: an estimate leaves out
// learned boilerplate, an exact coverage counts it.
func rankShares(a, b link) (float64, float64) {
	if a.cover.known && b.cover.known {
		return float64(a.cover.aInB), float64(b.cover.aInB)
	}
	return a.scores.AInB, b.scores.AInB
}

// exactCovers returns, for the links of new article a (parallel to
// links; nil when none is counted), the exact coverages of the links that
// can be its primary source: those whose containment estimates are within
// exactSteps steps of SourceResolution of the best one, at most maxExact
// of them, the earliest first (ties between exact figures go to the
// earliest). MinHash estimates a containment near Jaccard 0.5 to within
// about ±0.15, so a reprint cut short like a sibling reprint was
// estimated as less contained in the original than in the sibling in a
// third of Reuters stories; the exact figures rank them right. It needs
// the texts (Config.KeepText) and t.mu held; a tracker replaying its
// store counts the same figures from the stored texts.
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
	var p Passages
	for k, i := range near {
		if k == 0 {
			p = m.AppendMatch(p.Passages[:0], a.Text, t.texts[links[i].ID])
		} else {
			p = m.appendMatchAgain(p.Passages[:0], t.texts[links[i].ID])
		}
		covers[i] = cover{aInB: float32(p.CopyCoverage), bInA: float32(p.SourceCoverage), known: true}
	}
	return covers
}
