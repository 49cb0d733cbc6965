package dedup_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/reprintlab/reprint/dedup"
)

// TestTopKRanksNearMissesToo: the k best candidates come back with their
// scores whatever the matching rule. Prefixes of seed 001 of 90%, 70%,
// 50% and 30% of its words, queried with the whole text, rank longest
// first, by Jaccard (all are contained in it: by containment estimates,
// near 1 for all of them, 50% came before 70%); a text that is 60%
// of 001 and 40% of seed 000, which Query does not match (60% of it is
// found in 001, 60% of 001 in it), is a near miss found with its scores.
func TestTopKRanksNearMissesToo(t *testing.T) {
	s := newSigner(t, dedup.Settings{})
	ix := newIndex(t, dedup.IndexConfig{})
	words := strings.Fields(seed(t, 1))
	for _, pct := range []int{30, 50, 70, 90} {
		prefix := strings.Join(words[:len(words)*pct/100], " ")
		require.NoError(t, ix.Add(fmt.Sprintf("prefix-%d", pct), sign(t, s, prefix)))
	}
	for _, i := range []int{2, 4} {
		require.NoError(t, ix.Add(seedNames[i], sign(t, s, seed(t, i))))
	}
	whole := sign(t, s, strings.Join(words, " "))
	top, err := ix.QueryTopK(whole, 3)
	require.NoError(t, err)
	assert.Equal(t, []string{"prefix-90", "prefix-70", "prefix-50"}, matchIDs(top))
	for i, m := range top {
		assert.Greater(t, m.BInA, 0.9, "%s is contained in the whole text", m.ID)
		assert.False(t, m.Partial)
		if i > 0 {
			assert.Less(t, m.Jaccard, top[i-1].Jaccard)
		}
	}

	other := strings.Fields(seed(t, 0))
	n := len(words) * 60 / 100
	mixed := strings.Join(append(slices.Clone(words[:n]), other[:min(len(other), len(words)-n)]...), " ")
	near := newIndex(t, dedup.IndexConfig{})
	require.NoError(t, near.Add("mixed", sign(t, s, mixed)))
	ms, err := near.Query(whole)
	require.NoError(t, err)
	require.Empty(t, ms, "a 60%% overlap is no match")
	top, err = near.QueryTopK(whole, 3)
	require.NoError(t, err)
	require.Equal(t, []string{"mixed"}, matchIDs(top))
	assert.InDelta(t, 0.6, top[0].AInB, 0.1)
	assert.InDelta(t, 0.6, top[0].BInA, 0.1)

	// A larger k returns every candidate, never more; k < 1 none.
	all, err := ix.AppendTopK([]dedup.Match{{ID: "kept"}}, whole, 100)
	require.NoError(t, err)
	assert.Equal(t, "kept", all[0].ID, "dst is appended to")
	assert.LessOrEqual(t, len(all)-1, ix.Len())
	assert.Equal(t, []string{"prefix-90", "prefix-70", "prefix-50", "prefix-30"}, matchIDs(all[1:5]))
	none, err := ix.QueryTopK(whole, 0)
	require.NoError(t, err)
	assert.Empty(t, none)
	_, err = ix.QueryTopK(&dedup.Signature{}, 3)
	require.ErrorIs(t, err, dedup.ErrEmptySignature)
}
