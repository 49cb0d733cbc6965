package redisindex_test

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"maps"
	"slices"
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

// TestMigrate writes an index and a log in the layout of the earlier
// version (every key in the hash slot of {p}, one list for the log), as
// that version wrote them: New and NewStore refuse the prefix, naming
// Migrate, and Migrate copies both to a new prefix, where queries find
// what they found and the records come back in order, the first record
// of an ID written twice kept. A second Migrate changes nothing.
func TestMigrate(t *testing.T) {
	srv := startServer(t)
	client := srv.client(t)
	ctx := context.Background()
	old := srv.prefix(t)
	kp := "{" + old + "}:"
	signer := newSigner(t)
	texts := seeds(t)
	cfg, err := dedup.NewIndex(dedup.IndexConfig{})
	require.NoError(t, err)
	stored := map[string]any{"format": "reprint-redisindex/1", "settings": "x"}
	b, err := json.Marshal(stored)
	require.NoError(t, err)
	require.NoError(t, client.Set(ctx, kp+"config", b, 0).Err())
	ids := slices.Sorted(maps.Keys(texts))
	for i, name := range ids {
		d, ok := sign(t, signer, name, texts[name])
		require.True(t, ok)
		sb, err := d.sig.MarshalBinary()
		require.NoError(t, err)
		v := append(binary.AppendUvarint(nil, uint64(len(name))), name...)
		require.NoError(t, client.HSet(ctx, kp+"sig", i+1, append(v, sb...)).Err())
		require.NoError(t, client.HSet(ctx, kp+"id", name, i+1).Err())
	}
	recs := records(t, 300) // more than a page of the old list
	for _, r := range recs {
		rb, err := r.MarshalBinary()
		require.NoError(t, err)
		require.NoError(t, client.RPush(ctx, kp+"log", rb).Err())
	}
	again := *recs[5] // a second record of art-0005, as trackers of old could write
	again.Article.Source = "again"
	rb, err := again.MarshalBinary()
	require.NoError(t, err)
	require.NoError(t, client.RPush(ctx, kp+"log", rb).Err())
	require.NoError(t, client.Set(ctx, kp+"log:format", "reprint-record/2", 0).Err())

	_, err = redisindex.New(client, old, dedup.IndexConfig{})
	require.ErrorIs(t, err, dedup.ErrSettingsMismatch)
	require.ErrorContains(t, err, "Migrate")
	t.Log(err)
	_, err = redisindex.NewStore(client, old)
	require.ErrorIs(t, err, redisindex.ErrCorrupt)
	require.ErrorContains(t, err, "Migrate")

	to := srv.prefix(t)
	for round := range 2 {
		docs, n, err := redisindex.Migrate(ctx, client, old, to, cfg.Config())
		require.NoError(t, err)
		require.Equal(t, len(ids), docs, "round %d", round)
		require.Equal(t, 300, n, "round %d", round)
	}
	ix, err := redisindex.New(client, to, dedup.IndexConfig{})
	require.NoError(t, err)
	n, err := ix.Len(ctx)
	require.NoError(t, err)
	require.Equal(t, len(ids), n)
	for _, name := range ids {
		d, _ := sign(t, signer, name, texts[name])
		got, err := ix.Query(d.sig)
		require.NoError(t, err)
		require.NotEmpty(t, got)
		require.Contains(t, matchIDs(got), name)
	}
	st, err := redisindex.NewStore(client, to)
	require.NoError(t, err)
	i := 0
	for r, err := range st.Records(0) {
		require.NoError(t, err)
		require.Equal(t, recs[i].Article.ID, r.Article.ID)
		require.Equal(t, recs[i].Article.Source, r.Article.Source)
		i++
	}
	require.Equal(t, 300, i)

	// A marker of another format is refused.
	p2 := srv.prefix(t)
	require.NoError(t, client.Set(ctx, "{"+p2+"}:log:format", "reprint-record/9", 0).Err())
	_, err = redisindex.NewStore(client, p2)
	require.ErrorIs(t, err, redisindex.ErrCorrupt)
	require.True(t, strings.Contains(err.Error(), "reprint-record/9"), err.Error())
}

func matchIDs(ms []dedup.Match) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.ID
	}
	return out
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
