package labels_test

import (
	"bytes"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/reprintlab/reprint/internal/corpus"
	"github.com/reprintlab/reprint/internal/labels"
	"github.com/reprintlab/reprint/provenance"
)

const head = "earlier_id\tlater_id\tlabel\ttags\treason\tstratum\tcontainment\tlater_in_earlier\tcosine\n"

func TestReadParsesPairs(t *testing.T) {
	in := head +
		"a\tb\tverbatim\tcorrection,table\tre-sent\tc.95-1,k.9-1\t1.000\t1.000\t0.990\n" +
		"\n" +
		"c\td\tunrelated\t\ttwo notices\trandom\t0.000\t0.000\t0.010\r\n"
	pairs, err := labels.Read(strings.NewReader(in))
	require.NoError(t, err)
	require.Len(t, pairs, 2)
	assert.Equal(t, labels.Pair{Earlier: "a", Later: "b", Label: "verbatim", Tags: []string{"correction", "table"},
		Reason: "re-sent", Stratum: "c.95-1,k.9-1"}, pairs[0])
	assert.True(t, pairs[0].HasTag("table"))
	assert.Nil(t, pairs[1].Tags)
	assert.Equal(t, "random", pairs[1].Stratum)
}

func TestReadRejectsMalformedFiles(t *testing.T) {
	row := func(a, b, label string) string {
		return fmt.Sprintf("%s\t%s\t%s\t\treason\trandom\t0\t0\t0\n", a, b, label)
	}
	for name, in := range map[string]string{
		"empty":          "",
		"wrong header":   "earlier\tlater\tlabel\n",
		"too few cols":   head + "a\tb\tverbatim\n",
		"unknown label":  head + row("a", "b", "copy"),
		"empty id":       head + row("", "b", "partial"),
		"self pair":      head + row("a", "a", "partial"),
		"duplicate":      head + row("a", "b", "partial") + row("a", "b", "rewrite"),
		"reversed twice": head + row("a", "b", "partial") + row("b", "a", "partial"),
	} {
		t.Run(name, func(t *testing.T) {
			_, err := labels.Read(strings.NewReader(in))
			require.ErrorIs(t, err, labels.ErrBadLabels)
		})
	}
}

func TestStratumNames(t *testing.T) {
	assert.Equal(t, "c0,k.0-.1", labels.StratumName(0, 0))
	assert.Equal(t, "c.00-.10,k.3-.4", labels.StratumName(1, 3))
	assert.Equal(t, "c.25-.50,k.6-.7", labels.StratumName(3, 6))
	assert.Equal(t, "c.95-1,k.9-1", labels.StratumName(6, 9))
	for _, tc := range []struct {
		f    labels.Figures
		c, k int
	}{
		{labels.Figures{Containment: 0, Cosine: 0}, 0, 0},
		{labels.Figures{Containment: 0.05, Cosine: 0.35}, 1, 3},
		{labels.Figures{Containment: 0.25, Cosine: 0.999}, 3, 9},
		{labels.Figures{Containment: 0.95, Cosine: 1}, 6, 9},
		{labels.Figures{Containment: 1, Cosine: 0.1}, 6, 1},
	} {
		c, k := tc.f.Cell()
		assert.Equal(t, [2]int{tc.c, tc.k}, [2]int{c, k}, "%+v", tc.f)
	}
}

// sampleStories is a small two-day corpus: on each day a story, a cut
// copy of it, a rewrite of it in other words, and unrelated stories.
func sampleStories() []corpus.Story {
	base := "The central bank said it would raise its discount rate by half a point to curb inflation " +
		"after consumer prices rose faster than expected in the first quarter of the year."
	cut := "The central bank said it would raise its discount rate by half a point to curb inflation."
	rewrite := "To curb inflation after a faster than expected rise in consumer prices in the first quarter, " +
		"the discount rate will go up half a point, the central bank said."
	var out []corpus.Story
	for d, day := range []string{"1987-03-02", "1987-03-03"} {
		texts := []string{base, cut, rewrite,
			"Shares of the mining group fell sharply on news that its copper output dropped last month.",
			"Grain exporters expect record wheat shipments to Asia this season as harvests recover.",
			"The airline ordered four new long range jets for delivery in two years, a spokesman said."}
		for i, text := range texts {
			out = append(out, corpus.Story{
				ID:   fmt.Sprintf("s%d-%d", d, i),
				Date: fmt.Sprintf("%sT1%d:00:00.000", day, 5-i%3), // not in file order
				Text: text,
			})
		}
	}
	return out
}

