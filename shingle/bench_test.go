package shingle_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/reprintlab/reprint/shingle"
)

// sized returns text repeated (separated by a newline) and cut to at most
// n bytes, on a rune boundary.
func sized(text string, n int) string {
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

type benchInput struct {
	name, text string
}

func benchInputs(b *testing.B) []benchInput {
	seed := readSeed(b, seedNames[1])
	nonASCII := russianText + "\n" + urduText + "\n"
	return []benchInput{
		{"seed001/1KB", sized(seed, 1<<10)},
		{"seed001/5KB", sized(seed, 5<<10)},
		{"seed001/64KB", sized(seed, 64<<10)},
		{"ru+ur/5KB", sized(nonASCII, 5<<10)},
		{"zh/5KB", sized(chineseText+japaneseText, 5<<10)},
	}
}

func BenchmarkShingles(b *testing.B) {
	s := newShingler(b, shingle.Config{})
	for _, in := range benchInputs(b) {
		b.Run(in.name, func(b *testing.B) {
			dst := s.AppendHashes(nil, in.text)
			if len(dst) == 0 {
				b.Fatal("no shingles")
			}
			b.SetBytes(int64(len(in.text)))
			b.ReportAllocs()
			for b.Loop() {
				dst = s.AppendHashes(dst[:0], in.text)
			}
		})
	}
}

func BenchmarkTokens(b *testing.B) {
	s := newShingler(b, shingle.Config{})
	for _, in := range benchInputs(b) {
		b.Run(in.name, func(b *testing.B) {
			dst := s.AppendTokens(nil, in.text)
			if len(dst) == 0 {
				b.Fatal("no tokens")
			}
			b.SetBytes(int64(len(in.text)))
			b.ReportAllocs()
			for b.Loop() {
				dst = s.AppendTokens(dst[:0], in.text)
			}
		})
	}
}
