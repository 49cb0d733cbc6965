package main

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// seedsWithScraper is testdata/seeds.jsonl with the scrape of 001 (003)
// given an outlet and a time two hours after The Moscow Times' page.
func seedsWithScraper(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("../../testdata/seeds.jsonl")
	require.NoError(t, err)
	var lines []string
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		var m map[string]any
		require.NoError(t, json.Unmarshal([]byte(line), &m))
		switch m["id"] {
		case "mt-vpost-russia":
			m["published"] = "2024-11-06T10:00:00Z"
		case "scrape-vpost":
			m["source"], m["published"] = "Scraper Daily", "2024-11-06T12:00:00Z"
		}
		out, err := json.Marshal(m)
		require.NoError(t, err)
		lines = append(lines, string(out))
	}
	return strings.Join(lines, "\n") + "\n"
}

// TestFormatOutlets: the scraper copied The Moscow Times' page two hours
// later without crediting it (its text stops before the credit line), and
// -format outlets and outlets-json say so.
func TestFormatOutlets(t *testing.T) {
	input := seedsWithScraper(t)
	out, _, err := flagRun(t, input, "-format", "outlets", "-")
	require.NoError(t, err)
	assert.Contains(t, out, "4 outlets; 1 pairs of outlets with copies\n")
	var row string
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, "Scraper Daily ") && strings.Contains(l, "The Moscow Times") {
			row = l
		}
	}
	require.NotEmpty(t, row, out)
	assert.Equal(t, []string{"Scraper", "Daily", "The", "Moscow", "Times", "1", "0", "1", "2h0m0s", "2h0m0s"}, strings.Fields(row))

	out, _, err = flagRun(t, input, "-format", "outlets-json", "-")
	require.NoError(t, err)
	var table struct {
		Outlets []struct {
			Name     string `json:"name"`
			Articles int    `json:"articles"`
			CopiedBy int    `json:"copied_by"`
		} `json:"outlets"`
		Pairs []struct {
			Copier, Source string
			Copies         int `json:"copies"`
			Uncredited     int `json:"uncredited"`
			AfterSource    struct {
				Timed   int     `json:"timed"`
				MedianS float64 `json:"median_s"`
			} `json:"after_source"`
		} `json:"pairs"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &table))
	require.Len(t, table.Pairs, 1)
	p := table.Pairs[0]
	assert.Equal(t, "Scraper Daily", p.Copier)
	assert.Equal(t, "The Moscow Times", p.Source)
	assert.Equal(t, 1, p.Copies)
	assert.Equal(t, 1, p.Uncredited)
	assert.Equal(t, 1, p.AfterSource.Timed)
	assert.Equal(t, 7200.0, p.AfterSource.MedianS)
	for _, o := range table.Outlets {
		if o.Name == "The Moscow Times" {
			assert.Equal(t, 1, o.CopiedBy)
		}
	}
}
