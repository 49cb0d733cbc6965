package main

import (
	"errors"
	"fmt"
	"io"
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
