package newsio

import (
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
