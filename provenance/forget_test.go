package provenance_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/reprintlab/reprint/provenance"
)

// newsStream returns a deterministic stream of n articles over about
// n*6 minutes: originals, copies of them (whole, truncated, extended)
// from other outlets arriving minutes to hours later, some copies dated
// before their original (clocks set wrong, or a source that was late to
// the feed), stitched copies of two recent stories, a few articles
// without a date, and chains: a story copied again every few hours,
// each copy from the last, for days.
func newsStream(seed uint64, n int) []provenance.Article {
	r := rand.New(rand.NewPCG(seed, 42))
	t0 := time.Date(2024, 11, 6, 0, 0, 0, 0, time.UTC)
	type pending struct {
		at time.Time // arrival
		a  provenance.Article
	}
	var queue []pending
	var out []provenance.Article
	var recent []provenance.Article // originals, for stitching
	chain := ""
	for i := 0; len(out) < n; i++ {
		now := t0.Add(time.Duration(i) * 6 * time.Minute)
		// Deliver what has arrived by now, in arrival order.
		for len(queue) > 0 {
			k := 0
			for j := range queue {
				if queue[j].at.Before(queue[k].at) {
					k = j
				}
			}
			if queue[k].at.After(now) {
				break
			}
			out = append(out, queue[k].a)
			queue = append(queue[:k], queue[k+1:]...)
		}
		text := words(seed<<32|uint64(i), 80+r.IntN(200))
		orig := provenance.Article{ID: fmt.Sprint("o", i), Text: text, Source: "wire", Published: now}
		if r.IntN(30) == 0 {
			orig.Published = time.Time{}
		}
		out = append(out, orig)
		recent = append(recent, orig)
		if len(recent) > 20 {
			recent = recent[1:]
		}
		for c := range r.IntN(4) {
			cp := provenance.Article{ID: fmt.Sprintf("o%d-c%d", i, c), Source: fmt.Sprint("outlet", r.IntN(9)), Text: text}
			switch r.IntN(4) {
			case 1:
				cp.Text = text[:len(text)*5/6]
			case 2:
				cp.Text = text + " " + words(uint64(i)<<8|uint64(c), 20)
			}
			lag := time.Duration(1+r.IntN(240)) * time.Minute
			cp.Published = now.Add(lag)
			if r.IntN(8) == 0 {
				cp.Published = now.Add(-time.Duration(1+r.IntN(60)) * time.Minute) // dated before its original
			}
			queue = append(queue, pending{now.Add(lag + time.Duration(r.IntN(30))*time.Minute), cp})
		}
		if r.IntN(10) == 0 && len(recent) > 2 {
			a, b := recent[r.IntN(len(recent))], recent[r.IntN(len(recent))]
			if a.ID != b.ID {
				st := provenance.Article{ID: fmt.Sprint("stitch", i), Source: "aggregator", Published: now.Add(time.Minute),
					Text: a.Text[:len(a.Text)/2] + " " + b.Text[len(b.Text)/2:]}
				queue = append(queue, pending{now.Add(time.Minute), st})
			}
		}
		if i%40 == 0 { // the next link of the chain: the last one, updated
			grow := 15
			if chain == "" {
				grow = 40 // a first link long enough that its copy is found whatever the hashes
			}
			chain = strings.Join(append(strings.Fields(chain), strings.Fields(words(uint64(i)<<16, grow))...), " ")
			if f := strings.Fields(chain); len(f) > 150 {
				chain = strings.Join(f[len(f)-150:], " ")
			}
			out = append(out, provenance.Article{ID: fmt.Sprint("chain", i), Text: chain, Published: now}) // no outlet: nothing learned from it
		}
	}
	return out[:n]
}

// streamed runs articles through tr with AddWithChanges and returns each
// article's last verdict delivered, and the number of updates.
func streamed(t *testing.T, tr *provenance.Tracker, articles []provenance.Article) (map[string]provenance.Verdict, int) {
	t.Helper()
	last := map[string]provenance.Verdict{}
	for v := range tr.Articles() { // added before
		last[v.ID] = v
	}
	updates := 0
	for _, a := range articles {
		v, changed, err := tr.AddWithChanges(a)
		require.NoError(t, err)
		_, seen := last[a.ID]
		require.False(t, seen, "%s delivered before it was added", a.ID)
		last[a.ID] = v
		for _, c := range changed {
			_, seen := last[c.ID]
			require.True(t, seen, "an update of %s, which was not added", c.ID)
			require.NotEqual(t, last[c.ID], c, "an update of %s that changes nothing", c.ID)
			last[c.ID] = c
			updates++
		}
	}
	return last, updates
}

// finalVerdicts adds articles to tr and returns every article's verdict
// at the end.
func finalVerdicts(t *testing.T, tr *provenance.Tracker, articles []provenance.Article) map[string]provenance.Verdict {
	t.Helper()
	for _, a := range articles {
		add(t, tr, a)
	}
	out := map[string]provenance.Verdict{}
	for v := range tr.Articles() {
		out[v.ID] = v
	}
	return out
}

