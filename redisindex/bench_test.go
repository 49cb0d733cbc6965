package redisindex_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/redis/go-redis/v9"

	"github.com/stretchr/testify/require"

	"github.com/reprintlab/reprint/dedup"
	"github.com/reprintlab/reprint/redisindex"
)

// randomSig returns a signature of the default settings with random
// slots: it shares no band with any other.
func randomSig(tb testing.TB, rng *rand.Rand) *dedup.Signature {
	values := make([]uint32, dedup.DefaultNumHashes)
	for i := range values {
		values[i] = rng.Uint32()
	}
	sig, err := dedup.NewSignature(dedup.Settings{}, 200+rng.IntN(400), values)
	require.NoError(tb, err)
	return sig
}

// nearCopy returns sig with a share p of its slots changed.
func nearCopy(tb testing.TB, rng *rand.Rand, sig *dedup.Signature, p float64) *dedup.Signature {
	values := sig.AppendValues(nil)
	for i := range values {
		if rng.Float64() < p {
			values[i] = rng.Uint32()
		}
	}
	out, err := dedup.NewSignature(sig.Settings(), sig.Shingles(), values)
	require.NoError(tb, err)
	return out
}

func BenchmarkAdd(b *testing.B) {
	srv := startServer(b)
	ix, err := redisindex.New(srv.client(b), srv.prefix(b), dedup.IndexConfig{})
	require.NoError(b, err)
	rng := rand.New(rand.NewPCG(1, 2))
	sigs := make([]*dedup.Signature, 1024)
	for i := range sigs {
		sigs[i] = randomSig(b, rng)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		if err := ix.Add(fmt.Sprintf("doc-%d", i), sigs[i%len(sigs)]); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkQuery queries an index of 10,000 documents (5,000 and a near
// copy of each, 15% of slots changed) for other near copies of indexed
// documents: each query has two matches to verify. It also reports the
// server's memory per indexed document, in an index sized for them; the
// slots are random 32-bit values, which do not compress as real MinHash
// slots do (see TestMemoryPerDocument for real-sized signatures).
func BenchmarkQuery(b *testing.B) {
	srv := startServer(b)
	client := srv.client(b)
	ix, err := redisindex.New(client, srv.prefix(b), dedup.IndexConfig{Capacity: 10000})
	require.NoError(b, err)
	rng := rand.New(rand.NewPCG(3, 4))
	const n = 5000
	queries := make([]*dedup.Signature, 0, 256)
	mem0 := usedMemory(b, client)
	for i := range n {
		sig := randomSig(b, rng)
		require.NoError(b, ix.Add(fmt.Sprintf("doc-%d", i), sig))
		require.NoError(b, ix.Add(fmt.Sprintf("copy-%d", i), nearCopy(b, rng, sig, 0.15)))
		if len(queries) < cap(queries) {
			queries = append(queries, nearCopy(b, rng, sig, 0.15))
		}
	}
	perDoc := float64(usedMemory(b, client)-mem0) / (2 * n)
	var dst []dedup.Match
	matches := 0
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		dst, err = ix.AppendQuery(dst[:0], queries[i%len(queries)])
		if err != nil {
			b.Fatal(err)
		}
		matches += len(dst)
	}
	b.ReportMetric(float64(matches)/float64(b.N), "matches/op")
	b.ReportMetric(perDoc, "server-B/doc")
}

// usedMemory returns the server's used_memory.
func usedMemory(tb testing.TB, c *redis.Client) int64 {
	info, err := c.Info(context.Background(), "memory").Result()
	require.NoError(tb, err)
	for _, line := range strings.Split(info, "\n") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), "used_memory:"); ok {
			n, err := strconv.ParseInt(v, 10, 64)
			require.NoError(tb, err)
			return n
		}
	}
	tb.Fatal("no used_memory in INFO memory")
	return 0
}
