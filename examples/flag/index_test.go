package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/reprintlab/reprint/internal/cli"
	"github.com/reprintlab/reprint/provenance"
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
	require.ErrorContains(t, err, "holds signatures of 4-word shingles, not of 3-word shingles")
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

// killedRun is what a run of the flagger that added articles to the
// store in index and was killed before it committed leaves on disk: a
// copy of the store with the articles written to its log, uncommitted.
func killedRun(t *testing.T, index string, articles ...provenance.Article) string {
	t.Helper()
	fs := flag.NewFlagSet("flag", flag.ContinueOnError)
	cfg, err := cli.AddPipelineFlags(fs).Config()
	require.NoError(t, err)
	cfg.KeepText = true
	st, err := provenance.OpenDir(index, cfg.Index.Settings)
	require.NoError(t, err)
	tr, err := provenance.Open(cfg, st)
	require.NoError(t, err)
	for _, a := range articles {
		_, err := tr.Add(a)
		require.NoError(t, err)
	}
	for range st.Records(0) { // the write buffer writes them out
	}
	killed := t.TempDir()
	for _, name := range []string{provenance.DirLogName, provenance.DirCommitsName} {
		b, err := os.ReadFile(filepath.Join(index, name))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(killed, name), b, 0o644))
	}
	require.NoError(t, st.Discard())
	return killed
}

// TestIndexRerunAfterKill: a run that brings a story's true origin is
// killed before it commits; the next run with the same input adds the
// origin and reports the stored copy as updated, as the killed run
// would have.
func TestIndexRerunAfterKill(t *testing.T) {
	index := filepath.Join(t.TempDir(), "index")
	text := func(name string) string {
		b, err := os.ReadFile(filepath.Join(seedsDir, name+".txt"))
		require.NoError(t, err)
		return string(b)
	}
	first, err := json.Marshal(map[string]string{"id": "copy", "published": "2024-11-06T12:00:00Z", "text": text("003_d897e868842ded34")})
	require.NoError(t, err)
	_, _, err = flagRun(t, string(first)+"\n", "-index", index, "-format", "jsonl", "-")
	require.NoError(t, err)
	original := provenance.Article{ID: "original", Published: time.Date(2024, 11, 6, 9, 0, 0, 0, time.UTC), Text: text("001_7cb3ead0d8dc3d74")}
	killed := killedRun(t, index, original)

	second, err := json.Marshal(map[string]string{"id": "original", "published": "2024-11-06T09:00:00Z", "text": original.Text})
	require.NoError(t, err)
	out, errOut, err := flagRun(t, string(second)+"\n", "-index", killed, "-format", "jsonl", "-")
	require.NoError(t, err)
	assert.Contains(t, errOut, "an earlier run stopped before it committed 1 articles")
	assert.NotContains(t, errOut, "stored by an earlier run")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, lines, 2, out)
	assert.Contains(t, lines[0], `"id":"copy"`)
	assert.Contains(t, lines[0], `"updated":true`)
	assert.Contains(t, lines[1], `"id":"original"`)
}

// TestIndexRepair: a store damaged in its second run's commit is
// refused with a pointer to -repair; -repair keeps the first run's
// articles and says what it lost; the lost article can then be added
// again.
func TestIndexRepair(t *testing.T) {
	index := filepath.Join(t.TempDir(), "index")
	_, _, err := flagRun(t, "", "-index", index, "-format", "jsonl", seedsExcept(t, "003"))
	require.NoError(t, err)
	only003 := filepath.Join(seedsDir, "003_d897e868842ded34.txt")
	want, _, err := flagRun(t, "", "-index", index, "-format", "jsonl", only003)
	require.NoError(t, err)
	log := filepath.Join(index, provenance.DirLogName)
	b, err := os.ReadFile(log)
	require.NoError(t, err)
	mark := b[len(b)-7:]
	second := bytes.Index(b, mark) + len(mark) // the second run's record starts here
	b[second+40] ^= 0x10
	require.NoError(t, os.WriteFile(log, b, 0o644))

	_, _, err = flagRun(t, "", "-index", index, only003)
	require.ErrorIs(t, err, provenance.ErrStoreDamaged)
	assert.Contains(t, err.Error(), "flag -index "+index+" -repair")

	_, _, err = flagRun(t, "", "-repair", only003)
	require.ErrorContains(t, err, "-index")
	_, _, err = flagRun(t, "", "-index", index, "-repair", only003)
	require.ErrorContains(t, err, "no PATH")

	out, errOut, err := flagRun(t, "", "-index", index, "-repair")
	require.NoError(t, err)
	assert.Empty(t, out)
	assert.Contains(t, errOut, "kept 4 records (1 whole commit)")
	assert.Contains(t, errOut, "lost 1 committed record of 1 commit")
	assert.Contains(t, errOut, "records.log.set-aside-")

	got, errOut, err := flagRun(t, "", "-index", index, "-format", "jsonl", only003)
	require.NoError(t, err)
	assert.Empty(t, errOut)
	assert.Equal(t, want, got, "the lost article is added again, as it was")
}
