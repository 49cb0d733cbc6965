package newsio

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/reprintlab/reprint/provenance"
)

// Verdicts written without a Report (a batch job's, from its own graph)
// are the lines the flagger writes with -passages=false: the same
// verdicts, headlines, outlets named by all their spellings ("REUTER",
// "wire:reuters": "Reuters"; "site:daily-post": "Daily Post"), links and
// times; and an article the input says nothing of.
func TestWriteVerdictsJSONLIsTheFlaggersJSONL(t *testing.T) {
	files, err := filepath.Glob("../testdata/seeds/*.txt")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	tr, err := provenance.New(provenance.Config{})
	require.NoError(t, err)
	about := map[string]About{}
	t0 := time.Date(2024, 11, 6, 9, 0, 0, 0, time.FixedZone("", 3600))
	sources := []string{"wire:reuters", "REUTER", "site:daily-post", "", "Daily Post"}
	for i, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		text := string(b)
		for c := range 3 {
			id := fmt.Sprintf("%d-%d", i, c)
			if c > 0 {
				text = "Reprinted: " + text[:len(text)*9/10]
			}
			_, err := tr.Add(provenance.Article{ID: id, Text: text})
			require.NoError(t, err)
			if i == 0 && c == 2 {
				continue // the input says nothing of it
			}
			about[id] = About{Title: strings.SplitN(text, "\n", 2)[0], Source: sources[(i+c)%len(sources)],
				URL: fmt.Sprintf("https://news.example/%s", id), Published: t0.Add(time.Duration(c) * time.Hour)}
		}
	}
	var want, got bytes.Buffer
	require.NoError(t, Report{Tracker: tr, About: about}.WriteJSONL(&want))
	require.NoError(t, WriteVerdictsJSONL(&got, tr.Articles(), about))
	assert.Equal(t, want.String(), got.String())
	assert.Contains(t, got.String(), `"outlet":"Reuters"`)
	assert.Contains(t, got.String(), `"outlet":"Daily Post"`)
	assert.Equal(t, len(files)*3, strings.Count(got.String(), "\n"))
}
