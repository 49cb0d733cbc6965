package provenance_test

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/reprintlab/reprint/internal/corpus"
	"github.com/reprintlab/reprint/internal/testenv"
	"github.com/reprintlab/reprint/provenance"
)

// reutersDistinct returns n Reuters-21578 stories of lo to hi words that
// share no text with each other (each stands alone in a tracker that does
// not learn boilerplate), or skips when the research corpus is absent.
func reutersDistinct(t *testing.T, n, lo, hi int) []string {
	t.Helper()
	all, err := corpus.Reuters(4*n, func(s corpus.Story) bool {
		w := len(strings.Fields(s.Text))
		return lo <= w && w <= hi
	})
	if errors.Is(err, fs.ErrNotExist) {
		t.Skipf("Reuters corpus not available (%v)", err)
	}
	require.NoError(t, err)
	plain := newTracker(t, provenance.Config{BoilerplateMin: -1})
	var out []string
	for _, s := range all {
		if v := add(t, plain, provenance.Article{ID: s.ID, Text: s.Text}); !v.IsCopy() && len(out) < n {
			out = append(out, s.Text)
		}
	}
	require.Len(t, out, n)
	return out
}

// sourceOf returns the edge from v to source.
func sourceOf(t *testing.T, v provenance.Verdict, source string) provenance.Edge {
	t.Helper()
	for _, e := range v.Sources {
		if e.Source == source {
			return e
		}
	}
	require.Failf(t, "source not found", "%s does not copy %s: sources %+v", v.ID, source, v.Sources)
	return provenance.Edge{}
}

func TestBoilerplateMoscowTimesAppeal(t *testing.T) {
	// The Moscow Times' donation appeal (the end of seed 001, about 190
	// words) wrapped around short, unrelated Reuters stories: one outlet's
	// pages sharing only their appeal. Without learning the appeal links
	// them; with the default learning, once it has been seen in 5 of the
	// outlet's articles it is left out everywhere.
	seed := seedArticle(t, 1)
	at := strings.Index(seed.Text, "A Message from The Moscow Times:")
	require.Positive(t, at)
	appeal := seed.Text[at:]
	stories := reutersDistinct(t, 9, 25, 45)

	const mt = "The Moscow Times"
	off := newTracker(t, provenance.Config{BoilerplateMin: -1})
	on := newTracker(t, provenance.Config{KeepText: true})
	linkedOff := 0
	for i, story := range stories[:8] {
		a := provenance.Article{ID: fmt.Sprint("mt-", i), Source: mt, Text: story + "\n" + appeal}
		if add(t, off, a).IsCopy() {
			linkedOff++
		}
		v := add(t, on, a)
		if i >= provenance.DefaultBoilerplateMin {
			assert.False(t, v.IsCopy(), "%s: linked by the learned appeal to %+v", a.ID, v.Sources)
			assert.Greater(t, v.Boilerplate, 150, "%s: the appeal is left out", a.ID)
		}
	}
	assert.GreaterOrEqual(t, linkedOff, 4, "without learning, the appeal alone links the outlet's stories")

	// Seed 001 at The Moscow Times: another story with the same appeal.
	// It is not linked to the outlet's other stories, and what was left
	// out is exactly the appeal, from "A Message" to "Remind me later".
	seed.Source = mt
	v := add(t, on, seed)
	assert.False(t, v.IsCopy(), "001 shares only the appeal: %+v", v.Sources)
	ranges, err := on.Boilerplate(seed.ID)
	require.NoError(t, err)
	end := strings.LastIndex(seed.Text, "later") + len("later")
	covered, outside := 0, 0
	for _, r := range ranges {
		require.Less(t, r[0], r[1])
		require.LessOrEqual(t, r[1], len(seed.Text))
		covered += max(0, min(r[1], end)-max(r[0], at))
		outside += (r[1] - r[0]) - max(0, min(r[1], end)-max(r[0], at))
	}
	assert.Contains(t, ranges, [2]int{at, end}, "the appeal is one passage left out")
	assert.Equal(t, end-at, covered)
	assert.Less(t, outside, at/50, "little of the story itself is left out: %v", ranges)
	t.Logf("001: %d shingles left out, passages %v (appeal: [%d %d])", v.Boilerplate, ranges, at, end)

	// A scrape of 001 by a site without a name (seed 003: truncated, no
	// appeal) is still found, and so is a copy of the whole page,
	// appeal included, by an aggregator. 001 left the appeal out of its
	// signature; so does the aggregator's copy, so its containment in
	// 001 stays near 1. (Had the aggregator kept the appeal, as learning
	// per outlet did, its 158 shingles would be missing from 001's
	// signature.)
	scrape := add(t, on, seedArticle(t, 3))
	assert.GreaterOrEqual(t, sourceOf(t, scrape, seed.ID).Containment, 0.95)
	page := add(t, on, provenance.Article{ID: "agg", Source: "agg:newsdeck", Text: "date 2024-11-06\n" + seed.Text})
	e := sourceOf(t, page, seed.ID)
	assert.Equal(t, seed.ID, page.Sources[0].Source)
	assert.GreaterOrEqual(t, e.Containment, 0.95)
	assert.Greater(t, page.Boilerplate, 150, "the aggregator's copy leaves the appeal out too")
	t.Logf("003 in 001: %.3f; aggregator's page in 001: %.3f", sourceOf(t, scrape, seed.ID).Containment, e.Containment)

	// A reprint of one of the outlet's stories by another site is found.
	r := add(t, on, provenance.Article{ID: "reprint", Source: "site:other", Text: stories[6]})
	assert.GreaterOrEqual(t, sourceOf(t, r, "mt-6").Containment, 0.95)
	rr, err := on.Boilerplate("reprint")
	require.NoError(t, err)
	assert.Empty(t, rr, "nothing of the story was learned")
}

