package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// flagRun runs the flagger and returns its standard output and error.
func flagRun(t *testing.T, stdin string, args ...string) (string, string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := run(args, strings.NewReader(stdin), &out, &errOut)
	return out.String(), errOut.String(), err
}

type line struct {
	ID      string `json:"id"`
	Cluster string `json:"cluster"`
	Origin  string `json:"origin"`
	Sources []struct {
		ID          string  `json:"id"`
		Containment float64 `json:"containment"`
		Jaccard     float64 `json:"jaccard"`
	} `json:"sources"`
}

func parse(t *testing.T, out string) []line {
	t.Helper()
	var lines []line
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var v line
		require.NoError(t, json.Unmarshal([]byte(l), &v), l)
		lines = append(lines, v)
	}
	return lines
}

const seedsDir = "../../testdata/seeds"

func TestSeedsJSONL(t *testing.T) {
	out, _, err := flagRun(t, "", "-format", "jsonl", seedsDir)
	require.NoError(t, err)
	lines := parse(t, out)
	require.Len(t, lines, 5)
	for i, l := range lines {
		assert.Equal(t, []string{"000", "001", "002", "003", "004"}[i], l.ID[:3], "input order")
		assert.NotNil(t, l.Sources, "sources is [] not null")
		if i == 3 {
			assert.Equal(t, lines[1].ID, l.Cluster)
			assert.Equal(t, lines[1].ID, l.Origin)
			require.Len(t, l.Sources, 1)
			assert.Equal(t, lines[1].ID, l.Sources[0].ID)
			assert.GreaterOrEqual(t, l.Sources[0].Containment, 0.9)
		} else {
			assert.Equal(t, l.ID, l.Cluster)
			assert.Equal(t, l.ID, l.Origin)
			assert.Empty(t, l.Sources)
		}
	}
	assert.Contains(t, out, `"sources":[]`)
}

func TestSeedsText(t *testing.T) {
	out, _, err := flagRun(t, "", seedsDir)
	require.NoError(t, err)
	assert.Contains(t, out, "Story 001_7cb3ead0d8dc3d74: 2 articles, origin 001_7cb3ead0d8dc3d74")
	assert.Contains(t, out, "copy    003_d897e868842ded34  date 2024-11-06 While President Vladimir Putin has yet to officially congratulate Donald Trump on h…\n")
	assert.Contains(t, out, "\n3 articles standing alone: not listed (-all lists them).\n")
	out, _, err = flagRun(t, "", "-all", seedsDir)
	require.NoError(t, err)
	assert.Contains(t, out, "Standing alone (3)")
}

func TestJSONLInputAndPublished(t *testing.T) {
	orig, err := os.ReadFile(filepath.Join(seedsDir, "001_7cb3ead0d8dc3d74.txt"))
	require.NoError(t, err)
	scrape, err := os.ReadFile(filepath.Join(seedsDir, "003_d897e868842ded34.txt"))
	require.NoError(t, err)
	enc := func(v map[string]any) string { b, _ := json.Marshal(v); return string(b) + "\n" }
	// The scrape comes first in the input but was published later.
	input := enc(map[string]any{"id": "scrape", "text": string(scrape), "published": "2024-11-06T12:00:00Z", "extra": 1}) +
		"\n" + enc(map[string]any{"id": "orig", "text": string(orig), "published": "2024-11-06", "source": "VPost"})
	path := filepath.Join(t.TempDir(), "in.jsonl")
	require.NoError(t, os.WriteFile(path, []byte(input), 0o644))
	for _, args := range [][]string{{"-format", "jsonl", path}, {"-format", "jsonl", "-"}} {
		out, _, err := flagRun(t, input, args...)
		require.NoError(t, err)
		lines := parse(t, out)
		require.Len(t, lines, 2)
		assert.Equal(t, "scrape", lines[0].ID)
		assert.Equal(t, "orig", lines[0].Origin, "re-attributed to the earlier publication")
		assert.Equal(t, "scrape", lines[0].Cluster, "story keeps its first-seen ID")
		assert.Equal(t, "orig", lines[0].Sources[0].ID)
		assert.Equal(t, "orig", lines[1].Origin)
		assert.Empty(t, lines[1].Sources)
	}
}

