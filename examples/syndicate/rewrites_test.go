package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// -rewrites adds the rewrite classes with their intensity; without
// WordNet the synonym class is left out, with a warning; the output is
// deterministic.
func TestRewritesFlag(t *testing.T) {
	src := source(t, 120)
	noWordNet := t.TempDir()
	a, stderr, err := syndicate("-seed", "3", "-n", "1500", "-rewrites", "-wordnet", noWordNet, src)
	require.NoError(t, err)
	assert.Contains(t, stderr, "WordNet data files not found in "+noWordNet)
	assert.Contains(t, stderr, "the rewrite-synonym class is left out")
	b, _, err := syndicate("-rewrites", "-wordnet", noWordNet, "-n", "1500", "-seed", "3", src)
	require.NoError(t, err)
	assert.Equal(t, a, b)

	labels := map[string]int{}
	for _, line := range strings.Split(strings.TrimSuffix(a, "\n"), "\n") {
		var rec struct {
			Label, Intensity string
			NegativeFor      string `json:"negative_for"`
		}
		require.NoError(t, json.Unmarshal([]byte(line), &rec))
		labels[rec.Label]++
		rewrite := strings.HasPrefix(rec.Label, "rewrite") || rec.Label == "partial"
		assert.Equal(t, rewrite, rec.Intensity != "", line)
		assert.Equal(t, rec.Label == "same-topic", rec.NegativeFor != "", line)
	}
	for _, l := range []string{"rewrite", "rewrite-lede", "rewrite-reorder", "rewrite-sentences", "partial"} {
		assert.Positive(t, labels[l], l)
	}
	assert.Zero(t, labels["rewrite-synonym"])

	plain, _, err := syndicate("-seed", "3", "-n", "1500", src)
	require.NoError(t, err)
	assert.NotContains(t, plain, `"intensity"`)
	_, _, err = syndicate("-rewrites", "-same-topic", "2", src)
	assert.ErrorContains(t, err, "-same-topic 2: must be between 0 and 1")
}
