package dedup_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/reprintlab/reprint/dedup"
)

// TestVerifyAgreesWithQuery checks that Verify, given the seeds as
// candidates, returns exactly what Index.Query returns for the same
// seeds: a copy, a stitched copy (partial sources) and an unrelated text.
func TestVerifyAgreesWithQuery(t *testing.T) {
	s := newSigner(t, dedup.Settings{})
	ix := newIndex(t, dedup.IndexConfig{})
	var cands []dedup.Candidate
	for _, i := range []int{0, 1, 2, 4} {
		sig := sign(t, s, seed(t, i))
		require.NoError(t, ix.Add(seedNames[i], sig))
		cands = append(cands, dedup.Candidate{ID: seedNames[i], Signature: sig})
	}
	queries := map[string]string{
		"copy":     seed(t, 3),
		"stitched": firstWords(seed(t, 0), 0.5) + "\n\n" + firstWords(seed(t, 1), 0.5),
		"original": seed(t, 2)[len(seed(t, 2))/2:],
	}
	for name, text := range queries {
		sig := sign(t, s, text)
		want, err := ix.Query(sig)
		require.NoError(t, err)
		got, err := ix.Config().Verify(nil, sig, cands)
		require.NoError(t, err, name)
		assert.Equal(t, want, got, name)
	}
	got, err := ix.Config().Verify(nil, sign(t, s, seed(t, 3)), cands)
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.Equal(t, seedNames[1], got[0].ID)
	assert.False(t, got[0].Partial)

	// Bad input is an error and leaves dst alone.
	other := sign(t, newSigner(t, dedup.Settings{NumHashes: 64}), seed(t, 0))
	dst := []dedup.Match{{ID: "kept"}}
	dst, err = ix.Config().Verify(dst, other, cands)
	require.ErrorIs(t, err, dedup.ErrSettingsMismatch)
	dst, err = ix.Config().Verify(dst, sign(t, s, seed(t, 3)), []dedup.Candidate{{ID: "x", Signature: other}})
	require.ErrorIs(t, err, dedup.ErrSettingsMismatch)
	dst, err = ix.Config().Verify(dst, nil, cands)
	require.ErrorIs(t, err, dedup.ErrEmptySignature)
	assert.Equal(t, []dedup.Match{{ID: "kept"}}, dst)
}

// TestBandKeysAreStable freezes the band keys of seed 001 at the default
// banding: they are stored by indexes kept outside the process.
func TestBandKeysAreStable(t *testing.T) {
	s := newSigner(t, dedup.Settings{})
	sig := sign(t, s, seed(t, 1))
	b := newIndex(t, dedup.IndexConfig{}).Config().Banding
	keys, err := b.AppendKeys(nil, sig)
	require.NoError(t, err)
	require.Len(t, keys, b.Bands)
	// Family minwise-xxh64-mixed (minwise-xxh64 gave 0x2902ba0b2c55f0ac
	// and 0x60d840e933600e13).
	assert.Equal(t, uint64(0xdef378c00dc9bcfe), keys[0])
	assert.Equal(t, uint64(0x78ff1b73d7e26f76), keys[len(keys)-1])
	// Equal bands give equal keys: 003 is contained in 001, and some of
	// their bands agree.
	keys3, err := b.AppendKeys(nil, sign(t, s, seed(t, 3)))
	require.NoError(t, err)
	same := 0
	for i := range keys {
		if keys[i] == keys3[i] {
			same++
		}
	}
	assert.Positive(t, same)
	assert.Less(t, same, b.Bands)
	t.Logf("first key %#x, last %#x, %d of %d bands shared with 003", keys[0], keys[len(keys)-1], same, b.Bands)

	_, err = dedup.Banding{Bands: 64, Rows: 4}.AppendKeys(nil, sig)
	require.ErrorIs(t, err, dedup.ErrSettingsMismatch)
	_, err = b.AppendKeys(nil, nil)
	require.ErrorIs(t, err, dedup.ErrEmptySignature)
}

// TestQueryExceptSelf: a document indexed before it is queried, as on a
// shared index, gets with AppendQueryExcept what a query before the Add
// got, a stitched copy's partial sources included.
func TestQueryExceptSelf(t *testing.T) {
	s := newSigner(t, dedup.Settings{})
	ix := newIndex(t, dedup.IndexConfig{})
	for _, i := range []int{0, 1, 2, 4} {
		require.NoError(t, ix.Add(seedNames[i], sign(t, s, seed(t, i))))
	}
	stitched := sign(t, s, firstWords(seed(t, 0), 0.5)+"\n\n"+firstWords(seed(t, 1), 0.5))
	before, err := ix.Query(stitched)
	require.NoError(t, err)
	require.Len(t, before, 2)
	require.NoError(t, ix.Add("stitched", stitched))
	withSelf, err := ix.Query(stitched)
	require.NoError(t, err)
	require.Len(t, withSelf, 1, "itself, covering the query alone")
	after, err := ix.AppendQueryExcept(nil, stitched, "stitched")
	require.NoError(t, err)
	assert.Equal(t, before, after)
	// An ID that is not indexed changes nothing.
	other, err := ix.AppendQueryExcept(nil, stitched, "nope")
	require.NoError(t, err)
	assert.Equal(t, withSelf, other)
}
