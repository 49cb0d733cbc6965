package batch

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/runners/direct"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/reprintlab/reprint/dedup"
)

// wireStory returns JSONL lines of one wire story reprinted n times by
// n outlets, each with its own banner, footer and a trimmed end, at
// times spread over a day, the wire's own article seen in the middle of
// them but published first; and a few unrelated articles.
func wireStory(t *testing.T, n int) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "seeds", "000_468044057261e0d6.txt"))
	require.NoError(t, err)
	words := strings.Fields(string(b))[:400]
	rng := rand.New(rand.NewPCG(1, 2))
	t0 := time.Date(2024, 11, 6, 9, 0, 0, 0, time.UTC)
	line := func(id, text, source string, at time.Time) string {
		b, err := json.Marshal(map[string]string{"id": id, "text": text, "source": source, "published": at.Format(time.RFC3339)})
		require.NoError(t, err)
		return string(b)
	}
	var lines []string
	for i := range n {
		if i == n/2 {
			lines = append(lines, line("wire", strings.Join(words, " "), "wire:reuters", t0))
		}
		keep := len(words) - rng.IntN(40) // some outlets cut the last paragraph
		text := fmt.Sprintf("OUTLET %d NEWS | %s | Read more at outlet-%d.example", i, strings.Join(words[:keep], " "), i)
		lines = append(lines, line(fmt.Sprint("copy-", i), text, fmt.Sprintf("site:outlet-%d", i),
			t0.Add(time.Duration(1+rng.IntN(24*60))*time.Minute)))
	}
	for i := range 20 {
		other := strings.Fields(string(b))[400+40*i : 400+40*i+200]
		lines = append(lines, line(fmt.Sprint("other-", i), strings.Join(other, " "), "wire:other", t0))
	}
	return lines
}

// A wire story with many copies puts them all in the same band buckets.
// Uncapped, the job gives the Tracker's verdicts. The cap bounds the
// pairs each bucket makes to members·cap instead of members²/2, and
// every copy still gets the Tracker's story and origin; some copies name
// another copy, in the same containment step, as their source. The
// Tracker keeps each article's MaxLinks best links (containment step,
// then attribution order) out of all its matches; the capped job offers
// each article the cap earliest members of each bucket, so a later copy
// keeps links the Tracker drops, and the other way round.
func TestHotBucketsAreCapped(t *testing.T) {
	const copies = 300
	lines := wireStory(t, copies)
	shards := writeShards(t, t.TempDir(), lines, 2)
	ix, err := dedup.NewIndex(dedup.IndexConfig{})
	require.NoError(t, err)
	bands := int64(ix.Config().Banding.Bands)
	m := int64(copies + 1)

	diffs, c := compare(t, direct.Execute, shards, Options{BucketCap: -1})
	assert.Empty(t, diffs, "uncapped:\n%s", strings.Join(diffs[:min(len(diffs), 3)], "\n"))
	assert.Zero(t, c["hot_buckets"])
	uncapped := c["bucket_pairs"]

	for _, cap := range []int{DefaultBucketCap, 4} {
		diffs, c := compare(t, direct.Execute, shards, Options{BucketCap: cap})
		assert.Positive(t, c["hot_buckets"])
		assert.LessOrEqual(t, c["bucket_pairs"], bands*m*int64(cap), "pairs are bounded by bands·members·cap")
		for _, d := range diffs {
			var want, got struct{ ID, Cluster, Origin string }
			parts := strings.SplitN(d, "\n", 2)
			require.NoError(t, json.Unmarshal([]byte(strings.TrimPrefix(parts[0], "tracker ")), &want))
			require.NoError(t, json.Unmarshal([]byte(strings.TrimPrefix(parts[1], "batch   ")), &got))
			assert.Equal(t, want, got, "story and origin at cap %d", cap)
		}
		t.Logf("cap %d: %d pairs (uncapped %d); %d of %d verdicts name another source", cap, c["bucket_pairs"], uncapped, len(diffs), len(lines))
	}
}

// boilerplateStream returns JSONL lines of stories that all end in the
// same long promotion, so that the promotion's bands make hot buckets,
// and a copy of each of the first copies of them.
func boilerplateStream(t *testing.T, stories, copies int) []string {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("..", "..", "testdata", "seeds", "*.txt"))
	require.NoError(t, err)
	var words []string
	for _, p := range paths {
		b, err := os.ReadFile(p)
		require.NoError(t, err)
		words = append(words, strings.Fields(string(b))...)
	}
	require.Greater(t, len(words), 70+100*stories, "words in testdata/seeds")
	promo := strings.Join(words[:70], " ")
	body := func(i int) string { return strings.Join(words[70+100*i:70+100*i+100], " ") }
	t0 := time.Date(2024, 11, 6, 9, 0, 0, 0, time.UTC)
	line := func(id, text string, at time.Time) string {
		b, err := json.Marshal(map[string]string{"id": id, "text": text, "source": "site:daily", "published": at.Format(time.RFC3339)})
		require.NoError(t, err)
		return string(b)
	}
	var lines []string
	for i := range stories {
		lines = append(lines, line(fmt.Sprint("story-", i), body(i)+" "+promo, t0.Add(time.Duration(i)*time.Hour)))
	}
	for i := range copies {
		lines = append(lines, line(fmt.Sprint("copy-", i), "UPDATED: "+body(i)+" "+promo, t0.Add(time.Duration(i)*time.Hour+time.Minute)))
	}
	return lines
}

// When a copy and its source share a hot bucket (here, the bands of a
// promotion every article carries) and other bands, the pair is still
// found, through the bands that are not hot, even if the cap leaves it
// out of the hot bucket: each bucket knows which buckets are hot and
// leaves a pair to the first shared band that is not. At a cap of 2, the
// job gives the Tracker's verdicts (the promotion alone makes no link).
func TestPairsInHotAndColdBucketsAreFoundOnce(t *testing.T) {
	lines := boilerplateStream(t, 30, 20)
	shards := writeShards(t, t.TempDir(), lines, 2)
	for _, cap := range []int{-1, 2} {
		diffs, c := compare(t, direct.Execute, shards, Options{BucketCap: cap})
		assert.Empty(t, diffs, "cap %d:\n%s", cap, strings.Join(diffs[:min(len(diffs), 3)], "\n"))
		assert.Equal(t, int64(20), c["verified_links"], "cap %d: each copy finds its story", cap)
		if cap > 0 {
			assert.Positive(t, c["hot_buckets"])
		}
		t.Logf("cap %d: counters %v", cap, c)
	}
}
