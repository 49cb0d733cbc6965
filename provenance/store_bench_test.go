package provenance_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/reprintlab/reprint/dedup"
	"github.com/reprintlab/reprint/provenance"
)

// storeRecords returns n records as a tracker with KeepText false
// writes them: IDs, outlet, URL and time, a signature (random slot
// values, so that they spread over the index like distinct articles) and,
// for every tenth, a link to the one before.
func storeRecords(b *testing.B, n int) []*provenance.Record {
	r := rand.New(rand.NewPCG(1, 2))
	t0 := time.Date(1987, 3, 1, 0, 0, 0, 0, time.UTC)
	recs := make([]*provenance.Record, n)
	for i := range recs {
		values := make([]uint32, dedup.DefaultNumHashes)
		for j := range values {
			values[j] = r.Uint32()
		}
		sig, err := dedup.NewSignature(dedup.Settings{}, 200+r.IntN(800), values)
		require.NoError(b, err)
		r := &provenance.Record{
			Article: provenance.Article{ID: fmt.Sprintf("reuters-%08d", i), Source: "Reuters",
				URL: fmt.Sprintf("https://example.org/%d", i), Published: t0.Add(time.Duration(i) * time.Minute)},
			Signature: sig,
		}
		if i%10 == 9 {
			r.Links = []provenance.Link{{ID: recs[i-1].Article.ID, Shingles: 400, Scores: dedup.Scores{Jaccard: 0.5, AInB: 0.9, BInA: 0.6, Shared: 300}}}
		}
		recs[i] = r
	}
	return recs
}

// BenchmarkDirStore measures the embedded store: appending records with a
// commit (fsync) every batch, and opening a store of n records, which
// replays them into a tracker (graph and in-memory index).
func BenchmarkDirStore(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		recs := storeRecords(b, n)
		size := 0
		for _, r := range recs {
			p, err := r.MarshalBinary()
			require.NoError(b, err)
			size += len(p)
		}
		for _, batch := range []int{1, 100, n} {
			if batch == 1 && n > 1000 {
				continue // an fsync per record: slow, and the 1k case shows it
			}
			b.Run(fmt.Sprintf("Append/%d/batch=%d", n, batch), func(b *testing.B) {
				b.SetBytes(int64(size))
				b.ReportAllocs()
				for range b.N {
					st, err := provenance.OpenDir(b.TempDir(), dedup.Settings{})
					require.NoError(b, err)
					for i, r := range recs {
						require.NoError(b, st.Append(r))
						if (i+1)%batch == 0 {
							require.NoError(b, st.Commit())
						}
					}
					require.NoError(b, st.Close())
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/record")
			})
		}
		dir := b.TempDir()
		st, err := provenance.OpenDir(dir, dedup.Settings{})
		require.NoError(b, err)
		for _, r := range recs {
			require.NoError(b, st.Append(r))
		}
		require.NoError(b, st.Close())
		b.Run(fmt.Sprintf("Open/%d", n), func(b *testing.B) {
			b.SetBytes(int64(size))
			b.ReportAllocs()
			for range b.N {
				st, err := provenance.OpenDir(dir, dedup.Settings{})
				require.NoError(b, err)
				tr, err := provenance.Open(provenance.Config{}, st)
				require.NoError(b, err)
				require.Equal(b, n, tr.Len())
				require.NoError(b, tr.Close())
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/record")
			b.ReportMetric(float64(size)/float64(n), "bytes/record")
		})
	}
}
