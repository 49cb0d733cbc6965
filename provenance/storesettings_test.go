package provenance_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/reprintlab/reprint/dedup"
	"github.com/reprintlab/reprint/provenance"
	"github.com/reprintlab/reprint/shingle"
)

// fiveWords are signature settings other than the defaults.
var fiveWords = dedup.Settings{Shingle: shingle.Config{WordSize: 5}}

// storeOfFiveWords returns a store directory holding seeds 0-2, signed
// with fiveWords.
func storeOfFiveWords(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	tr := openDir(t, dir, provenance.Config{Index: dedup.IndexConfig{Settings: fiveWords}})
	for i := range 3 {
		add(t, tr, seedArticle(t, i))
	}
	require.NoError(t, tr.Close())
	return dir
}

// TestOpenTakesTheStoresSettings: settings are given once. A store made
// with non-default settings opens with zero settings, and the tracker
// signs with the store's: seed 003 is found a copy of 001. (Before, the
// zero settings meant the defaults: OpenDir refused the store.)
func TestOpenTakesTheStoresSettings(t *testing.T) {
	dir := storeOfFiveWords(t)
	st, err := provenance.OpenDir(dir, dedup.Settings{MinShingles: 20})
	require.NoError(t, err)
	want := fiveWords.Normalized()
	want.MinShingles = 20
	assert.Equal(t, want, st.Settings())
	tr, err := provenance.Open(provenance.Config{Index: dedup.IndexConfig{Settings: dedup.Settings{MinShingles: 20}}}, st)
	require.NoError(t, err)
	defer tr.Close()
	assert.Equal(t, want, tr.IndexConfig().Settings, "the store's settings, the config's MinShingles")
	v := add(t, tr, seedArticle(t, 3))
	require.True(t, v.IsCopy())
	assert.Equal(t, seedNames[1], v.Sources[0].Source)

	// A new store with zero settings has the defaults.
	fresh, err := provenance.OpenDir(t.TempDir(), dedup.Settings{})
	require.NoError(t, err)
	defer fresh.Close()
	assert.Equal(t, dedup.Settings{}.Normalized(), fresh.Settings())
}

// TestOpenRefusesOtherSettings: settings given twice that differ are
// refused at Open, in words, not accepted there to fail every Add with
// hexadecimal seeds (as they were on an empty store).
func TestOpenRefusesOtherSettings(t *testing.T) {
	st, err := provenance.OpenDir(t.TempDir(), fiveWords)
	require.NoError(t, err)
	defer st.Close()
	_, err = provenance.Open(provenance.Config{Index: dedup.IndexConfig{Settings: dedup.Settings{NumHashes: 64}}}, st)
	require.ErrorIs(t, err, dedup.ErrSettingsMismatch)
	msg := err.Error()
	for _, want := range []string{"5-word shingles", "4-word shingles", "128 hashes", "64 hashes"} {
		assert.Contains(t, msg, want)
	}
	assert.NotContains(t, msg, "seeds=")
	assert.Less(t, len(msg), 250, msg)

	// A shared index of other settings is refused too.
	ix, err := dedup.NewIndex(dedup.IndexConfig{})
	require.NoError(t, err)
	_, err = provenance.Open(provenance.Config{Indexer: ix}, st)
	require.ErrorIs(t, err, dedup.ErrSettingsMismatch)
	assert.Contains(t, err.Error(), "5-word shingles")

	// Settings out of range are reported as such, not as a mismatch.
	_, err = provenance.Open(provenance.Config{Index: dedup.IndexConfig{Settings: dedup.Settings{NumHashes: -1}}}, st)
	require.ErrorIs(t, err, dedup.ErrInvalidSettings)
}

// TestOpenDirRefusesOtherSettingsInWords: a store opened with settings
// other than its own is refused with an error that says how they differ
// in words, without hexadecimal seeds.
func TestOpenDirRefusesOtherSettingsInWords(t *testing.T) {
	dir := storeOfFiveWords(t)
	_, err := provenance.OpenDir(dir, dedup.Settings{Method: dedup.OnePermutation})
	require.ErrorIs(t, err, dedup.ErrSettingsMismatch)
	msg := err.Error()
	for _, want := range []string{dir, "5-word shingles", "4-word shingles", "minwise", "oph"} {
		assert.Contains(t, msg, want)
	}
	assert.NotContains(t, msg, "seeds=")
}
