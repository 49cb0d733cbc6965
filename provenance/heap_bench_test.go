package provenance_test

import (
	"fmt"
	"runtime"
	"runtime/metrics"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/reprintlab/reprint/dedup"
	"github.com/reprintlab/reprint/provenance"
)

// chainGraph adds n articles to g, each linked to the 8 before it (a
// story told again and again), with distinct scores per link.
func chainGraph(t testing.TB, g *provenance.Graph, n int) {
	t0 := time.Date(2024, 11, 6, 9, 0, 0, 0, time.UTC)
	var links []provenance.Link
	for i := range n {
		links = links[:0]
		for j := max(0, i-8); j < i; j++ {
			c := 0.5 + float64(j%7)/20
			links = append(links, provenance.Link{ID: fmt.Sprint("a", j), Shingles: 100, Scores: dedup.Scores{Jaccard: c / 2, AInB: c, BInA: c * 0.9, Shared: 100 * c}})
		}
		a := provenance.Article{ID: fmt.Sprint("a", i), Source: "wire", Published: t0.Add(time.Duration(i) * time.Minute)}
		require.NoError(t, g.Add(a, 100, links))
	}
}

func TestGraphMemoryPerArticleWithLinks(t *testing.T) {
	// Each article links to the 8 before it, so every article holds 16
	// ends of links. A link kept once, with an 8-byte end on each side,
	// costs 72 bytes; kept whole on both sides with append's slack, it
	// cost 144 bytes and more: 1,535 bytes per article here before,
	// 926 now (node, ID, map entry and links).
	if raceEnabled {
		t.Skip("the race detector's bookkeeping muddles heap figures")
	}
	const n = 4000
	heap := func() uint64 {
		var m runtime.MemStats
		runtime.GC()
		runtime.GC()
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	// The graph's size is what a collection frees when it goes: a
	// difference taken before it was built would count other tests'
	// garbage collected meanwhile.
	g := provenance.NewGraph(0)
	chainGraph(t, g, n)
	with := heap()
	runtime.KeepAlive(g)
	g = nil
	without := heap()
	perArticle := (float64(with) - float64(without)) / n
	t.Logf("%.0f bytes per article", perArticle)
	assert.Greater(t, perArticle, 200.0, "the measure saw the graph")
	assert.Less(t, perArticle, 1200.0)
}

// BenchmarkLiveHeapPerArticle adds a stream of synthetic articles (see
// newsStream: originals, copies, stitched copies, chains) to a tracker
// without texts (the flagger's -passages=false), with the second index
// on and off, at sizes swept, and reports the tracker's live heap per
// article after a full collection with the tracker still reachable, less
// what an empty tracker holds (fixed-MB: the boilerplate counts, and the
// word counts of the second index): it must stay flat as the stream
// grows. ns/article is wall time; gc-cycles the collections while adding.
//
//	go test ./provenance -run '^$' -bench LiveHeapPerArticle -benchtime 1x
func BenchmarkLiveHeapPerArticle(b *testing.B) {
	heap := func() float64 {
		var m runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&m)
		return float64(m.HeapAlloc)
	}
	for _, rewrites := range []bool{true, false} {
		for _, n := range []int{2_000, 8_000, 32_000} {
			b.Run(fmt.Sprintf("rewrites=%v/n=%d", rewrites, n), func(b *testing.B) {
				cfg := provenance.Config{DisableRewrites: !rewrites}
				articles := newsStream(1, n)
				base := heap()
				empty := newTracker(b, cfg)
				fixed := heap() - base
				runtime.KeepAlive(empty)
				gc := []metrics.Sample{{Name: "/gc/cycles/total:gc-cycles"}}
				var live, cycles float64
				for b.Loop() {
					before := heap()
					metrics.Read(gc)
					start := gc[0].Value.Uint64()
					tr := newTracker(b, cfg)
					for _, a := range articles {
						add(b, tr, a)
					}
					metrics.Read(gc)
					cycles = float64(gc[0].Value.Uint64() - start)
					live = heap() - before
					runtime.KeepAlive(tr)
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/article")
				b.ReportMetric((live-fixed)/float64(n), "live-B/article")
				b.ReportMetric(fixed/(1<<20), "fixed-MB")
				b.ReportMetric(cycles, "gc-cycles")
			})
		}
	}
}
