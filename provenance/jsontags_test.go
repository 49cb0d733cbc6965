package provenance_test

import (
	"encoding/json"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/reprintlab/reprint/provenance"
)

// keysOf returns the keys of a JSON object, sorted.
func keysOf(t *testing.T, data []byte) []string {
	t.Helper()
	var m map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(data, &m), string(data))
	return slices.Sorted(maps.Keys(m))
}

// TestJSONFormsUseTheContractsWords: the library's types marshal with the
// keys of the flagger's JSONL lines and of Graph.WriteJSON ("id",
// "story", "sources", "credited", edges' "copy" and "source"), not Go's
// field names ("ID", "Credited"), and nil slices as [], not null.
func TestJSONFormsUseTheContractsWords(t *testing.T) {
	tr := newTracker(t, provenance.Config{KeepText: true})
	for i := range seedNames {
		add(t, tr, seedArticle(t, i))
	}
	copyV, _ := tr.Verdict(seedNames[3])
	require.True(t, copyV.IsCopy())
	data, err := json.Marshal(copyV)
	require.NoError(t, err)
	assert.Equal(t, []string{"copy", "credited", "fingerprinted", "id", "origin", "shingles", "sources", "story"}, keysOf(t, data))
	var sources []json.RawMessage
	var m map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(data, &m))
	require.NoError(t, json.Unmarshal(m["sources"], &sources))
	require.Len(t, sources, 1)
	assert.Equal(t, []string{"containment", "copy", "jaccard", "kind", "reused", "score", "shared", "source"}, keysOf(t, sources[0]))
	assert.JSONEq(t, `true`, string(m["copy"]))
	var edge map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(sources[0], &edge))
	assert.JSONEq(t, `"verbatim"`, string(edge["kind"]), "kinds are written by name")
	assert.JSONEq(t, `"`+seedNames[1]+`"`, string(m["story"]))

	var back provenance.Verdict
	require.NoError(t, json.Unmarshal(data, &back))
	if copyV.Credited == nil {
		copyV.Credited = []string{}
	}
	assert.Equal(t, copyV, back, "a verdict reads back as written")

	// An original that credits nobody: [] for its sources and credits.
	alone, _ := tr.Verdict(seedNames[0])
	require.Empty(t, alone.Sources)
	data, err = json.Marshal(alone)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, &m))
	assert.JSONEq(t, `[]`, string(m["sources"]))
	assert.JSONEq(t, `[]`, string(m["credited"]))
	assert.JSONEq(t, `false`, string(m["copy"]))

	p, err := tr.Passages(seedNames[3], seedNames[1])
	require.NoError(t, err)
	data, err = json.Marshal(p)
	require.NoError(t, err)
	assert.Equal(t, []string{"copy_coverage", "copy_shingles", "passages", "shared_shingles", "source_coverage", "source_shingles"}, keysOf(t, data))
	data, err = json.Marshal(provenance.Passages{})
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, &m))
	assert.JSONEq(t, `[]`, string(m["passages"]))

	data, err = json.Marshal(provenance.Story{ID: "a", Origin: "a"})
	require.NoError(t, err)
	assert.JSONEq(t, `{"id": "a", "origin": "a", "articles": []}`, string(data))
}

// TestArticleReadsAJSONLInputLine: an Article unmarshals from a line of
// the flagger's input (published in RFC 3339), "source" being the outlet,
// and marshals back to the same keys, leaving out what is unknown.
func TestArticleReadsAJSONLInputLine(t *testing.T) {
	line := `{"id": "wire-1", "text": "Text.", "published": "2024-11-06T09:30:00Z", "source": "VPost", "url": "https://example.com/1"}`
	var a provenance.Article
	require.NoError(t, json.Unmarshal([]byte(line), &a))
	want := provenance.Article{ID: "wire-1", Text: "Text.", Source: "VPost", URL: "https://example.com/1",
		Published: time.Date(2024, 11, 6, 9, 30, 0, 0, time.UTC)}
	assert.Equal(t, want, a)
	data, err := json.Marshal(a)
	require.NoError(t, err)
	assert.JSONEq(t, line, string(data))
	data, err = json.Marshal(provenance.Article{ID: "x", Text: "y"})
	require.NoError(t, err)
	assert.JSONEq(t, `{"id": "x", "text": "y"}`, string(data))
}
