package labels_test

import (
	"bytes"
	"errors"
	"io/fs"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/reprintlab/reprint/internal/corpus"
	"github.com/reprintlab/reprint/internal/labels"
	"github.com/reprintlab/reprint/provenance"
)

// reuters loads the whole Reuters corpus in file order, or skips loudly
// when it is absent.
func reuters(t *testing.T) []corpus.Story {
	t.Helper()
	stories, err := corpus.Reuters(1<<30, nil)
	if errors.Is(err, fs.ErrNotExist) {
		t.Skipf("SKIPPED: the Reuters-21578 corpus is not at %s (research use only, not in the repository); "+
			"the hand-labelled pairs cannot be checked against the pipeline without it", corpus.ReutersPath())
	}
	require.NoError(t, err)
	return stories
}

func TestCommittedPairsAreWellFormed(t *testing.T) {
	pairs, err := labels.ReadFile(labels.PairsPath())
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(pairs), 300, "the issue asks for at least 300 labelled pairs")
	count := map[string]int{}
	for _, p := range pairs {
		count[p.Label]++
		assert.NotEmpty(t, p.Reason, "pair %s %s has no reason", p.Earlier, p.Later)
		assert.LessOrEqual(t, len(p.Reason), 200, "pair %s %s: the reason is a short note, not quoted text", p.Earlier, p.Later)
	}
	for _, l := range labels.Labels {
		assert.Positive(t, count[l], "no pair labelled %s", l)
	}
}

func TestCommittedPairsAreSameDayAndInTimeOrder(t *testing.T) {
	stories := reuters(t)
	pairs, err := labels.ReadFile(labels.PairsPath())
	require.NoError(t, err)
	pos := map[string]int{}
	for i, s := range stories {
		pos[s.ID] = i
	}
	for _, p := range pairs {
		a, okA := pos[p.Earlier]
		b, okB := pos[p.Later]
		require.True(t, okA && okB, "pair %s %s: a story is not in the corpus", p.Earlier, p.Later)
		ea, eb := stories[a], stories[b]
		assert.Equal(t, ea.Date[:10], eb.Date[:10], "pair %s %s is not of one day", p.Earlier, p.Later)
		assert.True(t, ea.Date < eb.Date || ea.Date == eb.Date && a < b,
			"pair %s %s: the earlier story (%s) is not before the later (%s)", p.Earlier, p.Later, ea.Date, eb.Date)
	}
}

// TestAgreementWithLabelsOnReuters runs the pipeline at its defaults over
// the whole Reuters corpus, in file order with each story's date as its
// published time, and reports per label how many labelled pairs it
// links. It asserts what holds by design: whole copies and rewrites are
// found, and stories that share no text beyond a format, or tell one
// event independently, are almost never put in one story.
func TestAgreementWithLabelsOnReuters(t *testing.T) {
	if testing.Short() {
		t.Skip("SKIPPED in -short: runs the pipeline over all 20,841 Reuters stories")
	}
	stories := reuters(t)
	pairs, err := labels.ReadFile(labels.PairsPath())
	require.NoError(t, err)
	rows, err := labels.Agreement(stories, pairs, provenance.Config{})
	require.NoError(t, err)
	var table bytes.Buffer
	require.NoError(t, labels.WriteTable(&table, rows))
	t.Logf("agreement of the pipeline at its defaults with %d hand-labelled Reuters pairs:\n%s", len(pairs), table.String())

	byLabel := map[string]labels.Row{}
	for _, r := range rows {
		byLabel[r.Label] = r
		assert.Zero(t, r.Missing, "label %q: pairs with a story missing from the corpus", r.Label)
	}
	// Verbatim copies long enough to fingerprint, and rewrites (their
	// names and figures kept in order), are what the pipeline is built to
	// find (80% and 5 of 6 when written).
	assert.GreaterOrEqual(t, byLabel[labels.Verbatim].StoryShare(), 0.75, "verbatim pairs linked")
	assert.GreaterOrEqual(t, byLabel[labels.Rewrite].Direct, 4, "rewrite pairs linked")
	// Partial pairs are mostly hard (a sentence or two taken); a rewrite
	// in words of its own is found (14 of 67 linked directly when
	// written, 13 before align.Rules.RewordedRare: reuters-5123 →
	// reuters-5125, its names and figures kept, a third of its rare
	// words its own).
	assert.GreaterOrEqual(t, byLabel[labels.Partial].Direct, 14, "partial pairs linked")
	// Unrelated pairs (147 of them same-format hard negatives: notices,
	// market snapshots, results tables) and stories on one event written
	// independently are almost never put in one story (2 of 201 and 2 of
	// 61 when written: corn spreads at two hours through a rewrite link,
	// a cattle estimate and an opening through a shared earlier report).
	assert.LessOrEqual(t, byLabel[labels.Unrelated].StoryShare(), 0.02, "unrelated pairs put in one story")
	assert.LessOrEqual(t, byLabel[labels.SameEvent].StoryShare(), 0.05, "same-event pairs put in one story")
}
