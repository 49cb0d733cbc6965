package newsio

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/reprintlab/reprint/provenance"
)

func TestDateGuard(t *testing.T) {
	now := time.Date(2024, 11, 6, 12, 0, 0, 0, time.UTC)
	var warnings bytes.Buffer
	g := NewDateGuard(&warnings, "flag: ", now)
	check := func(where string, published time.Time) time.Time {
		in := Input{Article: provenance.Article{ID: where, Published: published}, Where: where}
		g.Check(&in)
		return in.Published
	}
	plausible := []time.Time{
		{}, // no date
		time.Date(1800, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(1836, 5, 1, 0, 0, 0, 0, time.UTC), // a newspaper of the 1830s
		time.Date(1987, 2, 26, 15, 1, 1, 0, time.UTC),
		now.Add(23 * time.Hour), // a time zone ahead, an embargo
	}
	for _, p := range plausible {
		assert.Equal(t, p, check("ok", p))
	}
	assert.Empty(t, warnings.String())

	assert.True(t, check("a.jsonl:7", time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)).IsZero())
	assert.True(t, check("a.jsonl:8", time.Date(1799, 12, 31, 0, 0, 0, 0, time.UTC)).IsZero())
	assert.True(t, check("a.jsonl:9", now.Add(25*time.Hour)).IsZero())
	assert.Equal(t, "flag: warning: a.jsonl:7: published 9999-12-31T00:00:00Z is more than a day after now; read as unknown\n"+
		"flag: warning: a.jsonl:8: published 1799-12-31T00:00:00Z is before 1800; read as unknown\n"+
		"flag: warning: a.jsonl:9: published 2024-11-07T13:00:00Z is more than a day after now; read as unknown\n", warnings.String())

	// A broken feed: the first DateWarnings are named, the rest counted.
	for i := range 100 {
		check(fmt.Sprintf("b.jsonl:%d", i+1), time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC))
	}
	g.Done()
	lines := strings.Split(strings.TrimSpace(warnings.String()), "\n")
	assert.Len(t, lines, DateWarnings+1)
	assert.Equal(t, "flag: warning: 93 more articles had an implausible published date, read as unknown (103 in all)", lines[len(lines)-1])
	assert.Equal(t, 103, g.Ignored())
}
