package provenance

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/reprintlab/reprint/dedup"
)

// chainGraph adds n articles to g, each linked to the 8 before it (a
// story told again and again), with distinct scores per link.
func chainGraph(t testing.TB, g *Graph, n int) {
	t0 := time.Date(2024, 11, 6, 9, 0, 0, 0, time.UTC)
	var links []Link
	for i := range n {
		links = links[:0]
		for j := max(0, i-8); j < i; j++ {
			c := 0.5 + float64(j%7)/20
			links = append(links, Link{ID: fmt.Sprint("a", j), Shingles: 100, Scores: dedup.Scores{Jaccard: c / 2, AInB: c, BInA: c * 0.9, Shared: 100 * c}})
		}
		a := Article{ID: fmt.Sprint("a", i), Source: "wire", Published: t0.Add(time.Duration(i) * time.Minute)}
		require.NoError(t, g.Add(a, 100, links))
	}
}

func TestLinksSeenFromBothSides(t *testing.T) {
	// A link is one record; each side sees it from its own side: the
	// later article's containment in the earlier is the earlier one's
	// reuse of the later.
	g := NewGraph(0)
	chainGraph(t, g, 20)
	assert.Equal(t, uint32(8*20-(1+2+3+4+5+6+7+8)), g.linkStore.next, "one record per link")
	for x := range g.nodes {
		for l := range g.links(x) {
			var back link
			found := 0
			for b := range g.links(l.other) {
				if b.other == x {
					back, found = b, found+1
				}
			}
			require.Equal(t, 1, found)
			assert.Equal(t, l.scores.Swap(), back.scores)
			assert.Equal(t, l.kind, back.kind)
			assert.Equal(t, l.score, back.score)
		}
	}
	// a9 holds 0.55 to 0.8 of a1..a8, best of a6: one story, one source.
	e := g.Sources("a9")
	require.Len(t, e, 1)
	assert.Equal(t, "a6", e[0].Source)
	assert.InDelta(t, 0.8, e[0].Containment, 1e-12)
	assert.InDelta(t, 0.72, e[0].Reused, 1e-12)
}

func TestForgottenLinksAreReused(t *testing.T) {
	// Forgetting an article frees its links' records; the next links
	// take them, so an endless stream with Forget keeps a flat store.
	g := NewGraph(0)
	chainGraph(t, g, 20)
	used := g.linkStore.next
	g.forget(g.byID["a0"])
	assert.Len(t, g.linkStore.free, 8, "a0 was linked to a1..a8")
	chainGraph2 := []Link{{ID: "a19", Shingles: 100, Scores: dedup.Scores{Jaccard: 0.5, AInB: 1, BInA: 1, Shared: 100}}}
	require.NoError(t, g.Add(Article{ID: "b", Published: time.Date(2024, 11, 7, 0, 0, 0, 0, time.UTC)}, 100, chainGraph2))
	assert.Equal(t, used, g.linkStore.next, "a freed record was reused")
	assert.Len(t, g.linkStore.free, 7)
	v, _ := g.Verdict("b")
	require.Len(t, v.Sources, 1)
	assert.Equal(t, "a19", v.Sources[0].Source)
	assert.Equal(t, 1.0, v.Sources[0].Containment)
}

func TestTrackerSizedFromIndexCapacity(t *testing.T) {
	// The index's Capacity, the articles expected, sizes the graph and
	// the second index up front: no copy of the growing node array
	// (twice its size in memory while it is copied) and no slack.
	tr, err := New(Config{Index: dedup.IndexConfig{Capacity: 5000}})
	require.NoError(t, err)
	assert.GreaterOrEqual(t, cap(tr.graph.nodes), 5000)
}
