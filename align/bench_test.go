package align_test

import (
	"fmt"
	"testing"

	"github.com/reprintlab/reprint/align"
)

// BenchmarkIndexStream streams 4,000 real texts (Reuters, then a
// synthetic corpus with rewrites) through the second index as the
// flagger does: each is queried, then added. One op is the whole
// stream.
func BenchmarkIndexStream(b *testing.B) {
	texts := goldenTexts(b, 3000, 1000)
	var tz align.Tokenizer
	docs := make([]*align.Doc, len(texts))
	for n, text := range texts {
		docs[n] = tz.Doc(&align.Doc{}, text, false)
	}
	ids := make([]string, len(texts))
	for n := range ids {
		ids[n] = fmt.Sprint(n)
	}
	cfg := align.IndexConfig{MinShared: 3, MinWeight: 2, MinRareShared: 3, Candidates: 2}
	b.ReportAllocs()
	for b.Loop() {
		ix := align.NewIndex(cfg, nil)
		for n, d := range docs {
			ix.QueryOrdered(d, "", nil)
			if err := ix.Add(ids[n], d, true); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkCompare aligns the pairs the second index verifies on the
// texts of BenchmarkIndexStream, weighed by its final counts. One op is
// one pair.
func BenchmarkCompare(b *testing.B) {
	texts := goldenTexts(b, 3000, 1000)
	var tz align.Tokenizer
	docs := make([]*align.Doc, len(texts))
	for n, text := range texts {
		docs[n] = tz.Doc(&align.Doc{}, text, false)
	}
	ix := align.NewIndex(align.IndexConfig{Candidates: 2}, nil)
	type pair struct{ copy, source *align.Doc }
	var pairs []pair
	for n, d := range docs {
		for _, l := range ix.Query(d, "") {
			var m int
			fmt.Sscan(l.ID, &m)
			pairs = append(pairs, pair{d, docs[m]})
		}
		if err := ix.Add(fmt.Sprint(n), d, true); err != nil {
			b.Fatal(err)
		}
	}
	var al align.Aligner
	b.ReportAllocs()
	b.ResetTimer()
	n := 0
	for b.Loop() {
		p := pairs[n%len(pairs)]
		al.Compare(nil, p.copy, p.source, ix.DocFreq())
		n++
	}
}
