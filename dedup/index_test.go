package dedup_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/reprintlab/reprint/dedup"
)

func newIndex(t testing.TB, cfg dedup.IndexConfig) *dedup.Index {
	t.Helper()
	ix, err := dedup.NewIndex(cfg)
	require.NoError(t, err)
	return ix
}

func matchIDs(ms []dedup.Match) []string {
	ids := make([]string, len(ms))
	for i, m := range ms {
		ids[i] = m.ID
	}
	return ids
}

func TestOptimalBandingReproducesDatasketch(t *testing.T) {
	for _, c := range []struct {
		threshold float64
		want      dedup.Banding
	}{
		{0.5, dedup.Banding{Bands: 25, Rows: 5}},
		{0.7, dedup.Banding{Bands: 14, Rows: 9}},
		{0.8, dedup.Banding{Bands: 9, Rows: 13}},
		{0.9, dedup.Banding{Bands: 5, Rows: 25}},
	} {
		got, err := dedup.OptimalBanding(128, c.threshold, 0.5)
		require.NoError(t, err)
		assert.Equal(t, c.want, got, "threshold %v", c.threshold)
	}
	// Leaning to recall moves the knee below the threshold.
	eq, _ := dedup.OptimalBanding(128, 0.8, 0.5)
	rec, _ := dedup.OptimalBanding(128, 0.8, 0.3)
	assert.Greater(t, rec.Probability(0.8), eq.Probability(0.8))

	for _, bad := range [][3]float64{{0, 0.5, 0.5}, {128, 0, 0.5}, {128, 1, 0.5}, {128, 0.5, 0}, {128, 0.5, 1}, {2000, 0.5, 0.5}} {
		_, err := dedup.OptimalBanding(int(bad[0]), bad[1], bad[2])
		require.ErrorIs(t, err, dedup.ErrInvalidSettings, "%v", bad)
	}
}

func TestDefaultIndexConfig(t *testing.T) {
	cfg := newIndex(t, dedup.IndexConfig{}).Config()
	assert.Equal(t, 0.8, cfg.MinContainment)
	assert.InDelta(t, 0.25, cfg.BandingThreshold, 1e-9) // 80% of a copy a third as long
	assert.Equal(t, dedup.Banding{Bands: 28, Rows: 2}, cfg.Banding)
	assert.Greater(t, cfg.Banding.Probability(0.25), 0.8)
	assert.Greater(t, cfg.Banding.Probability(1.0/3), 0.95)
	assert.Less(t, cfg.Banding.Probability(0.01), 0.005)

	for _, bad := range []dedup.IndexConfig{
		{MinContainment: 1.5}, {MinLengthRatio: -1}, {Banding: dedup.Banding{Bands: 100, Rows: 2}},
	} {
		_, err := dedup.NewIndex(bad)
		require.ErrorIs(t, err, dedup.ErrInvalidSettings, "%+v", bad)
	}
}

func TestIndexSeeds(t *testing.T) {
	s := newSigner(t, dedup.Settings{})
	ix := newIndex(t, dedup.IndexConfig{})
	sigs := map[string]*dedup.Signature{}
	for i, name := range seedNames {
		sigs[name] = sign(t, s, seed(t, i))
	}
	// Each seed, queried before it is added, finds exactly its earlier
	// copies: only 003 finds anything (001).
	for _, name := range seedNames {
		ms, err := ix.Query(sigs[name])
		require.NoError(t, err)
		if name == seedNames[3] {
			require.Equal(t, []string{seedNames[1]}, matchIDs(ms))
			assert.GreaterOrEqual(t, ms[0].AInB, 0.9)
			assert.Equal(t, sigs[seedNames[1]].Shingles(), ms[0].Shingles)
		} else {
			assert.Empty(t, ms, name)
		}
		require.NoError(t, ix.Add(name, sigs[name]))
	}
	assert.Equal(t, 5, ix.Len())
	// And from the other side: 001 finds 003 (its reprint) and itself.
	ms, err := ix.Query(sigs[seedNames[1]])
	require.NoError(t, err)
	assert.Equal(t, []string{seedNames[1], seedNames[3]}, matchIDs(ms))
}