func TestBadInputNamesTheLineAndWritesNothing(t *testing.T) {
	good := `{"id":"a","text":"` + strings.Repeat("word ", 30) + `"}` + "\n"
	for _, c := range []struct{ name, input, want string }{
		{"malformed", good + "{\"id\": \"b\", \"text\": \n", "standard input:2: malformed JSON"},
		{"missing id", good + `{"text":"hello"}` + "\n", `standard input:2: missing "id"`},
		{"empty id", `{"id":"","text":"hello"}` + "\n", `standard input:1: missing "id"`},
		{"duplicate", good + good, `standard input:2: duplicate id "a" (first at standard input:1)`},
		{"missing text", `{"id":"x"}` + "\n", `standard input:1: article "x": missing "text"`},
		{"empty text", `{"id":"x","text":"  \n "}` + "\n", `standard input:1: article "x": empty text`},
		{"bad date", `{"id":"x","text":"hi","published":"yesterday"}` + "\n", `standard input:1: article "x": published "yesterday"`},
		{"id not a string", `{"id":[7],"text":"hi"}` + "\n", `standard input:1: "id" must be a string or a number, not an array`},
	} {
		t.Run(c.name, func(t *testing.T) {
			out, _, err := flagRun(t, c.input, "-format", "jsonl", "-")
			require.Error(t, err)
			assert.Contains(t, err.Error(), c.want)
			assert.Empty(t, out, "no invented output")
		})
	}
	_, _, err := flagRun(t, "", "-format", "xml", seedsDir)
	require.ErrorContains(t, err, `-format "xml"`)
	_, _, err = flagRun(t, "")
	require.ErrorContains(t, err, "no input")
	_, _, err = flagRun(t, "", "/does/not/exist")
	require.Error(t, err)
	_, _, err = flagRun(t, "", "-containment", "3", seedsDir)
	require.ErrorContains(t, err, "containment")
	empty := t.TempDir()
	_, _, err = flagRun(t, "", empty)
	require.ErrorContains(t, err, "no *.txt files")
	require.NoError(t, os.WriteFile(filepath.Join(empty, "blank.txt"), []byte(" \n"), 0o644))
	_, _, err = flagRun(t, "", empty)
	require.ErrorContains(t, err, "blank.txt: empty text")
}

func TestInvalidUTF8IsAWarningNotAnError(t *testing.T) {
	dir := t.TempDir()
	text := strings.Repeat("caf\xe9 au lait with friends in the morning ", 5)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "latin1.txt"), []byte(text), 0o644))
	out, errOut, err := flagRun(t, "", "-format", "jsonl", dir)
	require.NoError(t, err)
	assert.Contains(t, errOut, "not valid UTF-8")
	assert.Equal(t, "latin1", parse(t, out)[0].ID)
}

func TestInputVariants(t *testing.T) {
	dir := t.TempDir()
	text := strings.Repeat("word ", 30)
	line := `{"id":"a","text":"` + text + `","published":"2024-11-06 09:30:00z"}` + "\r\n"
	// Upper-case extension, byte order mark, CRLF, lower-case zone and a
	// space before the time.
	require.NoError(t, os.WriteFile(filepath.Join(dir, "UP.JSONL"), []byte("\uFEFF"+line), 0o644))
	out, _, err := flagRun(t, "", "-format", "jsonl", filepath.Join(dir, "UP.JSONL"))
	require.NoError(t, err)
	assert.Equal(t, "a", parse(t, out)[0].ID)

	// A folder whose name has glob characters.
	odd := filepath.Join(dir, "dir[1]")
	require.NoError(t, os.Mkdir(odd, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(odd, "x.txt"), []byte(text), 0o644))
	out, _, err = flagRun(t, "", "-format", "jsonl", odd)
	require.NoError(t, err)
	assert.Equal(t, "x", parse(t, out)[0].ID)

	// A bad byte in the source field is not reported as bad text.
	_, errOut, err := flagRun(t, `{"id":"b","source":"caf`+"\xe9"+`","text":"`+text+`"}`+"\n", "-format", "jsonl", "-")
	require.NoError(t, err)
	assert.NotContains(t, errOut, "UTF-8")

	for _, bad := range [][]string{{"-containment", "0"}, {"-hashes", "0"}, {"-shingle", "0"}, {"-min-shingles", "-1"}} {
		_, _, err := flagRun(t, "", append(bad, seedsDir)...)
		require.ErrorContains(t, err, "must be positive", "%v", bad)
	}
}

