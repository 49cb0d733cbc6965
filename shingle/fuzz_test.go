package shingle_test

import (
	"os"
	"path/filepath"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/stretchr/testify/require"

	"github.com/reprintlab/reprint/shingle"
)

func FuzzShingles(f *testing.F) {
	for _, name := range seedNames {
		b, err := os.ReadFile(filepath.Join("..", "testdata", "seeds", name))
		require.NoError(f, err)
		f.Add(string(b[:min(len(b), 2048)]))
	}
	for _, text := range multilingualTexts {
		f.Add(text)
	}
	for _, text := range []string{
		"", " ", goldenSentence,
		"Trump’s re-election — “cautious optimism”",
		"abc\x00def", "abc\xffdef", "\xff\xfe\xfd", "\x00\x00\x00",
		"a\xc0\x80b", "a\xed\xa0\x80b", "\xe4\xb8", "\xf4\x90\x80\x80",
		"don't 'x' y'' ’’z", "\u200d\u00ad\ufeff word\u200c", "\u0301\u0308a\u0301",
		"Tokyo東京2024年ที่ ΛΌΓΟΣ ۲۰۲۴ ـ ﷲ ｶﾞ ½",
		"one two three four 東京 five six 中国政府今天发布新规",
	} {
		f.Add(text)
	}

	s := newShingler(f, shingle.Config{})
	fresh := newShingler(f, shingle.Config{})
	f.Fuzz(func(t *testing.T, text string) {
		toks := s.AppendTokens(nil, text)
		prevEnd := 0
		for i, tok := range toks {
			if tok.Start < prevEnd || tok.Start >= tok.End || tok.End > len(text) {
				t.Fatalf("token %d [%d:%d] after %d, len %d", i, tok.Start, tok.End, prevEnd, len(text))
			}
			if i > 0 && tok.Start <= toks[i-1].Start {
				t.Fatalf("token %d start %d does not increase", i, tok.Start)
			}
			prevEnd = tok.End
			if tok.Kind != shingle.Word && tok.Kind != shingle.Char {
				t.Fatalf("token %d has kind %d", i, tok.Kind)
			}
			w := text[tok.Start:tok.End]
			if !utf8.ValidString(w) {
				t.Fatalf("token %d %q is not valid UTF-8", i, w)
			}
			if r, _ := utf8.DecodeRuneInString(w); !unicode.IsLetter(r) && !unicode.IsNumber(r) {
				t.Fatalf("token %d %q starts with %U", i, w, r)
			}
		}

		shs := s.AppendShingles(nil, text)
		for i, sh := range shs {
			if sh.Start < 0 || sh.Start >= sh.End || sh.End > len(text) {
				t.Fatalf("shingle %d [%d:%d] out of bounds, len %d", i, sh.Start, sh.End, len(text))
			}
		}
		if want := refShingles(s.Config(), toks); len(want) != len(shs) {
			t.Fatalf("%d shingles, want %d", len(shs), len(want))
		} else {
			for i := range want {
				if want[i] != shs[i] {
					t.Fatalf("shingle %d = %+v, want %+v", i, shs[i], want[i])
				}
			}
		}
		if isASCII(text) {
			// Only words: n words make n-WordSize+1 shingles.
			if want := max(0, len(toks)-shingle.DefaultWordSize+1); len(shs) != want {
				t.Fatalf("ASCII text: %d tokens gave %d shingles, want %d", len(toks), len(shs), want)
			}
		}

		// Deterministic, and independent of what the Shingler saw before.
		again := s.AppendHashes(nil, text)
		other := fresh.AppendHashes(nil, text)
		if len(again) != len(shs) || len(other) != len(shs) {
			t.Fatalf("hash counts differ: %d, %d, %d", len(shs), len(again), len(other))
		}
		for i := range shs {
			if again[i] != shs[i].Hash || other[i] != shs[i].Hash {
				t.Fatalf("shingle %d hash differs between runs", i)
			}
		}
		n := 0
		for tok := range s.Tokens(text) {
			if tok != toks[n] {
				t.Fatalf("Tokens iterator token %d = %+v, want %+v", n, tok, toks[n])
			}
			n++
		}
		if n != len(toks) {
			t.Fatalf("Tokens iterator gave %d tokens, want %d", n, len(toks))
		}
	})
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
