package align

import (
	"slices"

	"github.com/reprintlab/reprint/shingle"
)

// Doc is a text cut into words: the hash of each normalised word (package
// shingle's tokens: words, or characters of scripts written without
// spaces), and optionally each word's byte range in the text.
//
// A word's hash is the upper 31 bits of its 64-bit token hash
// ([shingle.Token].Hash) and, as its lowest bit, whether the word is a
// figure (holds a digit): two different words share one with probability
// 2^-31, which is the only inexactness in what an [Aligner] reports.
//
// An [Index] caches a Doc's distinct words and their weights in it
// between a Query and an Add: a Doc is not safe for concurrent use, and
// its Words must not be changed in place once it was queried or added
// (a Tokenizer refills it and clears the cache).
type Doc struct {
	// Words are the word hashes in text order, repeats included.
	Words []uint32
	// Spans are the words' byte ranges [start, end) in the text, or nil
	// when the Doc was made without them (passages then carry word
	// positions only).
	Spans [][2]int32

	terms docTerms
}

// docTerms caches a Doc's distinct words (in first-seen order), for the
// Words slice (first word's address and length) they were computed from,
// the place of each word among them, and their weights in a DocFreq as
// it stood at one count.
type docTerms struct {
	of       *uint32
	n        int
	distinct []uint32
	at       []int32    // by word of Words: its place in distinct
	table    []termSlot // distinctWords' scratch
	weighed  *DocFreq
	gen      uint64
	weights  []float32
}

// termSlot is one entry of docTerms.table: a word and 1 + its place in
// distinct (0: empty).
type termSlot struct {
	word uint32
	at   int32
}

// distinctWords returns d's distinct words in first-seen order, computed
// once.
func (d *Doc) distinctWords() []uint32 {
	if len(d.Words) == 0 {
		return nil
	}
	c := &d.terms
	if c.of == &d.Words[0] && c.n == len(d.Words) {
		return c.distinct
	}
	size := 16
	for size < 2*len(d.Words) {
		size <<= 1
	}
	c.table = resize(c.table, size)
	clear(c.table)
	c.distinct = c.distinct[:0]
	c.at = c.at[:0]
	mask := uint32(size - 1)
	for _, h := range d.Words {
		for j := (h * 0x9E3779B1) >> 7 & mask; ; j = (j + 1) & mask {
			e := &c.table[j]
			if e.at == 0 {
				c.distinct = append(c.distinct, h)
				*e = termSlot{word: h, at: int32(len(c.distinct))}
				c.at = append(c.at, e.at-1)
				break
			}
			if e.word == h {
				c.at = append(c.at, e.at-1)
				break
			}
		}
	}
	c.of, c.n, c.weighed = &d.Words[0], len(d.Words), nil
	return c.distinct
}

// termsReady reports whether d's distinct words are worked out (by
// distinctWords) for its current Words.
func (d *Doc) termsReady() bool {
	return len(d.Words) > 0 && d.terms.of == &d.Words[0] && d.terms.n == len(d.Words)
}

// holds reports whether h is one of d's words; d's terms must be ready.
func (d *Doc) holds(h uint32) bool {
	t := d.terms.table
	mask := uint32(len(t) - 1)
	for j := (h * 0x9E3779B1) >> 7 & mask; ; j = (j + 1) & mask {
		switch e := &t[j]; {
		case e.at == 0:
			return false
		case e.word == h:
			return true
		}
	}
}

// Prepare works out, once, what an [Index] needs of d that depends on d
// alone (its distinct words and the place of each word among them), so
// that a Query or Add of d does not: a caller that adds documents in
// order may prepare the next ones on other goroutines meanwhile.
// Calling it is never needed. Like any use of d, it must not run
// concurrently with another.
func (d *Doc) Prepare() { d.distinctWords() }

