package provenance

import (
	"slices"
	"time"
)

// The window's clock.
//
// A Window is measured back from the window clock, not from the newest
// time ever added: one article dated 9999-12-31 would otherwise put every
// other article out of the window at once, and keep it there. The clock
// is the latest of the recent attribution times that is not an outlier:
//
//   - recent: the last clockSamples attribution times added (articles
//     without a time do not count);
//   - not an outlier: at most the upper fence of those times, their
//     third quartile plus clockFenceIQR times their interquartile range
//     (at least clockMinSlack);
//   - before clockMinSamples times were added, there is no clock and no
//     article leaves the window.
//
// A time ahead of the fence does not move the clock until a quarter of
// the recent times are as far ahead (a feed that resumes after a pause),
// so a burst of fewer than clockSamples/4 wrong dates never moves it, and
// a date an outlier but within the fence moves it by at most the fence's
// slack. Dates in the past never move it forward; a majority of them can
// hold it back, which keeps articles in the index longer, never shorter.
// The clock is a function of the sequence of times added, so a tracker
// reopened from a store ([Open]), which replays its records in order,
// computes the same clock, whatever dates the store holds.
const (
	clockSamples    = 256
	clockMinSamples = 16
	clockFenceIQR   = 3
	clockMinSlack   = time.Hour
)

// windowClock is the clock a Window is measured back from (see above).
// Its zero value has seen no time.
type windowClock struct {
	recent []time.Time // ring of the last clockSamples times, in arrival order
	next   int         // where the next time goes in recent, once full
	sorted []time.Time // recent, sorted
}

// observe adds an attribution time.
func (c *windowClock) observe(at time.Time) {
	if len(c.recent) < clockSamples {
		c.recent = append(c.recent, at)
	} else {
		old := c.recent[c.next]
		c.recent[c.next] = at
		c.next = (c.next + 1) % clockSamples
		i, _ := slices.BinarySearchFunc(c.sorted, old, time.Time.Compare)
		c.sorted = slices.Delete(c.sorted, i, i+1)
	}
	i, _ := slices.BinarySearchFunc(c.sorted, at, time.Time.Compare)
	c.sorted = slices.Insert(c.sorted, i, at)
}

// now returns the clock, and false while too few times were added.
func (c *windowClock) now() (time.Time, bool) {
	n := len(c.sorted)
	if n < clockMinSamples {
		return time.Time{}, false
	}
	q1, q3 := c.sorted[(n-1)/4], c.sorted[3*(n-1)/4]
	slack := clockMinSlack
	// Sub saturates on spans of centuries; keep the product from
	// overflowing too.
	if iqr := q3.Sub(q1); iqr > slack/clockFenceIQR {
		slack = iqr
		if slack < maxDuration/clockFenceIQR {
			slack *= clockFenceIQR
		}
	}
	fence := q3.Add(slack)
	// The latest time at most the fence: sorted is ascending.
	i, found := slices.BinarySearchFunc(c.sorted, fence, time.Time.Compare)
	if found {
		for i+1 < n && c.sorted[i+1].Equal(fence) {
			i++
		}
		return c.sorted[i], true
	}
	return c.sorted[i-1], true // i > 0: sorted[3(n-1)/4] <= fence
}

const maxDuration = time.Duration(1<<63 - 1)
