package provenance_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/reprintlab/reprint/dedup"
	"github.com/reprintlab/reprint/provenance"
)

// TestSourceResolutionRanksInSteps guards the documented primary-source
// rule: candidate sources are ranked by containment rounded to steps of
// SourceResolution (0.05), then the earliest wins. An earlier source that
// holds the copy at 0.98 ties with a later one at 1.0 (same step: the
// earlier is primary), while one at 0.96 loses to 1.0 (a step lower).
// Steps much finer than 0.04 or coarser than 0.08 fail one of the two.
func TestSourceResolutionRanksInSteps(t *testing.T) {
	primary := func(earlier float64) string {
		g := provenance.NewGraph(-1) // timestamps trusted exactly
		day := time.Date(2024, 11, 6, 9, 0, 0, 0, time.UTC)
		require.NoError(t, g.Add(provenance.Article{ID: "wire", Published: day}, 500, nil))
		require.NoError(t, g.Add(provenance.Article{ID: "sibling", Published: day.Add(time.Hour)}, 300, nil))
		link := func(id string, aInB float64) provenance.Link {
			return provenance.Link{ID: id, Shingles: 400, Scores: dedup.Scores{AInB: aInB, BInA: 0.5, Jaccard: 0.4, Shared: 200 * aInB}}
		}
		require.NoError(t, g.Add(provenance.Article{ID: "copy", Published: day.Add(2 * time.Hour)}, 200,
			[]provenance.Link{link("wire", earlier), link("sibling", 1.0)}))
		v, ok := g.Verdict("copy")
		require.True(t, ok)
		require.NotEmpty(t, v.Sources)
		return v.Sources[0].Source
	}
	assert.Equal(t, "wire", primary(0.98), "0.98 and 1.0 are one step: the earlier source is primary")
	assert.Equal(t, "sibling", primary(0.96), "0.96 is a step below 1.0: the better source is primary")
}
