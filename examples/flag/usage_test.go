package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestUsageNamesEveryInputAndWhatPassagesAffects: -h names every input
// form the flagger reads (.ndjson and a single file too), and says that
// -passages affects the HTML report as well as the JSONL lines.
func TestUsageNamesEveryInputAndWhatPassagesAffects(t *testing.T) {
	_, usage, _ := flagRun(t, "", "-h")
	for _, want := range []string{"*.txt", ".jsonl", ".ndjson", "- for JSON Lines on standard input", ".csv", "any other file as one article"} {
		assert.Contains(t, usage, want)
	}
	for _, l := range strings.Split(usage, "\n") {
		if strings.Contains(l, "matched passages") {
			assert.Contains(t, l, "html", "the -passages line")
		}
	}
	assert.Contains(t, usage, "matched passages")
}
