package redisindex_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/reprintlab/reprint/dedup"
	"github.com/reprintlab/reprint/provenance"
	"github.com/reprintlab/reprint/redisindex"
)

// records returns n records, every third with a signature and a link.
func records(tb testing.TB, n int) []*provenance.Record {
	signer := newSigner(tb)
	texts := seeds(tb)
	sig, err := signer.Sign(texts["001_7cb3ead0d8dc3d74"])
	require.NoError(tb, err)
	at := time.Date(2024, 11, 6, 9, 30, 0, 0, time.UTC)
	out := make([]*provenance.Record, n)
	for i := range out {
		r := &provenance.Record{Article: provenance.Article{
			ID: fmt.Sprintf("art-%04d", i), Source: "VPost", Published: at.Add(time.Duration(i) * time.Minute),
		}}
		if i%3 == 0 {
			r.Signature = sig
			r.Credited = []string{"Reuters"}
			if i > 0 { // a link to an earlier record, never to itself
				r.Links = []provenance.Link{{ID: "art-0000", Shingles: 42, Scores: dedup.Scores{Jaccard: 0.5, AInB: 0.9, BInA: 0.6, Shared: 40}, Kind: provenance.KindVerbatim, Score: 0.9}}
			}
		}
		out[i] = r
	}
	return out
}

func collect(tb testing.TB, st *redisindex.Store, from int) []*provenance.Record {
	tb.Helper()
	var out []*provenance.Record
	for r, err := range st.Records(from) {
		require.NoError(tb, err)
		out = append(out, r)
	}
	return out
}

func TestStore(t *testing.T) {
	srv := startServer(t)
	client := srv.client(t)
	ctx := context.Background()
	prefix := srv.prefix(t)
	st, err := redisindex.NewStore(client, prefix)
	require.NoError(t, err)
	require.Empty(t, collect(t, st, 0))

	recs := records(t, 600) // more than two pages
	for i, r := range recs {
		pos, err := st.AppendContext(ctx, r)
		require.NoError(t, err)
		require.Equal(t, i, pos)
	}
	require.NoError(t, st.Commit())
	n, err := st.Len(ctx)
	require.NoError(t, err)
	require.Equal(t, len(recs), n)
	for _, from := range []int{0, 1, 255, 256, 257, 599, 600, 700} {
		got := collect(t, st, from)
		if from >= len(recs) {
			require.Empty(t, got)
			continue
		}
		require.Equal(t, recs[from:], got, "from %d", from)
	}
	// Stopping early is fine.
	for range st.Records(0) {
		break
	}

	// Another Store on the prefix sees the same log and appends after it.
	st2, err := redisindex.NewStore(srv.client(t), prefix)
	require.NoError(t, err)
	extra := *recs[1]
	extra.Article.ID = "extra"
	require.NoError(t, st2.Append(&extra))
	require.Len(t, collect(t, st, 0), len(recs)+1)
	// Appending a stored record again (a retry) is a no-op that returns
	// its position; another record of a stored article ID is refused.
	pos, err := st2.AppendContext(ctx, recs[7])
	require.NoError(t, err)
	require.Equal(t, 7, pos)
	other := *recs[7]
	other.Article.Source = "someone else"
	_, err = st2.AppendContext(ctx, &other)
	require.ErrorIs(t, err, provenance.ErrDuplicateID)
	require.ErrorContains(t, err, `"art-0007"`)
	t.Log(err)
	require.Len(t, collect(t, st, 0), len(recs)+1)

	require.NoError(t, st.Close())
	require.NoError(t, st.Close())
	require.ErrorIs(t, st.Append(recs[0]), redisindex.ErrClosed)
	require.ErrorIs(t, st.Commit(), redisindex.ErrClosed)
	for _, err := range st.Records(0) {
		require.ErrorIs(t, err, redisindex.ErrClosed)
	}
}

func TestStoreCorrupt(t *testing.T) {
	srv := startServer(t)
	client := srv.client(t)
	ctx := context.Background()
	recs := records(t, 10)
	good, err := recs[3].MarshalBinary()
	require.NoError(t, err)
	for name, garbage := range map[string]string{
		"zero byte": "\x00",
		"garbage":   "garbage",
		"version":   "\x07" + string(good[1:]),
		"truncated": string(good[:len(good)/2]),
		"trailing":  string(good) + "x",
		"signature": strings.Replace(string(good), "RPSG", "RPSX", 1),
	} {
		t.Run(name, func(t *testing.T) {
			prefix := srv.prefix(t)
			st, err := redisindex.NewStore(client, prefix)
			require.NoError(t, err)
			for _, r := range recs {
				require.NoError(t, st.Append(r))
			}
			key, field := redisindex.RecordPlace(st, 6)
			require.NoError(t, client.HSet(ctx, key, field, garbage).Err())
			var got []*provenance.Record
			var last error
			for r, err := range st.Records(0) {
				if err != nil {
					last = err
					continue
				}
				got = append(got, r)
			}
			require.Len(t, got, 5)
			require.ErrorIs(t, last, provenance.ErrCorruptRecord)
			require.ErrorContains(t, last, "record 5")
			t.Log(last)
		})
	}

	t.Run("marker", func(t *testing.T) {
		prefix := srv.prefix(t)
		require.NoError(t, client.Set(ctx, "{"+prefix+"}:log:format", "something else", 0).Err())
		_, err := redisindex.NewStore(client, prefix)
		require.ErrorIs(t, err, redisindex.ErrCorrupt)
	})

	t.Run("data lost", func(t *testing.T) {
		prefix := srv.prefix(t)
		st, err := redisindex.NewStore(client, prefix)
		require.NoError(t, err)
		for _, r := range recs {
			require.NoError(t, st.Append(r))
		}
		// The counter rolled back: below what st has seen.
		require.NoError(t, client.Set(ctx, "{"+prefix+"}:log:seq", 5, 0).Err())
		require.ErrorIs(t, st.Append(recs[0]), redisindex.ErrDataLost)
		for _, err := range st.Records(0) {
			require.ErrorIs(t, err, redisindex.ErrDataLost)
		}
		// Everything gone.
		require.NoError(t, client.Del(ctx, "{"+prefix+"}:log:seq", "{"+prefix+"}:log:format").Err())
		require.NoError(t, client.Del(ctx, redisindex.ShardMarkers(prefix)...).Err())
		err = st.Append(recs[0])
		require.ErrorIs(t, err, redisindex.ErrDataLost)
		t.Log(err)
	})
}
