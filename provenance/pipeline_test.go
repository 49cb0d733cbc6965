package provenance_test

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/reprintlab/reprint/internal/corpus"
	"github.com/reprintlab/reprint/internal/synth"
	"github.com/reprintlab/reprint/newsio"
	"github.com/reprintlab/reprint/provenance"
)

// synthArticles returns n articles of the synthetic corpus (seed 1) made
// from Reuters, as the README's quality figures use: many outlets, their
// templates, copies, rewrites, stitched and late articles. Without the
// Reuters corpus it says so and makes them from the seed stories of
// testdata, whose synthetic originals follow the five real ones.
func synthArticles(t *testing.T, n int) []provenance.Article {
	t.Helper()
	src, err := synth.LoadSource(corpus.ReutersPath())
	if errors.Is(err, fs.ErrNotExist) {
		t.Logf("NOTE: the Reuters-21578 corpus is not beside the checkout (../shared/corpora/reuters21578): the synthetic corpus is made from testdata/seeds.jsonl instead")
		f, ferr := os.Open(filepath.Join("..", "testdata", "seeds.jsonl"))
		require.NoError(t, ferr)
		defer f.Close()
		src, err = synth.ReadSource(f, "seeds.jsonl")
	}
	require.NoError(t, err)
	g, err := synth.New(synth.Config{Seed: 1, N: n, Rewrites: true}, src)
	require.NoError(t, err)
	var out []provenance.Article
	_, err = g.Run(func(a synth.Article) error {
		out = append(out, provenance.Article{ID: a.ID, Text: a.Text, Source: a.Source, URL: a.URL, Published: a.Published})
		return nil
	})
	require.NoError(t, err)
	return out
}

// outputs renders what a tracker holds: its verdicts, its graph
// document and the flagger's JSONL report (passages included when it
// keeps texts).
func outputs(t *testing.T, tr *provenance.Tracker) (verdicts []provenance.Verdict, graph, jsonl string) {
	t.Helper()
	var g, j bytes.Buffer
	require.NoError(t, tr.WriteJSON(&g))
	require.NoError(t, newsio.Report{Tracker: tr, Scope: newsio.Everything}.WriteJSONL(&j))
	return slices.Collect(tr.Articles()), g.String(), j.String()
}

// addInBatches adds articles with AddBatch, in batches of the given
// sizes in turn, and checks each batch's verdicts against the tracker's
// verdicts right after it.
func addInBatches(t *testing.T, tr *provenance.Tracker, articles []provenance.Article, sizes ...int) []provenance.Verdict {
	t.Helper()
	var all []provenance.Verdict
	for i := 0; len(articles) > 0; i++ {
		n := min(sizes[i%len(sizes)], len(articles))
		vs, err := tr.AddBatch(articles[:n])
		require.NoError(t, err)
		require.Len(t, vs, n)
		all = append(all, vs...)
		articles = articles[n:]
	}
	return all
}

// sameVerdicts checks that got holds the verdicts of want, and shows
// the first that differs (a diff of thousands is too slow to print).
func sameVerdicts(t *testing.T, want, got []provenance.Verdict, when string) {
	t.Helper()
	require.Equal(t, len(want), len(got), "verdicts %s", when)
	for i := range want {
		if !assert.Equal(t, want[i], got[i], "verdict %d (%s) %s", i, want[i].ID, when) {
			return
		}
	}
}

// checkSameAsOneByOne adds articles to two trackers made with cfg, one
// by one with Add and in batches with AddBatch, and checks that both
// give the same verdicts (as returned, and as they stand at the end),
// the same graph document and the same JSONL report.
func checkSameAsOneByOne(t *testing.T, cfg provenance.Config, articles []provenance.Article, sizes ...int) {
	t.Helper()
	one := newTracker(t, cfg)
	var want []provenance.Verdict
	for _, a := range articles {
		want = append(want, add(t, one, a))
	}
	batched := newTracker(t, cfg)
	got := addInBatches(t, batched, articles, sizes...)
	sameVerdicts(t, want, got, "as added")
	wantAll, wantGraph, wantJSONL := outputs(t, one)
	gotAll, gotGraph, gotJSONL := outputs(t, batched)
	sameVerdicts(t, wantAll, gotAll, "at the end")
	assert.True(t, wantGraph == gotGraph, "the graph documents differ")
	assert.True(t, wantJSONL == gotJSONL, "the JSONL reports differ")
	if cfg.KeepText {
		for _, a := range articles[:min(len(articles), 500)] {
			w, werr := one.Boilerplate(a.ID)
			g, gerr := batched.Boilerplate(a.ID)
			assert.Equal(t, werr, gerr, a.ID)
			assert.Equal(t, w, g, "boilerplate passages of %s", a.ID)
		}
	}
}

