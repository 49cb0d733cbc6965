package provenance

import (
	"math"
	"time"

	"github.com/reprintlab/reprint/dedup"
)

// storySaturation is the tracker's rule for band buckets crowded with
// copies of one story (see [dedup.Saturation]): a query stops scanning a
// bucket after MaxLinks+1 matches in the top containment step that come
// before the rest in attribution order (see place). The graph keeps an
// article's MaxLinks best links, ranked by containment step and then
// attribution order, so the links it keeps, the primary source among
// them and the stories are those of a full scan, in whatever order
// articles come. One more than MaxLinks keeps a saturated query above
// MaxLinks links, so that the graph ranks them exactly as it ranks a full
// scan's.
var storySaturation = dedup.Saturation{Copies: MaxLinks + 1, MinShare: topStepShare()}

// topStepShare returns the smallest containment whose step
// (containmentStep) is that of 1: every share at least as large ranks in
// the top step.
func topStepShare() float64 {
	top := containmentStep(1)
	x := 1 - SourceResolution/2
	for containmentStep(x) < top {
		x = math.Nextafter(x, 2)
	}
	return x
}

// withSaturation returns the config of a tracker's own index: with the
// tracker's saturation rule unless the config sets one.
func withSaturation(c dedup.IndexConfig) dedup.IndexConfig {
	if c.Saturation == (dedup.Saturation{}) {
		c.Saturation = storySaturation
	}
	return c
}

// unplaced returns the place of an article indexed before the graph has
// placed it (see [dedup.Place]): from its Published (else Seen) time,
// rounded down to whole seconds, which a link can only move later (see
// [Graph]), to unknown; articles without a time come after all others.
// place then sets its Latest.
func unplaced(a Article) dedup.Place {
	at := a.Published
	if at.IsZero() {
		at = a.Seen
	}
	if at.IsZero() {
		return dedup.Place{Earliest: math.MaxUint64, Latest: math.MaxUint64}
	}
	return dedup.Place{Earliest: seconds(at, false), Latest: math.MaxUint64}
}

// place gives the tracker's own index the attribution time the graph gave
// node x, if indexed, rounded up to whole seconds: from then on x counts
// for saturation once no article added after it has an earlier time.
// Called under t.mu.
func (t *Tracker) place(x int, indexed bool) {
	if n := &t.graph.nodes[x]; t.local != nil && indexed && n.timed {
		_, _ = t.local.SetLatest(n.id, seconds(n.at, true)) // at is never before the time placed at
	}
}

// seconds maps t to whole seconds, rounded down or up, in an order that
// uint64 comparison keeps (below math.MaxUint64, which time.Time cannot
// reach).
func seconds(t time.Time, up bool) uint64 {
	s := t.Unix()
	if up && t.Nanosecond() > 0 {
		s++
	}
	return uint64(s) ^ 1<<63
}