func TestBoilerplateWireFormula(t *testing.T) {
	// A wire's formulaic paragraph, learned from the wire's own stories,
	// then a story carrying it copied verbatim by a site that has never
	// carried it. Learning per outlet left the paragraph out of the
	// wire's story but not of the copy, whose containment in its source
	// fell to 0.72 (linked only because all of the source is in the copy,
	// and ranked below any copy that had kept the formula); learned
	// boilerplate is left out of every article, so the copy's containment
	// stays near 1.
	const formula = "For more information on this company, subscribers may consult the Reuters company " +
		"news service. Figures in this report are unaudited and subject to revision; Reuters has not " +
		"verified them independently and accepts no responsibility for their accuracy or completeness."
	stories := reutersDistinct(t, 7, 80, 130)
	tr := newTracker(t, provenance.Config{KeepText: true})
	for i, story := range stories[:6] {
		v := add(t, tr, provenance.Article{ID: fmt.Sprint("wire-", i), Source: "Reuters", Text: story + "\n" + formula})
		assert.False(t, v.IsCopy(), "wire-%d: the formula alone does not link stories: %+v", i, v.Sources)
	}
	wire := add(t, tr, provenance.Article{ID: "wire-6", Source: "Reuters", Text: stories[6] + "\n" + formula})
	assert.Greater(t, wire.Boilerplate, 30, "the learned formula is left out of the wire's story")
	for _, src := range []string{"site:clearwater-mirror", ""} { // a site, and an article without an outlet
		c := add(t, tr, provenance.Article{ID: "copy " + src, Source: src, Text: stories[6] + "\n" + formula})
		require.True(t, c.IsCopy(), "copy by %q", src)
		assert.Equal(t, "wire-6", c.Sources[0].Source)
		assert.GreaterOrEqual(t, c.Sources[0].Containment, 0.95, "copy by %q", src)
		assert.Equal(t, wire.Boilerplate, c.Boilerplate, "the copy leaves out what its source left out")
		t.Logf("copy by %q: containment in wire-6 %.3f, %d shingles left out", src, c.Sources[0].Containment, c.Boilerplate)
	}
	// What learning per outlet did: the wire's signature without the
	// formula, the site's copy with it.
	asym := newTracker(t, provenance.Config{BoilerplateMin: -1})
	add(t, asym, provenance.Article{ID: "wire-6", Text: stories[6]})
	c := add(t, asym, provenance.Article{ID: "copy", Text: stories[6] + "\n" + formula})
	if c.IsCopy() {
		assert.Less(t, c.Sources[0].Containment, 0.8)
	}
	t.Logf("per outlet, the copy would have been linked: %v %+v", c.IsCopy(), c.Sources)
}

