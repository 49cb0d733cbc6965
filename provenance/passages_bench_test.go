package provenance_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"

	"github.com/reprintlab/reprint/provenance"
	"github.com/reprintlab/reprint/shingle"
)

// benchSized returns text repeated and cut to at most n bytes, on a rune
// boundary.
func benchSized(text string, n int) string {
	var b strings.Builder
	for b.Len() < n {
		b.WriteString(text)
		b.WriteByte('\n')
	}
	out := b.String()[:n]
	for len(out) > 0 && !utf8.ValidString(out) {
		out = out[:len(out)-1]
	}
	return out
}

// benchEdit returns a copy of source as a rewrite desk would make it:
// re-flowed into lines of 12 words, a typo in every 40th word, a tenth of
// the text dropped at a third of the way, and a local sentence added at
// two thirds.
func benchEdit(source string) string {
	words := strings.Fields(source)
	n := len(words)
	var b strings.Builder
	out := 0
	for i, w := range words {
		if i >= n/3 && i < n/3+n/10 {
			continue
		}
		if i == 2*n/3 {
			w = "Our correspondent adds that local officials declined to comment. " + w
		}
		if i%40 == 39 {
			w += "x"
		}
		if out > 0 {
			if out%12 == 0 {
				b.WriteByte('\n')
			} else {
				b.WriteByte(' ')
			}
		}
		b.WriteString(w)
		out++
	}
	return b.String()
}

type matchInput struct {
	name         string
	copy, source string
}

func matchInputs(b *testing.B) []matchInput {
	story := passageSeed(b, 1)
	all := passageSeed(b, 0) + "\n" + story + "\n" + passageSeed(b, 2) + "\n" + passageSeed(b, 4)
	var in []matchInput
	for _, size := range []struct {
		name string
		text string
	}{{"1KB", benchSized(story, 1<<10)}, {"5KB", benchSized(story, 5<<10)}, {"64KB", benchSized(all, 64<<10)}} {
		in = append(in, matchInput{"edited/" + size.name, benchEdit(size.text), size.text})
	}
	in = append(in, matchInput{"unrelated/5KB", benchSized(passageSeed(b, 0), 5<<10), benchSized(passageSeed(b, 2), 5<<10)})
	return in
}

// BenchmarkMatch times Matcher.AppendMatch with a reused Matcher and
// result; bytes are those of both texts.
func BenchmarkMatch(b *testing.B) {
	m := newPassageMatcher(b)
	for _, in := range matchInputs(b) {
		b.Run(in.name, func(b *testing.B) {
			r := m.Match(in.copy, in.source)
			b.Logf("%d passages, copy coverage %.3f, source coverage %.3f", len(r.Passages), r.CopyCoverage, r.SourceCoverage)
			b.SetBytes(int64(len(in.copy) + len(in.source)))
			b.ReportAllocs()
			for b.Loop() {
				r = m.AppendMatch(r.Passages[:0], in.copy, in.source)
			}
		})
	}
}

// BenchmarkMatchShinglingOnly is the floor under BenchmarkMatch: cutting
// both texts into shingles, which Match does first.
func BenchmarkMatchShinglingOnly(b *testing.B) {
	s, err := shingle.New(shingle.Config{})
	require.NoError(b, err)
	var buf []shingle.Shingle
	for _, in := range matchInputs(b) {
		b.Run(in.name, func(b *testing.B) {
			b.SetBytes(int64(len(in.copy) + len(in.source)))
			b.ReportAllocs()
			for b.Loop() {
				buf = s.AppendShingles(buf[:0], in.copy)
				buf = s.AppendShingles(buf[:0], in.source)
			}
		})
	}
}

// BenchmarkMatchReuters matches the copy → source pairs a Tracker finds
// among the first 6,000 Reuters stories, all of them per iteration; it is
// skipped when the corpus is absent.
func BenchmarkMatchReuters(b *testing.B) {
	pairs := reutersPairs(b, 6000, 1000)
	bytes := 0
	for _, p := range pairs {
		bytes += len(p[0]) + len(p[1])
	}
	m := newPassageMatcher(b)
	var r provenance.Passages
	for _, p := range pairs { // grow the buffers to their steady-state size
		r = m.AppendMatch(r.Passages[:0], p[0], p[1])
	}
	b.SetBytes(int64(bytes))
	b.ReportAllocs()
	for b.Loop() {
		for _, p := range pairs {
			r = m.AppendMatch(r.Passages[:0], p[0], p[1])
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(pairs)), "ns/pair")
	b.ReportMetric(float64(bytes)/float64(2*len(pairs)), "bytes/text")
}
