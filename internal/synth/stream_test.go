package synth

import (
	"io"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/reprintlab/reprint/internal/testenv"
)

// liveHeap returns the bytes of live heap after a collection.
func liveHeap() uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

// TestStreamsInBoundedMemory generates 200,000 articles in long mode
// (testenv.Long, not under the race detector) and 10,000 otherwise, almost
// all from synthetic stories, and
// checks that the live heap does not grow with the number of articles:
// only the articles waiting for their arrival time are held.
func TestStreamsInBoundedMemory(t *testing.T) {
	t.Run("default", func(t *testing.T) { streamsInBoundedMemory(t, Config{Seed: 1}) })
	// With the rewrite classes: material stories run out early, then
	// hosts and added sentences are generated.
	t.Run("rewrites", func(t *testing.T) { streamsInBoundedMemory(t, rewriteConfig(t, 1, 0)) })
}

func streamsInBoundedMemory(t *testing.T, cfg Config) {
	n := 10_000
	if testenv.Long() && !raceEnabled {
		n = 200_000
	}
	cfg.N = n
	g, err := New(cfg, builtin(t))
	require.NoError(t, err)
	base := liveHeap()
	var samples []uint64
	count := 0
	start := time.Now()
	st, err := g.Run(func(a Article) error {
		count++
		if count%(n/10) == 0 {
			samples = append(samples, liveHeap())
		}
		return nil
	})
	elapsed := time.Since(start)
	require.NoError(t, err)
	require.Equal(t, n, count)
	require.Len(t, samples, 10)
	t.Logf("%d articles in %v (%.0f articles/s, %d MB of text; %d%% from synthetic stories); at most %d pending; live heap above the source: %v MB",
		n, elapsed.Round(time.Millisecond), float64(n)/elapsed.Seconds(), st.TextBytes>>20,
		100*(st.SyntheticOriginals+st.SyntheticDistractors)/(st.SyntheticOriginals+st.SyntheticDistractors+st.RealOriginals+st.RealDistractors),
		st.MaxPending, mb(samples, base))
	// The heap at the end is no bigger than early on (plus slack for
	// the pending queue's ups and downs), though 5x more was written.
	early := max(samples[1], samples[0])
	assert.Less(t, samples[9], early+8<<20, "live heap grows with the output: %v MB", mb(samples, base))
	assert.Less(t, st.MaxPending, 5000)
	assert.Greater(t, st.TextBytes, int64(n)*200)
}

func mb(samples []uint64, base uint64) []int64 {
	out := make([]int64, len(samples))
	for i, s := range samples {
		out[i] = (int64(s) - int64(base)) >> 20
	}
	return out
}

// BenchmarkGenerate reports generation throughput, JSON encoding
// included: from the invented source (mostly synthetic stories, which
// need the Markov model) and from the first Reuters stories (real ones).
func BenchmarkGenerate(b *testing.B) {
	for _, bc := range []struct {
		name string
		src  func(testing.TB) *Source
		n    int
	}{
		{"synthetic", builtin, 20_000},
		{"reuters", reuters, 10_000},
	} {
		b.Run(bc.name, func(b *testing.B) {
			src := bc.src(b)
			g, err := New(Config{Seed: 1, N: bc.n}, src)
			require.NoError(b, err)
			var bytes int64
			b.ResetTimer()
			for b.Loop() {
				st, err := g.WriteJSONL(io.Discard)
				require.NoError(b, err)
				bytes = st.TextBytes
			}
			b.ReportMetric(float64(bc.n)*float64(b.N)/b.Elapsed().Seconds(), "articles/s")
			b.SetBytes(bytes)
		})
	}
}
