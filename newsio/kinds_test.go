package newsio

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/reprintlab/reprint/provenance"
)

// kindsTracker holds a wire story, a verbatim copy of it and a rewrite
// of it (names and figures kept, other words changed).
func kindsTracker(t *testing.T) *provenance.Tracker {
	t.Helper()
	const wire = "The Nchanga copper mine in Zambia said output rose to 41,000 tonnes in March as the new Konkola " +
		"shaft came on line, managing director Peter Mwale told reporters in Chingola on Friday. He said exports " +
		"through Dar es Salaam were delayed by floods."
	const rewrite = "Output at the Nchanga copper mine in Zambia climbed to 41,000 tonnes in March after the new Konkola " +
		"shaft started working, managing director Peter Mwale told journalists in Chingola on Friday. Exports via " +
		"Dar es Salaam had been held up by floods, he said."
	tr, err := provenance.New(provenance.Config{KeepText: true})
	require.NoError(t, err)
	for _, a := range []provenance.Article{{ID: "wire", Text: wire}, {ID: "copy", Text: wire + " Reuters"}, {ID: "rewrite", Text: rewrite}} {
		_, err := tr.Add(a)
		require.NoError(t, err)
	}
	return tr
}

// TestJSONLKinds: each source says its kind and score; "copy" keeps its
// meaning: true for the verbatim copy, false for the article whose only
// source is a rewrite (it has sources, and is in their story).
func TestJSONLKinds(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, WriteJSONL(&out, kindsTracker(t), Everything))
	lines := map[string]map[string]any{}
	for _, l := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		var m map[string]any
		require.NoError(t, json.Unmarshal([]byte(l), &m))
		lines[m["id"].(string)] = m
	}
	source := func(id string) map[string]any {
		s := lines[id]["sources"].([]any)
		require.Len(t, s, 1, id)
		return s[0].(map[string]any)
	}
	assert.Equal(t, true, lines["copy"]["copy"])
	assert.Equal(t, "verbatim", source("copy")["kind"])
	assert.Greater(t, source("copy")["score"], 0.9)

	assert.Equal(t, false, lines["rewrite"]["copy"], "a rewrite is not a verbatim copy")
	assert.Equal(t, "rewrite", source("rewrite")["kind"])
	assert.Greater(t, source("rewrite")["score"], 0.5)
	assert.Equal(t, "wire", lines["rewrite"]["origin"])
	assert.NotEmpty(t, source("rewrite")["passages"], "passages as evidence for every kind")
}

// TestReportsShowKinds: the text report names each link's kind, the DOT
// graph draws a rewrite dashed and labels it with its kind and score,
// the HTML page gives it a badge.
func TestReportsShowKinds(t *testing.T) {
	tr := kindsTracker(t)
	var text, dot, page bytes.Buffer
	require.NoError(t, WriteText(&text, tr, Everything))
	require.NoError(t, WriteDOT(&dot, tr, Everything))
	require.NoError(t, WriteHTML(&page, tr, Everything))
	assert.Contains(t, text.String(), "source wire: verbatim, ")
	assert.Contains(t, text.String(), "source wire: rewrite (reworded throughout), score 0.")
	assert.Regexp(t, `"rewrite" -> "wire" \[label="rewrite 0\.\d\d", style=dashed\];`, dot.String())
	assert.Regexp(t, `"copy" -> "wire" \[label="\d+%"\];`, dot.String())
	assert.Contains(t, page.String(), `<span class="kind kind-rewrite">rewrite</span>`)
	assert.Contains(t, page.String(), `<span class="kind kind-verbatim">verbatim</span>`)
}
