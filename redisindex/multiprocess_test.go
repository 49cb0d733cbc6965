package redisindex_test

import (
	"context"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/require"

	"github.com/reprintlab/reprint/dedup"
	"github.com/reprintlab/reprint/internal/corpus"
	"github.com/reprintlab/reprint/provenance"
	"github.com/reprintlab/reprint/redisindex"
)

// The environment of a helper process of TestMultiProcess.
const (
	envHelper = "REPRINT_REDISINDEX_HELPER" // the server's address
	envPrefix = "REPRINT_REDISINDEX_PREFIX"
	envShard  = "REPRINT_REDISINDEX_SHARD" // "k/n": add articles k, k+n, k+2n, ...
)

// multiStories returns the number of Reuters stories of
// TestMultiProcess: 240 (408 articles with their copies), half under the
// race detector.
func multiStories() int {
	if raceEnabled {
		return 120
	}
	return 240
}

// envStitched, set to 1, adds copies stitched from two stories to the
// articles of TestMultiProcess. Their stories differ (see the report in
// TestMultiProcess's failure) while a tracker on a shared index queries a
// document after adding it with AppendQuery rather than
// Index.AppendQueryExcept.
const envStitched = "REPRINT_MULTIPROCESS_STITCHED"

// syndication returns n Reuters stories and truncated copies of some of
// them, published later under other IDs, in the order a single tracker
// adds them.
func syndication(tb testing.TB, n int) []provenance.Article {
	tb.Helper()
	stitched := os.Getenv(envStitched) == "1"
	rs, err := corpus.Reuters(n, func(s corpus.Story) bool { return len(s.Text) > 400 })
	skipNoCorpus(tb, err)
	var stories, copies []provenance.Article
	for i, s := range rs {
		at, err := time.Parse("2006-01-02T15:04:05", s.Date)
		require.NoError(tb, err, "story %s", s.ID)
		stories = append(stories, provenance.Article{ID: s.ID, Text: s.Text, Source: "Reuters", Published: at})
		cut := func(f float64) int { // a word boundary near f of the text
			j := int(f * float64(len(s.Text)))
			for j < len(s.Text) && s.Text[j] != ' ' {
				j++
			}
			return j
		}
		if i%2 == 0 { // the first 60%
			copies = append(copies, provenance.Article{ID: "head-" + s.ID, Text: s.Text[:cut(0.6)],
				Source: fmt.Sprintf("outlet-%d", i%7), Published: at.Add(2 * time.Hour)})
		}
		if stitched && i%3 == 0 && i+1 < len(rs) { // the second half, then the next story's first
			b := rs[i+1].Text
			copies = append(copies, provenance.Article{ID: "stitch-" + s.ID, Text: s.Text[cut(0.5):] + "\n" + b[:len(b)/2],
				Source: "stitcher", Published: at.Add(4 * time.Hour)})
		}
		if i%5 == 0 { // all but the first 30%
			copies = append(copies, provenance.Article{ID: "tail-" + s.ID, Text: s.Text[cut(0.3):],
				Source: fmt.Sprintf("outlet-%d", i%3), Published: at.Add(3 * time.Hour)})
		}
	}
	return append(stories, copies...)
}

// TestHelperProcess is a worker of TestMultiProcess, run in a process of
// its own: it adds its shard of the articles to a tracker on the shared
// Redis index and store.
func TestHelperProcess(t *testing.T) {
	addr := os.Getenv(envHelper)
	if addr == "" {
		t.Skip("helper process of TestMultiProcess")
	}
	var k, n int
	_, err := fmt.Sscanf(os.Getenv(envShard), "%d/%d", &k, &n)
	require.NoError(t, err)
	client := redis.NewClient(&redis.Options{Addr: addr})
	defer client.Close()
	prefix := os.Getenv(envPrefix)
	ix, err := redisindex.New(client, prefix, dedup.IndexConfig{})
	require.NoError(t, err)
	st, err := redisindex.NewStore(client, prefix)
	require.NoError(t, err)
	tr, err := provenance.Open(provenance.Config{Indexer: ix}, st)
	require.NoError(t, err)
	articles := syndication(t, multiStories())
	// Start together: wait until every helper is ready.
	ctx := context.Background()
	barrier := "{" + prefix + "}:test:ready"
	require.NoError(t, client.Incr(ctx, barrier).Err())
	// A loaded CI machine (other packages' tests on both cores) once
	// took over a minute to start the three: wait up to three.
	for deadline := time.Now().Add(3 * time.Minute); ; time.Sleep(time.Millisecond) {
		ready, err := client.Get(ctx, barrier).Int()
		require.NoError(t, err)
		if ready >= n {
			break
		}
		require.True(t, time.Now().Before(deadline), "only %d of %d helpers ready", ready, n)
	}
	for i := k; i < len(articles); i += n {
		_, err := tr.Add(articles[i])
		require.NoError(t, err, "article %s", articles[i].ID)
	}
	require.NoError(t, tr.Commit())
	require.NoError(t, tr.Close())
}