func TestIndexErrors(t *testing.T) {
	s := newSigner(t, dedup.Settings{})
	ix := newIndex(t, dedup.IndexConfig{})
	sig := sign(t, s, seed(t, 0))
	require.NoError(t, ix.Add("a", sig))
	require.ErrorIs(t, ix.Add("a", sig), dedup.ErrDuplicateID)
	require.ErrorIs(t, ix.Add("b", &dedup.Signature{}), dedup.ErrEmptySignature)
	require.ErrorIs(t, ix.Add("b", nil), dedup.ErrEmptySignature)
	other := sign(t, newSigner(t, dedup.Settings{NumHashes: 64}), seed(t, 0))
	require.ErrorIs(t, ix.Add("b", other), dedup.ErrSettingsMismatch)
	_, err := ix.Query(other)
	require.ErrorIs(t, err, dedup.ErrSettingsMismatch)
	_, err = ix.Query(&dedup.Signature{})
	require.ErrorIs(t, err, dedup.ErrEmptySignature)
	assert.Equal(t, 1, ix.Len())
	assert.False(t, must(ix.Remove("nope")))
}

func TestPartialReprintsOnReuters(t *testing.T) {
	// Copies that keep only the first third, half or two thirds of a
	// real story, or wrap it in as much new text again, are found among
	// 2,000 indexed stories.
	stories := reuters(t, 2000, 250)
	s := newSigner(t, dedup.Settings{})
	ix := newIndex(t, dedup.IndexConfig{})
	for _, st := range stories {
		require.NoError(t, ix.Add(st.ID, sign(t, s, st.Text)))
	}
	for _, frac := range []float64{1.0 / 3, 0.5, 2.0 / 3} {
		found, n := 0, 0
		for i := 0; i < len(stories); i += 10 {
			ms, err := ix.Query(sign(t, s, firstWords(stories[i].Text, frac)))
			require.NoError(t, err)
			n++
			if slices.Contains(matchIDs(ms), stories[i].ID) {
				found++
			}
		}
		t.Logf("truncated to %.2f: found %d of %d", frac, found, n)
		// The banding finds a pair at Jaccard 0.27 (a third, with
		// rounding) with probability 0.88, at 0.33 with 0.96.
		assert.GreaterOrEqual(t, float64(found)/float64(n), 0.9, "truncated to %.2f", frac)
	}
	// Extension: the story followed by another story of the same length.
	found, n := 0, 0
	for i := 0; i+1 < len(stories); i += 10 {
		copyText := stories[i].Text + "\n\n" + stories[i+1].Text
		ms, err := ix.Query(sign(t, s, copyText))
		require.NoError(t, err)
		n++
		for _, m := range ms {
			if m.ID == stories[i].ID && m.BInA >= 0.8 {
				found++
			}
		}
	}
	assert.GreaterOrEqual(t, float64(found)/float64(n), 0.95)
}

// randomSignature returns a signature whose first `shared` slots come
// from base and the rest at random.
func randomSignature(t testing.TB, r *rand.Rand, id dedup.Settings, base []uint32, shared int) *dedup.Signature {
	v := make([]uint32, 128)
	for i := range v {
		if i < shared {
			v[i] = base[i]
		} else {
			v[i] = r.Uint32()
		}
	}
	sig, err := dedup.NewSignature(id, 500, v)
	require.NoError(t, err)
	return sig
}

func TestIndexAgreesWithBruteForceUnderChurn(t *testing.T) {
	// A model of banding: a document is a candidate when one band agrees
	// exactly; it matches when it also passes verification. Random adds
	// and removes exercise the hash table's deletion.
	r := rand.New(rand.NewPCG(7, 7))
	ix := newIndex(t, dedup.IndexConfig{MinShare: -1}) // banding and one-to-one verification only
	cfg := ix.Config()
	id := cfg.Settings
	live := map[string][]uint32{}
	var families [][]uint32
	for range 20 {
		families = append(families, randomSignature(t, r, id, nil, 0).AppendValues(nil))
	}
	next := 0
	for step := range 3000 {
		if len(live) > 0 && r.IntN(3) == 0 {
			for k := range live { // remove an arbitrary live one
				require.True(t, must(ix.Remove(k)))
				delete(live, k)
				break
			}
		} else {
			sig := randomSignature(t, r, id, families[r.IntN(len(families))], r.IntN(129))
			name := fmt.Sprint("d", next)
			next++
			require.NoError(t, ix.Add(name, sig))
			live[name] = sig.AppendValues(nil)
		}
		if step%50 != 0 {
			continue
		}
		q := randomSignature(t, r, id, families[r.IntN(len(families))], 40+r.IntN(89))
		qv := q.AppendValues(nil)
		want := []string{}
		for name, v := range live {
			bandHit := false
			for b := range cfg.Banding.Bands {
				lo, hi := b*cfg.Banding.Rows, (b+1)*cfg.Banding.Rows
				if slices.Equal(qv[lo:hi], v[lo:hi]) {
					bandHit = true
				}
			}
			other, _ := dedup.NewSignature(id, 500, v)
			sc, _ := dedup.Compare(q, other)
			if bandHit && sc.MaxContainment() >= cfg.MinContainment {
				want = append(want, name)
			}
		}
		ms, err := ix.Query(q)
		require.NoError(t, err)
		got := matchIDs(ms)
		slices.Sort(got)
		slices.Sort(want)
		require.Equal(t, want, got, "step %d", step)
		require.Equal(t, len(live), ix.Len())
	}
}

