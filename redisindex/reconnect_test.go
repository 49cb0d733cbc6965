package redisindex_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/reprintlab/reprint/dedup"
	"github.com/reprintlab/reprint/provenance"
	"github.com/reprintlab/reprint/redisindex"
)

// persistent are the arguments of a server that loses nothing that it
// acknowledged.
var persistent = []string{"--appendonly", "yes", "--appendfsync", "always"}

// TestServerKilled kills the server while a writer adds documents and
// appends records, restarts it on the same port with its append-only
// file, and checks that the same Index and Store work again and that
// everything acknowledged is there.
func TestServerKilled(t *testing.T) {
	srv := startServer(t, persistent...)
	client := srv.client(t)
	prefix := srv.prefix(t)
	ix, err := redisindex.New(client, prefix, dedup.IndexConfig{}, redisindex.WithTimeout(5*time.Second))
	require.NoError(t, err)
	st, err := redisindex.NewStore(client, prefix, redisindex.WithTimeout(5*time.Second))
	require.NoError(t, err)
	stories, copies := reutersDocs(t, 150)
	docs := append(stories, copies...)
	recs := records(t, len(docs))

	// A writer adds document i and appends record i, and remembers what
	// was acknowledged. The server is killed once 60 documents are in,
	// while the writer goes on; once the writer has seen 20 failed adds it
	// waits until the server is back.
	require.Greater(t, len(docs), 130)
	var (
		addOK, appOK = map[string]bool{}, map[string]bool{}
		addErrs      int
		qErrs        int
		killed       = make(chan struct{}) // closed by the writer: kill now
		down         = make(chan struct{}) // closed once killed
		errored      = make(chan struct{}) // closed by the writer after 20 failed adds
		restarted    = make(chan struct{}) // closed once restarted
	)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer func() {
			if addErrs < 20 {
				close(errored) // the main goroutine then fails the test
			}
		}()
		for i, d := range docs {
			switch i {
			case 60:
				close(killed)
			case 90:
				<-down // make sure the kill has happened by now
			}
			err := ix.Add(d.id, d.sig)
			aerr := st.Append(recs[i])
			_, qerr := ix.Query(d.sig)
			if i < 60 && (err != nil || aerr != nil || qerr != nil) {
				t.Errorf("before the kill: %v, %v, %v", err, aerr, qerr)
				return
			}
			if err == nil {
				addOK[d.id] = true
			} else if addErrs++; errors.Is(err, dedup.ErrDuplicateID) || errors.Is(err, redisindex.ErrDataLost) {
				t.Errorf("add %s: %v", d.id, err)
			}
			if aerr == nil {
				appOK[recs[i].Article.ID] = true
			}
			if qerr != nil {
				qErrs++
			}
			if addErrs == 20 {
				close(errored)
				<-restarted
			}
		}
	}()
	<-killed
	srv.kill()
	close(down)
	<-errored
	require.GreaterOrEqual(t, addErrs, 20, "adds did not fail with the server down")
	// Calls fail while the server is down: errors, not panics or hangs.
	_, err = ix.Len(context.Background())
	require.Error(t, err)
	t.Logf("while down: %v", err)
	require.Error(t, st.Commit())
	for _, err := range st.Records(0) {
		require.Error(t, err)
	}
	srv.restart()
	close(restarted)
	wg.Wait()
	if t.Failed() {
		return
	}

	// Same objects, after reconnecting: everything acknowledged is there.
	ctx := context.Background()
	require.NoError(t, st.Commit())
	for id := range addOK {
		ok, err := ix.Contains(ctx, id)
		require.NoError(t, err)
		require.True(t, ok, "acknowledged add %s lost", id)
	}
	n, err := ix.Len(ctx)
	require.NoError(t, err)
	require.GreaterOrEqual(t, n, len(addOK))
	require.Less(t, len(addOK), len(docs), "no add failed")
	stored := map[string]bool{}
	for r, err := range st.Records(0) {
		require.NoError(t, err)
		stored[r.Article.ID] = true
	}
	for id := range appOK {
		require.True(t, stored[id], "acknowledged record %s lost", id)
	}
	t.Logf("%d of %d adds and %d of %d appends acknowledged, %d queries failed; %d indexed, %d records stored",
		len(addOK), len(docs), len(appOK), len(recs), qErrs, n, len(stored))
	// The failed adds can be made again (or were applied before the
	// connection broke: then ErrDuplicateID).
	for _, d := range docs {
		if !addOK[d.id] {
			if err := ix.Add(d.id, d.sig); err != nil && !errors.Is(err, dedup.ErrDuplicateID) {
				t.Fatal(err)
			}
		}
	}
	n, err = ix.Len(ctx)
	require.NoError(t, err)
	require.Equal(t, len(docs), n)
	// Another kill and restart, now idle: nothing lost.
	srv.kill()
	srv.restart()
	n, err = ix.Len(ctx)
	require.NoError(t, err)
	require.Equal(t, len(docs), n)
}

// TestServerLostData restarts the server without its data: the Index and
// Store say so instead of carrying on empty.
func TestServerLostData(t *testing.T) {
	srv := startServer(t, persistent...)
	client := srv.client(t)
	prefix := srv.prefix(t)
	ix, err := redisindex.New(client, prefix, dedup.IndexConfig{})
	require.NoError(t, err)
	st, err := redisindex.NewStore(client, prefix)
	require.NoError(t, err)
	signer := newSigner(t)
	d, _ := sign(t, signer, "a", seeds(t)["001_7cb3ead0d8dc3d74"])
	require.NoError(t, ix.Add("a", d.sig))
	require.NoError(t, st.Append(&provenance.Record{Article: provenance.Article{ID: "a"}}))

	srv.kill()
	entries, err := os.ReadDir(srv.dir)
	require.NoError(t, err)
	for _, e := range entries {
		require.NoError(t, os.RemoveAll(filepath.Join(srv.dir, e.Name())))
	}
	srv.restart()
	_, err = ix.Query(d.sig)
	require.ErrorIs(t, err, redisindex.ErrDataLost)
	require.ErrorIs(t, ix.Add("b", d.sig), redisindex.ErrDataLost)
	require.ErrorIs(t, st.Append(&provenance.Record{Article: provenance.Article{ID: "b"}}), redisindex.ErrDataLost)
	t.Log(err)
	// A new Index starts again from what is left: nothing.
	ix2, err := redisindex.New(client, prefix, dedup.IndexConfig{})
	require.NoError(t, err)
	n, err := ix2.Len(context.Background())
	require.NoError(t, err)
	require.Zero(t, n)
}
