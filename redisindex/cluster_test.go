//go:build unix

package redisindex_test

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/require"

	"github.com/reprintlab/reprint/dedup"
	"github.com/reprintlab/reprint/internal/testenv"
	"github.com/reprintlab/reprint/provenance"
	"github.com/reprintlab/reprint/redisindex"
)

// cluster is a Redis Cluster of redis-server processes on loopback
// ports, made by redis-cli --cluster create, killed at cleanup.
type cluster struct {
	t     testing.TB
	nodes []*server // masters first, then replicas
}

// startCluster starts masters×(1+replicas) redis-server processes in
// cluster mode, with appendfsync always, and joins them into a cluster
// (redis-cli --cluster create). Without redis-server or redis-cli the
// test is skipped.
func startCluster(t testing.TB, masters, replicas int) *cluster {
	t.Helper()
	if _, err := exec.LookPath("redis-cli"); err != nil {
		t.Skipf("redis-cli not found (%v): the cluster tests need redis-tools (apt-get install redis-tools) besides redis-server", err)
	}
	c := &cluster{t: t}
	var addrs []string
	for range masters * (1 + replicas) {
		n := startServer(t, "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
			"--cluster-node-timeout", "1500", "--appendonly", "yes", "--appendfsync", "always")
		if !n.own() {
			t.Skip("the cluster tests need servers of their own")
		}
		c.nodes = append(c.nodes, n)
		addrs = append(addrs, n.addr)
	}
	args := append([]string{"--cluster", "create"}, addrs...)
	args = append(args, "--cluster-replicas", strconv.Itoa(replicas), "--cluster-yes")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "redis-cli", args...).CombinedOutput()
	require.NoError(t, err, "redis-cli --cluster create: %s", out)
	c.waitOK()
	if replicas > 0 {
		c.waitReplicas()
	}
	return c
}

