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
