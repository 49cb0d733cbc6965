//go:build unix

package redisindex_test

import (
	"context"
	"errors"
	"os"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/require"

	"github.com/reprintlab/reprint/dedup"
	"github.com/reprintlab/reprint/provenance"
	"github.com/reprintlab/reprint/redisindex"
)

// faultTimeout bounds each call of the Index and Store in the fault
// tests: a server stopped (SIGSTOP) for longer makes the call time out,
// in doubt (the server runs the command when it is continued). It is
// far above what a call takes on a loaded machine, so that only the
// stalled calls time out.
const faultTimeout = 2 * time.Second

// pause stops the server (SIGSTOP): it keeps its connections and the
// commands sent meanwhile, and runs them once resumed.
func (s *server) pause() { s.signal(syscall.SIGSTOP) }

// resume continues a paused server (SIGCONT); it does nothing to a
// running one.
func (s *server) resume() { s.signal(syscall.SIGCONT) }

func (s *server) signal(sig syscall.Signal) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cmd == nil {
		return
	}
	if err := s.cmd.Process.Signal(sig); err != nil {
		s.t.Errorf("signalling redis-server: %v", err)
	}
}

// stallingStore is a Store whose Append of one article stalls at its
// last step, the write of the record, for longer than the client's
// timeout: the call times out, and the server, continued when it
// returns, then writes the record.
type stallingStore struct {
	provenance.Store
	srv   *server
	on    string // the article whose next Append stalls
	stall *stallHook
}

func (s *stallingStore) Append(r *provenance.Record) error {
	if r.Article.ID != s.on {
		return s.Store.Append(r)
	}
	s.on = ""
	s.stall.arm(redisindex.LogPutHash)
	defer s.srv.resume()
	return s.Store.Append(r)
}

// stallHook is a go-redis hook that stops the server (SIGSTOP) just
// before the client sends the script of a given hash, once armed.
type stallHook struct {
	srv  *server
	mu   sync.Mutex
	hash string
}

func (h *stallHook) arm(hash string) {
	h.mu.Lock()
	h.hash = hash
	h.mu.Unlock()
}

// check stops the server if cmd is the armed script, and disarms.
func (h *stallHook) check(cmds ...redis.Cmder) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, c := range cmds {
		args := c.Args()
		if h.hash != "" && len(args) > 1 && args[0] == "evalsha" && args[1] == h.hash {
			h.hash = ""
			h.srv.pause()
			return
		}
	}
}

func (h *stallHook) DialHook(next redis.DialHook) redis.DialHook { return next }

func (h *stallHook) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		h.check(cmd)
		return next(ctx, cmd)
	}
}

func (h *stallHook) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error {
		h.check(cmds...)
		return next(ctx, cmds)
	}
}

// stallingIndex is an Index whose query of one article stops the server
// (SIGSTOP); the test continues it.
type stallingIndex struct {
	*redisindex.Index
	srv *server
	on  string // the article whose next query stops the server
}

func (ix *stallingIndex) AppendQueryExcept(dst []dedup.Match, sig *dedup.Signature, except string) ([]dedup.Match, error) {
	if except == ix.on {
		ix.on = ""
		ix.srv.pause()
	}
	return ix.Index.AppendQueryExcept(dst, sig, except)
}

// sharedOn returns an Index and a Store on a prefix of srv, with calls
// bounded by faultTimeout.
func sharedOn(t *testing.T, srv *server, prefix string) (*redisindex.Index, *redisindex.Store) {
	ix, st, _ := stallableOn(t, srv, prefix)
	return ix, st
}

// stallableOn is sharedOn with the stallHook of the client.
func stallableOn(t *testing.T, srv *server, prefix string) (*redisindex.Index, *redisindex.Store, *stallHook) {
	t.Helper()
	client := redis.NewClient(&redis.Options{
		Addr:                  srv.addr,
		DialTimeout:           faultTimeout,
		ContextTimeoutEnabled: true, // so that faultTimeout cuts a call short
		MaxRetries:            -1,
		DialerRetries:         1,
		DialerRetryTimeout:    10 * time.Millisecond,
	})
	t.Cleanup(func() { client.Close() })
	hook := &stallHook{srv: srv}
	client.AddHook(hook)
	ix, err := redisindex.New(client, prefix, dedup.IndexConfig{}, redisindex.WithTimeout(faultTimeout))
	require.NoError(t, err)
	st, err := redisindex.NewStore(client, prefix, redisindex.WithTimeout(faultTimeout))
	require.NoError(t, err)
	return ix, st, hook
}

