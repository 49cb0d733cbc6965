package provenance_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/reprintlab/reprint/provenance"
)

// outletCorpus is a syndication day made of two real seed stories: the
// Washington Post story (seed 000) reprinted by three Reuters articles
// (written "REUTERS", "Reuters" and a reuters.com link), one crediting
// the Post and two crediting nobody, by The Moscow Times crediting
// Reuters, and re-sent by the Post itself; and the Kremlin story (seed
// 004) from an article with no outlet, copied twice by Reuters. Times are
// hours after t0.
func outletCorpus(t *testing.T) []provenance.Article {
	wapo, kremlin := seedArticle(t, 0).Text, seedArticle(t, 4).Text
	t0 := time.Date(2024, 11, 6, 12, 0, 0, 0, time.UTC)
	at := func(h int) time.Time { return t0.Add(time.Duration(h) * time.Hour) }
	return []provenance.Article{
		{ID: "w0", Text: wapo, Source: "The Washington Post", Published: at(0)},
		{ID: "k0", Text: kremlin, Published: at(0)},
		{ID: "w1", Text: wapo + "\nThis article was first published by The Washington Post.", Source: "REUTERS", Published: at(1)},
		{ID: "k1", Text: kremlin, Source: "Reuters", Published: at(1)},
		{ID: "k2", Text: kremlin, Source: "Reuters", Published: at(2)},
		{ID: "w2", Text: wapo, Source: "Reuters", Published: at(3)},
		{ID: "w4", Text: wapo + "\nThis article was first published by Reuters.", Source: "The Moscow Times", Published: at(4)},
		{ID: "w3", Text: wapo, URL: "https://www.reuters.com/world/europe/russia-trump-2024-11-06/", Published: at(5)},
		{ID: "w5", Text: wapo, Source: "The Washington Post", Published: at(6)},
	}
}

func TestOutlets(t *testing.T) {
	tr := newTracker(t, provenance.Config{BoilerplateMin: -1})
	for _, a := range outletCorpus(t) {
		add(t, tr, a)
	}
	// Every copy's primary source is its story's origin: the copies hold
	// the same text, and the earliest of equal sources is chosen.
	for _, id := range []string{"w1", "w2", "w3", "w4", "w5"} {
		v, _ := tr.Verdict(id)
		require.NotEmpty(t, v.Sources, id)
		require.Equal(t, "w0", v.Sources[0].Source, id)
	}
	table := tr.Outlets()

	h := time.Hour
	assert.Equal(t, []provenance.OutletPair{
		{
			Copier: "Reuters", CopierKey: "reuters", Source: "The Washington Post", SourceKey: "washington post",
			Copies: 3, Credited: 1, Uncredited: 2, // w1 credits the Post; w2, w3 credit nobody
			Kinds:       provenance.KindCounts{Verbatim: 3},
			AfterSource: provenance.Delays{N: 3, Median: 3 * h, P90: 5 * h}, // 1h, 3h, 5h
			AfterOrigin: provenance.Delays{N: 3, Median: 3 * h, P90: 5 * h},
		},
		{
			Copier: "The Moscow Times", CopierKey: "moscow times", Source: "The Washington Post", SourceKey: "washington post",
			Copies:      1, // w4 credits Reuters: neither source nor origin, so neither credited nor uncredited
			Kinds:       provenance.KindCounts{Verbatim: 1},
			AfterSource: provenance.Delays{N: 1, Median: 4 * h, P90: 4 * h},
			AfterOrigin: provenance.Delays{N: 1, Median: 4 * h, P90: 4 * h},
		},
		{
			Copier: "The Washington Post", CopierKey: "washington post", Source: "The Washington Post", SourceKey: "washington post",
			Copies:      1, // w5, a re-send: same outlet, so not uncredited
			Kinds:       provenance.KindCounts{Verbatim: 1},
			AfterSource: provenance.Delays{N: 1, Median: 6 * h, P90: 6 * h},
			AfterOrigin: provenance.Delays{N: 1, Median: 6 * h, P90: 6 * h},
		},
	}, table.Pairs)
	assert.Equal(t, 2, table.Unattributed, "k1 and k2 copy k0, which has no outlet")

	assert.Equal(t, []provenance.OutletTotals{
		{
			Name: "Reuters", Key: "reuters", Articles: 5, // w1, w2, w3, k1, k2
			Copies: 3, Credited: 1, Uncredited: 2, Kinds: provenance.KindCounts{Verbatim: 3},
			AfterSource: provenance.Delays{N: 3, Median: 3 * h, P90: 5 * h},
			AfterOrigin: provenance.Delays{N: 3, Median: 3 * h, P90: 5 * h},
		},
		{
			Name: "The Washington Post", Key: "washington post", Articles: 2, // w0, w5
			Resends: 1, CopiedBy: 4, CopiedUncredited: 2, CopiedKinds: provenance.KindCounts{Verbatim: 4},
		},
		{
			Name: "The Moscow Times", Key: "moscow times", Articles: 1,
			Copies: 1, Kinds: provenance.KindCounts{Verbatim: 1},
			AfterSource: provenance.Delays{N: 1, Median: 4 * h, P90: 4 * h},
			AfterOrigin: provenance.Delays{N: 1, Median: 4 * h, P90: 4 * h},
		},
	}, table.Outlets)

	for _, name := range []string{"Reuters", "REUTER", "reuters.com", "wire:reuters"} {
		o, ok := table.Outlet(name)
		assert.True(t, ok, name)
		assert.Equal(t, "reuters", o.Key, name)
	}
	_, ok := table.Outlet("AFP")
	assert.False(t, ok)
	assert.Equal(t, "reuters", table.OutletOf("", "https://www.reuters.com/x"))
	assert.Equal(t, "reuters", table.OutletOf("REUTERS", ""))
	assert.Equal(t, "", table.OutletOf("", ""), "an article with no outlet")
	assert.Equal(t, "", table.OutletOf("AFP", ""), "an outlet with no article")
}

