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
type Doc struct {
	// Words are the word hashes in text order, repeats included.
	Words []uint32
	// Spans are the words' byte ranges [start, end) in the text, or nil
	// when the Doc was made without them (passages then carry word
	// positions only).
	Spans [][2]int32
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
	d.Words = d.Words[:0]
	d.Spans = d.Spans[:0]
	for _, tok := range t.toks {
		h := WordHash(tok.Hash)
		if figure(text[tok.Start:tok.End]) {
			h |= 1
		}
		d.Words = append(d.Words, h)
		if spans {
			d.Spans = append(d.Spans, [2]int32{int32(tok.Start), int32(tok.End)})
		}
	}
	if !spans {
		d.Spans = nil
	}
	return d
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
