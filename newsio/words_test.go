package newsio

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestJSONLAndLibraryJSONShareTheirWords: a JSONL line has "story" (the
// same as "cluster", kept), and every key of a verdict's library JSON
// form that is on the line holds the same value there, but "sources",
// whose entries are the graph JSON's edges in the library and keyed
// "id" on the line.
func TestJSONLAndLibraryJSONShareTheirWords(t *testing.T) {
	tr, _ := seedsTracker(t, false)
	var buf bytes.Buffer
	require.NoError(t, WriteJSONL(&buf, tr, Everything))
	lines := bytes.Split(bytes.TrimSpace(buf.Bytes()), []byte("\n"))
	copies := 0
	for _, line := range lines {
		var jsonl map[string]json.RawMessage
		require.NoError(t, json.Unmarshal(line, &jsonl))
		require.Contains(t, jsonl, "story")
		assert.JSONEq(t, string(jsonl["cluster"]), string(jsonl["story"]))
		var id string
		require.NoError(t, json.Unmarshal(jsonl["id"], &id))
		v, ok := tr.Verdict(id)
		require.True(t, ok)
		if v.IsCopy() {
			copies++
		}
		data, err := json.Marshal(v)
		require.NoError(t, err)
		var lib map[string]json.RawMessage
		require.NoError(t, json.Unmarshal(data, &lib))
		for key, value := range lib {
			if key == "sources" {
				continue
			}
			require.Contains(t, jsonl, key, "the JSONL line has the library's key %q", key)
			assert.JSONEq(t, string(jsonl[key]), string(value), "%s: %q", id, key)
		}
	}
	assert.Positive(t, copies)
}