func TestBoilerplateAPI(t *testing.T) {
	footer := " Follow us on social media, sign up for our daily newsletter and never miss a story from the Daily again."
	item := func(i int) provenance.Article {
		return provenance.Article{ID: fmt.Sprint("item", i), URL: fmt.Sprintf("https://www.daily.example/%d", i), Text: words(uint64(i), 60) + footer}
	}
	tr := newTracker(t, provenance.Config{KeepText: true})
	for i := range 6 {
		add(t, tr, item(i))
	}
	ranges, err := tr.Boilerplate("item0")
	require.NoError(t, err)
	assert.Nil(t, ranges, "nothing was learned when item0 was added")
	ranges, err = tr.Boilerplate("item5")
	require.NoError(t, err)
	text := item(5).Text
	require.Len(t, ranges, 1, "outlets are told by URL host: the footer was learned")
	assert.Equal(t, "Follow us on social media, sign up for our daily newsletter and never miss a story from the Daily again",
		text[ranges[0][0]:ranges[0][1]])

	_, err = tr.Boilerplate("nope")
	assert.ErrorIs(t, err, provenance.ErrUnknownArticle)
	noText := newTracker(t, provenance.Config{})
	add(t, noText, item(0))
	_, err = noText.Boilerplate("item0")
	assert.ErrorIs(t, err, provenance.ErrNoText)

	// Learning off: nothing is left out.
	off := newTracker(t, provenance.Config{BoilerplateMin: -1, KeepText: true})
	for i := range 8 {
		v := add(t, off, item(i))
		assert.Zero(t, v.Boilerplate)
	}
	ranges, err = off.Boilerplate("item7")
	require.NoError(t, err)
	assert.Nil(t, ranges)
}

// TestBoilerplateResendsTeachNothing: an outlet that re-sends one story
// many times (updates, corrections, a site re-posting a wire) must not
// learn the story itself as its boilerplate: every re-send stays a copy,
// whether added in order or from several goroutines.
func TestBoilerplateResendsTeachNothing(t *testing.T) {
	for _, workers := range []int{1, 4} {
		tr := newTracker(t, provenance.Config{})
		first := seedArticle(t, 1)
		first.Source = "The Moscow Times"
		add(t, tr, first)
		var wg sync.WaitGroup
		for w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := w; i < 20; i += workers {
					a := first
					a.ID = fmt.Sprintf("resend-%02d", i)
					a.Text = fmt.Sprintf("%s\n\nUpdated %d.", first.Text, i)
					if _, err := tr.Add(a); err != nil {
						t.Error(err)
					}
				}
			}()
		}
		wg.Wait()
		stories := storiesOf(tr)
		require.Len(t, stories, 1, "%d workers", workers)
		assert.Len(t, stories[0].Articles, 21)
		for v := range tr.Articles() {
			assert.Zero(t, v.Boilerplate, v.ID)
		}
	}
}

// TestBoilerplateManyCopiesOfOneStory: one wire story copied 5,000 times
// by 50 outlets, 100 times each (section pages, updates, re-posts), every
// copy with a line of its own. The story is one story, not an outlet's
// template: none of it may be learned, and every copy is found. (When an
// outlet's fifth copy taught the story as its boilerplate, 4,798 of the
// 5,000 stood alone, unfingerprinted.) Every copy is verified against
// every earlier one, some 20 s of CPU: so 5,000 only in long mode
// (testenv.Long, without the race detector), else 500 copies, 10 an
// outlet, still twice the threshold.
func TestBoilerplateManyCopiesOfOneStory(t *testing.T) {
	story := reutersDistinct(t, 1, 150, 250)[0]
	tr := newTracker(t, provenance.Config{})
	wire := add(t, tr, provenance.Article{ID: "wire", Source: "Reuters", Text: story})
	require.True(t, wire.Fingerprinted)
	const outlets = 50
	copies := 500
	if testenv.Long() && !raceEnabled {
		copies = 5000
	}
	missed, leftOut := 0, 0
	for i := range copies {
		outlet := fmt.Sprintf("site-%02d", i%outlets)
		a := provenance.Article{
			ID:     fmt.Sprint("copy-", i),
			Source: outlet,
			Text:   fmt.Sprintf("%s\n\nPosted by %s, edition %d.", story, outlet, i/outlets),
		}
		v := add(t, tr, a)
		if !v.IsCopy() || v.Origin != "wire" {
			missed++
		}
		leftOut = max(leftOut, v.Boilerplate)
	}
	assert.Zero(t, missed, "copies not found in the wire's story")
	assert.Less(t, leftOut, 10, "at most a few shingles of a copy are left out as boilerplate")
}