// waitReplicas waits (at most 30 s) until every replica has synced with
// its master: one that has not cannot take over.
func (c *cluster) waitReplicas() {
	c.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for _, n := range c.nodes {
		for {
			info, err := c.node(n).Info(context.Background(), "replication").Result()
			if err == nil && (strings.Contains(info, "role:master") || strings.Contains(info, "master_link_status:up")) {
				break
			}
			if time.Now().After(deadline) {
				c.t.Fatalf("replica %s has not synced with its master after 30 s: %v %q", n.addr, err, info)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
}

// waitOK waits (at most 30 s) until every running node says the
// cluster is ok and agrees on who serves every slot.
func (c *cluster) waitOK() {
	c.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		bad := ""
		for _, n := range c.nodes {
			if n.cmd == nil {
				continue
			}
			info, err := c.node(n).ClusterInfo(context.Background()).Result()
			if err != nil || !strings.Contains(info, "cluster_state:ok") || !strings.Contains(info, "cluster_slots_ok:16384") {
				bad = fmt.Sprintf("%s: %v %q", n.addr, err, firstLine(info))
				break
			}
		}
		if bad == "" {
			return
		}
		if time.Now().After(deadline) {
			c.t.Fatalf("the cluster is not ok after 30 s: %s", bad)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return strings.TrimSpace(l)
}

// node returns a client of one node alone, closed at cleanup.
func (c *cluster) node(n *server) *redis.Client {
	cl := redis.NewClient(&redis.Options{Addr: n.addr, MaxRetries: -1, DialTimeout: time.Second})
	c.t.Cleanup(func() { cl.Close() })
	return cl
}

// client returns a cluster client that gives up quickly on a node that is
// gone, closed at cleanup.
func (c *cluster) client() *redis.ClusterClient {
	addrs := make([]string, len(c.nodes))
	for i, n := range c.nodes {
		addrs[i] = n.addr
	}
	cl := redis.NewClusterClient(&redis.ClusterOptions{
		Addrs:                 addrs,
		DialTimeout:           time.Second,
		ReadTimeout:           5 * time.Second,
		WriteTimeout:          5 * time.Second,
		ContextTimeoutEnabled: true,
		MaxRetries:            2,
		DialerRetries:         1,
		DialerRetryTimeout:    10 * time.Millisecond,
	})
	c.t.Cleanup(func() { cl.Close() })
	return cl
}

// masters returns the nodes that serve slots now.
func (c *cluster) masters() []*server {
	var out []*server
	for _, n := range c.nodes {
		if n.cmd == nil {
			continue
		}
		info, err := c.node(n).Info(context.Background(), "replication").Result()
		if err == nil && strings.Contains(info, "role:master") {
			out = append(out, n)
		}
	}
	return out
}

// id returns a node's cluster ID.
func (c *cluster) id(n *server) string {
	id, err := c.node(n).Do(context.Background(), "CLUSTER", "MYID").Text()
	require.NoError(c.t, err)
	return id
}

// nodeStats are what one node holds and did.
type nodeStats struct {
	addr     string
	keys     int64
	memory   int64 // used_memory less the empty node's
	commands int64 // calls of EVALSHA and EVAL
	usec     int64 // the server's time in them, µs
}

var (
	usedMemoryRe = regexp.MustCompile(`(?m)^used_memory:(\d+)`)
	evalCallsRe  = regexp.MustCompile(`(?m)^cmdstat_eval(?:sha)?:calls=(\d+),usec=(\d+)`)
)

// stats returns every master's keys, memory and script calls.
func (c *cluster) stats(base map[string]int64) []nodeStats {
	var out []nodeStats
	for _, n := range c.masters() {
		cl := c.node(n)
		ctx := context.Background()
		keys, err := cl.DBSize(ctx).Result()
		require.NoError(c.t, err)
		info, err := cl.Info(ctx, "memory", "commandstats").Result()
		require.NoError(c.t, err)
		s := nodeStats{addr: n.addr, keys: keys}
		if m := usedMemoryRe.FindStringSubmatch(info); m != nil {
			s.memory, _ = strconv.ParseInt(m[1], 10, 64)
			s.memory -= base[n.addr]
		}
		for _, m := range evalCallsRe.FindAllStringSubmatch(info, -1) {
			v, _ := strconv.ParseInt(m[1], 10, 64)
			s.commands += v
			u, _ := strconv.ParseInt(m[2], 10, 64)
			s.usec += u
		}
		out = append(out, s)
	}
	return out
}

// baseMemory returns every node's used_memory now.
func (c *cluster) baseMemory() map[string]int64 {
	out := make(map[string]int64)
	for _, s := range c.stats(nil) {
		out[s.addr] = s.memory
	}
	return out
}

// reshard moves slots slots from one master to another with redis-cli
// --cluster reshard.
func (c *cluster) reshard(from, to *server, slots int) error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, "redis-cli", "--cluster", "reshard", from.addr,
		"--cluster-from", c.id(from), "--cluster-to", c.id(to), "--cluster-slots", strconv.Itoa(slots),
		"--cluster-yes", "--cluster-pipeline", "100").CombinedOutput()
	if err != nil {
		return fmt.Errorf("redis-cli --cluster reshard: %v: %s", err, lastLines(string(out), 5))
	}
	return nil
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

// TestClusterMatchesInMemory adds the seed articles and a syndicated
// corpus to an index and a log on a three-node cluster: queries find
// what an in-memory index finds, records come back in order, and the
// keys are spread evenly over the nodes.
func TestClusterMatchesInMemory(t *testing.T) {
	c := startCluster(t, 3, 0)
	client := c.client()
	base := c.baseMemory()
	prefix := "reprint-cluster"
	ix, err := redisindex.New(client, prefix, dedup.IndexConfig{Capacity: 10000})
	require.NoError(t, err)
	st, err := redisindex.NewStore(client, prefix)
	require.NoError(t, err)
	tr, err := provenance.Open(provenance.Config{Indexer: ix}, st)
	require.NoError(t, err)
	single, err := provenance.New(provenance.Config{})
	require.NoError(t, err)
	articles := syndication(t, 60)
	for _, a := range articles {
		_, err := tr.Add(a)
		require.NoError(t, err)
		_, err = single.Add(a)
		require.NoError(t, err)
	}
	compareStories(t, storySets(tr), storySets(single), "one in-memory tracker")
	i := 0
	for r, err := range st.Records(0) {
		require.NoError(t, err)
		require.Equal(t, articles[i].ID, r.Article.ID)
		i++
	}
	require.Equal(t, len(articles), i)
	// Another tracker, on another client, replays the same stories.
	ix2, err := redisindex.New(c.client(), prefix, dedup.IndexConfig{})
	require.NoError(t, err)
	st2, err := redisindex.NewStore(c.client(), prefix)
	require.NoError(t, err)
	tr2, err := provenance.Open(provenance.Config{Indexer: ix2}, st2)
	require.NoError(t, err)
	compareStories(t, storySets(tr2), storySets(single), "a second tracker on the cluster")

	stats := c.stats(base)
	require.Len(t, stats, 3)
	var total int64
	for _, s := range stats {
		total += s.keys
		t.Logf("node %s: %d keys, %d B, %d script calls", s.addr, s.keys, s.memory, s.commands)
	}
	for _, s := range stats {
		// The shards' markers alone are a third each; the data too, within
		// what chance gives a few hundred keys.
		require.InDelta(t, float64(total)/3, float64(s.keys), float64(total)/3*0.15, "keys of node %s", s.addr)
	}
}

// workload adds articles through trackers, one per worker, each on a
// client of its own, retrying every failed Add (at most 500 times, for
// at most two minutes). It returns the articles whose first Add
// succeeded, and the number of failed Adds.
func workload(t testing.TB, trackers []*provenance.Tracker, articles []provenance.Article, started chan<- struct{}, adds *atomic.Int64) (acked map[string]bool, failures int) {
	var (
		mu     sync.Mutex
		failed atomic.Int32
		once   sync.Once
		wg     sync.WaitGroup
	)
	acked = make(map[string]bool)
	for w, tr := range trackers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			deadline := time.Now().Add(2 * time.Minute)
			for i := w; i < len(articles); i += len(trackers) {
				if i >= len(articles)/8 && started != nil {
					once.Do(func() { close(started) })
				}
				a := articles[i]
				for try := 0; ; try++ {
					_, err := tr.Add(a)
					if try == 0 && err == nil {
						mu.Lock()
						acked[a.ID] = true
						mu.Unlock()
					}
					if err == nil {
						if adds != nil {
							adds.Add(1)
						}
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
	wg.Wait()
	return acked, int(failed.Load())
}

// requireAllBack reads everything back: one record per article, in an
// order every reader shares, each fingerprinted one indexed in all its
// band buckets, nothing indexed without a record, and the stories those
// of one tracker that added everything.
func requireAllBack(t *testing.T, ix *redisindex.Index, st *redisindex.Store, articles []provenance.Article) {
	t.Helper()
	ctx := context.Background()
	counts := make(map[string]int)
	fingerprinted := 0
	for r, err := range st.Records(0) {
		require.NoError(t, err)
		counts[r.Article.ID]++
		if r.Signature != nil {
			fingerprinted++
			holding, of, err := redisindex.BucketsHolding(ctx, ix, r.Article.ID)
			require.NoError(t, err)
			require.NotZero(t, of, "%s has a record but no index entry", r.Article.ID)
			require.Equal(t, of, holding, "band buckets holding %s", r.Article.ID)
		}
	}
	for _, a := range articles {
		require.Equal(t, 1, counts[a.ID], "records of %s", a.ID)
	}
	require.Len(t, counts, len(articles))
	orphans, err := ix.Orphans(ctx, st)
	require.NoError(t, err)
	require.Empty(t, orphans, "indexed without a record")
	indexed, err := ix.Len(ctx)
	require.NoError(t, err)
	require.Equal(t, fingerprinted, indexed)
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

// openWorkers returns a tracker per worker, each on a cluster client of
// its own.
func openWorkers(t testing.TB, c *cluster, prefix string, workers int) ([]*provenance.Tracker, *redisindex.Index, *redisindex.Store) {
	var trs []*provenance.Tracker
	var ix *redisindex.Index
	var st *redisindex.Store
	for range workers {
		var err error
		ix, err = redisindex.New(c.client(), prefix, dedup.IndexConfig{Capacity: 10000}, redisindex.WithTimeout(10*time.Second))
		require.NoError(t, err)
		st, err = redisindex.NewStore(c.client(), prefix, redisindex.WithTimeout(10*time.Second), redisindex.WithHoleTimeout(time.Second))
		require.NoError(t, err)
		tr, err := provenance.Open(provenance.Config{Indexer: ix}, st)
		require.NoError(t, err)
		trs = append(trs, tr)
	}
	return trs, ix, st
}

// TestClusterNodeKilled kills a master (kill -9) while two workers add a
// syndicated corpus, and restarts it from its append-only file
// (appendfsync always) a second later. Workers see errors and retry;
// nothing acknowledged is lost, and every article ends with one record
// and one complete index entry.
func TestClusterNodeKilled(t *testing.T) {
	c := startCluster(t, 3, 0)
	n := 40
	if raceEnabled {
		n = 24
	}
	articles := syndication(t, n)
	trs, ix, st := openWorkers(t, c, "reprint-killed", 2)
	started := make(chan struct{})
	victim := c.nodes[1]
	go func() {
		<-started
		victim.kill()
		time.Sleep(time.Second)
		victim.restart()
	}()
	acked, failures := workload(t, trs, articles, started, nil)
	if t.Failed() {
		return
	}
	c.waitOK()
	t.Logf("%d articles: %d acknowledged at once, %d failed Adds", len(articles), len(acked), failures)
	requireAllBack(t, ix, st, articles)
}

// TestClusterReshard moves a quarter of the slots from one master to
// another with redis-cli --cluster reshard while two workers add a
// syndicated corpus: the clients follow the moved slots (MOVED, ASK,
// TRYAGAIN) and nothing is lost.
func TestClusterReshard(t *testing.T) {
	c := startCluster(t, 3, 0)
	n := 40
	if raceEnabled {
		n = 24
	}
	articles := syndication(t, n)
	trs, ix, st := openWorkers(t, c, "reprint-reshard", 2)
	// The reshard starts once an eighth of the articles are in; the
	// workers add the rest meanwhile.
	started := make(chan struct{})
	done := make(chan error, 1)
	var adds atomic.Int64
	var during int64
	go func() {
		<-started
		before := adds.Load()
		err := c.reshard(c.nodes[0], c.nodes[2], 2048)
		during = adds.Load() - before
		done <- err
	}()
	acked, failures := workload(t, trs, articles, started, &adds)
	require.NoError(t, <-done)
	t.Logf("%d Adds succeeded while the slots moved", during)
	require.NotZero(t, during, "the workers finished before the reshard began")
	if t.Failed() {
		return
	}
	c.waitOK()
	t.Logf("%d articles: %d acknowledged at once, %d failed Adds", len(articles), len(acked), failures)
	requireAllBack(t, ix, st, articles)
	for _, s := range c.stats(nil) {
		t.Logf("node %s after the reshard: %d keys", s.addr, s.keys)
	}
}

// TestClusterFailover runs three masters with a replica each, and kills
// a master (kill -9) while two workers add a syndicated corpus: its
// replica takes over after the node timeout, the workers see errors and
// retry, and the old master, restarted, rejoins as a replica. Every
// article ends with one record and one complete index entry. Redis
// Cluster replicates asynchronously, so a write the killed master
// acknowledged but had not yet sent to its replica is lost with it (the
// library then reports ErrDataLost: a loss it cannot prevent, which this
// test is not about). On a loaded machine the replica can be far behind
// (a CI run lost the shard markers written at open), so the victim's
// writes are paused and its replica caught up (WAIT) before the kill:
// the writes in flight then fail with the kill and are retried. It adds
// 12 stories and their copies, 60 in long mode.
func TestClusterFailover(t *testing.T) {
	if raceEnabled && !testenv.Long() {
		t.Skip("the cluster client runs under the race detector in TestClusterNodeKilled and TestClusterReshard; this one waits for a failover, and runs without it")
	}
	c := startCluster(t, 3, 1)
	n := 12
	if testenv.Long() {
		n = 60
	}
	articles := syndication(t, n)
	trs, ix, st := openWorkers(t, c, "reprint-failover", 2)
	started := make(chan struct{})
	victim := c.masters()[0]
	victimClient := c.node(victim)
	promoted := make(chan time.Duration, 1)
	go func() {
		<-started
		ctx := context.Background()
		if err := victimClient.Do(ctx, "CLIENT", "PAUSE", 20000, "WRITE").Err(); err != nil {
			t.Errorf("pausing the victim's writes: %v", err)
		}
		if n, err := victimClient.Do(ctx, "WAIT", 1, 20000).Int(); err != nil || n < 1 {
			t.Errorf("the victim's replica did not catch up in 20 s: WAIT = %d, %v", n, err)
		}
		victim.kill()
		start := time.Now()
		for len(c.masters()) < 3 && time.Since(start) < 30*time.Second {
			time.Sleep(100 * time.Millisecond)
		}
		promoted <- time.Since(start)
		victim.restart()
	}()
	acked, failures := workload(t, trs, articles, started, nil)
	took := <-promoted
	if t.Failed() {
		return
	}
	t.Logf("a replica took over %v after the kill", took.Round(10*time.Millisecond))
	c.waitOK()
	// The old master learns that it was replaced, and follows.
	for deadline := time.Now().Add(30 * time.Second); slices.Contains(c.masters(), victim); {
		require.True(t, time.Now().Before(deadline), "the killed master is still a master 30 s after its restart")
		time.Sleep(100 * time.Millisecond)
	}
	require.Len(t, c.masters(), 3, "masters after the failover")
	t.Logf("%d articles: %d acknowledged at once, %d failed Adds", len(articles), len(acked), failures)
	requireAllBack(t, ix, st, articles)
}
