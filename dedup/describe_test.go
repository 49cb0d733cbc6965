package dedup_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/reprintlab/reprint/dedup"
	"github.com/reprintlab/reprint/shingle"
)

func TestParseSettingsReadsWhatStringWrites(t *testing.T) {
	for _, s := range []dedup.Settings{
		{},
		{Method: dedup.OnePermutation, NumHashes: 64},
		{Shingle: shingle.Config{WordSize: 5, CharSize: 3}, NumHashes: 1024},
	} {
		got, err := dedup.ParseSettings(s.String())
		require.NoError(t, err, s.String())
		assert.Equal(t, s.ID(), got.ID(), s.String())
		want := s.Normalized()
		want.MinShingles = 0 // not recorded
		assert.Equal(t, want, got)
	}
	for _, bad := range []string{
		"", "sig/1", "sig/2 minwise-xxh64-mixed seeds=6d696e6861736831,6d696e6861736832 k=128 words=4,chars=8,norm=1",
		"sig/1 minwise-xxh64-mixed seeds=1,2 k=128 words=4,chars=8,norm=1",
		"sig/1 minwise-xxh64-mixed seeds=6d696e6861736831,6d696e6861736832 k=0 words=4,chars=8,norm=1",
		"sig/1 minwise-xxh64-mixed seeds=6d696e6861736831,6d696e6861736832 k=128 words=4,chars=8,norm=9",
		"sig/1 minwise-xxh64-mixed seeds=6d696e6861736831,6d696e6861736832 k=128 words=99,chars=8,norm=1",
	} {
		_, err := dedup.ParseSettings(bad)
		require.ErrorIs(t, err, dedup.ErrSettingsMismatch, "%q", bad)
	}
	_, err := dedup.ParseSettings("sig/1 minwise-xxh64 seeds=6d696e6861736831,6d696e6861736832 k=128 words=4,chars=8,norm=1")
	require.ErrorIs(t, err, dedup.ErrRetiredFamily)
}

func TestDescribeDifferenceInWords(t *testing.T) {
	a, b := dedup.DescribeDifference(dedup.Settings{Shingle: shingle.Config{WordSize: 5}, NumHashes: 64}, dedup.Settings{})
	assert.Equal(t, "64 hashes and 5-word shingles", a)
	assert.Equal(t, "128 hashes and 4-word shingles", b)
	a, b = dedup.DescribeDifference(dedup.Settings{Method: dedup.OnePermutation}, dedup.Settings{Shingle: shingle.Config{CharSize: 3}})
	assert.Equal(t, "the oph method and 8-character shingles (in scripts without spaces)", a)
	assert.Equal(t, "the minwise method and 3-character shingles (in scripts without spaces)", b)
	a, b = dedup.DescribeDifference(dedup.Settings{MinShingles: 50}, dedup.Settings{NumHashes: dedup.DefaultNumHashes})
	assert.Empty(t, a+b, "MinShingles does not change slot values")
}
