package redisindex_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/reprintlab/reprint/dedup"
	"github.com/reprintlab/reprint/internal/corpus"
	"github.com/reprintlab/reprint/redisindex"
)

// doc is a document to index or query.
type doc struct {
	id  string
	sig *dedup.Signature
}

func sign(tb testing.TB, s *dedup.Signer, id, text string) (doc, bool) {
	sig, err := s.Sign(text)
	if errors.Is(err, dedup.ErrTooShort) {
		return doc{}, false
	}
	require.NoError(tb, err)
	return doc{id, sig}, true
}

func newSigner(tb testing.TB) *dedup.Signer {
	s, err := dedup.NewSigner(dedup.Settings{})
	require.NoError(tb, err)
	return s
}

// bothIndexes returns a Redis index and an in-memory one of cfg.
func bothIndexes(t *testing.T, srv *server, cfg dedup.IndexConfig) (*redisindex.Index, *dedup.Index) {
	t.Helper()
	rix, err := redisindex.New(srv.client(t), srv.prefix(t), cfg)
	require.NoError(t, err)
	mix, err := dedup.NewIndex(cfg)
	require.NoError(t, err)
	require.Equal(t, mix.Config(), rix.Config())
	return rix, mix
}

func TestSeedsMatchInMemory(t *testing.T) {
	srv := startServer(t)
	rix, mix := bothIndexes(t, srv, dedup.IndexConfig{})
	signer := newSigner(t)
	texts := seeds(t)
	ids := make([]string, 0, len(texts))
	for id := range texts {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	var docs []doc
	for _, id := range ids {
		d, ok := sign(t, signer, id, texts[id])
		require.True(t, ok)
		docs = append(docs, d)
		require.NoError(t, rix.Add(d.id, d.sig))
		require.NoError(t, mix.Add(d.id, d.sig))
	}
	n, err := rix.Len(context.Background())
	require.NoError(t, err)
	require.Equal(t, len(docs), n)
	found := false
	for _, d := range docs {
		want, err := mix.Query(d.sig)
		require.NoError(t, err)
		got, err := rix.Query(d.sig)
		require.NoError(t, err)
		require.Equal(t, want, got, "query %s", d.id)
		if strings.HasPrefix(d.id, "003") {
			for _, m := range got {
				found = found || strings.HasPrefix(m.ID, "001")
			}
		}
	}
	require.True(t, found, "003 should match 001")
}

// reutersDocs returns n Reuters stories, signed, and copies of some of
// them: truncations (a half, a third), and stitched copies of two
// stories' halves, none of them indexed.
func reutersDocs(t *testing.T, n int) (stories, copies []doc) {
	t.Helper()
	rs, err := corpus.Reuters(n, func(s corpus.Story) bool { return len(s.Text) > 600 })
	skipNoCorpus(t, err)
	signer := newSigner(t)
	for _, s := range rs {
		if d, ok := sign(t, signer, s.ID, s.Text); ok {
			stories = append(stories, d)
		}
	}
	for i := 0; i+1 < len(rs); i += 7 {
		a, b := rs[i].Text, rs[i+1].Text
		for j, text := range []string{a[:len(a)/2], a[:len(a)/3], a[len(a)/2:] + "\n" + b[:len(b)/2]} {
			if d, ok := sign(t, signer, fmt.Sprintf("copy-%d-%d", i, j), text); ok {
				copies = append(copies, d)
			}
		}
	}
	return stories, copies
}

func TestReutersMatchesInMemory(t *testing.T) {
	srv := startServer(t)
	n := 1200
	if raceEnabled {
		n = 600
	}
	stories, copies := reutersDocs(t, n)
	for _, cfg := range []dedup.IndexConfig{{}, {MinContainment: 0.6, MinShare: 0.2}} {
		t.Run(fmt.Sprintf("containment=%v", cfg.MinContainment), func(t *testing.T) {
			rix, mix := bothIndexes(t, srv, cfg)
			// Every story, and one copy in three, indexed.
			var queries []doc
			for i, d := range stories {
				require.NoError(t, rix.Add(d.id, d.sig))
				require.NoError(t, mix.Add(d.id, d.sig))
				if i%4 == 0 {
					queries = append(queries, d)
				}
			}
			for i, d := range copies {
				if i%3 == 0 {
					require.NoError(t, rix.Add(d.id, d.sig))
					require.NoError(t, mix.Add(d.id, d.sig))
				}
				queries = append(queries, d)
			}
			matched, partial := 0, 0
			for _, q := range queries {
				want, err := mix.Query(q.sig)
				require.NoError(t, err)
				got, err := rix.Query(q.sig)
				require.NoError(t, err)
				require.Equal(t, want, got, "query %s", q.id)
				if len(got) > 1 || len(got) == 1 && got[0].ID != q.id {
					matched++
				}
				for _, m := range got {
					if m.Partial {
						partial++
					}
				}
			}
			t.Logf("%d stories and %d copies, %d queries, %d with matches besides themselves, %d partial matches",
				len(stories), len(copies), len(queries), matched, partial)
			require.Greater(t, matched, len(copies)/2)

			// Remove a third of the stories from both; queries still agree.
			for i, d := range stories {
				if i%3 == 0 {
					rok, err := rix.Remove(d.id)
					require.NoError(t, err)
					mok, _ := mix.Remove(d.id)
					require.Equal(t, mok, rok)
				}
			}
			ok, err := rix.Remove(stories[0].id)
			require.NoError(t, err)
			require.False(t, ok, "removed twice")
			n, err := rix.Len(context.Background())
			require.NoError(t, err)
			require.Equal(t, mix.Len(), n)
			for _, q := range queries[:min(len(queries), 200)] {
				want, err := mix.Query(q.sig)
				require.NoError(t, err)
				got, err := rix.Query(q.sig)
				require.NoError(t, err)
				require.Equal(t, want, got, "query %s after removals", q.id)
			}
		})
	}
}

func TestErrors(t *testing.T) {
	srv := startServer(t)
	client := srv.client(t)
	prefix := srv.prefix(t)
	ctx := context.Background()
	ix, err := redisindex.New(client, prefix, dedup.IndexConfig{})
	require.NoError(t, err)
	signer := newSigner(t)
	texts := seeds(t)
	d, _ := sign(t, signer, "001", texts["001_7cb3ead0d8dc3d74"])

	t.Run("duplicate", func(t *testing.T) {
		require.NoError(t, ix.Add("dup", d.sig))
		n, err := ix.Len(ctx)
		require.NoError(t, err)
		// The same Add again (a retry) is a no-op.
		require.NoError(t, ix.Add("dup", d.sig))
		// Another signature under the ID is refused.
		d2, _ := sign(t, signer, "002", texts["002_8116756d16084da1"])
		err = ix.Add("dup", d2.sig)
		require.ErrorIs(t, err, dedup.ErrDuplicateID)
		require.ErrorContains(t, err, `"dup"`)
		// From another Index on the same prefix too.
		other, err := redisindex.New(srv.client(t), prefix, dedup.IndexConfig{})
		require.NoError(t, err)
		require.ErrorIs(t, other.Add("dup", d2.sig), dedup.ErrDuplicateID)
		require.NoError(t, other.Add("dup", d.sig))
		ok, err := ix.Contains(ctx, "dup")
		require.NoError(t, err)
		require.True(t, ok)
		n2, err := ix.Len(ctx)
		require.NoError(t, err)
		require.Equal(t, n, n2)
		// The stored signature is the first one's.
		got, err := ix.Query(d.sig)
		require.NoError(t, err)
		require.Equal(t, "dup", got[0].ID)
		require.InDelta(t, 1, got[0].Jaccard, 1e-9)
	})

	t.Run("empty and foreign signatures", func(t *testing.T) {
		require.ErrorIs(t, ix.Add("x", nil), dedup.ErrEmptySignature)
		require.ErrorIs(t, ix.Add("x", new(dedup.Signature)), dedup.ErrEmptySignature)
		_, err := ix.Query(nil)
		require.ErrorIs(t, err, dedup.ErrEmptySignature)
		oph, err := dedup.NewSigner(dedup.Settings{Method: dedup.OnePermutation})
		require.NoError(t, err)
		sig, err := oph.Sign(texts["001_7cb3ead0d8dc3d74"])
		require.NoError(t, err)
		require.ErrorIs(t, ix.Add("x", sig), dedup.ErrSettingsMismatch)
		_, err = ix.Query(sig)
		require.ErrorIs(t, err, dedup.ErrSettingsMismatch)
	})

	t.Run("settings mismatch", func(t *testing.T) {
		for _, cfg := range []dedup.IndexConfig{
			{MinContainment: 0.7},
			{Settings: dedup.Settings{NumHashes: 64}},
			{Settings: dedup.Settings{Method: dedup.OnePermutation}},
			{Banding: dedup.Banding{Bands: 16, Rows: 4}},
		} {
			_, err := redisindex.New(client, prefix, cfg)
			require.ErrorIs(t, err, dedup.ErrSettingsMismatch, "%+v", cfg)
			t.Log(err)
		}
		// The same config spelled out in full is fine.
		_, err := redisindex.New(client, prefix, ix.Config())
		require.NoError(t, err)
		_, err = redisindex.New(client, "", dedup.IndexConfig{})
		require.Error(t, err)
		_, err = redisindex.New(client, prefix+"-bad", dedup.IndexConfig{MinContainment: 2})
		require.ErrorIs(t, err, dedup.ErrInvalidSettings)
	})

	t.Run("retired MinWise family", func(t *testing.T) {
		// An index made before the family minwise-xxh64-mixed recorded
		// the old family's description and ID: it is refused with an
		// error that says to rebuild it.
		p := srv.prefix(t)
		_, err := redisindex.New(client, p, dedup.IndexConfig{})
		require.NoError(t, err)
		key := "{" + p + "}:config"
		cfg, err := client.Get(ctx, key).Result()
		require.NoError(t, err)
		old := strings.NewReplacer(dedup.Settings{}.String(), "sig/1 minwise-xxh64 seeds=6d696e6861736831,6d696e6861736832 k=128 words=4,chars=8,norm=1",
			dedup.Settings{}.ID().String(), "ff3ea6e743fa72aa").Replace(cfg)
		require.NotEqual(t, cfg, old)
		require.NoError(t, client.Set(ctx, key, old, 0).Err())
		_, err = redisindex.New(client, p, dedup.IndexConfig{})
		require.ErrorIs(t, err, dedup.ErrRetiredFamily)
		require.ErrorIs(t, err, dedup.ErrSettingsMismatch)
		require.ErrorContains(t, err, "rebuild")
		t.Log(err)
	})

	t.Run("corrupt config", func(t *testing.T) {
		p := srv.prefix(t)
		require.NoError(t, client.Set(ctx, "{"+p+"}:config", "garbage", 0).Err())
		_, err := redisindex.New(client, p, dedup.IndexConfig{})
		require.ErrorIs(t, err, redisindex.ErrCorrupt)
	})

	t.Run("corrupt signature", func(t *testing.T) {
		p := srv.prefix(t)
		cix, err := redisindex.New(client, p, dedup.IndexConfig{})
		require.NoError(t, err)
		require.NoError(t, cix.Add("good", d.sig))
		key, num, ok, err := redisindex.DocPlace(ctx, cix, "good")
		require.NoError(t, err)
		require.True(t, ok)
		valid, err := client.HGet(ctx, key, num).Result()
		require.NoError(t, err)
		require.Equal(t, "+\x04good", valid[:6])
		for _, garbage := range []string{"", "short", strings.Repeat("\xff", 600), "+\x04good", "+\x04goodgarbage", valid[:len(valid)-1], valid + "x", "?" + valid[1:]} {
			require.NoError(t, client.HSet(ctx, key, num, garbage).Err())
			_, err = cix.Query(d.sig)
			require.ErrorIs(t, err, redisindex.ErrCorrupt)
			require.ErrorContains(t, err, "document "+num)
			_, err = cix.Remove("good")
			require.ErrorIs(t, err, redisindex.ErrCorrupt)
			_, err = cix.Contains(ctx, "good")
			require.ErrorIs(t, err, redisindex.ErrCorrupt)
		}
		t.Log(err)
		// A document missing from its group: an ID pointing nowhere is
		// an error; band bucket members pointing nowhere are skipped.
		require.NoError(t, client.HDel(ctx, key, num).Err())
		_, err = cix.Contains(ctx, "good")
		require.ErrorIs(t, err, redisindex.ErrCorrupt)
		got, err := cix.Query(d.sig)
		require.NoError(t, err)
		require.Empty(t, got)
		// Garbage in the counter is an error too, not a panic.
		require.NoError(t, client.Set(ctx, "{"+p+"}:seq", "x", 0).Err())
		require.Error(t, cix.Add("new", d.sig))
	})

	t.Run("data lost", func(t *testing.T) {
		p := srv.prefix(t)
		lix, err := redisindex.New(client, p, dedup.IndexConfig{})
		require.NoError(t, err)
		require.NoError(t, lix.Add("a", d.sig))
		// Rolled back: the counter is below what lix has seen.
		require.NoError(t, client.Set(ctx, "{"+p+"}:seq", "0", 0).Err())
		require.ErrorIs(t, lix.Add("b", d.sig), redisindex.ErrDataLost)
		// One shard's data gone (its node restarted empty): a query or
		// a Remove that reaches it fails, and so does a new Index.
		markers := redisindex.ShardMarkers(p)
		require.NoError(t, client.Del(ctx, markers...).Err())
		_, err = lix.Query(d.sig)
		require.ErrorIs(t, err, redisindex.ErrDataLost)
		_, err = lix.Remove("a")
		require.ErrorIs(t, err, redisindex.ErrDataLost)
		_, err = lix.Len(ctx)
		require.ErrorIs(t, err, redisindex.ErrDataLost)
		_, err = redisindex.New(client, p, dedup.IndexConfig{})
		require.ErrorIs(t, err, redisindex.ErrDataLost)
		t.Log(err)
		// Everything gone.
		require.NoError(t, client.Del(ctx, "{"+p+"}:config", "{"+p+"}:seq").Err())
		require.ErrorIs(t, lix.Add("b", d.sig), redisindex.ErrDataLost)
		// The layout key alone gone, the shards still there: refused.
		p2 := srv.prefix(t)
		_, err = redisindex.New(client, p2, dedup.IndexConfig{})
		require.NoError(t, err)
		require.NoError(t, client.Del(ctx, "{"+p2+"}:layout").Err())
		_, err = redisindex.New(client, p2, dedup.IndexConfig{})
		require.ErrorIs(t, err, redisindex.ErrDataLost)
		t.Log(err)
	})

	t.Run("closed", func(t *testing.T) {
		cix, err := redisindex.New(client, srv.prefix(t), dedup.IndexConfig{})
		require.NoError(t, err)
		require.NoError(t, cix.Close())
		require.ErrorIs(t, cix.Add("a", d.sig), redisindex.ErrClosed)
		_, err = cix.Query(d.sig)
		require.ErrorIs(t, err, redisindex.ErrClosed)
		_, err = cix.Remove("a")
		require.ErrorIs(t, err, redisindex.ErrClosed)
	})
}

func TestConcurrentAdds(t *testing.T) {
	srv := startServer(t)
	stories, copies := reutersDocs(t, 400)
	docs := append(stories, copies...)
	rix, mix := bothIndexes(t, srv, dedup.IndexConfig{})
	// Two Index values on one prefix, four goroutines each; every
	// document is added twice at once, by goroutines of both: both
	// succeed (an Add of the same ID and signature is idempotent), and
	// the index holds it once.
	other, err := redisindex.New(srv.client(t), rix.Prefix(), dedup.IndexConfig{})
	require.NoError(t, err)
	var wg sync.WaitGroup
	var mu sync.Mutex
	added, dups := 0, 0
	for g := range 8 {
		ix := rix
		if g%2 == 1 {
			ix = other
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := g / 2; i < len(docs); i += 4 {
				err := ix.Add(docs[i].id, docs[i].sig)
				mu.Lock()
				switch {
				case err == nil:
					added++
				case errors.Is(err, dedup.ErrDuplicateID):
					dups++
				default:
					t.Error(err)
				}
				mu.Unlock()
				// Query as we go: must never fail or see half an Add.
				if _, err := ix.Query(docs[i].sig); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	require.Equal(t, 2*len(docs), added)
	require.Zero(t, dups)
	for _, d := range docs {
		require.NoError(t, mix.Add(d.id, d.sig))
	}
	n, err := rix.Len(context.Background())
	require.NoError(t, err)
	require.Equal(t, len(docs), n)
	// The insertion order differs from mix's, which only changes which of
	// two tied sources of a stitched copy is taken: compare without
	// partial matches.
	for _, d := range docs {
		want, err := mix.Query(d.sig)
		require.NoError(t, err)
		got, err := rix.Query(d.sig)
		require.NoError(t, err)
		assert.Equal(t, full(want), full(got), "query %s", d.id)
	}
}

// full returns the matches that are not partial.
func full(ms []dedup.Match) []dedup.Match {
	return slices.DeleteFunc(slices.Clone(ms), func(m dedup.Match) bool { return m.Partial })
}

// TestQueryExcept queries stitched copies after adding them, leaving
// themselves out: the matches are those of a query before the Add.
func TestQueryExcept(t *testing.T) {
	srv := startServer(t)
	stories, copies := reutersDocs(t, 300)
	rix, mix := bothIndexes(t, srv, dedup.IndexConfig{})
	for _, d := range stories {
		require.NoError(t, rix.Add(d.id, d.sig))
		require.NoError(t, mix.Add(d.id, d.sig))
	}
	partial, lost := 0, 0
	for _, c := range copies {
		want, err := mix.Query(c.sig)
		require.NoError(t, err)
		require.NoError(t, rix.Add(c.id, c.sig))
		got, err := rix.AppendQueryExcept(nil, c.sig, c.id)
		require.NoError(t, err)
		require.Equal(t, want, got, "query %s", c.id)
		with, err := rix.Query(c.sig)
		require.NoError(t, err)
		for _, m := range want {
			if m.Partial {
				partial++
			}
		}
		lost += len(want) - (len(with) - 1)
		_, err = rix.Remove(c.id)
		require.NoError(t, err)
	}
	t.Logf("%d copies: %d partial sources, of which a plain query after the Add misses %d", len(copies), partial, lost)
	require.Positive(t, partial)
}

// TestConcurrentFirstOpen: workers opening the same new prefix at once
// all succeed. One may read the layout as missing while another is
// writing it and its shard markers: those markers are not lost data.
func TestConcurrentFirstOpen(t *testing.T) {
	srv := startServer(t)
	for range 20 {
		prefix := srv.prefix(t)
		var wg sync.WaitGroup
		errs := make([]error, 8)
		for w := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errs[w] = redisindex.New(srv.client(t), prefix, dedup.IndexConfig{})
			}()
		}
		wg.Wait()
		for w, err := range errs {
			require.NoError(t, err, "worker %d on a new prefix", w)
		}
	}
}
