package provenance_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/reprintlab/reprint/dedup"
	"github.com/reprintlab/reprint/provenance"
)

func seedArticles(t *testing.T) []provenance.Article {
	t.Helper()
	var out []provenance.Article
	for i := range seedNames {
		out = append(out, seedArticle(t, i))
	}
	return out
}

// TestFlagOneShot: articles in, stories with copies out, as a tracker fed
// one article at a time finds them: on the seeds, one story, 003 copying
// 001.
func TestFlagOneShot(t *testing.T) {
	articles := seedArticles(t)
	res, err := provenance.Flag(context.Background(), provenance.Config{}, slices.Values(articles))
	require.NoError(t, err)
	require.Equal(t, []provenance.Story{{ID: seedNames[1], Origin: seedNames[1], Articles: []string{seedNames[1], seedNames[3]}}}, res.Stories)
	require.Len(t, res.Verdicts, len(articles))
	tr := newTracker(t, provenance.Config{})
	for i, a := range articles {
		add(t, tr, a)
		assert.Equal(t, a.ID, res.Verdicts[i].ID, "in the order given")
	}
	for i, a := range articles {
		v, _ := tr.Verdict(a.ID)
		assert.Equal(t, v, res.Verdicts[i])
	}
	data, err := json.Marshal(res)
	require.NoError(t, err)
	assert.Contains(t, string(data), `"stories":[{"id":"`+seedNames[1]+`"`)

	// No articles: empty lists, not null.
	res, err = provenance.Flag(context.Background(), provenance.Config{}, slices.Values([]provenance.Article(nil)))
	require.NoError(t, err)
	data, err = json.Marshal(res)
	require.NoError(t, err)
	assert.JSONEq(t, `{"verdicts": [], "stories": []}`, string(data))
}

func TestFlagErrors(t *testing.T) {
	articles := seedArticles(t)
	_, err := provenance.Flag(context.Background(), provenance.Config{}, slices.Values(append(articles, articles[2])))
	require.ErrorIs(t, err, provenance.ErrDuplicateID)
	assert.Contains(t, err.Error(), "article 6")

	_, err = provenance.Flag(context.Background(), provenance.Config{Index: dedup.IndexConfig{MinContainment: 2}}, slices.Values(articles))
	require.ErrorIs(t, err, dedup.ErrInvalidSettings)

	// A cancelled context stops it between articles.
	ctx, cancel := context.WithCancel(context.Background())
	seen := 0
	counting := func(yield func(provenance.Article) bool) {
		for _, a := range articles {
			seen++
			if seen == 3 {
				cancel()
			}
			if !yield(a) {
				return
			}
		}
	}
	_, err = provenance.Flag(ctx, provenance.Config{}, counting)
	require.ErrorIs(t, err, context.Canceled)
	assert.Contains(t, err.Error(), "before article 3")
	assert.Equal(t, 3, seen, "it stops reading")
}

// Flag finds the copies in a set of articles in one call.
func ExampleFlag() {
	half := strings.Join(strings.Fields(wire)[:40], " ")
	articles := []provenance.Article{
		{ID: "wire-1", Text: wire, Source: "City Wire"},
		{ID: "local-7", Text: "LOCAL NEWS | " + half + " Share this story."},
		{ID: "other", Text: "The regional orchestra announced its winter season on Monday, with six concerts in the old theatre and a festival of new music."},
	}
	res, err := provenance.Flag(context.Background(), provenance.Config{}, slices.Values(articles))
	if err != nil {
		log.Fatal(err)
	}
	for _, s := range res.Stories {
		fmt.Println("story", s.ID, "origin", s.Origin, "articles", s.Articles)
	}
	fmt.Println(len(res.Verdicts), "verdicts")
	// Output:
	// story wire-1 origin wire-1 articles [wire-1 local-7]
	// 3 verdicts
}
