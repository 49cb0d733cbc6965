package provenance_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/reprintlab/reprint/dedup"
	"github.com/reprintlab/reprint/provenance"
)

// TestUncreditedVerdictMakesEachOutletFormOnce: a verdict says whether a
// copy credits nobody though its source is another outlet's, comparing
// the outlets named by both articles' Source and URL. That used to make
// every outlet form again for each of the four pairs (eight forms, each
// several allocations), for every verdict, twice per article in the
// flagger: the report's costliest step at 1M articles. Now each form is
// made once per verdict, and a Source's once per graph. The verdicts are
// the same: same outlet by Source, by URL, across Source and URL, or not.
func TestUncreditedVerdictMakesEachOutletFormOnce(t *testing.T) {
	t0 := time.Date(2024, 11, 6, 9, 0, 0, 0, time.UTC)
	g := provenance.NewGraph(0)
	wire := provenance.Article{ID: "wire", Source: "wire:reuters", URL: "https://www.reuters.com/world/rates-1", Published: t0}
	require.NoError(t, g.Add(wire, 100, nil))
	full := dedup.Scores{AInB: 1, BInA: 1, Jaccard: 1}
	cases := []struct {
		id, source, url string
		uncredited      bool
	}{
		{"bare", "site:valley-post", "https://valleypost.example/rates", true},
		{"same source", "Reuters", "https://valleypost.example/rates-2", false},
		{"same site", "site:valley-post", "https://www.reuters.com/world/rates-copy", false},
		{"source names the site", "reuters.com", "", false},
		{"outlet unknown", "", "", false},
	}
	for i, c := range cases {
		a := provenance.Article{ID: c.id, Source: c.source, URL: c.url, Published: t0.Add(time.Duration(i+1) * time.Hour)}
		require.NoError(t, g.Add(a, 100, []provenance.Link{{ID: "wire", Shingles: 100, Scores: full}}))
		v, ok := g.Verdict(c.id)
		require.True(t, ok)
		require.True(t, v.IsCopy(), c.id)
		assert.Equal(t, c.uncredited, v.Uncredited, c.id)
	}
	allocs := testing.AllocsPerRun(100, func() { g.Verdict("bare") })
	t.Logf("%.0f allocations per verdict of an uncredited copy", allocs)
	assert.LessOrEqual(t, allocs, 20.0, "allocations per verdict of an uncredited copy")
}
