package dedup_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/reprintlab/reprint/dedup"
	"github.com/reprintlab/reprint/shingle"
)

// skippedRanges is the reference for SignToExceptRanges: the text's
// shingles with their offsets, those skip leaves out merged where they
// overlap or touch.
func skippedRanges(t *testing.T, text string, skip func(uint64) bool) [][2]int {
	t.Helper()
	sh, err := shingle.New(shingle.Config{})
	require.NoError(t, err)
	var ranges [][2]int
	for _, s := range sh.AppendShingles(nil, text) {
		if !skip(s.Hash) {
			continue
		}
		if n := len(ranges); n > 0 && s.Start <= ranges[n-1][1] {
			ranges[n-1][1] = max(ranges[n-1][1], s.End)
			continue
		}
		ranges = append(ranges, [2]int{s.Start, s.End})
	}
	return ranges
}

func TestSignToExceptRangesMoscowTimesAppeal(t *testing.T) {
	// Seed 001 ends with The Moscow Times' donation appeal. Leaving the
	// appeal's shingles out, SignToExceptRanges signs as SignToExcept
	// does (same signature, count and hashes) and notes one passage, from
	// "A Message from The Moscow Times:" to its last word.
	text := seed(t, 1)
	at := strings.Index(text, "A Message from The Moscow Times:")
	require.Positive(t, at)
	sh, err := shingle.New(shingle.Config{})
	require.NoError(t, err)
	appeal := map[uint64]bool{}
	for _, h := range sh.AppendHashes(nil, text[at:]) {
		appeal[h] = true
	}
	for _, method := range []dedup.Method{dedup.MinWise, dedup.OnePermutation} {
		s := newSigner(t, dedup.Settings{Method: method})
		var calls []uint64
		skip := func(h uint64) bool { calls = append(calls, h); return appeal[h] }
		var want dedup.Signature
		wantSkipped, err := s.SignToExcept(&want, text, skip)
		require.NoError(t, err)
		wantCalls, wantHashes := calls, append([]uint64(nil), s.Hashes()...)

		calls = nil
		var got dedup.Signature
		prefix := [][2]int{{0, 1 << 30}} // the caller's: kept, not merged into
		skipped, ranges, err := s.SignToExceptRanges(&got, text, skip, prefix)
		require.NoError(t, err)
		assert.Equal(t, wantSkipped, skipped, "%s", method)
		assert.Equal(t, want.AppendValues(nil), got.AppendValues(nil), "%s", method)
		assert.Equal(t, want.Shingles(), got.Shingles(), "%s", method)
		assert.Equal(t, wantHashes, s.Hashes(), "%s", method)
		assert.Equal(t, wantCalls, calls, "%s: skip is asked once per shingle, in text order", method)
		require.Equal(t, prefix[0], ranges[0], "%s", method)
		assert.Equal(t, skippedRanges(t, text, func(h uint64) bool { return appeal[h] }), ranges[1:], "%s", method)
		end := strings.LastIndex(text, "later") + len("later") // "Remind me later."
		assert.Equal(t, [][2]int{{at, end}}, ranges[1:], "%s: the appeal", method)
	}
}

func TestSignToExceptRangesTooShortAndNil(t *testing.T) {
	s := newSigner(t, dedup.Settings{})
	text := seed(t, 0)

	// Everything skipped: too short, and the ranges still say so.
	var sig dedup.Signature
	skipped, ranges, err := s.SignToExceptRanges(&sig, text, func(uint64) bool { return true }, nil)
	require.True(t, errors.Is(err, dedup.ErrTooShort), "err = %v", err)
	assert.Equal(t, len(s.Hashes()), skipped)
	assert.Equal(t, skippedRanges(t, text, func(uint64) bool { return true }), ranges)
	assert.Len(t, ranges, 1, "one passage: the whole text")
	assert.Zero(t, sig.Len(), "sig unchanged on error")

	// Every other shingle skipped: ranges as the reference.
	odd := func(h uint64) bool { return h&1 == 1 }
	skipped, ranges, err = s.SignToExceptRanges(&sig, text, odd, nil)
	require.NoError(t, err)
	assert.Positive(t, skipped)
	assert.Equal(t, skippedRanges(t, text, odd), ranges)

	// A nil skip leaves out nothing: dst comes back as given.
	dst := make([][2]int, 1, 4)
	skipped, ranges, err = s.SignToExceptRanges(&sig, text, nil, dst)
	require.NoError(t, err)
	assert.Zero(t, skipped)
	assert.Equal(t, dst, ranges)
	want := sign(t, s, text)
	assert.Equal(t, want.AppendValues(nil), sig.AppendValues(nil))
}
