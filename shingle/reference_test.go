package shingle

import (
	"unicode"
	"unicode/utf8"

	"github.com/cespare/xxhash/v2"
	"golang.org/x/text/unicode/norm"
)

// This file keeps the original implementation of the package, rune by
// rune with classify and NFKC on every non-ASCII token and the shingle
// hash through xxhash.Digest, as the reference that the fast path
// (scan.go, window.go, hash.go, tables.go) must match exactly on every
// input. It is the code as it was before the fast path, with its types
// renamed; keep it that way: its only job is to be obviously right.

// refShingler is the original Shingler.
type refShingler struct {
	cfg       Config
	threshold int // weight a window must reach: WordSize * CharSize
	buf, nfkc []byte
	iter      norm.Iter // allocation-free NFKC
	ring      [2 * MaxSize]window
	hashBuf   [2 * MaxSize * 8]byte
}

// window is one token kept in the shingle window.
type window struct {
	hash       uint64
	start, end int
	weight     int
}

func newRefShingler(cfg Config) *refShingler {
	if err := cfg.Validate(); err != nil {
		panic(err)
	}
	cfg = cfg.withDefaults()
	return &refShingler{cfg: cfg, threshold: cfg.WordSize * cfg.CharSize}
}

// referenceTokens returns the tokens of text as the original
// implementation finds them.
func referenceTokens(text string) []Token {
	return newRefShingler(Config{}).appendTokens(nil, text)
}

// referenceShingles returns the shingles of text as the original
// implementation computes them.
func referenceShingles(cfg Config, text string) []Shingle {
	var out []Shingle
	newRefShingler(cfg).shingles(text, func(sh Shingle) bool {
		out = append(out, sh)
		return true
	})
	return out
}

// referenceNormalize returns the normalised form of a token as the
// original implementation computes it.
func referenceNormalize(token string) []byte {
	return append([]byte(nil), newRefShingler(Config{}).normalize(token)...)
}

// refScanner walks the tokens of a text.
type refScanner struct {
	text string
	pos  int
}

// refDecode returns the rune at i and its size; invalid UTF-8 decodes as
// utf8.RuneError of size 1.
func refDecode(text string, i int) (rune, int) {
	if c := text[i]; c < utf8.RuneSelf {
		return rune(c), 1
	}
	return utf8.DecodeRuneInString(text[i:])
}

// next returns the next token's span and kind, or ok false at the end.
func (sc *refScanner) next() (start, end int, kind Kind, ok bool) {
	text := sc.text
	i := sc.pos
	// Skip to the first rune that starts a token.
	for i < len(text) {
		r, n := refDecode(text, i)
		c := classify(r)
		if c == classWord || c == classChar {
			start, end = i, i+n
			if c == classWord {
				kind = Word
			} else {
				kind = Char
			}
			i += n
			break
		}
		i += n
	}
	if kind == 0 {
		sc.pos = len(text)
		return 0, 0, 0, false
	}
	// Extend it.
	for i < len(text) {
		r, n := refDecode(text, i)
		c := classify(r)
		switch c {
		case classMark:
			end = i + n
			i += n
			continue
		case classTransparent:
			i += n
			continue
		case classWord:
			if kind == Word {
				end = i + n
				i += n
				continue
			}
		case classJoin:
			// An apostrophe joins only when a word character follows.
			if kind == Word && i+n < len(text) {
				if r2, _ := refDecode(text, i+n); classify(r2) == classWord {
					i += n
					continue
				}
			}
		}
		break
	}
	sc.pos = i
	return start, end, kind, true
}

// normalize appends the normalised form of token (a span found by the
// scanner) to s.buf[:0] and returns it.
func (s *refShingler) normalize(token string) []byte {
	b := s.buf[:0]
	ascii := true
	for i := 0; i < len(token); i++ {
		if token[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		for i := 0; i < len(token); i++ {
			c := token[i]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			} else if c == '\'' {
				continue
			}
			b = append(b, c)
		}
		s.buf = b
		return b
	}
	// Drop elided runes, then NFKC, then lower-case and fold.
	for _, r := range token {
		if !elided(r) {
			b = utf8.AppendRune(b, r)
		}
	}
	s.nfkc = s.nfkc[:0]
	s.iter.Init(norm.NFKC, b)
	for !s.iter.Done() {
		s.nfkc = append(s.nfkc, s.iter.Next()...)
	}
	b = b[:0]
	for _, r := range string(s.nfkc) {
		if elided(r) { // NFKC can produce an apostrophe (＇ → ')
			continue
		}
		b = utf8.AppendRune(b, fold(unicode.ToLower(r)))
	}
	s.buf = b
	return b
}

// token returns the hashed token for a span.
func (s *refShingler) token(text string, start, end int, kind Kind) Token {
	return Token{Start: start, End: end, Kind: kind, Hash: xxhash.Sum64(s.normalize(text[start:end]))}
}

// appendTokens appends the tokens of text, in order, to dst and returns
// the extended slice.
func (s *refShingler) appendTokens(dst []Token, text string) []Token {
	sc := refScanner{text: text}
	for {
		start, end, kind, ok := sc.next()
		if !ok {
			return dst
		}
		dst = append(dst, s.token(text, start, end, kind))
	}
}

// shingles calls emit for every shingle of text, in text order, until
// emit returns false. A text with fewer tokens than one window has no
// shingles.
func (s *refShingler) shingles(text string, emit func(Shingle) bool) {
	sc := refScanner{text: text}
	var head, n, sum int // ring start, ring length, total weight
	ring := &s.ring
	for {
		start, end, kind, ok := sc.next()
		if !ok {
			return
		}
		t := s.token(text, start, end, kind)
		w := s.cfg.CharSize // a word weighs CharSize, a character WordSize,
		if kind == Char {   // so a window holds WordSize words or CharSize characters
			w = s.cfg.WordSize
		}
		ring[(head+n)%len(ring)] = window{hash: t.Hash, start: start, end: end, weight: w}
		n++
		sum += w
		for n > 1 && sum-ring[head].weight >= s.threshold {
			sum -= ring[head].weight
			head = (head + 1) % len(ring)
			n--
		}
		if sum < s.threshold {
			continue
		}
		b := s.hashBuf[:0]
		for i := range n {
			h := ring[(head+i)%len(ring)].hash
			b = append(b, byte(h), byte(h>>8), byte(h>>16), byte(h>>24),
				byte(h>>32), byte(h>>40), byte(h>>48), byte(h>>56))
		}
		var d xxhash.Digest
		d.ResetWithSeed(ShingleSeed)
		_, _ = d.Write(b)
		if !emit(Shingle{Hash: d.Sum64(), Start: ring[head].start, End: end}) {
			return
		}
	}
}

// appendHashes appends the hashes of the shingles of text, in text order
// and with repeats, to dst and returns the extended slice.
func (s *refShingler) appendHashes(dst []uint64, text string) []uint64 {
	s.shingles(text, func(sh Shingle) bool {
		dst = append(dst, sh.Hash)
		return true
	})
	return dst
}
