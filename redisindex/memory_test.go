//go:build unix

package redisindex_test

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/require"

	"github.com/reprintlab/reprint/dedup"
	"github.com/reprintlab/reprint/internal/corpus"
	"github.com/reprintlab/reprint/internal/testenv"
	"github.com/reprintlab/reprint/provenance"
	"github.com/reprintlab/reprint/redisindex"
)

// envMemoryDocs sets the number of documents TestMemoryPerDocument adds
// (default 5,000; 100,000 in long mode).
const envMemoryDocs = "REPRINT_REDIS_MEMORY_DOCS"

// distinctSignatures returns n signatures of distinct documents whose
// shingle counts are drawn from those of real Reuters stories: each slot
// of a MinWise signature is the least of the document's shingle hashes,
// so for distinct documents of s shingles it is the least of s uniform
// 32-bit values, drawn directly here. It checks that their packed size
// matches that of the real stories' signatures.
func distinctSignatures(t testing.TB, n int) ([]*dedup.Signature, []int) {
	stories := 2000
	if raceEnabled {
		stories = 300
	}
	rs, err := corpus.Reuters(stories, func(s corpus.Story) bool { return len(s.Text) > 200 })
	skipNoCorpus(t, err)
	signer := newSigner(t)
	var counts, realSizes []int
	for _, s := range rs {
		sig, err := signer.Sign(s.Text)
		if err != nil {
			continue
		}
		counts = append(counts, sig.Shingles())
		realSizes = append(realSizes, len(redisindex.PackDoc(nil, '+', "reuters-12345", sig, nil)))
	}
	settings := signer.Settings()
	rng := rand.New(rand.NewPCG(1, 2))
	sigs := make([]*dedup.Signature, n)
	values := make([]uint32, settings.NumHashes)
	for i := range sigs {
		s := counts[rng.IntN(len(counts))]
		for j := range values {
			// The least of s uniform values in [0, 2³²): 2³²·(1 − U^(1/s)).
			values[j] = uint32(math.Min(math.Ldexp(1-math.Pow(rng.Float64(), 1/float64(s)), 32), math.MaxUint32))
		}
		sig, err := dedup.NewSignature(settings, s, values)
		require.NoError(t, err)
		sigs[i] = sig
	}
	var synth []int
	for _, sig := range sigs[:min(n, 2000)] {
		synth = append(synth, len(redisindex.PackDoc(nil, '+', "reuters-12345", sig, nil)))
	}
	mean := func(xs []int) float64 {
		sum := 0
		for _, x := range xs {
			sum += x
		}
		return float64(sum) / float64(len(xs))
	}
	t.Logf("packed document value: %.1f B for real Reuters stories, %.1f B for the drawn signatures", mean(realSizes), mean(synth))
	require.InEpsilon(t, mean(realSizes), mean(synth), 0.05, "the drawn signatures pack unlike real ones")
	return sigs, counts
}

