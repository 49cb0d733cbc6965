package dedup_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/reprintlab/reprint/dedup"
	"github.com/reprintlab/reprint/internal/corpus"
	"github.com/reprintlab/reprint/shingle"
)

// seedNames are the bundled seed articles in the order seen.
var seedNames = []string{
	"000_468044057261e0d6", "001_7cb3ead0d8dc3d74", "002_8116756d16084da1",
	"003_d897e868842ded34", "004_c866b469c61a0d9e",
}

// seed returns the text of seed article i.
func seed(t testing.TB, i int) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "seeds", seedNames[i]+".txt"))
	require.NoError(t, err)
	return string(b)
}

func sign(t testing.TB, s *dedup.Signer, text string) *dedup.Signature {
	t.Helper()
	sig, err := s.Sign(text)
	require.NoError(t, err)
	return sig
}

func newSigner(t testing.TB, settings dedup.Settings) *dedup.Signer {
	t.Helper()
	s, err := dedup.NewSigner(settings)
	require.NoError(t, err)
	return s
}

// exactSet returns the distinct default shingle hashes of text.
func exactSet(t testing.TB, text string) map[uint64]bool {
	t.Helper()
	sh, err := shingle.New(shingle.Config{})
	require.NoError(t, err)
	m := map[uint64]bool{}
	for _, h := range sh.AppendHashes(nil, text) {
		m[h] = true
	}
	return m
}

// exactJaccard returns |a∩b|/|a∪b| and |a∩b|/|a|.
func exactJaccard(a, b map[uint64]bool) (jaccard, aInB float64) {
	shared := 0
	for h := range a {
		if b[h] {
			shared++
		}
	}
	return float64(shared) / float64(len(a)+len(b)-shared), float64(shared) / float64(len(a))
}

// reuters returns up to n stories of at least minWords words, or skips
// when the research corpus is absent.
func reuters(t testing.TB, n, minWords int) []corpus.Story {
	t.Helper()
	stories, err := corpus.Reuters(n, func(s corpus.Story) bool { return len(strings.Fields(s.Text)) >= minWords })
	if errors.Is(err, fs.ErrNotExist) {
		t.Skipf("Reuters corpus not available (%v)", err)
	}
	require.NoError(t, err)
	return stories
}

// firstWords returns the first fraction of text's words.
func firstWords(text string, fraction float64) string {
	w := strings.Fields(text)
	return strings.Join(w[:int(float64(len(w))*fraction)], " ")
}

// must returns v, failing on a non-nil error by panicking: for calls
// documented never to fail, such as Index.Remove.
func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
