package newsio

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Verdicts written without a Report (a batch job's, from its own graph)
// are the lines the flagger writes with -passages=false: the same
// verdicts, headlines, outlets named by all their spellings ("REUTER",
// "wire:reuters": "Reuters"; "site:daily-post": "Daily Post"), links and
// times; and an article the input says nothing of.
func TestWriteVerdictsJSONLIsTheFlaggersJSONL(t *testing.T) {
	tr, about := seedCopies(t)
	var want, got bytes.Buffer
	require.NoError(t, Report{Tracker: tr, About: about}.WriteJSONL(&want))
	require.NoError(t, WriteVerdictsJSONL(&got, tr.Articles(), about))
	assert.Equal(t, want.String(), got.String())
	assert.Contains(t, got.String(), `"outlet":"Reuters"`)
	assert.Contains(t, got.String(), `"outlet":"Daily Post"`)
	assert.Equal(t, len(tr.IDs()), strings.Count(got.String(), "\n"))
	assert.Equal(t, 15, len(tr.IDs()), "the five seeds and two copies of each")
}
