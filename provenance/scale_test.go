package provenance_test

import (
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/reprintlab/reprint/provenance"
)

// syndicate adds seed 001 as a wire story, then n reprints of it, one a
// minute, half of them verbatim and half with their outlet's credit line.
func syndicate(t testing.TB, tr *provenance.Tracker, n int) {
	wire := seedArticle(t, 1)
	t0 := time.Date(2024, 11, 6, 9, 0, 0, 0, time.UTC)
	wire.ID, wire.Published = "wire", t0
	add(t, tr, wire)
	for i := range n {
		text := wire.Text
		if i%2 == 1 {
			text = fmt.Sprintf("%s\n\nThis story was republished by outlet number %d under licence.", text, i)
		}
		add(t, tr, provenance.Article{ID: fmt.Sprint("copy-", i), Text: text, Published: t0.Add(time.Duration(i+1) * time.Minute)})
	}
}

func TestThousandsOfReprintsOfOneWire(t *testing.T) {
	// Every reprint matches every earlier one. Each keeps MaxLinks links,
	// the best and earliest, so the wire stays the origin, early copies
	// name it as their source and the story holds every copy.
	const n = 600
	tr := newTracker(t, provenance.Config{})
	syndicate(t, tr, n)
	stories := storiesOf(tr)
	require.Len(t, stories, 1)
	assert.Equal(t, "wire", stories[0].Origin)
	assert.Len(t, stories[0].Articles, n+1)
	for i := range n {
		id := fmt.Sprint("copy-", i)
		require.NotEmpty(t, tr.Sources(id), id)
		origin, _ := tr.Origin(id)
		assert.Equal(t, "wire", origin)
	}
	// Verbatim reprints tie with the wire on every score, and ties go to
	// the earliest: the wire is kept by all of them.
	copies := map[string]bool{}
	for _, e := range tr.Copies("wire") {
		copies[e.Copy] = true
	}
	for i := 0; i < n; i += 2 {
		assert.True(t, copies[fmt.Sprint("copy-", i)], "verbatim copy-%d links to the wire", i)
	}
}

// BenchmarkReprintsOfOneWire times a wire story followed by n reprints,
// which all match one another: the cost per article must not grow with n.
func BenchmarkReprintsOfOneWire(b *testing.B) {
	for _, n := range []int{500, 2000, 5000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			b.ReportAllocs()
			var perArticle float64
			for b.Loop() {
				var before, after runtime.MemStats
				runtime.GC()
				runtime.ReadMemStats(&before)
				tr := newTracker(b, provenance.Config{})
				syndicate(b, tr, n)
				runtime.GC()
				runtime.ReadMemStats(&after)
				perArticle = float64(after.HeapAlloc-before.HeapAlloc) / float64(n+1)
				runtime.KeepAlive(tr)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*(n+1)), "ns/article")
			b.ReportMetric(perArticle, "bytes/article")
		})
	}
}