func TestIndexConcurrentUse(t *testing.T) {
	s := newSigner(t, dedup.Settings{})
	ix := newIndex(t, dedup.IndexConfig{})
	sigs := make([]*dedup.Signature, len(seedNames))
	for i := range seedNames {
		sigs[i] = sign(t, s, seed(t, i))
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 200 {
				name := fmt.Sprintf("g%d-%d", g, i)
				sig := sigs[i%len(sigs)]
				assert.NoError(t, ix.Add(name, sig))
				ms, err := ix.Query(sig)
				assert.NoError(t, err)
				assert.NotEmpty(t, ms) // it finds at least itself
				if i%3 == 0 {
					assert.True(t, must(ix.Remove(name)))
				}
			}
		}()
	}
	wg.Wait()
	assert.Equal(t, 4*(200-67), ix.Len())
}

func TestStitchedFromHalves(t *testing.T) {
	// The first half of 000 followed by the first half of 001: neither
	// source holds 80% of it, together they cover it.
	s := newSigner(t, dedup.Settings{})
	ix := newIndex(t, dedup.IndexConfig{})
	for _, i := range []int{0, 1, 2, 4} {
		require.NoError(t, ix.Add(seedNames[i], sign(t, s, seed(t, i))))
	}
	stitched := sign(t, s, firstWords(seed(t, 0), 0.5)+"\n\n"+firstWords(seed(t, 1), 0.5))
	ms, err := ix.Query(stitched)
	require.NoError(t, err)
	require.ElementsMatch(t, []string{seedNames[0], seedNames[1]}, matchIDs(ms))
	for _, m := range ms {
		assert.True(t, m.Partial)
		assert.InDelta(t, 0.5, m.AInB, 0.15)
	}
	// With the rule off, nothing matches.
	off := newIndex(t, dedup.IndexConfig{MinShare: -1})
	require.NoError(t, off.Add(seedNames[0], sign(t, s, seed(t, 0))))
	require.NoError(t, off.Add(seedNames[1], sign(t, s, seed(t, 1))))
	ms, err = off.Query(stitched)
	require.NoError(t, err)
	assert.Empty(t, ms)

	_, err = dedup.NewIndex(dedup.IndexConfig{MinShare: 0.9})
	require.ErrorIs(t, err, dedup.ErrInvalidSettings)
}

func TestStitchedOnReuters(t *testing.T) {
	// Halves of two real stories, stitched: both are found; and plain
	// truncated copies gain no spurious partial sources.
	stories := reuters(t, 2000, 250)
	s := newSigner(t, dedup.Settings{})
	ix := newIndex(t, dedup.IndexConfig{})
	sigs := map[string]*dedup.Signature{}
	for _, st := range stories {
		sigs[st.ID] = sign(t, s, st.Text)
		require.NoError(t, ix.Add(st.ID, sigs[st.ID]))
	}
	// sameStory: Reuters re-sent some stories verbatim; a re-send is as
	// good a source as the original.
	sameStory := func(ids []string, want string) bool {
		for _, id := range ids {
			sc, err := dedup.Compare(sigs[id], sigs[want])
			require.NoError(t, err)
			if sc.Jaccard >= 0.9 {
				return true
			}
		}
		return false
	}
	both, n, spurious := 0, 0, 0
	for i := 0; i+1 < len(stories); i += 10 {
		a, b := stories[i], stories[i+1]
		ms, err := ix.Query(sign(t, s, firstWords(a.Text, 0.5)+"\n\n"+firstWords(b.Text, 0.5)))
		require.NoError(t, err)
		n++
		ids := matchIDs(ms)
		if sameStory(ids, a.ID) && sameStory(ids, b.ID) {
			both++
		}
		ms, err = ix.Query(sign(t, s, firstWords(a.Text, 0.6)))
		require.NoError(t, err)
		for _, m := range ms {
			if m.Partial {
				spurious++
			}
		}
	}
	t.Logf("stitched halves: both sources found in %d of %d; partial matches on plain copies: %d", both, n, spurious)
	// Each half has Jaccard 0.2-0.45 with its source: the banding makes
	// it a candidate with probability 0.75-0.99, so both in about 85%.
	assert.GreaterOrEqual(t, float64(both)/float64(n), 0.8)
	assert.LessOrEqual(t, spurious, n/50)
}
