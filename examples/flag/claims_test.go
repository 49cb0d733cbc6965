package main

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// chainOut, when set, is where TestChainStory writes its JSONL input, for
// scripts/screenshot.sh to render: go test ./examples/flag -run
// TestChainStory -chain-out /tmp/chain.jsonl
var chainOut = flag.String("chain-out", "", "write TestChainStory's JSONL input to this file")

// readSeed returns the text of the seed whose file name starts with
// prefix ("001").
func readSeed(t *testing.T, prefix string) string {
	t.Helper()
	matches, err := filepath.Glob(filepath.Join(seedsDir, prefix+"_*.txt"))
	require.NoError(t, err)
	require.Len(t, matches, 1)
	b, err := os.ReadFile(matches[0])
	require.NoError(t, err)
	return string(b)
}

// chainJSONL builds a story three levels deep from the seed texts, as
// JSONL: The Moscow Times' republication of VPost's story (seed 001,
// which credits VPost, an outlet with no article in the input), a scrape
// of it (seed 003, to which the scraper added five paragraphs of its
// own, taken from seed 004) and a digest that copies the scrape with changes:
// without its date line, a few words changed, its last sentence dropped.
func chainJSONL(t *testing.T) string {
	t.Helper()
	mt, scrape, other := readSeed(t, "001"), readSeed(t, "003"), readSeed(t, "004")
	added := strings.Join(strings.SplitN(other, "\n", 6)[:5], "\n")
	scrape = strings.TrimRight(scrape, "\n") + "\n" + added + "\n"
	digest := strings.TrimPrefix(scrape, " date 2024-11-06 ")
	require.NotEqual(t, scrape, digest, "seed 003 starts with its date line")
	for old, new := range map[string]string{
		"cautious optimism": "guarded hope",
		"Kremlin":           "Kremlin's walls",
		"Moscow believes":   "Moscow thinks",
	} {
		require.Contains(t, digest, old)
		digest = strings.Replace(digest, old, new, 1)
	}
	digest = digest[:strings.LastIndex(strings.TrimRight(digest, "\n"), ".")+1] + "\n"
	var b strings.Builder
	for _, rec := range []map[string]string{
		{"id": "mt-001", "source": "The Moscow Times", "url": "https://www.themoscowtimes.com/2024/11/06/kremlin-a1", "published": "2024-11-06T10:00:00Z", "text": mt},
		{"id": "scrape-003", "source": "Newsfeed Hub", "published": "2024-11-06T12:30:00Z", "text": scrape},
		{"id": "digest-3", "source": "Daily Digest", "url": "https://dailydigest.example.org/russia/trump", "published": "2024-11-06T16:45:00Z", "text": digest},
	} {
		line, err := json.Marshal(rec)
		require.NoError(t, err)
		b.Write(line)
		b.WriteByte('\n')
	}
	return b.String()
}

var svgBoxRE = regexp.MustCompile(`<g><title>([^<]*)</title><rect x="(\d+)" y="(\d+)" width="(\d+)" height="(\d+)"`)

func TestChainStory(t *testing.T) {
	in := chainJSONL(t)
	if *chainOut != "" {
		require.NoError(t, os.WriteFile(*chainOut, []byte(in), 0o644))
	}

	// The verdicts: digest-3 copies scrape-003, which copies mt-001.
	out, _, err := flagRun(t, in, "-format", "jsonl", "-")
	require.NoError(t, err)
	lines := parse(t, out)
	require.Len(t, lines, 3)
	for i, want := range []string{"", "mt-001", "scrape-003"} {
		assert.Equal(t, "mt-001", lines[i].Origin)
		if want == "" {
			assert.Empty(t, lines[i].Sources)
			continue
		}
		require.Len(t, lines[i].Sources, 1, lines[i].ID)
		assert.Equal(t, want, lines[i].Sources[0].ID, lines[i].ID)
	}

	text, _, err := flagRun(t, in, "-")
	require.NoError(t, err)
	assert.Contains(t, text, "  claim   mt-001 credits VPost (not in the input)\n")

	dot, _, err := flagRun(t, in, "-format", "dot", "-")
	require.NoError(t, err)
	assert.Contains(t, dot, `"claim 0.0" [label="claimed origin: VPost (not in the input)", shape=ellipse, style=dashed`)
	assert.Contains(t, dot, `"mt-001" -> "claim 0.0" [label="credits", style=dashed`)
	assert.Contains(t, dot, `"digest-3" -> "scrape-003" [label=`)

	page, _, err := flagRun(t, in, "-format", "html", "-")
	require.NoError(t, err)
	assert.Contains(t, page, `<li><span class="id">mt-001</span> credits <b>VPost</b> (not in the input)</li>`)
	// Four columns, left to right: the claimed origin, the origin, the
	// copy, the copy's copy; all centred on the top row, none overlapping.
	type box struct{ x, y, w, h int }
	boxes := map[string]box{}
	for _, m := range svgBoxRE.FindAllStringSubmatch(page, -1) {
		var b box
		for i, p := range []*int{&b.x, &b.y, &b.w, &b.h} {
			*p, err = strconv.Atoi(m[i+2])
			require.NoError(t, err)
		}
		boxes[strings.SplitN(m[1], " · ", 2)[0]] = b // the ID, without outlet, time and headline
	}
	require.Len(t, boxes, 4, "three articles and a claimed origin: %v", boxes)
	claim, ok := boxes["claimed origin: VPost, credited by mt-001 (not in the input)"]
	require.True(t, ok, "%v", boxes)
	order := []box{claim, boxes["mt-001"], boxes["scrape-003"], boxes["digest-3"]}
	for i := 1; i < len(order); i++ {
		assert.Greater(t, order[i].x, order[i-1].x+order[i-1].w, "column %d is right of column %d", i, i-1)
		assert.Equal(t, order[0].y+order[0].h/2, order[i].y+order[i].h/2, "one row")
	}
	svg := page[strings.Index(page, "<svg"):strings.Index(page, "</svg>")]
	w, h := regexp.MustCompile(`width="(\d+)" height="(\d+)"`).FindStringSubmatch(svg)[1:3], 0
	width, err := strconv.Atoi(w[0])
	require.NoError(t, err)
	h, err = strconv.Atoi(w[1])
	require.NoError(t, err)
	for id, b := range boxes {
		assert.LessOrEqual(t, b.x+b.w, width, "%s fits the width", id)
		assert.LessOrEqual(t, b.y+b.h, h, "%s fits the height", id)
	}
	assert.Contains(t, svg, `fill="#57606a">claimed origin:</text>`)
	assert.Contains(t, svg, `fill="#1d2327">VPost</text>`)
	assert.Contains(t, svg, `fill="#57606a">(not in the input)</text>`)
	assert.Contains(t, svg, "<title>mt-001 credits VPost</title>")
}
