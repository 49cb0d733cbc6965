package cli

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParsePublished(t *testing.T) {
	for in, want := range map[string]time.Time{
		"2024-11-06":                time.Date(2024, 11, 6, 0, 0, 0, 0, time.UTC),
		"2024-11-06T09:30:00Z":      time.Date(2024, 11, 6, 9, 30, 0, 0, time.UTC),
		"2024-11-06T12:30:00+03:00": time.Date(2024, 11, 6, 9, 30, 0, 0, time.UTC),
		"1987-02-26T15:01:01.790":   time.Date(1987, 2, 26, 15, 1, 1, 790e6, time.UTC),
	} {
		got, err := ParsePublished(in)
		require.NoError(t, err, in)
		assert.True(t, want.Equal(got), "%s: %v", in, got)
	}
	for _, bad := range []string{"yesterday", "2024-13-01", "06/11/2024", ""} {
		_, err := ParsePublished(bad)
		require.Error(t, err, bad)
	}
}

// FuzzParseLine: any line is either accepted with a non-empty ID and
// non-blank text, or rejected with an error; it never panics.
func FuzzParseLine(f *testing.F) {
	for _, s := range []string{
		`{"id":"a","text":"hello world","published":"2024-11-06","source":"X","url":"u"}`,
		`{"id":"a","text":"  "}`, `{"text":"x"}`, `{"id":7}`, `[1,2]`, `null`, `{"id":"a","text":"x"} trailing`,
		"{\"id\":\"a\",\"text\":\"\xff\x00\"}", `{"id":"a","text":"x","published":"2024-11-06T09:30:00.123456789+14:00"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		in, err := parseLine(b)
		if err != nil {
			return
		}
		if in.ID == "" || strings.TrimSpace(in.Text) == "" {
			t.Fatalf("accepted %q as id %q text %q", b, in.ID, in.Text)
		}
	})
}
