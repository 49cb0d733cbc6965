package newsio

import (
	"bufio"
	"bytes"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/reprintlab/reprint/provenance"
)

// seedsTracker adds the bundled seeds, in name order, to a new tracker.
func seedsTracker(t *testing.T, keepText bool) (*provenance.Tracker, map[string]string) {
	t.Helper()
	tr, err := provenance.New(provenance.Config{KeepText: keepText})
	require.NoError(t, err)
	files, err := filepath.Glob("../testdata/seeds/*.txt")
	require.NoError(t, err)
	require.Len(t, files, 5)
	texts := map[string]string{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		id := strings.TrimSuffix(filepath.Base(f), ".txt")
		texts[id] = string(b)
		_, err = tr.Add(provenance.Article{ID: id, Text: string(b)})
		require.NoError(t, err)
	}
	return tr, texts
}

var tagRE = regexp.MustCompile(`<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^<>]*?(/?)>`)

// checkHTML checks that the elements of page are balanced and properly
// nested (meta is void), that nothing is loaded from elsewhere, and that
// no script runs.
func checkHTML(t *testing.T, page string) {
	t.Helper()
	var stack []string
	for _, m := range tagRE.FindAllStringSubmatch(page, -1) {
		name := strings.ToLower(m[2])
		switch {
		case name == "meta" || m[3] == "/":
		case m[1] == "":
			stack = append(stack, name)
		default:
			require.NotEmpty(t, stack, "unexpected </%s>", name)
			require.Equal(t, stack[len(stack)-1], name, "</%s> closes <%s>", name, stack[len(stack)-1])
			stack = stack[:len(stack)-1]
		}
	}
	assert.Empty(t, stack, "unclosed elements")
	assert.True(t, strings.HasPrefix(page, "<!DOCTYPE html>"))
	assert.NotRegexp(t, `(?i)(src|href)\s*=\s*["']?\s*(https?:)?//`, page)
	assert.NotRegexp(t, `(?i)@import|url\(\s*["']?(https?:)?//`, page)
	assert.NotContains(t, strings.ToLower(page), "<script")
	assert.NotContains(t, strings.ToLower(page), "<link")
	assert.NotContains(t, strings.ToLower(page), "<iframe")
}

func TestWriteHTMLSeeds(t *testing.T) {
	tr, texts := seedsTracker(t, true)
	var buf bytes.Buffer
	require.NoError(t, WriteHTML(&buf, tr, Everything))
	page := buf.String()
	checkHTML(t, page)
	assert.Contains(t, page, "5 articles: 1 story with copies, 3 articles standing alone.")
	assert.Equal(t, 1, strings.Count(page, "<svg"))
	assert.Contains(t, page, "<h2 id=\"story-1\">Story 1: 2 articles</h2>\n<p class=\"summary\">Origin <span class=\"id\">001_7cb3ead0d8dc3d74</span>")
	assert.Contains(t, page, "<a href=\"#story-1\">1</a>", "the index links to the story")
	assert.Contains(t, page, "<details><summary>List the 3 articles</summary>", "standing alone: folded away")
	assert.NotContains(t, page, "Jaccard")
	for _, f := range []string{"copy found in source", "source reused", "similarity", "copy highlighted", "source highlighted", "credits"} {
		assert.Contains(t, page, "<th>"+f+"</th>")
	}

	// The first mark of the copy column starts 003's copied passage.
	p, err := tr.Passages("003_d897e868842ded34", "001_7cb3ead0d8dc3d74")
	require.NoError(t, err)
	require.NotEmpty(t, p.Passages)
	copyText := texts["003_d897e868842ded34"]
	start := copyText[p.Passages[0].Copy[0]:]
	start = start[:min(len(start), 40)]
	copyCol := page[strings.Index(page, "<h4>copy"):]
	copyCol = copyCol[:strings.Index(copyCol, "</pre>")]
	i := strings.Index(copyCol, "<mark>")
	require.GreaterOrEqual(t, i, 0)
	assert.True(t, strings.HasPrefix(copyCol[i+len("<mark>"):], html.EscapeString(start)), "mark starts %q", start)
	// The text before the first passage is there, unmarked.
	pre := copyCol[strings.Index(copyCol, "<pre>")+len("<pre>") : i]
	assert.Equal(t, html.EscapeString(copyText[:p.Passages[0].Copy[0]]), pre)
}

func TestWriteHTMLNoText(t *testing.T) {
	tr, _ := seedsTracker(t, false)
	var buf bytes.Buffer
	require.NoError(t, WriteHTML(&buf, tr, Everything))
	page := buf.String()
	checkHTML(t, page)
	assert.Contains(t, page, "<svg")
	assert.Contains(t, page, "-passages=false")
	assert.Contains(t, page, "<th>copy found in source</th>")
	assert.NotContains(t, page, "<mark>")
	assert.NotContains(t, page, "<pre>")
}

func TestWriteHTMLEscapes(t *testing.T) {
	words := strings.Fields("the council voted late on tuesday to close the old bridge over the river for repairs that engineers say will take at least two years and cost far more than the city first planned while shop owners on both banks warn that trade will suffer")
	body := strings.Join(words, " ")
	hostile := "Résumé </mark><b>bold</b> & \"quotes\" 'single' " + body + " ünïcödé ending <i>x</i>"
	tr, err := provenance.New(provenance.Config{KeepText: true})
	require.NoError(t, err)
	orig, cp := "<script>alert(1)</script>", `copy"&'<b>`
	_, err = tr.Add(provenance.Article{ID: orig, Text: hostile, Source: "<em>Outlet A</em>"})
	require.NoError(t, err)
	v, err := tr.Add(provenance.Article{ID: cp, Text: "Intro é </mark> " + hostile, Source: "Outlet B"})
	require.NoError(t, err)
	require.True(t, v.IsCopy(), "the copy must be linked for the test to mean anything")
	var buf bytes.Buffer
	require.NoError(t, WriteHTML(&buf, tr, Everything))
	page := buf.String()
	checkHTML(t, page)
	assert.NotContains(t, page, "<script>")
	assert.NotContains(t, page, "</mark><b>")
	assert.NotContains(t, page, "<b>")
	assert.NotContains(t, page, "<em>")
	assert.NotContains(t, page, "<i>")
	assert.Contains(t, page, "&lt;script&gt;alert(1)&lt;/script&gt;")
	assert.Contains(t, page, "&lt;/mark&gt;&lt;b&gt;bold")
	assert.Contains(t, page, "copy&#34;&amp;&#39;&lt;b&gt;")
	assert.Contains(t, page, "<mark>")
}

func TestMergeRanges(t *testing.T) {
	text := "aé€bcdefghij" // é is 2 bytes (1-2), € is 3 bytes (3-5)
	got := mergeRanges(text, [][2]int{{8, 10}, {2, 4}, {9, 12}, {-3, 1}, {20, 30}, {5, 5}})
	assert.Equal(t, [][2]int{{0, 6}, {8, 12}}, got)
	for _, r := range got {
		assert.True(t, utf8.ValidString(text[r[0]:r[1]]), "%v cuts a rune", r)
	}
	var buf bytes.Buffer
	bw := bufio.NewWriter(&buf)
	writeMarked(bw, "x<y>z", [][2]int{{1, 4}, {2, 3}})
	require.NoError(t, bw.Flush())
	assert.Equal(t, "x<mark>&lt;y&gt;</mark>z", buf.String())
}
