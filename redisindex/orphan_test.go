package redisindex_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/reprintlab/reprint/dedup"
	"github.com/reprintlab/reprint/provenance"
	"github.com/reprintlab/reprint/redisindex"
)

// TestOrphanAdopted leaves articles indexed without a record, as a
// tracker that died between its two writes does, signed from a slightly
// different text (as a tracker that had learned other boilerplate signs
// it). Orphans lists them; adding the article again through another
// tracker adopts the entry and stores the record, while an entry of
// another text under the same ID is a duplicate.
func TestOrphanAdopted(t *testing.T) {
	srv := startServer(t)
	client := srv.client(t)
	prefix := srv.prefix(t)
	ctx := context.Background()
	ix, err := redisindex.New(client, prefix, dedup.IndexConfig{})
	require.NoError(t, err)
	st, err := redisindex.NewStore(client, prefix)
	require.NoError(t, err)
	signer := newSigner(t)
	texts := seeds(t)
	x := provenance.Article{ID: "x", Text: texts["001_7cb3ead0d8dc3d74"]}
	y := provenance.Article{ID: "y", Text: texts["002_8116756d16084da1"]}
	// x's entry: its text with a footer the dead tracker did not leave out.
	footer := "\nShare this story. Follow us for more news every day of the week, wherever you are."
	dx, _ := sign(t, signer, "x", x.Text+footer)
	require.NoError(t, ix.Add("x", dx.sig))
	// y's entry: another article's text.
	dother, _ := sign(t, signer, "y", texts["004_c866b469c61a0d9e"])
	require.NoError(t, ix.Add("y", dother.sig))

	orphans, err := ix.Orphans(ctx, st)
	require.NoError(t, err)
	require.ElementsMatch(t, []string{"x", "y"}, orphans)

	tr, err := provenance.Open(provenance.Config{Indexer: ix}, st)
	require.NoError(t, err)
	v, err := tr.Add(x)
	require.NoError(t, err, "adopting x's orphan entry")
	require.Equal(t, "x", v.ID)
	_, err = tr.Add(y)
	require.ErrorIs(t, err, provenance.ErrDuplicateID)
	require.ErrorContains(t, err, "another text")
	t.Log(err)

	orphans, err = ix.Orphans(ctx, st)
	require.NoError(t, err)
	require.Equal(t, []string{"y"}, orphans)
	n, err := ix.Len(ctx)
	require.NoError(t, err)
	require.Equal(t, 2, n)
	require.Equal(t, map[string]int{"x": 1}, recordCounts(t, st))
	// A verbatim copy finds x.
	v, err = tr.Add(provenance.Article{ID: "x-copy", Text: x.Text})
	require.NoError(t, err)
	require.NotEmpty(t, v.Sources)
	require.Equal(t, "x", v.Sources[0].Source)
	// y's entry, whose article is gone for good, is removed by hand.
	removed, err := ix.Remove("y")
	require.NoError(t, err)
	require.True(t, removed)
	_, err = tr.Add(y)
	require.NoError(t, err)
}

// TestStoreUpgrade opens a store written before the hash of positions by
// article ID (marker "reprint-record/1"): NewStore upgrades it, keeping
// the first record of an ID written twice and skipping a record that does
// not decode; appends are then idempotent for the old records too.
func TestStoreUpgrade(t *testing.T) {
	srv := startServer(t)
	client := srv.client(t)
	prefix := srv.prefix(t)
	ctx := context.Background()
	recs := records(t, 600) // more than two pages
	log := "{" + prefix + "}:log"
	for i, r := range recs {
		b, err := r.MarshalBinary()
		require.NoError(t, err)
		if i == 300 {
			b = []byte("garbage")
		}
		require.NoError(t, client.RPush(ctx, log, b).Err())
	}
	again := *recs[5] // a second record of art-0005, as trackers of old could write
	again.Article.Source = "again"
	b, err := again.MarshalBinary()
	require.NoError(t, err)
	require.NoError(t, client.RPush(ctx, log, b).Err())
	require.NoError(t, client.Set(ctx, "{"+prefix+"}:log:format", "reprint-record/1", 0).Err())

	st, err := redisindex.NewStore(client, prefix)
	require.NoError(t, err)
	marker, err := client.Get(ctx, "{"+prefix+"}:log:format").Result()
	require.NoError(t, err)
	require.Equal(t, "reprint-record/2", marker)
	ids, err := client.HLen(ctx, "{"+prefix+"}:log:ids").Result()
	require.NoError(t, err)
	require.EqualValues(t, 599, ids)
	pos, err := st.AppendContext(ctx, recs[5])
	require.NoError(t, err)
	require.Equal(t, 5, pos)
	pos, err = st.AppendContext(ctx, recs[599])
	require.NoError(t, err)
	require.Equal(t, 599, pos)
	_, err = st.AppendContext(ctx, &again)
	require.ErrorIs(t, err, provenance.ErrDuplicateID)
	n, err := st.Len(ctx)
	require.NoError(t, err)
	require.Equal(t, 601, n)
	// Opening it again changes nothing.
	_, err = redisindex.NewStore(client, prefix)
	require.NoError(t, err)

	// A marker of another format is refused.
	p2 := srv.prefix(t)
	require.NoError(t, client.Set(ctx, "{"+p2+"}:log:format", "reprint-record/9", 0).Err())
	_, err = redisindex.NewStore(client, p2)
	require.ErrorIs(t, err, redisindex.ErrCorrupt)
	require.True(t, strings.Contains(err.Error(), "reprint-record/9"), err.Error())
}

// recordCounts returns the number of records of each article ID in st.
func recordCounts(t *testing.T, st *redisindex.Store) map[string]int {
	t.Helper()
	out := make(map[string]int)
	for r, err := range st.Records(0) {
		require.NoError(t, err)
		out[r.Article.ID]++
	}
	return out
}
