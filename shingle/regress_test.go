package shingle_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/reprintlab/reprint/shingle"
)

func hashes(t *testing.T, text string) []uint64 {
	t.Helper()
	s, err := shingle.New(shingle.Config{WordSize: 2, CharSize: 2})
	require.NoError(t, err)
	return s.AppendHashes(nil, text)
}

// Regressions found by review: half-width kana marks, a lone tatweel, and
// allocations in NFKC.
func TestHalfWidthKanaMatchesFullWidth(t *testing.T) {
	assert.Equal(t, hashes(t, "ガス パン カー"), hashes(t, "ｶﾞｽ ﾊﾟﾝ ｶｰ"))
}

func TestLoneTatweelIsIgnored(t *testing.T) {
	assert.Equal(t, hashes(t, "Moscow believes that Trump won"), hashes(t, "Moscow believes ـ that Trump won"))
	assert.Equal(t, hashes(t, "Moscow believes that Trump won"), hashes(t, "Moscow believes ـَ that Trump won"))
}

func TestNFKCAllocatesNothing(t *testing.T) {
	s, err := shingle.New(shingle.Config{})
	require.NoError(t, err)
	text := "re\u0301sistance ＴＲＵＭＰ ﬁnance e\u0308 ½ ﷲ résumé and more words to fill a window"
	dst := make([]uint64, 0, 64)
	s.AppendHashes(dst, text)
	assert.Zero(t, testing.AllocsPerRun(50, func() { s.AppendHashes(dst[:0], text) }))
}