// TestBoilerplateOutletRepostsWireStory: a wire story, posted five times
// by outlet A (section pages, an update, each with a line of its own),
// then copied from A by B and C. A's pages are as close to the wire's
// story as to each other, so the wire is their primary source. They are
// one story taken from the wire, not a template of A's: B's and C's
// copies are found, in the wire's story, with nothing of it left out.
// (When every page of A taught its text, the fifth made the story A's
// boilerplate, and B's and C's copies stood alone.)
func TestBoilerplateOutletRepostsWireStory(t *testing.T) {
	story := reutersDistinct(t, 1, 150, 250)[0]
	tr := newTracker(t, provenance.Config{KeepText: true})
	add(t, tr, provenance.Article{ID: "wire", Source: "Reuters", Text: story})
	notes := []string{"Filed under Home.", "Filed under World.", "Filed under Business.", "Filed under Markets.", "Updated at 14:05 GMT."}
	var pages []string
	for i, note := range notes {
		page := story + "\n\n" + note
		pages = append(pages, page)
		v := add(t, tr, provenance.Article{ID: fmt.Sprint("A-", i), Source: "The Harbour Gazette", Text: page})
		require.True(t, v.IsCopy(), "A-%d", i)
		assert.Equal(t, "wire", v.Origin, "A-%d", i)
	}
	for _, c := range []struct{ id, outlet, text string }{
		{"B", "Valley Courier", pages[2] + "\n\nValley Courier"},
		{"C", "northshore.example", story + "\n\nRead more at northshore.example"},
	} {
		v := add(t, tr, provenance.Article{ID: c.id, Source: c.outlet, Text: c.text})
		require.True(t, v.Fingerprinted, c.id)
		assert.True(t, v.IsCopy(), "%s is a copy", c.id)
		assert.Equal(t, "wire", v.Origin, c.id)
		assert.Less(t, v.Boilerplate, 10, "%s: the story is not left out", c.id)
	}
}

// TestBoilerplateTemplateAroundCopies: an aggregator wraps a long
// template (The Moscow Times' appeal, about 190 words) around stories it
// copies from a wire: first a long one, then short ones. The short
// stories are too small a part of their pages to be found in them (under
// a third), but the template links each page to the first, so all of
// them are in the story of the first page's wire source. They are not
// re-posts of that story (they are linked to no article of the wire),
// they are the aggregator's own pages: the template is learned from them,
// and the later pages stand alone. (Had every page in a story that came
// from another outlet counted as a re-post of it, the template would
// never be learned, and every page would join the first one's story.)
func TestBoilerplateTemplateAroundCopies(t *testing.T) {
	seed := seedArticle(t, 1)
	at := strings.Index(seed.Text, "A Message from The Moscow Times:")
	require.Positive(t, at)
	appeal := seed.Text[at:]
	long := reutersDistinct(t, 1, 150, 250)[0]
	short := reutersDistinct(t, 9, 25, 40)
	tr := newTracker(t, provenance.Config{})
	add(t, tr, provenance.Article{ID: "wire-long", Source: "Reuters", Text: long})
	first := add(t, tr, provenance.Article{ID: "agg-long", Source: "newsdeck", Text: long + "\n" + appeal})
	require.Equal(t, "wire-long", first.Origin)
	linked := 0
	for i, story := range short {
		add(t, tr, provenance.Article{ID: fmt.Sprint("wire-", i), Source: "Reuters", Text: story})
		v := add(t, tr, provenance.Article{ID: fmt.Sprint("agg-", i), Source: "newsdeck", Text: story + "\n" + appeal})
		t.Logf("agg-%d: %d left out, origin %s, sources %d", i, v.Boilerplate, v.Origin, len(v.Sources))
		if i < provenance.DefaultBoilerplateMin-1 && v.Origin == "wire-long" {
			linked++
		}
		if i >= provenance.DefaultBoilerplateMin {
			assert.Greater(t, v.Boilerplate, 150, "agg-%d: the template is learned", i)
			assert.NotEqual(t, "wire-long", v.Origin, "agg-%d is not linked by the template", i)
		}
	}
	assert.GreaterOrEqual(t, linked, 3, "before it is learned, the template links the pages to the first")
}
