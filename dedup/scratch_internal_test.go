package dedup

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"runtime/debug"
	"testing"

	"github.com/stretchr/testify/require"
)

// randomSignature returns a signature of k random slots, which shares no
// band with any other.
func randomSignature(t testing.TB, rng *rand.Rand) *Signature {
	t.Helper()
	values := make([]uint32, 128) // the default k
	for i := range values {
		values[i] = rng.Uint32()
	}
	sig, err := NewSignature(Settings{}, 100, values)
	require.NoError(t, err)
	return sig
}

// TestScratchBitmapsOutliveGrowth: the bitmaps that de-duplicate a
// query's candidates have a bit per slot. They used to be made exactly as
// long as the index, so an index growing one document at a time outgrew
// them every 64 adds, and the next query made new ones: quadratic bytes
// in the number of documents (2.4 GB allocated in the flagger at 1M
// articles, a sixth of all it allocates). A bitmap is now made for the
// slots' capacity, so queries on a growing index make one only when
// that capacity grows.
func TestScratchBitmapsOutliveGrowth(t *testing.T) {
	if raceEnabled {
		t.Skip("SKIPPED: under the race detector sync.Pool drops bitmaps at random, so queries make new ones")
	}
	// With the collector off, the pool keeps its bitmaps: every new one
	// is the index's doing.
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	rng := rand.New(rand.NewPCG(1, 2))
	ix, err := NewIndex(IndexConfig{Saturation: tracked})
	require.NoError(t, err)
	l := &ix.lsh
	n := 0
	add := func() {
		n++
		require.NoError(t, ix.Add(fmt.Sprint("doc-", n), randomSignature(t, rng)))
	}
	for range 10_000 {
		add()
	}
	probe := randomSignature(t, rng)
	dst := make([]uint32, 0, 1024)
	for _, fn := range []func(){
		func() { dst = l.unsaturatedCandidates(dst[:0], probe, "") },
		func() { dst = l.distinct(append(dst[:0], 3, 1, 3, 2)) },
	} {
		fn() // warm
		var before, after runtime.MemStats
		allocated := uint64(0)
		for range 6_400 {
			add()
			runtime.ReadMemStats(&before)
			fn()
			runtime.ReadMemStats(&after)
			allocated += after.TotalAlloc - before.TotalAlloc
		}
		// The index passes a multiple of 64 slots 100 times, which cost
		// about 330 KB of bitmaps before; the slots' capacity doubles at
		// most once (bitmaps of 2 KB). The rest is slack for what other
		// goroutines allocate meanwhile.
		require.LessOrEqual(t, allocated, uint64(64<<10), "bytes allocated by 6,400 queries while the index grows")
	}
}

// BenchmarkQueryWhileGrowing adds a document and then de-duplicates a
// query's candidates the way a saturated query does, on an index of
// 100,000 documents and growing: B/op is the scratch bitmaps' share,
// which was about 2 × 100,000/8/64 bytes per add before they were made
// for the slots' capacity.
func BenchmarkQueryWhileGrowing(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	ix, err := NewIndex(IndexConfig{Saturation: tracked})
	require.NoError(b, err)
	const n = 100_000
	for i := range n {
		require.NoError(b, ix.Add(fmt.Sprint("doc-", i), randomSignature(b, rng)))
	}
	// The documents to add, in batches made untimed as needed.
	var sigs []*Signature
	var ids []string
	probe := randomSignature(b, rng)
	dst := make([]uint32, 0, 1024)
	i := n
	b.ReportAllocs()
	for b.Loop() {
		if len(sigs) == 0 {
			b.StopTimer()
			for range 1024 {
				sigs, ids = append(sigs, randomSignature(b, rng)), append(ids, fmt.Sprint("doc-", i+len(ids)))
			}
			b.StartTimer()
		}
		if err := ix.Add(ids[0], sigs[0]); err != nil {
			b.Fatal(err)
		}
		sigs, ids = sigs[1:], ids[1:]
		dst = ix.unsaturatedCandidates(dst[:0], probe, "")
		i++
	}
}