// TestOutletsChain checks the delay after the origin against the delay
// after the source, on a chain: a copy of a copy.
func TestOutletsChain(t *testing.T) {
	tr := newTracker(t, provenance.Config{BoilerplateMin: -1})
	wapo, kremlin := seedArticle(t, 0).Text, seedArticle(t, 4).Text
	cut := func(s string, at int) string { return s[:strings.Index(s[at:], "\n")+at] } // at a line end
	part, kremlin := cut(wapo, len(wapo)*3/4), cut(kremlin, len(kremlin)/4)
	t0 := time.Date(2024, 11, 6, 8, 0, 0, 0, time.UTC)
	// Semafor runs the first three quarters of the Post story with the start of
	// the Kremlin story after it, 2h after the Post; Daily Example reprints
	// Semafor's page 30 minutes later: all of it is in Semafor's, only
	// part in the Post's, so Semafor's page is its source and the Post's
	// the origin.
	add(t, tr, provenance.Article{ID: "w0", Text: wapo, Source: "The Washington Post", Published: t0})
	add(t, tr, provenance.Article{ID: "mix", Text: part + "\n" + kremlin, Source: "Semafor", Published: t0.Add(2 * time.Hour)})
	v := add(t, tr, provenance.Article{ID: "again", Text: part + "\n" + kremlin, Source: "Daily Example", Published: t0.Add(150 * time.Minute)})
	require.NotEmpty(t, v.Sources)
	require.Equal(t, "mix", v.Sources[0].Source)
	require.Equal(t, "w0", v.Origin)

	table := tr.Outlets()
	h := time.Hour
	assert.Equal(t, []provenance.OutletPair{ // equal copies: by the copier's name
		{
			Copier: "Daily Example", CopierKey: "daily example", Source: "Semafor", SourceKey: "semafor",
			Copies: 1, Uncredited: 1, Kinds: provenance.KindCounts{Verbatim: 1},
			AfterSource: provenance.Delays{N: 1, Median: h / 2, P90: h / 2},
			AfterOrigin: provenance.Delays{N: 1, Median: 150 * time.Minute, P90: 150 * time.Minute},
		},
		{
			Copier: "Semafor", CopierKey: "semafor", Source: "The Washington Post", SourceKey: "washington post",
			Copies: 1, Uncredited: 1, Kinds: provenance.KindCounts{Verbatim: 1},
			AfterSource: provenance.Delays{N: 1, Median: 2 * h, P90: 2 * h},
			AfterOrigin: provenance.Delays{N: 1, Median: 2 * h, P90: 2 * h},
		},
	}, table.Pairs)
}

// TestOutletsCountKinds: each copy is counted by the kind of its link to
// its primary source: a newspaper's rewrite of a wire story as a
// rewrite, another's reprint as verbatim.
func TestOutletsCountKinds(t *testing.T) {
	tr := newTracker(t, provenance.Config{})
	add(t, tr, provenance.Article{ID: "wire", Source: "Wire", Text: rwSource, Published: day(1)})
	add(t, tr, provenance.Article{ID: "paper", Source: "Paper", Text: rwRewrite, Published: day(2)})
	add(t, tr, provenance.Article{ID: "reprint", Source: "Reprints", Text: rwSource, Published: day(3)})
	table := tr.Outlets()
	kinds := map[string]provenance.KindCounts{}
	for _, p := range table.Pairs {
		require.Equal(t, "Wire", p.Source, "%+v", p)
		kinds[p.Copier] = p.Kinds
	}
	assert.Equal(t, map[string]provenance.KindCounts{"Paper": {Rewrite: 1}, "Reprints": {Verbatim: 1}}, kinds)
	wire, ok := table.Outlet("Wire")
	require.True(t, ok)
	assert.Equal(t, provenance.KindCounts{Verbatim: 1, Rewrite: 1}, wire.CopiedKinds)
	assert.Equal(t, 1, wire.CopiedKinds.Of(provenance.KindRewrite))
	assert.Equal(t, 0, wire.CopiedKinds.Of(provenance.KindPartial))
	paper, _ := table.Outlet("Paper")
	assert.Equal(t, provenance.KindCounts{Rewrite: 1}, paper.Kinds)
}