func TestAddWithChangesStreamEqualsTheFinalVerdicts(t *testing.T) {
	// Each article's verdict when it is added, then each update, gives
	// every article's verdict at the end: a stream of verdicts is
	// complete, and says nothing more.
	articles := newsStream(1, 3000)
	want := finalVerdicts(t, newTracker(t, provenance.Config{}), articles)
	got, updates := streamed(t, newTracker(t, provenance.Config{}), articles)
	require.Equal(t, len(want), len(got))
	for id, v := range want {
		require.Equal(t, v, got[id], id)
	}
	assert.Greater(t, updates, 50, "the stream re-attributes articles")

	// Add and AddWithChanges can be mixed: changes are those of each
	// addition.
	tr := newTracker(t, provenance.Config{})
	for _, a := range articles[:1000] {
		add(t, tr, a)
	}
	got, _ = streamed(t, tr, articles[1000:])
	require.Equal(t, len(want), len(got))
	for id, v := range got {
		require.Equal(t, want[id], v, id)
	}
}

func TestAddWithChangesReattribution(t *testing.T) {
	// The README's case: a story seen as a, then its copy b, then c,
	// published before both: c becomes their origin, and both are
	// delivered again.
	text := words(5, 150)
	nine := time.Date(2024, 11, 6, 9, 0, 0, 0, time.UTC)
	tr := newTracker(t, provenance.Config{})
	_, changed, err := tr.AddWithChanges(provenance.Article{ID: "a", Text: text, Published: nine.Add(time.Hour)})
	require.NoError(t, err)
	assert.Empty(t, changed)
	_, changed, err = tr.AddWithChanges(provenance.Article{ID: "b", Text: text, Published: nine.Add(2 * time.Hour)})
	require.NoError(t, err)
	assert.Empty(t, changed, "a copy that comes later changes nothing")
	v, changed, err := tr.AddWithChanges(provenance.Article{ID: "c", Text: text, Published: nine})
	require.NoError(t, err)
	assert.Equal(t, "c", v.Origin)
	require.Len(t, changed, 2)
	assert.Equal(t, []string{"a", "b"}, []string{changed[0].ID, changed[1].ID})
	for _, c := range changed {
		assert.Equal(t, "c", c.Origin)
		assert.Equal(t, "a", c.Story, "the story keeps its ID")
	}
	_, _, err = tr.AddWithChanges(provenance.Article{ID: "c", Text: text})
	assert.ErrorIs(t, err, provenance.ErrDuplicateID)
}

func TestForgetKeepsVerdictsAndMemoryFlat(t *testing.T) {
	// With Forget, the articles that left the window leave the graph.
	// The verdicts delivered are those of a tracker that remembers
	// everything with the same window, and the tracker holds about a
	// window's articles, however long the stream.
	articles := newsStream(2, 6000)
	cfg := provenance.Config{Window: 12 * time.Hour}
	want := finalVerdicts(t, newTracker(t, cfg), articles)

	cfg.Forget = true
	tr := newTracker(t, cfg)
	got, _ := streamed(t, tr, articles)
	require.Equal(t, len(want), len(got))
	differ := 0
	for id, v := range want {
		if !assert.Equal(t, v, got[id], id) {
			if differ++; differ > 5 {
				t.FailNow()
			}
		}
	}
	assert.Greater(t, tr.Forgotten(), 4000)
	assert.Equal(t, len(articles), tr.Len()+tr.Forgotten())
	assert.Less(t, tr.Len(), 400, "about 12 hours of articles, one every 6 minutes, and their copies")
	assert.LessOrEqual(t, tr.Indexed(), tr.Len())

	// The chain's story is older than the window: its origin and its
	// first-seen article are forgotten, and named still.
	var chainStory provenance.Story
	for s := range tr.Stories() {
		if s.ID == "chain0" {
			chainStory = s
		}
	}
	require.NotEmpty(t, chainStory.Articles, "the chain's story, with remembered articles")
	assert.Equal(t, "chain0", chainStory.Origin)
	_, known := tr.Verdict("chain0")
	assert.False(t, known, "a forgotten article is unknown")
	for _, id := range chainStory.Articles {
		cv, ok := tr.Verdict(id)
		require.True(t, ok, "a story lists remembered articles only")
		assert.Equal(t, "chain0", cv.Origin)
		assert.Equal(t, "chain0", cv.Story)
	}

	// The document lists remembered articles only, and their edges may
	// name forgotten ones.
	var buf bytes.Buffer
	require.NoError(t, tr.WriteJSON(&buf))
	var doc struct {
		Articles []struct{ ID string } `json:"articles"`
	}
	require.NoError(t, json.Unmarshal(buf.Bytes(), &doc))
	assert.Len(t, doc.Articles, tr.Len())

	// A forgotten ID can be added again, as a new article.
	again := add(t, tr, provenance.Article{ID: "o0", Text: words(999999, 100), Published: time.Date(2024, 12, 1, 0, 0, 0, 0, time.UTC)})
	assert.Equal(t, "o0", again.Origin)
}

func TestForgetSettings(t *testing.T) {
	_, err := provenance.New(provenance.Config{Forget: true})
	assert.ErrorContains(t, err, "Forget needs a Window")
}