// requireConverged checks that id has one record and one index entry,
// and that no indexed article lacks its record.
func requireConverged(t *testing.T, ix *redisindex.Index, st *redisindex.Store, id string) {
	t.Helper()
	ctx := context.Background()
	require.Equal(t, 1, recordCounts(t, st)[id], "records of %s", id)
	ok, err := ix.Contains(ctx, id)
	require.NoError(t, err)
	require.True(t, ok, "%s is not indexed", id)
	orphans, err := ix.Orphans(ctx, st)
	require.NoError(t, err)
	require.Empty(t, orphans, "indexed without a record")
}

// TestStallDuringAppend stops the server for longer than the client's
// timeout while a tracker appends an article's record: the Append times
// out although the record lands once the server goes on. The tracker
// must keep the article in the index, say the outcome is unknown, and
// settle on a retry: one record, one index entry, and a later verbatim
// copy finds the article.
func TestStallDuringAppend(t *testing.T) {
	srv := startServer(t, "--save", "") // a server of its own, to stop
	prefix := srv.prefix(t)
	defer srv.resume()
	ix, st, hook := stallableOn(t, srv, prefix)
	stall := &stallingStore{Store: st, srv: srv, stall: hook}
	tr, err := provenance.Open(provenance.Config{Indexer: ix}, stall)
	require.NoError(t, err)
	texts := seeds(t)
	first := provenance.Article{ID: "first", Text: texts["000_468044057261e0d6"]}
	x := provenance.Article{ID: "x", Text: texts["001_7cb3ead0d8dc3d74"]}
	_, err = tr.Add(first)
	require.NoError(t, err)

	stall.on = x.ID
	_, errAdd := tr.Add(x)
	require.Error(t, errAdd, "the Append ran with the server stopped")
	t.Log(errAdd)
	require.NoError(t, ping(srv.addr, 5*time.Second))
	require.Equal(t, 1, recordCounts(t, st)[x.ID], "the stalled Append should have landed once the server went on")
	ok, err := ix.Contains(context.Background(), x.ID)
	require.NoError(t, err)
	require.True(t, ok, "the tracker took %s out of the index although its record landed", x.ID)
	require.ErrorIs(t, errAdd, provenance.ErrOutcomeUnknown)

	// The retry settles it, with the first try's record.
	v, err := tr.Add(x)
	require.NoError(t, err, "retrying the Add")
	require.Equal(t, x.ID, v.ID)
	requireConverged(t, ix, st, x.ID)
	v, err = tr.Add(provenance.Article{ID: "x-copy", Text: x.Text})
	require.NoError(t, err)
	require.NotEmpty(t, v.Sources, "a verbatim copy of %s found no source", x.ID)
	require.Equal(t, x.ID, v.Sources[0].Source)
	// Adding it once more is a duplicate, as for any article.
	_, err = tr.Add(x)
	require.ErrorIs(t, err, provenance.ErrDuplicateID)

	// A tracker opened afterwards sees it once.
	ix2, st2 := sharedOn(t, srv, prefix)
	tr2, err := provenance.Open(provenance.Config{Indexer: ix2}, st2)
	require.NoError(t, err)
	require.Equal(t, 3, tr2.Len())
	require.Equal(t, x.ID, tr2.Sources("x-copy")[0].Source)
}

// TestStallAlone stalls the server at each step of an index Add and of a
// record Append made directly (taking a number, claiming the ID, writing
// the band buckets or the record): each call times out, the step lands
// once the server goes on, and a retry settles it: the document is
// indexed once, in every one of its band buckets, and the record stored
// once.
func TestStallAlone(t *testing.T) {
	srv := startServer(t, "--save", "")
	defer srv.resume()
	ctx := context.Background()
	signer := newSigner(t)
	texts := seeds(t)
	first, _ := sign(t, signer, "first", texts["000_468044057261e0d6"])
	d, _ := sign(t, signer, "a", texts["001_7cb3ead0d8dc3d74"])
	recs := records(t, 2)
	for _, step := range []struct {
		name, hash string
		append     bool
	}{
		{"index number", redisindex.SeqHash, false},
		{"index claim", redisindex.ClaimHash, false},
		{"index buckets", redisindex.BucketAddHash, false},
		{"record number", redisindex.LogSeqHash, true},
		{"record claim", redisindex.LogClaimHash, true},
		{"record write", redisindex.LogPutHash, true},
	} {
		t.Run(step.name, func(t *testing.T) {
			ix, st, hook := stallableOn(t, srv, srv.prefix(t))
			// The scripts are loaded once used: a stalled EVALSHA of a
			// script the server does not know yet would fail on it.
			require.NoError(t, ix.Add(first.id, first.sig))
			require.NoError(t, st.Append(recs[0]))
			_, err := ix.Query(first.sig)
			require.NoError(t, err)

			// One call at a time, on connections open already: a new
			// one would wait for the server's greeting, and the command
			// would never be sent.
			hook.arm(step.hash)
			var errCall error
			if step.append {
				errCall = st.Append(recs[1])
			} else {
				errCall = ix.Add(d.id, d.sig)
			}
			srv.resume()
			require.Error(t, errCall)
			require.ErrorIs(t, errCall, os.ErrDeadlineExceeded)
			require.NoError(t, ping(srv.addr, 5*time.Second))

			require.NoError(t, ix.Add(d.id, d.sig), "retrying the Add")
			require.NoError(t, st.Append(recs[1]), "retrying the Append")
			n, err := ix.Len(ctx)
			require.NoError(t, err)
			require.Equal(t, 2, n)
			holding, of, err := redisindex.BucketsHolding(ctx, ix, d.id)
			require.NoError(t, err)
			require.Equal(t, of, holding, "band buckets holding the document")
			require.Equal(t, map[string]int{recs[0].Article.ID: 1, recs[1].Article.ID: 1}, recordCounts(t, st))
			n, err = st.Len(ctx)
			require.NoError(t, err)
			require.Equal(t, 2, n)
		})
	}
}