// TestMultiProcess has three processes add interleaved shards of a
// syndicated corpus at once to one Redis index and store, then checks
// that a fresh tracker on the store tells the same stories as one
// in-memory tracker that added everything.
func TestMultiProcess(t *testing.T) {
	if testing.Short() {
		t.Skip("starts three processes: not with -short")
	}
	srv := startServer(t)
	prefix := srv.prefix(t)
	articles := syndication(t, multiStories())

	const procs = 3
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	var wg sync.WaitGroup
	errs := make([]error, procs)
	outs := make([]strings.Builder, procs)
	start := time.Now()
	for k := range procs {
		cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestHelperProcess$", "-test.count=1")
		cmd.Env = append(os.Environ(),
			envHelper+"="+srv.addr, envPrefix+"="+prefix, envShard+"="+strconv.Itoa(k)+"/"+strconv.Itoa(procs))
		cmd.Stdout, cmd.Stderr = &outs[k], &outs[k]
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[k] = cmd.Run()
		}()
	}
	wg.Wait()
	failed := false
	for k, err := range errs {
		if err != nil {
			failed = true
			t.Errorf("helper process %d: %v\n%s", k, err, outs[k].String())
		}
	}
	if failed {
		t.FailNow()
	}
	t.Logf("%d processes added %d articles in %v", procs, len(articles), time.Since(start).Round(time.Millisecond))

	client := srv.client(t)
	ix, err := redisindex.New(client, prefix, dedup.IndexConfig{})
	require.NoError(t, err)
	st, err := redisindex.NewStore(client, prefix)
	require.NoError(t, err)
	shared, err := provenance.Open(provenance.Config{Indexer: ix}, st)
	require.NoError(t, err)
	defer shared.Close()
	n, err := ix.Len(context.Background())
	require.NoError(t, err)
	require.Equal(t, shared.Len(), len(articles))

	// The processes ran at once: their records alternate in the store.
	shard := make(map[string]int, len(articles))
	byID := make(map[string]provenance.Article, len(articles))
	for i, a := range articles {
		shard[a.ID] = i % procs
		byID[a.ID] = a
	}
	var storeOrder []provenance.Article
	switches, last := 0, -1
	for r, err := range st.Records(0) {
		require.NoError(t, err)
		storeOrder = append(storeOrder, byID[r.Article.ID])
		if k := shard[r.Article.ID]; k != last {
			switches++
			last = k
		}
	}
	require.Len(t, storeOrder, len(articles))
	t.Logf("the store's records switch process %d times", switches-1)
	require.Greater(t, switches, 2*procs, "the processes did not run at once")

	// One in-memory tracker adding everything in the list's order, one
	// in the store's.
	got := storySets(shared)
	for _, order := range []struct {
		name     string
		articles []provenance.Article
	}{{"in list order", articles}, {"in store order", storeOrder}} {
		single, err := provenance.New(provenance.Config{})
		require.NoError(t, err)
		for _, a := range order.articles {
			_, err := single.Add(a)
			require.NoError(t, err)
		}
		require.Equal(t, single.Indexed(), n)
		want := storySets(single)
		multi := 0
		for s := range want {
			if strings.Contains(s, " ") {
				multi++
			}
		}
		t.Logf("one process %s: %d articles (%d indexed), %d stories, %d of them of several articles",
			order.name, len(articles), n, len(want), multi)
		compareStories(t, got, want, "one process "+order.name)
	}
}

// compareStories reports the stories and origins of got (from the shared
// index) that differ from those of want (from one process).
func compareStories(t *testing.T, got, want map[string]string, name string) {
	t.Helper()
	var onlyShared, onlySingle []string
	for s := range got {
		if _, ok := want[s]; !ok {
			onlyShared = append(onlyShared, s)
		}
	}
	for s := range want {
		if _, ok := got[s]; !ok {
			onlySingle = append(onlySingle, s)
		}
	}
	slices.Sort(onlyShared)
	slices.Sort(onlySingle)
	if len(onlyShared) > 0 || len(onlySingle) > 0 {
		t.Errorf("stories differ from %s:\nonly with the shared Redis index (%d):\n  %s\nonly %s (%d):\n  %s",
			name, len(onlyShared), strings.Join(onlyShared, "\n  "), name, len(onlySingle), strings.Join(onlySingle, "\n  "))
	}
	// Origins: the earliest published, so the same unless two articles
	// of a story were published at the same time.
	for _, key := range slices.Sorted(maps.Keys(want)) {
		if o, ok := got[key]; ok && o != want[key] {
			t.Errorf("story {%s}: origin %s with the shared index, %s %s", key, o, want[key], name)
		}
	}
}

// storySets returns a tracker's stories: their sorted article IDs, joined
// by spaces, to their origins.
func storySets(tr *provenance.Tracker) map[string]string {
	out := make(map[string]string)
	for s := range tr.Stories() {
		ids := slices.Clone(s.Articles)
		slices.Sort(ids)
		out[strings.Join(ids, " ")] = s.Origin
	}
	return out
}
