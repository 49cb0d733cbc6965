package provenance_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/reprintlab/reprint/dedup"
	"github.com/reprintlab/reprint/provenance"
)

// vpostOriginal is seed 001 as VPost would have published it: the text
// before The Moscow Times' credit line and donation appeal.
func vpostOriginal(t testing.TB) string {
	t.Helper()
	text := seedArticle(t, 1).Text
	i := strings.Index(text, "This article was first published by VPost.")
	require.Greater(t, i, 1000, "seed 001 carries its credit line")
	return text[:i]
}

func TestClaimsSeedsExternal(t *testing.T) {
	tr := newTracker(t, provenance.Config{})
	for i := range seedNames {
		add(t, tr, seedArticle(t, i))
	}
	want := []provenance.Claim{{Outlet: "VPost", By: []string{seedNames[1]}, External: true}}
	// The story of 001 and 003, asked by its ID or by either article.
	assert.Equal(t, want, tr.Claims(seedNames[1]))
	assert.Equal(t, want, tr.Claims(seedNames[3]))
	assert.False(t, want[0].Confirmed())
	for _, i := range []int{0, 4} {
		assert.Nil(t, tr.Claims(seedNames[i]), seedNames[i])
	}
	// 002, standing alone, names its sources ("Sources: Izvestia, TASS",
	// "Sources: Meduza, X"): claims of a story of one.
	by002 := []string{seedNames[2]}
	assert.Equal(t, []provenance.Claim{
		{Outlet: "Izvestia", By: by002, External: true}, {Outlet: "TASS", By: by002, External: true},
		{Outlet: "Meduza", By: by002, External: true}, {Outlet: "X", By: by002, External: true},
	}, tr.Claims(seedNames[2]))
	assert.Nil(t, tr.Claims("nope"))

	// A later article from VPost puts the outlet in the corpus; it is in
	// another story, so the claim is not confirmed either.
	add(t, tr, provenance.Article{ID: "vpost-other", Text: "VPost's evening newsletter.", Source: "VPost"})
	v, _ := tr.Verdict("vpost-other")
	require.False(t, v.IsCopy(), "the VPost article must stand apart for the test to mean anything")
	assert.Equal(t, []provenance.Claim{{Outlet: "VPost", By: []string{seedNames[1]}}}, tr.Claims(seedNames[3]))
}

func TestClaimsConfirmedInTheCorpus(t *testing.T) {
	// VPost publishes the story; The Moscow Times republishes it whole with
	// its credit line, a scraper copies half of it. The claim is confirmed
	// by the text match: VPost's article is in the story, its origin.
	t0 := time.Date(2024, 11, 6, 8, 0, 0, 0, time.UTC)
	tr := newTracker(t, provenance.Config{})
	add(t, tr, provenance.Article{ID: "vpost", Text: vpostOriginal(t), Source: "VPost", Published: t0})
	mt := seedArticle(t, 1)
	mt.ID, mt.Source, mt.Published = "moscow-times", "The Moscow Times", t0.Add(3*time.Hour)
	v := add(t, tr, mt)
	require.True(t, v.IsCopy())
	assert.Equal(t, "vpost", v.Sources[0].Source)
	assert.Equal(t, []string{"VPost"}, v.Credited)
	sc := seedArticle(t, 3)
	sc.ID, sc.URL, sc.Published = "scrape", "https://news-aggregator.example.net/2024/11/06/kremlin", t0.Add(5*time.Hour)
	v = add(t, tr, sc)
	require.True(t, v.IsCopy())

	want := []provenance.Claim{{Outlet: "VPost", By: []string{"moscow-times"}, Matched: []string{"vpost"}}}
	for _, id := range []string{"vpost", "moscow-times", "scrape"} {
		assert.Equal(t, want, tr.Claims(id), id)
	}
	assert.True(t, want[0].Confirmed())
	s := storiesOf(tr)
	require.Len(t, s, 1)
	assert.Equal(t, []string{"vpost", "moscow-times", "scrape"}, s[0].Articles)

	// The same outlet named by its site: a link's host is enough.
	g := provenance.NewGraph(0)
	require.NoError(t, g.Add(provenance.Article{ID: "site", Text: "x", URL: "https://www.vpost.media/news/1"}, 100, nil))
	require.NoError(t, g.Add(mt, 120, []provenance.Link{{ID: "site", Scores: scores(0.9)}}))
	assert.Equal(t, []provenance.Claim{{Outlet: "VPost", By: []string{"moscow-times"}, Matched: []string{"site"}}}, g.Claims("site"))
}

