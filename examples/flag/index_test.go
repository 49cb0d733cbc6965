package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// seedsExcept copies the seed articles but those named into a new
// folder and returns it.
func seedsExcept(t *testing.T, skip ...string) string {
	t.Helper()
	dir := t.TempDir()
	files, err := filepath.Glob(filepath.Join(seedsDir, "*.txt"))
	require.NoError(t, err)
	for _, f := range files {
		if slices.Contains(skip, filepath.Base(f)[:3]) {
			continue
		}
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(dir, filepath.Base(f)), b, 0o644))
	}
	return dir
}

// TestIndexSecondRun is the case: a first run stores the seeds
// but 003; a second run gets only 003 and reports it as a copy of 001,
// passages included.
func TestIndexSecondRun(t *testing.T) {
	index := filepath.Join(t.TempDir(), "index")
	out, _, err := flagRun(t, "", "-index", index, "-format", "jsonl", seedsExcept(t, "003"))
	require.NoError(t, err)
	require.Len(t, parse(t, out), 4)

	only003 := filepath.Join(seedsDir, "003_d897e868842ded34.txt")
	out, _, err = flagRun(t, "", "-index", index, "-format", "jsonl", only003)
	require.NoError(t, err)
	lines := parse(t, out)
	require.Len(t, lines, 1, "only this run's article")
	l := lines[0]
	assert.Equal(t, "003_d897e868842ded34", l.ID)
	require.Len(t, l.Sources, 1)
	assert.Equal(t, "001_7cb3ead0d8dc3d74", l.Sources[0].ID)
	assert.Equal(t, "001_7cb3ead0d8dc3d74", l.Origin)
	assert.Contains(t, out, `"passages":[{`, "the source's text was stored")

	// The same input again: nothing new is stored, the line is the same.
	again, errOut, err := flagRun(t, "", "-index", index, "-format", "jsonl", only003)
	require.NoError(t, err)
	assert.Equal(t, out, again)
	assert.Contains(t, errOut, "1 of 1 articles were stored by an earlier run")

	// Other signature settings are refused, naming both.
	_, _, err = flagRun(t, "", "-index", index, "-shingle", "3", only003)
	require.ErrorContains(t, err, "words=3")
	// The text report covers the run's stories only.
	text, _, err := flagRun(t, "", "-index", index, only003)
	require.NoError(t, err)
	assert.Contains(t, text, "003_d897e868842ded34")
	assert.NotContains(t, text, "000_468044057261e0d6")
}

// TestIndexReattributionIsVisible: a later run brings the story's true,
// earlier origin; the stored copy's line is reported again, updated.
func TestIndexReattributionIsVisible(t *testing.T) {
	index := filepath.Join(t.TempDir(), "index")
	text := func(name string) string {
		b, err := os.ReadFile(filepath.Join(seedsDir, name+".txt"))
		require.NoError(t, err)
		q, err := json.Marshal(string(b))
		require.NoError(t, err)
		return string(q)
	}
	first := `{"id":"copy","published":"2024-11-06T12:00:00Z","text":` + text("003_d897e868842ded34") + "}\n"
	second := `{"id":"original","published":"2024-11-06T09:00:00Z","text":` + text("001_7cb3ead0d8dc3d74") + "}\n"
	out, _, err := flagRun(t, first, "-index", index, "-format", "jsonl", "-")
	require.NoError(t, err)
	assert.Equal(t, "copy", parse(t, out)[0].Origin)

	out, _, err = flagRun(t, second, "-index", index, "-format", "jsonl", "-")
	require.NoError(t, err)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, lines, 2, out)
	assert.Contains(t, lines[0], `"id":"copy"`)
	assert.Contains(t, lines[0], `"updated":true`)
	assert.Contains(t, lines[0], `"origin":"original"`)
	assert.Contains(t, lines[0], `"cluster":"copy"`, "the story keeps its ID")
	assert.Contains(t, lines[1], `"id":"original"`)
	assert.NotContains(t, lines[1], `"updated"`)
}

// TestIndexBadInputChangesNothing: a run whose input is bad stops before
// the store is touched.
func TestIndexBadInputChangesNothing(t *testing.T) {
	index := filepath.Join(t.TempDir(), "index")
	_, _, err := flagRun(t, "", "-index", index, "-format", "jsonl", seedsExcept(t, "003"))
	require.NoError(t, err)
	log := filepath.Join(index, "records.log")
	before, err := os.ReadFile(log)
	require.NoError(t, err)
	bad := `{"id":"new","text":"` + strings.Repeat("word ", 40) + `"}` + "\n" + `{"id":"broken",` + "\n"
	out, _, err := flagRun(t, bad, "-index", index, "-format", "jsonl", "-")
	require.ErrorContains(t, err, "standard input:2")
	assert.Empty(t, out)
	after, err := os.ReadFile(log)
	require.NoError(t, err)
	assert.Equal(t, before, after)
}
