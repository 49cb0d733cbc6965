package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSeedsHTML(t *testing.T) {
	out, _, err := flagRun(t, "", "-format", "html", seedsDir)
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(out, "<!DOCTYPE html>"))
	assert.Contains(t, out, "5 articles: 1 story with copies, 3 articles standing alone.")
	assert.Contains(t, out, "<svg")
	assert.Contains(t, out, "<mark>")
	assert.Contains(t, out, "<h4>copy <span class=\"id\">003_d897e868842ded34</span><br> <span class=\"headline\">date 2024-11-06 While President Vladimir Putin")
	assert.True(t, strings.HasSuffix(out, "</html>\n"))

	out, _, err = flagRun(t, "", "-format", "html", "-passages=false", seedsDir)
	require.NoError(t, err)
	assert.Contains(t, out, "<svg")
	assert.NotContains(t, out, "<mark>")
	assert.Contains(t, out, "-passages=false")

	_, _, err = flagRun(t, "", "-format", "pdf", seedsDir)
	require.ErrorContains(t, err, "want text, jsonl, dot, html, outlets or outlets-json")
}

func TestHTMLEscapesJSONL(t *testing.T) {
	text := strings.Repeat("the council voted late on tuesday to close the old bridge for repairs </mark><b> ", 4)
	in := `{"id":"<script>alert(1)</script>","text":"` + text + `"}` + "\n" +
		`{"id":"b<i>","text":"Reprinted: ` + text + `"}` + "\n"
	out, _, err := flagRun(t, in, "-format", "html", "-")
	require.NoError(t, err)
	assert.NotContains(t, out, "<script>")
	assert.NotContains(t, out, "<b>")
	assert.NotContains(t, out, "<i>")
	assert.Contains(t, out, "&lt;script&gt;alert(1)&lt;/script&gt;")
	assert.Contains(t, out, "<svg")
}