// TestHalfDoneAdd leaves an Add as its process would if it died while
// writing the band buckets (some of them written): an Add of the same
// signature completes it, and so does one of another signature (as a
// tracker that learned other boilerplate makes), which is refused as a
// duplicate and whose tracker then adopts the entry.
func TestHalfDoneAdd(t *testing.T) {
	srv := startServer(t)
	ctx := context.Background()
	ix, err := redisindex.New(srv.client(t), srv.prefix(t), dedup.IndexConfig{})
	require.NoError(t, err)
	signer := newSigner(t)
	texts := seeds(t)
	d, _ := sign(t, signer, "a", texts["001_7cb3ead0d8dc3d74"])
	other, _ := sign(t, signer, "a", texts["002_8116756d16084da1"])
	require.NoError(t, ix.Add(d.id, d.sig))
	for _, retry := range []*dedup.Signature{other.sig, d.sig} {
		dropped, err := redisindex.DropBuckets(ctx, ix, d.id, 2)
		require.NoError(t, err)
		holding, of, err := redisindex.BucketsHolding(ctx, ix, d.id)
		require.NoError(t, err)
		require.Equal(t, of-dropped, holding)
		require.NotZero(t, dropped)
		err = ix.Add(d.id, retry)
		if retry == other.sig {
			require.ErrorIs(t, err, dedup.ErrDuplicateID)
		} else {
			require.NoError(t, err)
		}
		holding, of, err = redisindex.BucketsHolding(ctx, ix, d.id)
		require.NoError(t, err)
		require.Equal(t, of, holding, "band buckets holding the document after an Add")
	}
}

// TestStallDuringQuery stops the server while a tracker queries the index
// for an article it has just indexed, until its Add returns: the index
// entry stays without a record. The tracker must say the outcome is
// unknown, Orphans must list the article, and a retry must settle it.
func TestStallDuringQuery(t *testing.T) {
	srv := startServer(t, "--save", "")
	prefix := srv.prefix(t)
	defer srv.resume()
	ix, st := sharedOn(t, srv, prefix)
	stall := &stallingIndex{Index: ix, srv: srv}
	tr, err := provenance.Open(provenance.Config{Indexer: stall}, st)
	require.NoError(t, err)
	texts := seeds(t)
	x := provenance.Article{ID: "x", Text: texts["001_7cb3ead0d8dc3d74"]}
	_, err = tr.Add(provenance.Article{ID: "first", Text: texts["000_468044057261e0d6"]})
	require.NoError(t, err)

	stall.on = x.ID
	_, errAdd := tr.Add(x)
	srv.resume()
	require.Error(t, errAdd, "the query ran with the server stopped")
	t.Log(errAdd)
	require.NoError(t, ping(srv.addr, 5*time.Second))
	require.Zero(t, recordCounts(t, st)[x.ID])

	// The retry settles it.
	v, err := tr.Add(x)
	require.NoError(t, err, "retrying the Add")
	require.Equal(t, x.ID, v.ID)
	require.ErrorIs(t, errAdd, provenance.ErrOutcomeUnknown)
	requireConverged(t, ix, st, x.ID)
	v, err = tr.Add(provenance.Article{ID: "x-copy", Text: x.Text})
	require.NoError(t, err)
	require.NotEmpty(t, v.Sources, "a verbatim copy of %s found no source", x.ID)
	require.Equal(t, x.ID, v.Sources[0].Source)
}

