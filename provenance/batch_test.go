package provenance_test

import (
	"bytes"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/reprintlab/reprint/dedup"
	"github.com/reprintlab/reprint/provenance"
)

// A graph fed by AddCredited, with the credited outlets and the links a
// tracker finds, gives the tracker's verdicts and graph document: what a
// batch job that never ships texts to its graph stage relies on.
func TestAddCreditedReproducesTheTracker(t *testing.T) {
	wire := seedArticle(t, 0)
	t0 := time.Date(2024, 11, 6, 9, 0, 0, 0, time.UTC)
	articles := []provenance.Article{
		{ID: "copy", Text: "LONDON (Reuters) - " + wire.Text, Source: "site:hill-times", Published: t0.Add(time.Hour)},
		{ID: "bare", Text: wire.Text, Source: "site:valley-post", Published: t0.Add(2 * time.Hour)},
		{ID: "wire", Text: wire.Text, Source: "wire:reuters", Published: t0},
	}
	for i := range seedNames {
		articles = append(articles, seedArticle(t, i))
	}
	tr := newTracker(t, provenance.Config{BoilerplateMin: -1, DisableRewrites: true}) // a batch job finds shingle-rule links only
	g := provenance.NewGraph(0)
	cfg := tr.IndexConfig()
	ix, err := dedup.NewIndex(cfg)
	require.NoError(t, err)
	signer, err := dedup.NewSigner(cfg.Settings)
	require.NoError(t, err)
	for _, a := range articles {
		add(t, tr, a)
		sig, err := signer.Sign(a.Text)
		require.NoError(t, err)
		matches, err := ix.Query(sig)
		require.NoError(t, err)
		var links []provenance.Link
		for _, m := range matches {
			links = append(links, provenance.LinkFromMatch(m, cfg.MinContainment))
		}
		require.NoError(t, ix.Add(a.ID, sig))
		credited := provenance.Credited(a.Text)
		a.Text = "" // not read
		require.NoError(t, g.AddCredited(a, credited, sig.Shingles(), links))
	}
	want := slices.Collect(tr.Articles())
	got := slices.Collect(g.Articles())
	assert.Equal(t, want, got)
	assert.Equal(t, []string{"Reuters"}, got[0].Credited)
	assert.True(t, got[1].Uncredited)
	assert.Equal(t, "wire", got[0].Origin)

	var fromTracker, fromGraph bytes.Buffer
	require.NoError(t, tr.WriteJSON(&fromTracker))
	require.NoError(t, g.WriteJSONSettings(&fromGraph, cfg.Settings))
	assert.JSONEq(t, fromTracker.String(), fromGraph.String())

	err = g.AddCredited(provenance.Article{ID: "wire"}, nil, 0, nil)
	assert.ErrorIs(t, err, provenance.ErrDuplicateID)
	err = g.AddCredited(provenance.Article{ID: " "}, nil, 0, nil)
	assert.ErrorIs(t, err, provenance.ErrInvalidID)
}
