package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The input is read ahead of the tracker, on a goroutine of its own: an
// article that cannot be added still stops the run at once when the
// input is a pipe that stays open, as it did when the flagger read one
// article at a time (a flagger that waited for its reader to return
// would wait for more input, and the test would time out), and the
// lines of the articles before it are written.
func TestStreamStopsAtABadArticleWhileTheInputStaysOpen(t *testing.T) {
	in := wireStream(3, 3, nil)
	first := strings.SplitAfter(in, "\n")[0]
	stdin, feed := io.Pipe()
	defer feed.Close()
	var stdout strings.Builder
	done := make(chan error, 1)
	go func() {
		done <- run([]string{"-stream", "-format", "jsonl", "-window", "24h", "-"}, stdin, &stdout, io.Discard)
	}()
	_, err := io.WriteString(feed, in+first)
	require.NoError(t, err)
	err = <-done // the pipe is still open
	assert.ErrorContains(t, err, fmt.Sprintf(`standard input:%d: duplicate id "o0"`, strings.Count(in, "\n")+1))
	assert.Equal(t, strings.Count(in, "\n"), strings.Count(stdout.String(), "\n")-strings.Count(stdout.String(), `"updated":true`))
	stdin.CloseWithError(errors.New("the test is over"))
}

// An input that fails to read after some articles stops the run with
// the reader's error, as before: the articles before it were added,
// nothing is written.
func TestReadErrorAfterArticlesStopsTheRun(t *testing.T) {
	in := wireStream(3, 3, nil) + "{not json\n"
	out, _, err := flagRun(t, in, "-format", "jsonl", "-")
	assert.ErrorContains(t, err, fmt.Sprintf("standard input:%d", strings.Count(in, "\n")))
	assert.Empty(t, out)
}

// The index is sized from the input's article count where it can be
// told cheaply: lines of JSON Lines (counted in the first MiB, and
// scaled to the file's size), *.txt files of a directory; nothing for
// standard input, JSON arrays and CSV.
func TestEstimateArticles(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		path := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(path, []byte(text), 0o644))
		return path
	}
	stream := wireStream(5, 40, nil)
	n := strings.Count(stream, "\n")
	small := write("small.jsonl", stream)
	assert.Equal(t, n, estimateArticles([]string{small}))
	noNewline := write("last.ndjson", strings.TrimSuffix(stream, "\n"))
	assert.Equal(t, n, estimateArticles([]string{noNewline}))
	var big strings.Builder
	line := `{"id": "%07d", "text": "a line of a few words"}` + "\n"
	for i := 0; big.Len() < 3*presizeSample; i++ {
		fmt.Fprintf(&big, line, i)
	}
	bigPath := write("big.jsonl", big.String())
	lines := strings.Count(big.String(), "\n")
	assert.InDelta(t, lines, estimateArticles([]string{bigPath}), 0.01*float64(lines))
	assert.Equal(t, n+estimateArticles([]string{bigPath}), estimateArticles([]string{small, bigPath}))

	txt := filepath.Join(dir, "txt")
	require.NoError(t, os.Mkdir(txt, 0o755))
	for _, name := range []string{"a.txt", "b.txt", "notes.md"} {
		require.NoError(t, os.WriteFile(filepath.Join(txt, name), []byte("text"), 0o644))
	}
	assert.Equal(t, 2, estimateArticles([]string{txt}))

	assert.Zero(t, estimateArticles([]string{"-"}))
	assert.Zero(t, estimateArticles([]string{write("array.json", "[\n{\"id\": 1, \"text\": \"x\"},\n{\"id\": 2, \"text\": \"y\"}\n]\n")}))
	assert.Zero(t, estimateArticles([]string{write("rows.csv", "id,text\n1,x\n")}))
	assert.Zero(t, estimateArticles([]string{filepath.Join(dir, "missing.jsonl")}))
}