// killingStore is a Store that kills the server (kill -9) just before
// its n-th Append, once.
type killingStore struct {
	provenance.Store
	srv    *server
	n      int
	killed chan struct{} // closed once killed
}

func (s *killingStore) Append(r *provenance.Record) error {
	if s.n--; s.n == 0 {
		s.srv.kill()
		close(s.killed)
	}
	return s.Store.Append(r)
}

// TestKilledDuringTwoWorkers has two trackers, each on a client of its
// own, add interleaved halves of a syndicated corpus to a server with
// appendfsync always, and kills the server (kill -9) just before one of
// them appends a record, while the other goes on; the server restarts
// from its append-only file. Each worker retries what failed until it
// succeeds. Every article must end up with one record and one index
// entry, nothing indexed without a record, and the stories those of one
// tracker that added everything.
func TestKilledDuringTwoWorkers(t *testing.T) {
	srv := startServer(t, persistent...)
	prefix := srv.prefix(t)
	n := 40
	if raceEnabled {
		n = 24
	}
	articles := syndication(t, n)
	const workers = 2
	killed := make(chan struct{})
	var (
		mu      sync.Mutex
		acked   = map[string]bool{}  // the first Add succeeded
		errored = map[string]error{} // the first Add failed with this
		failed  atomic.Int32         // failed Adds, retries included
	)
	var wg sync.WaitGroup
	for w := range workers {
		ix, st := sharedOn(t, srv, prefix)
		var store provenance.Store = st
		if w == 0 {
			store = &killingStore{Store: st, srv: srv, n: 6, killed: killed}
		}
		tr, err := provenance.Open(provenance.Config{Indexer: ix}, store)
		require.NoError(t, err)
		wg.Add(1)
		go func() {
			defer wg.Done()
			deadline := time.Now().Add(time.Minute)
			for i := w; i < len(articles); i += workers {
				a := articles[i]
				for try := 0; ; try++ {
					_, err := tr.Add(a)
					if try == 0 {
						mu.Lock()
						if err == nil {
							acked[a.ID] = true
						} else {
							errored[a.ID] = err
						}
						mu.Unlock()
					}
					if err == nil {
						break
					}
					failed.Add(1)
					if errors.Is(err, provenance.ErrDuplicateID) || errors.Is(err, redisindex.ErrDataLost) ||
						try == 500 || time.Now().After(deadline) {
						t.Errorf("worker %d: article %s, try %d: %v", w, a.ID, try, err)
						return
					}
					time.Sleep(20 * time.Millisecond)
				}
			}
		}()
	}
	// Restart the server once both workers have failed (or after 2 s).
	<-killed
	for wait := time.Now().Add(2 * time.Second); failed.Load() < 2 && time.Now().Before(wait); {
		time.Sleep(10 * time.Millisecond)
	}
	srv.restart()
	wg.Wait()
	if t.Failed() {
		return
	}
	require.NotEmpty(t, errored, "no Add failed")
	t.Logf("%d articles: %d acknowledged at once, %d failed first (%d failures in all)",
		len(articles), len(acked), len(errored), failed.Load())
	for id, err := range errored {
		t.Logf("%s: %v", id, err)
		break
	}

	// Read everything back: one record per article, each fingerprinted
	// one indexed, nothing indexed without a record.
	ix, st := sharedOn(t, srv, prefix)
	counts := recordCounts(t, st)
	fingerprinted := 0
	for r, err := range st.Records(0) {
		require.NoError(t, err)
		if r.Signature != nil {
			fingerprinted++
			ok, err := ix.Contains(context.Background(), r.Article.ID)
			require.NoError(t, err)
			require.True(t, ok, "%s has a record but no index entry", r.Article.ID)
		}
	}
	for _, a := range articles {
		require.Equal(t, 1, counts[a.ID], "records of %s (acknowledged at once: %v)", a.ID, acked[a.ID])
	}
	require.Len(t, counts, len(articles))
	orphans, err := ix.Orphans(context.Background(), st)
	require.NoError(t, err)
	require.Empty(t, orphans, "indexed without a record")
	indexed, err := ix.Len(context.Background())
	require.NoError(t, err)
	require.Equal(t, fingerprinted, indexed)

	// The stories are those of one tracker that added everything.
	tr, err := provenance.Open(provenance.Config{Indexer: ix}, st)
	require.NoError(t, err)
	single, err := provenance.New(provenance.Config{})
	require.NoError(t, err)
	for _, a := range articles {
		_, err := single.Add(a)
		require.NoError(t, err)
	}
	compareStories(t, storySets(tr), storySets(single), "one tracker")
}
