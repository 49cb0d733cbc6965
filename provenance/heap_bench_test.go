package provenance_test

import (
	"fmt"
	"runtime"
	"runtime/metrics"
	"testing"

	"github.com/reprintlab/reprint/provenance"
)

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
