package provenance_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/reprintlab/reprint/provenance"
)

// badIDs are IDs that Tracker.Add and Graph.Add refuse, with why.
var badIDs = map[string]string{
	" \t\n":           "only white space",
	"\u00a0\u3000":    "only white space (no-break and ideographic spaces)",
	"a\nStory forged": "newline: a forged report line",
	"a\x1b[2J":        "ANSI escape: clears the terminal",
	"a\x00b":          "NUL",
	"a\tb":            "tab",
	"a\x7f":           "DEL",
	"a\u0085b":        "C1 (next line)",
	"caf\xe9":         "Latin-1, not UTF-8",
	"\xff\xfe":        "not UTF-8",
	"a\xed\xa0\x80":   "an encoded surrogate, not UTF-8",
}

func TestCheckID(t *testing.T) {
	for id, why := range badIDs {
		err := provenance.CheckID(id)
		require.ErrorIs(t, err, provenance.ErrInvalidID, why)
		assert.NotContains(t, err.Error(), "\x1b", "the message quotes the ID")
	}
	require.ErrorIs(t, provenance.CheckID(""), provenance.ErrEmptyID)
	for _, good := range []string{"a", " a ", "Reuters 2024/11/06 #1", "статья-7", "\uFFFD", "a b", "日本"} {
		require.NoError(t, provenance.CheckID(good), "%q", good)
	}
}

func TestAddRefusesInvalidIDs(t *testing.T) {
	tr := newTracker(t, provenance.Config{})
	g := provenance.NewGraph(0)
	text := seedArticle(t, 1).Text
	for id, why := range badIDs {
		_, err := tr.Add(provenance.Article{ID: id, Text: text})
		require.ErrorIs(t, err, provenance.ErrInvalidID, "Tracker.Add: %s", why)
		require.ErrorIs(t, g.Add(provenance.Article{ID: id, Text: text}, 0, nil), provenance.ErrInvalidID, "Graph.Add: %s", why)
	}
	assert.Zero(t, tr.Len(), "nothing recorded")
	assert.Zero(t, g.Len(), "nothing recorded")
	_, err := tr.Add(provenance.Article{ID: " a ", Text: text})
	require.NoError(t, err)
	require.NoError(t, g.Add(provenance.Article{ID: " a ", Text: text}, 0, nil))
}