// addAll adds sigs under IDs "doc-N" with workers goroutines.
func addAll(t testing.TB, ix *redisindex.Index, sigs []*dedup.Signature, workers int) time.Duration {
	var next atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= len(sigs) || t.Failed() {
					return
				}
				if err := ix.Add("doc-"+strconv.Itoa(1000000+i), sigs[i]); err != nil {
					t.Errorf("add %d: %v", i, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	return time.Since(start)
}

// TestMemoryPerDocument adds distinct documents (the worst case: no band
// bucket shared) to an index on a three-node cluster sized for them, and
// measures the servers' memory per document (INFO memory, and MEMORY
// USAGE of samples of each kind of key): at most 1 KB. It adds 5,000
// documents, 100,000 in long mode, or REPRINT_REDIS_MEMORY_DOCS; the data
// goes with the servers at the end.
func TestMemoryPerDocument(t *testing.T) {
	if raceEnabled && os.Getenv(envMemoryDocs) == "" {
		t.Skip("the servers' memory does not depend on the race detector, which only slows the 5,000 Adds: measured without it")
	}
	n := 5000
	if testenv.Long() {
		n = 100000
	}
	if v := os.Getenv(envMemoryDocs); v != "" {
		var err error
		n, err = strconv.Atoi(v)
		require.NoError(t, err)
	}
	sigs, _ := distinctSignatures(t, n)
	c := startCluster(t, 3, 0)
	client := c.client()
	prefix := "reprint-memory"
	ix, err := redisindex.New(client, prefix, dedup.IndexConfig{Capacity: n})
	require.NoError(t, err)
	base := c.baseMemory() // the shards' markers included
	took := addAll(t, ix, sigs, 32)
	require.False(t, t.Failed())
	t.Logf("%d documents added in %v (%.0f/s with 32 goroutines)", n, took.Round(time.Millisecond), float64(n)/took.Seconds())
	var total int64
	for _, s := range c.stats(base) {
		total += s.memory
		t.Logf("node %s: %d keys, %.1f MB, %d script calls", s.addr, s.keys, float64(s.memory)/1e6, s.commands)
	}
	perDoc := float64(total) / float64(n)
	t.Logf("used_memory per document: %.0f B (%d documents, %.1f MB in all)", perDoc, n, float64(total)/1e6)
	memoryUsage(t, c, client)
	// Below 50,000 documents the keys every shard has whatever the size
	// (its count, an ID group, a document group) weigh a little more.
	limit := 1024.0
	if n < 50000 {
		limit = 1300
	}
	require.LessOrEqual(t, perDoc, limit, "server memory per document")
}

// memoryUsage logs the MEMORY USAGE of a sample of each kind of key,
// and how many keys of each kind there are.
func memoryUsage(t testing.TB, c *cluster, client *redis.ClusterClient) {
	ctx := context.Background()
	type kind struct {
		keys, sampled, bytes, fields int64
	}
	kinds := make(map[byte]*kind)
	for _, n := range c.masters() {
		node := c.node(n)
		iter := node.Scan(ctx, 0, "*", 1000).Iterator()
		for iter.Next(ctx) {
			key := iter.Val()
			i := len(key) - 1
			for i >= 0 && key[i] != '}' {
				i--
			}
			if i < 0 || i+1 >= len(key) {
				continue
			}
			k := key[i+1]
			if kinds[k] == nil {
				kinds[k] = &kind{}
			}
			kd := kinds[k]
			kd.keys++
			if kd.keys%16 == 1 && kd.sampled < 2000 {
				b, err := node.MemoryUsage(ctx, key, 0).Result()
				require.NoError(t, err)
				if k == 'b' || k == 'i' {
					// The compact encoding, which the groups are sized for.
					enc, err := node.ObjectEncoding(ctx, key).Result()
					require.NoError(t, err)
					require.Equal(t, "listpack", enc, "encoding of %s", key)
				}
				f, _ := node.HLen(ctx, key).Result()
				kd.sampled++
				kd.bytes += b
				kd.fields += f
			}
		}
		require.NoError(t, iter.Err())
	}
	for _, k := range slices.Sorted(func(yield func(byte) bool) {
		for k := range kinds {
			if !yield(k) {
				return
			}
		}
	}) {
		kd := kinds[k]
		if kd.sampled == 0 {
			continue
		}
		per := "-"
		if kd.fields > 0 {
			per = fmt.Sprintf("%.1f B per field, %.1f fields per key", float64(kd.bytes)/float64(kd.fields), float64(kd.fields)/float64(kd.sampled))
		}
		t.Logf("keys %q: %d, MEMORY USAGE %.0f B per key (%s)", string(k), kd.keys, float64(kd.bytes)/float64(kd.sampled), per)
	}
}

// envFigures turns on BenchmarkFigures.
const envFigures = "REPRINT_REDIS_FIGURES"

// BenchmarkFigures measures, on one server and on a three-node
// cluster, the articles per second of 1, 2 and 4 workers (trackers on
// clients of their own, adding Reuters stories and copies), and the
// index's Add and Query latencies (p50, p99) and the per-node balance.
// It runs with REPRINT_REDIS_FIGURES=1 only (a few minutes), once
// whatever -benchtime says:
//
//	REPRINT_REDIS_FIGURES=1 go test -run '^$' -bench Figures -benchtime 1x ./redisindex
func BenchmarkFigures(b *testing.B) {
	if os.Getenv(envFigures) != "1" {
		b.Skipf("prints figures only: set %s=1", envFigures)
	}
	for range b.N {
		figures(b)
	}
}

func figures(t testing.TB) {
	// b.Logf keeps only the first lines of a benchmark's log.
	logf := func(format string, args ...any) { fmt.Printf(format+"\n", args...) }
	articles := syndication(t, 1200)
	sigs, _ := distinctSignatures(t, 20000)
	for _, clustered := range []bool{false, true} {
		var clientFor func() redis.UniversalClient
		var c *cluster
		var base map[string]int64
		if clustered {
			c = startCluster(t, 3, 0)
			clientFor = func() redis.UniversalClient { return c.client() }
			base = c.baseMemory()
		} else {
			srv := startServer(t, "--appendonly", "no")
			clientFor = func() redis.UniversalClient { return srv.client(t) }
		}
		name := map[bool]string{false: "one server", true: "3-node cluster"}[clustered]
		for _, workers := range []int{1, 2, 4} {
			prefix := fmt.Sprintf("fig-%d", workers)
			var trs []*provenance.Tracker
			for range workers {
				ix, err := redisindex.New(clientFor(), prefix, dedup.IndexConfig{Capacity: 100000})
				require.NoError(t, err)
				st, err := redisindex.NewStore(clientFor(), prefix)
				require.NoError(t, err)
				tr, err := provenance.Open(provenance.Config{Indexer: ix}, st)
				require.NoError(t, err)
				trs = append(trs, tr)
			}
			start := time.Now()
			_, failures := workload(t, trs, articles, nil, nil)
			took := time.Since(start)
			require.Zero(t, failures)
			logf("%s, %d workers: %d articles in %v: %.0f articles/s", name, workers, len(articles), took.Round(time.Millisecond), float64(len(articles))/took.Seconds())
		}
		// Per-call latencies, one goroutine, distinct documents.
		ix, err := redisindex.New(clientFor(), "fig-calls", dedup.IndexConfig{Capacity: 100000})
		require.NoError(t, err)
		var adds, queries []time.Duration
		for i, sig := range sigs {
			s := time.Now()
			require.NoError(t, ix.Add("doc-"+strconv.Itoa(i), sig))
			adds = append(adds, time.Since(s))
			s = time.Now()
			_, err := ix.Query(sig)
			require.NoError(t, err)
			queries = append(queries, time.Since(s))
		}
		pct := func(d []time.Duration, p float64) time.Duration {
			slices.Sort(d)
			return d[int(p*float64(len(d)-1))]
		}
		logf("%s: Add p50 %v p99 %v; Query p50 %v p99 %v (%d documents in the index)", name,
			pct(adds, 0.5), pct(adds, 0.99), pct(queries, 0.5), pct(queries, 0.99), len(sigs))
		if clustered {
			for _, s := range c.stats(base) {
				logf("node %s: %d keys, %.1f MB, %d script calls, %.1f µs of server time each", s.addr, s.keys, float64(s.memory)/1e6, s.commands, float64(s.usec)/float64(max(1, s.commands)))
			}
		}
	}
}
