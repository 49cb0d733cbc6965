package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/reprintlab/reprint/newsio"
)

func TestProgressIsQuietWhenNotATerminal(t *testing.T) {
	var buf bytes.Buffer
	p := NewProgress(&buf, 1000)
	for range 100 {
		p.Add(10)
	}
	p.Done()
	assert.Empty(t, buf.String())
	f, err := os.Create(filepath.Join(t.TempDir(), "log"))
	require.NoError(t, err)
	defer f.Close()
	assert.False(t, IsTerminal(f), "a file is not a terminal")
}

func TestProgressLine(t *testing.T) {
	// A fake clock: one article of 100 bytes every 100 ms, 10,000 bytes
	// in all. The line is redrawn every half second and cleared at the end.
	var buf bytes.Buffer
	clock := time.Date(2024, 11, 6, 9, 0, 0, 0, time.UTC)
	p := &Progress{w: &buf, total: 10_000, now: func() time.Time { return clock }}
	p.start = clock
	for range 50 {
		clock = clock.Add(100 * time.Millisecond)
		p.Add(100)
	}
	p.Done()
	out := buf.String()
	assert.Equal(t, 11, strings.Count(out, "\r\x1b[K"), "10 redraws and the clearing")
	assert.Contains(t, out, "\r\x1b[K46 articles, 10/s, 46%, about 5s left\r")
	assert.True(t, strings.HasSuffix(out, "\r\x1b[K"))
}

func TestInputSize(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "a.jsonl")
	require.NoError(t, os.WriteFile(a, make([]byte, 300), 0o644))
	assert.Equal(t, int64(600), InputSize([]string{a, a}))
	assert.Zero(t, InputSize([]string{a, "-"}))
	assert.Zero(t, InputSize([]string{dir}))
	assert.Zero(t, InputSize([]string{filepath.Join(dir, "missing")}))
}

// TestProgressReaches100 counts the bytes each article took of the input
// file (newsio.Input.Size), not the bytes of its text, which are fewer:
// the line must reach 100% at the end of a JSONL file.
func TestProgressReaches100(t *testing.T) {
	path := filepath.Join(t.TempDir(), "feed.jsonl")
	lines := `{"id":"a","source":"Reuters","text":"one \"quoted\" text\nwith lines"}` + "\n\n" +
		`{"id":"b","date":"2024-01-02","text":"two"}` + "\r\n"
	require.NoError(t, os.WriteFile(path, []byte(lines), 0o644))
	var buf bytes.Buffer
	clock := time.Date(2024, 11, 6, 9, 0, 0, 0, time.UTC)
	p := &Progress{w: &buf, total: InputSize([]string{path}), now: func() time.Time { return clock }}
	p.start = clock
	err := newsio.Reader{}.Read([]string{path}, nil, func(in newsio.Input) error {
		clock = clock.Add(time.Second)
		p.Add(in.Size)
		return nil
	})
	require.NoError(t, err)
	assert.Contains(t, buf.String(), "2 articles, 1/s, 100%")
}
