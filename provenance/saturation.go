package provenance

import (
	"math"

	"github.com/reprintlab/reprint/dedup"
)

// storySaturation is the tracker's rule for band buckets crowded with
// copies of one story (see [dedup.Saturation]): a query stops scanning a
// bucket after MaxLinks+1 matches in the top containment step, added
// before the rest. The graph keeps an article's MaxLinks best links,
// ranked by containment step and then attribution order, so the links it
// keeps, the primary source among them and the stories are those of a
// full scan, as long as articles are added in the order of their times
// (up to the clock skew). One more than MaxLinks keeps a saturated query
// above MaxLinks links, so that the graph ranks them exactly as it ranks
// a full scan's.
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
