package dedup_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/reprintlab/reprint/dedup"
)

// These tests guard documented verification rules that mutation testing
// found unguarded: each fails when its rule is changed.

// words returns words [from, to) of seed article i, joined by spaces.
func words(t *testing.T, i, from, to int) string {
	t.Helper()
	w := strings.Fields(seed(t, i))
	require.LessOrEqual(t, to, len(w))
	return strings.Join(w[from:to], " ")
}

// TestContainmentThresholdIsInclusive: "a candidate matches when at least
// MinContainment of one side is found in the other". At MinContainment 1
// an exact copy must match (a strict > would lose it).
func TestContainmentThresholdIsInclusive(t *testing.T) {
	s := newSigner(t, dedup.Settings{})
	text := seed(t, 1)
	sig := sign(t, s, text)
	cfg := dedup.IndexConfig{MinContainment: 1}
	got, err := cfg.Verify(nil, sig, []dedup.Candidate{{ID: "copy", Signature: sign(t, s, text)}})
	require.NoError(t, err)
	require.Len(t, got, 1, "an exact copy has containment 1, which is at least MinContainment 1")
	assert.Equal(t, 1.0, got[0].MaxContainment())
	assert.False(t, got[0].Partial)

	// And just under the threshold it does not: 003 holds 99.5% of its
	// shingles in 001, never all.
	got, err = cfg.Verify(nil, sign(t, s, seed(t, 3)), []dedup.Candidate{{ID: "001", Signature: sign(t, s, words(t, 1, 0, 400))}})
	require.NoError(t, err)
	for _, m := range got {
		assert.GreaterOrEqual(t, m.MaxContainment(), 1.0, "a match at MinContainment 1 holds all of one side")
	}
}

// TestPartialSourcesNeedMinSharedForPartial: a stitched copy's sources
// must each share at least MinSharedForPartial shingles with it, or
// formulaic snippets would "cover" short texts. The same construction
// with longer passages does give two partial sources, so the floor, not
// something else, is what refuses the short one.
func TestPartialSourcesNeedMinSharedForPartial(t *testing.T) {
	s := newSigner(t, dedup.Settings{})
	cfg := dedup.IndexConfig{}
	stitched := func(n int) []dedup.Match {
		// The copy: n words of seed 000, then n words of seed 004. Each
		// candidate holds one of those passages and as much text of its
		// own, so it holds half the copy and is no full match either way.
		copyText := words(t, 0, 0, n) + "\n\n" + words(t, 4, 0, n)
		a := words(t, 0, 0, n) + "\n\n" + words(t, 0, 400, 400+n)
		b := words(t, 4, 0, n) + "\n\n" + words(t, 2, 300, 300+n)
		got, err := cfg.Verify(nil, sign(t, s, copyText), []dedup.Candidate{
			{ID: "a", Signature: sign(t, s, a)}, {ID: "b", Signature: sign(t, s, b)},
		})
		require.NoError(t, err)
		return got
	}

	short := stitched(30) // about 27 shingles shared with each source: under 40
	assert.Empty(t, short, "sources sharing fewer than %d shingles are not partial sources", dedup.MinSharedForPartial)

	long := stitched(150) // about 147 shared with each
	require.Len(t, long, 2)
	for _, m := range long {
		assert.True(t, m.Partial, "%s", m.ID)
		assert.GreaterOrEqual(t, m.Shared, float64(dedup.MinSharedForPartial))
	}
}
