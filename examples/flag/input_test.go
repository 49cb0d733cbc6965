package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// ids returns the IDs of the JSONL output out.
func ids(t *testing.T, out string) []string {
	t.Helper()
	var got []string
	for _, l := range parse(t, out) {
		got = append(got, l.ID)
	}
	return got
}

// TestMaxArticle: an article file, or a JSONL line, longer than
// -max-article is an error naming it, read no further than the bound.
func TestMaxArticle(t *testing.T) {
	text := readSeed(t, "001")
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "big.txt"), []byte(strings.Repeat(text, 1000)), 0o644))
	_, _, err := flagRun(t, "", "-max-article", "1MiB", dir)
	require.ErrorContains(t, err, filepath.Join(dir, "big.txt")+": longer than 1MiB")
	_, _, err = flagRun(t, "", "-max-article", strconv.Itoa(len(text)-1), dir)
	require.ErrorContains(t, err, "big.txt: longer than")

	small := `{"id":"a","text":"` + strings.Repeat("word ", 30) + `"}` + "\n"
	big := `{"id":"b","text":"` + strings.Repeat("word ", 300_000) + `"}` + "\n"
	out, _, err := flagRun(t, small+big, "-max-article", "1MiB", "-")
	require.ErrorContains(t, err, "standard input:2: longer than 1MiB, the most one article may have (flag -max-article)")
	assert.Empty(t, out)
	out, _, err = flagRun(t, small+big, "-format", "jsonl", "-max-article", "2MiB", "-")
	require.NoError(t, err)
	assert.Equal(t, []string{"a", "b"}, ids(t, out))

	for _, bad := range []string{"0", "-1", "12XB", "MiB", "1.5MiB"} {
		_, _, err := flagRun(t, small, "-max-article", bad, "-")
		require.ErrorContains(t, err, "-max-article", bad)
	}
	_, usage, _ := flagRun(t, "", "-h")
	assert.Contains(t, usage, "(default 16MiB)")
}

// TestJSONLKeysAndIDsAreChecked: keys are matched exactly and once, and
// IDs that would merge, forge report lines or drive the terminal are
// refused, each with an error naming the line and nothing written.
func TestJSONLKeysAndIDsAreChecked(t *testing.T) {
	text := strings.Repeat("word ", 30)
	good := `{"id":"a","text":"` + text + `"}` + "\n"
	for _, c := range []struct{ name, line, want string }{
		{"upper-case key", `{"ID":"b","text":"` + text + `"}`, `key "ID": keys are case-sensitive; want "id"`},
		{"key in two cases", `{"id":"b","Id":"c","text":"` + text + `"}`, `key "Id": keys are case-sensitive; want "id"`},
		{"duplicate id", `{"id":"b","id":"c","text":"` + text + `"}`, `"id" given twice`},
		{"duplicate text", `{"id":"b","text":"x","text":"` + text + `"}`, `"text" given twice`},
		{"escaped duplicate", `{"id":"b","\u0069d":"c","text":"` + text + `"}`, `"id" given twice`},
		{"Latin-1 id", "{\"id\":\"caf\xe9\",\"text\":\"" + text + `"}`, `"id" is not valid UTF-8`},
		{"surrogate id", `{"id":"a\ud800","text":"` + text + `"}`, `"id" is not valid UTF-8`},
		{"blank id", `{"id":" \t ","text":"` + text + `"}`, `invalid article id " \t ": only white space`},
		{"NUL in id", `{"id":"b\u0000","text":"` + text + `"}`, `invalid article id "b\x00": control character U+0000`},
		{"newline in id", `{"id":"b\nStory x: 9 articles","text":"` + text + `"}`, `control character U+000A`},
		{"escape in id", `{"id":"b\u001b[2J","text":"` + text + `"}`, `control character U+001B`},
	} {
		t.Run(c.name, func(t *testing.T) {
			out, errOut, err := flagRun(t, good+c.line+"\n", "-")
			require.Error(t, err)
			assert.Contains(t, err.Error(), "standard input:2: ")
			assert.Contains(t, err.Error(), c.want)
			assert.Empty(t, out, "nothing written")
			assert.NotContains(t, err.Error()+errOut, "\x1b", "no raw escape reaches the terminal")
		})
	}
	// Two Latin-1 IDs used to become one.
	_, _, err := flagRun(t, "{\"id\":\"\xff\",\"text\":\""+text+"\"}\n{\"id\":\"\xfe\",\"text\":\""+text+"\"}\n", "-")
	require.ErrorContains(t, err, `standard input:1: "id" is not valid UTF-8`)
}