// distinctWeights returns d's distinct words and their weights in df,
// computed once for df's current count.
func (d *Doc) distinctWeights(df *DocFreq) ([]uint32, []float32) {
	distinct := d.distinctWords()
	c := &d.terms
	if gen := df.generation(); c.weighed != df || c.gen != gen || len(c.weights) != len(distinct) {
		c.weights = df.AppendWeights(c.weights[:0], distinct)
		c.weighed, c.gen = df, gen
	}
	return distinct, c.weights
}

// Tokenizer cuts texts into Docs. It is not safe for concurrent use; the
// zero value is ready to use.
type Tokenizer struct {
	sh   *shingle.Shingler
	toks []shingle.Token
}

// Doc fills d with the words of text (and their byte ranges when spans is
// true), reusing d's slices, and returns d. Texts over 2 GiB are cut at
// 2 GiB. Invalid UTF-8 and NUL bytes separate words, as in package
// shingle.
func (t *Tokenizer) Doc(d *Doc, text string, spans bool) *Doc {
	text = t.tokens(text)
	d.terms.of, d.terms.weighed = nil, nil
	d.Words = d.Words[:0]
	d.Spans = d.Spans[:0]
	for _, tok := range t.toks {
		d.Words = append(d.Words, tokenWord(text, tok))
		if spans {
			d.Spans = append(d.Spans, [2]int32{int32(tok.Start), int32(tok.End)})
		}
	}
	if !spans {
		d.Spans = nil
	}
	return d
}

// DocOmitting is Doc without spans, leaving out the words that start
// inside one of the byte ranges of text in omit: the word at
// text[start:end] is left out when r[0] <= start < r[1] for a range r.
// The ranges must be in text order and apart, as merged ranges are
// (otherwise which words are left out is unspecified, but nothing
// panics); ranges past the text leave nothing out. It reuses d's slices
// and returns d. Like every Tokenizer method, it is not safe for
// concurrent use.
func (t *Tokenizer) DocOmitting(d *Doc, text string, omit [][2]int) *Doc {
	text = t.tokens(text)
	d.terms.of, d.terms.weighed = nil, nil
	d.Words, d.Spans = d.Words[:0], nil
	r := 0
	for _, tok := range t.toks {
		for r < len(omit) && omit[r][1] <= tok.Start {
			r++
		}
		if r < len(omit) && omit[r][0] <= tok.Start {
			continue // inside a range left out
		}
		d.Words = append(d.Words, tokenWord(text, tok))
	}
	return d
}

// tokens cuts text, up to 2 GiB, into t.toks and returns the text cut.
func (t *Tokenizer) tokens(text string) string {
	if t.sh == nil {
		sh, err := shingle.New(shingle.Config{})
		if err != nil {
			panic(err) // the default config is valid
		}
		t.sh = sh
	}
	if len(text) > 1<<31-1 {
		text = text[:1<<31-1]
	}
	t.toks = t.sh.AppendTokens(t.toks[:0], text)
	return text
}

// tokenWord is the word hash of tok, a token of text, figure bit set for
// a figure.
func tokenWord(text string, tok shingle.Token) uint32 {
	h := WordHash(tok.Hash)
	if figure(text[tok.Start:tok.End]) {
		h |= 1
	}
	return h
}

// WordHash is the word hash of a 64-bit token hash, figure bit clear.
func WordHash(tokenHash uint64) uint32 { return uint32(tokenHash>>32) &^ 1 }

// IsFigure reports whether word hash h is that of a figure.
func IsFigure(h uint32) bool { return h&1 != 0 }

// figure reports whether a token is a figure: it holds an ASCII digit
// ("7", "1987", "MAY7", "A300"). Figures in other scripts' digits are
// found after normalisation only; they count as words.
func figure(tok string) bool {
	for i := 0; i < len(tok); i++ {
		if tok[i] >= '0' && tok[i] <= '9' {
			return true
		}
	}
	return false
}

// AppendDistinct appends the distinct words of d to dst, sorted, and
// returns the extended slice.
func (d *Doc) AppendDistinct(dst []uint32) []uint32 {
	n := len(dst)
	dst = append(dst, d.Words...)
	s := dst[n:]
	slices.Sort(s)
	return dst[:n+len(slices.Compact(s))]
}