func TestPassagesInJSONL(t *testing.T) {
	// 003 is 001's first 55% behind a date prefix: one passage, whose
	// two byte ranges hold the same words, covering 99.5% of 003.
	out, _, err := flagRun(t, "", "-format", "jsonl", seedsDir)
	require.NoError(t, err)
	var copyLine struct {
		Sources []struct {
			Passages []struct {
				Copy   [2]int `json:"copy"`
				Source [2]int `json:"source"`
			} `json:"passages"`
			CopyCoverage   *float64 `json:"copy_coverage"`
			SourceCoverage *float64 `json:"source_coverage"`
		} `json:"sources"`
	}
	require.NoError(t, json.Unmarshal([]byte(strings.Split(out, "\n")[3]), &copyLine))
	require.Len(t, copyLine.Sources, 1)
	src := copyLine.Sources[0]
	require.Len(t, src.Passages, 1)
	require.NotNil(t, src.CopyCoverage)
	assert.InDelta(t, 0.995, *src.CopyCoverage, 0.005)
	assert.InDelta(t, 0.557, *src.SourceCoverage, 0.01)
	read := func(name string) string {
		matches, _ := filepath.Glob(filepath.Join(seedsDir, name+"_*.txt"))
		require.Len(t, matches, 1)
		b, err := os.ReadFile(matches[0])
		require.NoError(t, err)
		return string(b)
	}
	p := src.Passages[0]
	copied := read("003")[p.Copy[0]:p.Copy[1]]
	original := read("001")[p.Source[0]:p.Source[1]]
	assert.Equal(t, strings.Fields(original)[:50], strings.Fields(copied)[:50], "the ranges hold the same words")

	// -passages=false keeps no text and writes no passages.
	out, _, err = flagRun(t, "", "-format", "jsonl", "-passages=false", seedsDir)
	require.NoError(t, err)
	assert.NotContains(t, out, "passages")
	// 003 is the first 55% of 001: exact containment 0.995, estimated
	// 0.9828 by the MinWise family minwise-xxh64-mixed (1, the cap, by
	// the retired minwise-xxh64).
	assert.Contains(t, out, `"containment":0.9828`)
}

func TestCreditsInJSONL(t *testing.T) {
	out, _, err := flagRun(t, "", "-format", "jsonl", seedsDir)
	require.NoError(t, err)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	assert.Contains(t, lines[1], `"credited":["VPost"]`)
	assert.Contains(t, lines[3], `"credited":[]`)
	assert.NotContains(t, out, "uncredited", "no outlets in the seeds: nothing can be called uncredited")

	// A copy from another outlet that credits nobody is flagged.
	wire, err := os.ReadFile(filepath.Join(seedsDir, "000_468044057261e0d6.txt"))
	require.NoError(t, err)
	var in strings.Builder
	for _, rec := range []map[string]string{
		{"id": "w", "source": "wire:reuters", "published": "2024-11-06T09:00:00Z"},
		{"id": "c", "source": "site:valley-post", "published": "2024-11-06T10:00:00Z"},
	} {
		rec["text"] = string(wire)
		b, _ := json.Marshal(rec)
		in.Write(b)
		in.WriteByte('\n')
	}
	out, _, err = flagRun(t, in.String(), "-format", "jsonl", "-")
	require.NoError(t, err)
	lines = strings.Split(strings.TrimSpace(out), "\n")
	assert.NotContains(t, lines[0], "uncredited")
	assert.Contains(t, lines[1], `"credited":[],"uncredited":true`)
	text, _, err := flagRun(t, in.String(), "-")
	require.NoError(t, err)
	assert.Contains(t, text, "copy    c  (Valley Post, 2024-11-06 10:00) Russians see Donald Trump’s win as a victory for conservative, isolationist forces in the world aga…  (uncredited copy from another outlet)")
}

func TestDOT(t *testing.T) {
	out, _, err := flagRun(t, "", "-format", "dot", seedsDir)
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(out, "digraph reprint {\n"))
	assert.True(t, strings.HasSuffix(out, "}\n"))
	assert.Contains(t, out, `"001_7cb3ead0d8dc3d74" [label="001_7cb3ead0d8dc3d74\nWhile President Vladimir Putin has yet …", peripheries=2];`)
	assert.Contains(t, out, `"003_d897e868842ded34" -> "001_7cb3ead0d8dc3d74" [label="98%"];`) // estimated containment 0.9828
	assert.NotContains(t, out, "000_468044057261e0d6", "articles standing alone are left out")
	assert.Equal(t, strings.Count(out, "{"), strings.Count(out, "}"))
}
