package provenance_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/reprintlab/reprint/align"
	"github.com/reprintlab/reprint/provenance"
)

// learnedTracker returns a tracker (second index on, boilerplate learned
// at the default threshold) that has added the first articles of the
// synthetic corpus's n, and the rest.
func learnedTracker(t *testing.T, n, first int) (*provenance.Tracker, []provenance.Article) {
	t.Helper()
	articles := synthArticles(t, n)
	tr := newTracker(t, provenance.Config{})
	_, err := tr.AddBatch(articles[:first])
	require.NoError(t, err)
	require.True(t, tr.BoilerplateLearnedForTest(), "the outlets' templates are learned")
	return tr, articles[first:]
}

func TestWordsLeftOutAsBoilerplateAreTheShinglesLeftOut(t *testing.T) {
	// On the synthetic corpus, whose outlets wrap their stories in
	// templates, the words the second index leaves out of an article
	// (from the passages the signer noted as it left their shingles out)
	// are the words found by shingling the text again and checking every
	// shingle against the learned boilerplate, as before.
	n, first := 3000, 2000
	if raceEnabled || testing.Short() {
		n, first = 1200, 900
	}
	tr, rest := learnedTracker(t, n, first)
	withBoilerplate := 0
	var tok align.Tokenizer
	var all align.Doc
	for _, a := range rest {
		words, spans, skipped, err := tr.PreparedWordsForTest(a)
		require.NoError(t, err, a.ID)
		want := tr.WordsShinglingAgainForTest(a.Text)
		require.Equal(t, want, words, "%s: %d words kept, %d before", a.ID, len(words), len(want))
		assert.False(t, spans, "%s: the second index's words hold no spans", a.ID)
		if skipped > 0 {
			withBoilerplate++
			assert.Less(t, len(words), len(tok.Doc(&all, a.Text, false).Words), "%s: %d shingles left out, no word", a.ID, skipped)
		}
	}
	t.Logf("%d of %d articles with boilerplate left out", withBoilerplate, len(rest))
	assert.Greater(t, withBoilerplate, len(rest)/4, "the outlets' templates are left out of many articles")
}

func TestSignWithBoilerplateAllocatesNoWordRanges(t *testing.T) {
	// Signing an article with learned boilerplate in it and cutting its
	// words for the second index reuses the article's scratch space: it
	// allocates nothing (at most the skip function). Before, the text was shingled
	// again, and the words' byte ranges were grown anew for every
	// article, to find the words to leave out.
	if raceEnabled {
		t.Skip("the race detector drops pooled scratch space at random")
	}
	tr, rest := learnedTracker(t, 1200, 900)
	checked := 0
	for _, a := range rest {
		allocs, skipped := tr.SignAllocsForTest(a)
		if skipped == 0 {
			continue
		}
		if checked == 0 {
			t.Logf("%s: %.0f allocations, %d shingles left out", a.ID, allocs, skipped)
		}
		assert.LessOrEqual(t, allocs, 1.0, "allocations to sign %s and cut its words (%d shingles left out)", a.ID, skipped)
		if checked++; checked == 20 {
			break
		}
	}
	assert.Equal(t, 20, checked, "articles with boilerplate left out")
}

func TestBoilerplatePassagesAreTheShinglesLeftOut(t *testing.T) {
	// With texts kept, the passages Boilerplate returns for an article of
	// the synthetic corpus (noted by the signer as it left their shingles
	// out) are those found by shingling the text again and checking every
	// shingle against the boilerplate learned when it was added, as
	// before; with the second index or without it.
	n := 1500
	if raceEnabled || testing.Short() {
		n = 900
	}
	articles := synthArticles(t, n)
	for _, disable := range []bool{false, true} {
		tr := newTracker(t, provenance.Config{KeepText: true, DisableRewrites: disable})
		withBoilerplate := 0
		for _, a := range articles {
			want := tr.BoilerplateShinglingAgainForTest(a.Text)
			v := add(t, tr, a)
			got, err := tr.Boilerplate(a.ID)
			require.NoError(t, err)
			if v.Boilerplate == 0 {
				assert.Empty(t, got, "%s: nothing left out", a.ID)
				continue
			}
			withBoilerplate++
			require.Equal(t, want, got, "%s (second index off: %v): %d shingles left out", a.ID, disable, v.Boilerplate)
		}
		t.Logf("second index off: %v: %d of %d articles with boilerplate left out", disable, withBoilerplate, len(articles))
		assert.Greater(t, withBoilerplate, len(articles)/10, "the outlets' templates are left out of many articles")
	}
}