// scores returns the scores of a link that holds share c of both articles.
func scores(c float64) dedup.Scores {
	return dedup.Scores{AInB: c, BInA: c, Jaccard: c, Shared: 100}
}

func TestClaimsSpellingsSelfCreditsAndOrder(t *testing.T) {
	// One story of a Reuters wire and three copies: two credit the
	// Associated Press in different words, one credits Reuters, and the
	// wire's own dateline credits itself.
	body := seedArticle(t, 4).Text
	t0 := time.Date(2024, 11, 6, 8, 0, 0, 0, time.UTC)
	g := provenance.NewGraph(0)
	articles := []provenance.Article{
		{ID: "wire", Source: "wire:reuters", Text: "MOSCOW (Reuters) - " + body},
		{ID: "a", Source: "site:a", Text: body + "\nThe Associated Press contributed to this report."},
		{ID: "b", Source: "site:b", Text: "MOSCOW (AP) — " + body + "\nThis article was first published by Reuters."},
		{ID: "c", Source: "site:c", Text: "By Jane Doe, Associated Press\n" + body},
	}
	for i, a := range articles {
		a.Published = t0.Add(time.Duration(i) * time.Hour)
		var links []provenance.Link
		if i > 0 {
			links = []provenance.Link{{ID: "wire", Scores: scores(0.95)}}
		}
		require.NoError(t, g.Add(a, 400, links))
	}
	for _, a := range articles {
		v, _ := g.Verdict(a.ID)
		assert.NotEmpty(t, v.Credited, "%s must credit someone for the test to mean anything", a.ID)
	}
	want := []provenance.Claim{
		{Outlet: "The Associated Press", By: []string{"a", "b", "c"}, External: true},
		{Outlet: "Reuters", By: []string{"b"}, Matched: []string{"wire"}},
	}
	assert.Equal(t, want, g.Claims("c"))
}

func TestClaimsInWriteJSON(t *testing.T) {
	tr := newTracker(t, provenance.Config{})
	for i := range seedNames {
		add(t, tr, seedArticle(t, i))
	}
	var buf bytes.Buffer
	require.NoError(t, tr.WriteJSON(&buf))
	var doc struct {
		Stories []map[string]json.RawMessage `json:"stories"`
	}
	require.NoError(t, json.Unmarshal(buf.Bytes(), &doc))
	require.Len(t, doc.Stories, 4)
	for _, s := range doc.Stories {
		var id string
		require.NoError(t, json.Unmarshal(s["id"], &id))
		assert.Contains(t, s, "origin", id)
		assert.Contains(t, s, "articles", id)
		switch id {
		case seedNames[1]:
			assert.JSONEq(t, `[{"outlet":"VPost","by":["`+seedNames[1]+`"],"external":true}]`, string(s["claims"]))
		case seedNames[2]:
			assert.Contains(t, s, "claims")
		default:
			assert.NotContains(t, s, "claims", id)
		}
	}
	// A Claim round-trips through its JSON form.
	c := provenance.Claim{Outlet: "VPost", By: []string{"mt"}, Matched: []string{"vp"}}
	b, err := json.Marshal(c)
	require.NoError(t, err)
	assert.JSONEq(t, `{"outlet":"VPost","by":["mt"],"matched":["vp"],"external":false}`, string(b))
	var back provenance.Claim
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, c, back)
}

func TestClaimsConcurrentWithAdd(t *testing.T) {
	// Tracker.Claims takes the tracker's lock: run with -race.
	tr := newTracker(t, provenance.Config{})
	add(t, tr, seedArticle(t, 1))
	text := seedArticle(t, 1).Text
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(2)
		go func() {
			defer wg.Done()
			for i := range 5 {
				_, err := tr.Add(provenance.Article{ID: fmt.Sprint("copy", g, "-", i), Text: text, Source: fmt.Sprint("site:", g)})
				assert.NoError(t, err)
			}
		}()
		go func() {
			defer wg.Done()
			for range 20 {
				c := tr.Claims(seedNames[1])
				if assert.Len(t, c, 1) {
					assert.Equal(t, "VPost", c[0].Outlet)
					assert.True(t, c[0].External)
				}
			}
		}()
	}
	wg.Wait()
	var story provenance.Story
	for s := range tr.Stories() {
		if s.ID == seedNames[1] {
			story = s
		}
	}
	require.Greater(t, len(story.Articles), 1)
	c := tr.Claims(seedNames[1])
	require.Len(t, c, 1)
	assert.Equal(t, story.Articles, c[0].By, "every article of the story credits VPost")
}