func TestSampleIsDeterministicAndSameDay(t *testing.T) {
	stories := sampleStories()
	first, grid, err := labels.Sample(stories, 7, 3)
	require.NoError(t, err)
	again, _, err := labels.Sample(stories, 7, 3)
	require.NoError(t, err)
	assert.Equal(t, first, again, "same corpus and seed, same sample")

	total := 0
	for _, row := range grid {
		for _, n := range row {
			total += n
		}
	}
	assert.Equal(t, 2*15, total, "every same-day pair counted once (2 days x C(6,2))")
	// Every stratum has a quota of at least 3, so with 15 pairs a day
	// spread over several strata most pairs are picked; none is picked twice.
	seen := map[[2]string]bool{}
	date := map[string]string{}
	for _, s := range stories {
		date[s.ID] = s.Date
	}
	for _, c := range first {
		key := [2]string{c.Earlier, c.Later}
		assert.False(t, seen[key], "pair %v picked twice", key)
		seen[key] = true
		assert.Equal(t, date[c.Earlier][:10], date[c.Later][:10], "pair %v is of one day", key)
		assert.LessOrEqual(t, date[c.Earlier], date[c.Later], "pair %v in time order", key)
		assert.False(t, math.IsNaN(c.Cosine))
	}
	var copyPair *labels.Candidate
	for i, c := range first {
		if c.Earlier == "s0-1" && c.Later == "s0-0" { // the cut copy is dated earlier than its source
			copyPair = &first[i]
		}
	}
	require.NotNil(t, copyPair, "the cut copy and its source are sampled (top containment stratum)")
	assert.Equal(t, 1.0, copyPair.Containment, "the cut copy is wholly contained in the longer story")
	assert.Equal(t, "c.95-1", strings.Split(copyPair.Stratum, ",")[0])
}

func TestAgreementCountsLinksPerLabel(t *testing.T) {
	stories := sampleStories()
	pairs := []labels.Pair{
		{Earlier: "s0-0", Later: "s1-0", Label: labels.Verbatim},  // the same text on two days
		{Earlier: "s0-0", Later: "s0-3", Label: labels.Unrelated}, // different events
		{Earlier: "s0-0", Later: "s0-2", Label: labels.Rewrite},   // reworded, no name or figure: too little evidence
		{Earlier: "s0-0", Later: "gone", Label: labels.SameEvent}, // not in the corpus
		{Earlier: "s1-4", Later: "s1-5", Label: labels.Unrelated}, // different events
		{Earlier: "s0-1", Later: "s1-0", Label: labels.Partial},   // too short to fingerprint
	}
	rows, err := labels.Agreement(stories, pairs, provenance.Config{})
	require.NoError(t, err)
	require.Len(t, rows, len(labels.Labels)+1)
	got := map[string]labels.Row{}
	for _, r := range rows {
		got[r.Label] = r
	}
	assert.Equal(t, labels.Row{Label: labels.Verbatim, Pairs: 1, Direct: 1, Story: 1}, got[labels.Verbatim])
	assert.Equal(t, labels.Row{Label: labels.Unrelated, Pairs: 2}, got[labels.Unrelated])
	// The rewrite keeps no name and no figure of the base text, and what
	// it shares besides "discount rate" and "consumer prices" are common
	// words (half, point, expected, quarter): not linked.
	assert.Equal(t, labels.Row{Label: labels.Rewrite, Pairs: 1}, got[labels.Rewrite])
	assert.Equal(t, labels.Row{Label: labels.SameEvent, Missing: 1}, got[labels.SameEvent])
	assert.Equal(t, labels.Row{Label: labels.Partial, Pairs: 1, Story: 1}, got[labels.Partial])
	assert.Equal(t, labels.Row{Label: "", Pairs: 5, Direct: 1, Story: 2, Missing: 1}, got[""])
	assert.True(t, math.IsNaN(got[labels.SameEvent].StoryShare()), "no pairs: n/a, not 0")

	var out bytes.Buffer
	require.NoError(t, labels.WriteTable(&out, rows))
	assert.Contains(t, out.String(), "verbatim")
	assert.Regexp(t, `verbatim +1 +1 +100% +1 +100% +0`, out.String())
	assert.Regexp(t, `same-event +0 +0 +n/a +0 +n/a +1`, out.String())
}

func TestAgreementReportsBadDates(t *testing.T) {
	_, err := labels.Agreement([]corpus.Story{{ID: "x", Date: "March 2", Text: "text"}}, nil, provenance.Config{})
	require.ErrorContains(t, err, `story "x": date "March 2"`)
}
