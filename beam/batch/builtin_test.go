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
	"github.com/apache/beam/sdks/v2/go/pkg/beam/runners/prism"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// builtinCorpus returns JSONL lines of a small news stream made from the
// seed texts in the repository (testdata/seeds), so that it needs no
// research corpus: stories cut from the seeds at overlapping places (so
// some hold parts of others), each sent by a wire and reprinted by
// outlets with banners, footers and cut ends, some published before the
// wire (clock skew), some undated, some arriving late, some stitched
// from two stories, some updated (the story whole, and as much again);
// and articles too short to fingerprint.
func builtinCorpus(t *testing.T, stories int) []string {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("..", "..", "testdata", "seeds", "*.txt"))
	require.NoError(t, err)
	require.NotEmpty(t, paths, "testdata/seeds")
	var words []string
	for _, p := range paths {
		b, err := os.ReadFile(p)
		require.NoError(t, err)
		words = append(words, strings.Fields(string(b))...)
	}
	rng := rand.New(rand.NewPCG(3, 5))
	t0 := time.Date(2024, 11, 6, 9, 0, 0, 0, time.UTC)
	type article struct {
		id, text, source string
		at               time.Time
		undated          bool
	}
	var arts []article
	texts := make([][]string, stories)
	for i := range stories {
		n := 120 + rng.IntN(180)
		start := rng.IntN(len(words) - n)
		texts[i] = words[start : start+n]
		at := t0.Add(time.Duration(i) * 37 * time.Minute)
		arts = append(arts, article{id: fmt.Sprint("wire-", i), text: strings.Join(texts[i], " "), source: "wire:seeds", at: at})
		for c := range rng.IntN(6) {
			body := texts[i][:len(texts[i])-rng.IntN(len(texts[i])/4)]
			switch r := rng.IntN(8); {
			case r == 0 && i > 0: // stitched: half of this story, half of an earlier one
				other := texts[rng.IntN(i)]
				body = append(append([]string{}, body[:len(body)/2]...), other[len(other)/2:]...)
			case r == 1: // an update: the whole story and as much again
				more := rng.IntN(len(words) - len(texts[i]))
				body = append(append([]string{}, texts[i]...), words[more:more+len(texts[i])]...)
			}
			outlet := rng.IntN(40)
			a := article{
				id:     fmt.Sprintf("copy-%d-%d", i, c),
				text:   fmt.Sprintf("OUTLET %d | %s | Read more at outlet-%d.example", outlet, strings.Join(body, " "), outlet),
				source: fmt.Sprintf("site:outlet-%d", outlet),
				at:     at.Add(time.Duration(rng.IntN(600)-60) * time.Minute), // some before the wire
			}
			a.undated = rng.IntN(15) == 0
			arts = append(arts, a)
		}
		if rng.IntN(5) == 0 {
			arts = append(arts, article{id: fmt.Sprint("brief-", i), text: strings.Join(texts[i][:8], " "), source: "site:briefs", at: at})
		}
	}
	// Some articles arrive late: moved a few places down the stream.
	for i := range arts {
		if j := i + 1 + rng.IntN(10); rng.IntN(10) == 0 && j < len(arts) {
			arts[i], arts[j] = arts[j], arts[i]
		}
	}
	lines := make([]string, len(arts))
	for i, a := range arts {
		m := map[string]string{"id": a.id, "text": a.text, "source": a.source}
		if !a.undated {
			m["published"] = a.at.Format(time.RFC3339)
		}
		b, err := json.Marshal(m)
		require.NoError(t, err)
		lines[i] = string(b)
	}
	return lines
}

// On a small stream made from the repository's own seed texts (it needs
// no research corpus), the batch job gives the Tracker's verdicts and
// graph document, on both runners the command carries for local use.
func TestSameVerdictsAsTrackerOnBuiltinCorpus(t *testing.T) {
	lines := builtinCorpus(t, 80)
	shards := writeShards(t, t.TempDir(), lines, 3)
	// The stream has links of each kind the shingle rule gives, so the
	// comparison covers the kinds and scores of sources too.
	want, _ := trackerRun(t, shards)
	for _, kind := range []string{"verbatim", "update", "partial"} {
		assert.Contains(t, strings.Join(want, "\n"), `"kind":"`+kind+`"`)
	}
	for name, run := range map[string]runner{"direct": direct.Execute, "prism": prism.Execute} {
		t.Run(name, func(t *testing.T) {
			diffs, c := compare(t, run, shards, Options{})
			t.Logf("%d articles; counters: %v", len(lines), c)
			assert.Empty(t, diffs, "%d of %d verdicts differ:\n%s", len(diffs), len(lines), strings.Join(diffs[:min(len(diffs), 5)], "\n"))
			assert.Positive(t, c["too_short"])
			assert.Greater(t, c["verified_links"], int64(len(lines)/2), "the corpus has copies")
			assert.Less(t, c["candidates"], c["bucket_pairs"], "the buckets send verification fewer pairs than they score")
		})
	}
}
