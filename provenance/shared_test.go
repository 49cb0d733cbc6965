package provenance_test

import (
	"iter"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/reprintlab/reprint/dedup"
	"github.com/reprintlab/reprint/provenance"
)

// memStore is a Store shared by goroutines, as Redis is shared by
// processes: records go through their binary form.
type memStore struct {
	mu   sync.Mutex
	recs [][]byte
}

func (m *memStore) Append(r *provenance.Record) error {
	b, err := r.MarshalBinary()
	if err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.recs = append(m.recs, b)
	return nil
}

func (m *memStore) Commit() error { return nil }
func (m *memStore) Close() error  { return nil }

func (m *memStore) Records(from int) iter.Seq2[*provenance.Record, error] {
	return func(yield func(*provenance.Record, error) bool) {
		m.mu.Lock()
		recs := slices.Clone(m.recs[min(from, len(m.recs)):])
		m.mu.Unlock()
		for _, b := range recs {
			r := new(provenance.Record)
			if err := r.UnmarshalBinary(b); err != nil {
				yield(nil, err)
				return
			}
			if !yield(r, nil) {
				return
			}
		}
	}
}

// storySets returns the tracker's stories as sorted member lists mapped
// to their origins.
func storySets(tr *provenance.Tracker) map[string]string {
	out := map[string]string{}
	for s := range tr.Stories() {
		m := slices.Clone(s.Articles)
		sort.Strings(m)
		out[strings.Join(m, ",")] = s.Origin
	}
	return out
}

// TestSharedIndexWorkersAgree: four trackers share one index and one
// store, as workers on several machines share Redis, and add a Reuters
// sample and copies of it concurrently. A tracker opened on the store
// afterwards, and every worker after catching up, see the stories one
// tracker sees when it adds everything itself.
func TestSharedIndexWorkersAgree(t *testing.T) {
	stories := reutersDays(t, "1987-03-0", 400)
	var arts []provenance.Article
	seen := map[string]bool{}
	for i, s := range stories {
		if seen[s.Date] {
			continue
		}
		seen[s.Date] = true
		p, err := time.Parse("2006-01-02T15:04:05.000", s.Date)
		require.NoError(t, err)
		arts = append(arts, provenance.Article{ID: s.ID, Text: s.Text, Published: p})
		if i%5 == 0 { // a truncated copy an hour later
			words := strings.Fields(s.Text)
			arts = append(arts, provenance.Article{ID: s.ID + "-copy", Text: strings.Join(words[:len(words)*2/3], " "), Published: p.Add(time.Hour)})
		}
	}
	// A shared index has no second index (Config.DisableRewrites): the
	// tracker of its own compared with it has none either.
	cfg := provenance.Config{ClockSkew: -1, DisableRewrites: true}
	one := newTracker(t, cfg)
	for _, a := range arts {
		add(t, one, a)
	}
	want := storySets(one)

	shared, err := dedup.NewIndex(dedup.IndexConfig{})
	require.NoError(t, err)
	store := &memStore{}
	scfg := cfg
	scfg.Indexer = shared
	const workers = 4
	trackers := make([]*provenance.Tracker, workers)
	for w := range trackers {
		trackers[w], err = provenance.Open(scfg, store)
		require.NoError(t, err)
	}
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(arts); i += workers {
				if _, err := trackers[w].Add(arts[i]); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	reader, err := provenance.Open(scfg, store)
	require.NoError(t, err)
	got := storySets(reader)
	multi := 0
	for k := range want {
		if strings.Contains(k, ",") {
			multi++
		}
	}
	t.Logf("%d articles, %d stories with copies", len(arts), multi)
	require.Greater(t, multi, 30)
	assert.Equal(t, want, got)

	// A worker sees the same once it has caught up (its next Add does).
	late := provenance.Article{ID: "late", Text: arts[0].Text, Published: arts[0].Published.Add(48 * time.Hour)}
	v := add(t, trackers[1], late)
	assert.Equal(t, arts[0].ID, v.Sources[0].Source)
	delete(want, arts[0].ID)
	for k, o := range storySets(trackers[1]) {
		if strings.Contains(k, "late") {
			continue
		}
		assert.Equal(t, o, want[k], k)
	}
	// The same ID from two workers is refused.
	_, err = trackers[2].Add(late)
	require.ErrorIs(t, err, provenance.ErrDuplicateID)
}