// On the synthetic corpus, where outlets wrap stories in templates that
// are learned as boilerplate while the batch is in flight (and left out
// of the next articles' signatures), AddBatch gives exactly the
// verdicts, graph and report of one-by-one Adds: with and without
// texts, the second index and learning.
func TestAddBatchIsAddOneByOneOnSyntheticCorpus(t *testing.T) {
	n := 6000
	if raceEnabled || testing.Short() {
		n = 1500
	}
	articles := synthArticles(t, n)
	for _, tc := range []struct {
		name string
		cfg  provenance.Config
	}{
		{"defaults", provenance.Config{}},
		{"texts", provenance.Config{KeepText: true}},
		{"no rewrites", provenance.Config{DisableRewrites: true}},
		{"no learning", provenance.Config{BoilerplateMin: -1}},
		{"learning at 2", provenance.Config{BoilerplateMin: 2}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkSameAsOneByOne(t, tc.cfg, articles, n, 1, 7, 500)
		})
	}
}

// On Reuters (real wire text, with its re-sent and corrected stories,
// all from one outlet so that the wire learns its own formulas), AddBatch
// gives the verdicts, graph and report of one-by-one Adds.
func TestAddBatchIsAddOneByOneOnReuters(t *testing.T) {
	articles := reutersDated(t)
	if raceEnabled || testing.Short() {
		articles = articles[:3000]
	}
	for i := range articles {
		articles[i].Source = "wire:reuters"
	}
	checkSameAsOneByOne(t, provenance.Config{KeepText: true}, articles, len(articles))
	checkSameAsOneByOne(t, provenance.Config{}, articles, 1000, 3)
}

// When article k of a batch cannot be added, the articles before it are
// added, k's error comes back with its index, wrapped, and nothing after
// it is added: the tracker is as if articles[:k] had been added one by
// one, and adding can go on.
func TestAddBatchStopsAtTheFirstBadArticle(t *testing.T) {
	articles := synthArticles(t, 400)
	for _, tc := range []struct {
		name string
		bad  func(a provenance.Article) provenance.Article
		is   error
	}{
		{"duplicate", func(provenance.Article) provenance.Article { return articles[3] }, provenance.ErrDuplicateID},
		{"empty text", func(a provenance.Article) provenance.Article { a.Text = " \n"; return a }, provenance.ErrEmptyText},
		{"blank id", func(a provenance.Article) provenance.Article { a.ID = " "; return a }, provenance.ErrInvalidID},
	} {
		t.Run(tc.name, func(t *testing.T) {
			const k = 250
			batch := slices.Clone(articles)
			batch[k] = tc.bad(batch[k])
			batch[k+20].ID = "" // a later error is not the one returned

			tr := newTracker(t, provenance.Config{})
			vs, err := tr.AddBatch(batch)
			var be *provenance.BatchError
			require.ErrorAs(t, err, &be)
			assert.Equal(t, k, be.Index)
			assert.Equal(t, batch[k].ID, be.ID)
			assert.ErrorIs(t, err, tc.is)
			assert.Equal(t, fmt.Sprintf("article %d: %v", k, be.Err), err.Error())
			assert.Len(t, vs, k)
			assert.Equal(t, k, tr.Len(), "nothing after the bad article is added")
			_, added := tr.Verdict(articles[k+1].ID)
			assert.False(t, added)

			one := newTracker(t, provenance.Config{})
			for _, a := range articles[:k] {
				add(t, one, a)
			}
			wantAll, wantGraph, _ := outputs(t, one)
			gotAll, gotGraph, _ := outputs(t, tr)
			assert.Equal(t, wantAll, gotAll)
			assert.True(t, wantGraph == gotGraph, "the graph documents differ")

			// The rest can be added after the bad article.
			rest, err := tr.AddBatch(articles[k+1:])
			require.NoError(t, err)
			assert.Len(t, rest, len(articles)-k-1)
		})
	}
}

// AddAllWithChanges yields, with each verdict, the earlier verdicts its
// addition changed, as AddWithChanges returns them, on a stream where
// late articles and articles dated before their story's origin move
// stories; and a loop that stops early leaves the articles after it out.
func TestAddAllWithChangesIsAddWithChanges(t *testing.T) {
	articles := newsStream(7, 1500)
	type step struct {
		v       provenance.Verdict
		changed []provenance.Verdict
	}
	one := newTracker(t, provenance.Config{})
	var want []step
	changes := 0
	for _, a := range articles {
		v, changed, err := one.AddWithChanges(a)
		require.NoError(t, err)
		want = append(want, step{v, changed})
		changes += len(changed)
	}
	require.Positive(t, changes, "the stream changes earlier verdicts")

	tr := newTracker(t, provenance.Config{})
	var got []step
	for added, err := range tr.AddAllWithChanges(slices.Values(articles)) {
		require.NoError(t, err)
		got = append(got, step{added.Verdict, added.Changed})
	}
	require.Equal(t, len(want), len(got))
	for i := range want {
		require.Equal(t, want[i], got[i], "article %d", i)
	}

	early := newTracker(t, provenance.Config{})
	seen := 0
	for _, err := range early.AddAll(slices.Values(articles)) {
		require.NoError(t, err)
		if seen++; seen == 100 {
			break
		}
	}
	assert.Equal(t, 100, early.Len(), "the articles after the loop stopped are not added")
	_, err := early.AddBatch(articles[100:])
	require.NoError(t, err, "the tracker goes on")
	assert.Equal(t, len(articles), early.Len())
}
