package dedup_test

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/reprintlab/reprint/dedup"
)

// TestDatasketchStyleThresholdKeepsTheSeedCopy: datasketch's
// MinHashLSH(threshold=0.8) is the Jaccard of the pairs it finds; users
// who set IndexConfig.Threshold to 0.7 or 0.8 the same way used to get a
// banding built for Jaccard 0.8 and silently lost seed 003 (a truncated
// scrape of 001: Jaccard 0.56, 99.5% of it found in 001), which the
// matching rule (containment 0.8) accepts. The deprecated field now never
// raises the banding above the lowest Jaccard of a match.
func TestDatasketchStyleThresholdKeepsTheSeedCopy(t *testing.T) {
	s := newSigner(t, dedup.Settings{})
	for _, threshold := range []float64{0.5, 0.7, 0.8, 0.9} {
		ix := newIndex(t, dedup.IndexConfig{Threshold: threshold})
		for i := range 3 {
			require.NoError(t, ix.Add(seedNames[i], sign(t, s, seed(t, i))))
		}
		ms, err := ix.Query(sign(t, s, seed(t, 3)))
		require.NoError(t, err)
		assert.Equal(t, []string{seedNames[1]}, matchIDs(ms), "Threshold %v", threshold)
		cfg := ix.Config()
		assert.InDelta(t, 0.25, cfg.BandingThreshold, 1e-9, "Threshold %v", threshold)
		assert.Equal(t, cfg.BandingThreshold, cfg.Threshold, "Threshold %v", threshold)
	}
	// Below the lowest Jaccard of a match, the deprecated field still
	// tunes the banding, as it always did.
	low := newIndex(t, dedup.IndexConfig{Threshold: 0.1}).Config()
	assert.Equal(t, 0.1, low.BandingThreshold)
	want, err := dedup.OptimalBanding(dedup.DefaultNumHashes, 0.1, dedup.DefaultFalsePositiveWeight)
	require.NoError(t, err)
	assert.Equal(t, want, low.Banding)
}

// TestBandingThresholdIsHonoured: BandingThreshold, the field named for
// what it does, is used as given, even above the lowest Jaccard of a
// match (fewer candidates, at a known cost in recall), and wins over the
// deprecated Threshold.
func TestBandingThresholdIsHonoured(t *testing.T) {
	for _, cfg := range []dedup.IndexConfig{{BandingThreshold: 0.8}, {BandingThreshold: 0.8, Threshold: 0.1}} {
		got := newIndex(t, cfg).Config()
		assert.Equal(t, 0.8, got.BandingThreshold)
		assert.Equal(t, 0.8, got.Threshold)
		want, err := dedup.OptimalBanding(dedup.DefaultNumHashes, 0.8, dedup.DefaultFalsePositiveWeight)
		require.NoError(t, err)
		assert.Equal(t, want, got.Banding)
	}
	_, err := dedup.NewIndex(dedup.IndexConfig{BandingThreshold: 1.5})
	require.ErrorIs(t, err, dedup.ErrInvalidSettings)
	_, err = dedup.NewIndex(dedup.IndexConfig{BandingThreshold: -0.5})
	require.ErrorIs(t, err, dedup.ErrInvalidSettings)
}

// TestSnapshotKeepsBandingThreshold: a snapshot records the banding
// threshold used, and ReadIndex restores it exactly, even above the lowest
// Jaccard of a match (where the deprecated Threshold would be lowered).
func TestSnapshotKeepsBandingThreshold(t *testing.T) {
	ix := newIndex(t, dedup.IndexConfig{BandingThreshold: 0.8})
	s := newSigner(t, dedup.Settings{})
	require.NoError(t, ix.Add(seedNames[1], sign(t, s, seed(t, 1))))
	var buf bytes.Buffer
	_, err := ix.WriteTo(&buf)
	require.NoError(t, err)
	back, err := dedup.ReadIndex(&buf)
	require.NoError(t, err)
	assert.Equal(t, ix.Config(), back.Config())
	assert.Equal(t, 0.8, back.Config().BandingThreshold)
}
