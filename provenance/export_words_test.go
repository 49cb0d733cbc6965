package provenance

import (
	"testing"

	"github.com/reprintlab/reprint/align"
	"github.com/reprintlab/reprint/dedup"
	"github.com/reprintlab/reprint/shingle"
)

// Hooks for the tests of words_test.go (package provenance_test, which
// can use the synthetic corpus: internal/synth imports this package).

// PreparedWordsForTest prepares a as AddAll does, off the lock, and
// returns the words cut for the second index, whether they hold spans,
// and how many shingle occurrences were left out of its signature as
// boilerplate.
func (t *Tracker) PreparedWordsForTest(a Article) (words []uint32, spans bool, skipped int, err error) {
	p := new(prepared)
	t.prepare(p, a)
	defer t.release(p)
	if p.err != nil {
		return nil, false, 0, p.err
	}
	return append([]uint32(nil), p.doc.Words...), p.doc.Spans != nil, p.skipped, nil
}

// SignAllocsForTest prepares a, then reports the allocations of signing
// it again and cutting its words (as AddAll does when boilerplate was
// learned meanwhile), and how many shingle occurrences were left out.
func (t *Tracker) SignAllocsForTest(a Article) (allocs float64, skipped int) {
	p := new(prepared)
	t.prepare(p, a)
	defer t.release(p)
	allocs = testing.AllocsPerRun(20, func() { t.sign(p) })
	return allocs, p.skipped
}

// BoilerplateShinglingAgainForTest is how the passages of text left out
// as boilerplate were found before the signer noted them: the text
// shingled a second time, each shingle checked against the learned
// boilerplate, those found merged where they overlap or touch.
func (t *Tracker) BoilerplateShinglingAgainForTest(text string) [][2]int {
	signer := t.signers.Get().(*dedup.Signer)
	sh, err := shingle.New(signer.Settings().Shingle)
	t.signers.Put(signer)
	if err != nil {
		panic(err) // the tracker's settings are valid
	}
	var ranges [][2]int
	for s := range sh.Shingles(text) {
		if !t.boilerplate.is(s.Hash) {
			continue
		}
		if n := len(ranges); n > 0 && s.Start <= ranges[n-1][1] {
			ranges[n-1][1] = max(ranges[n-1][1], s.End)
			continue
		}
		ranges = append(ranges, [2]int{s.Start, s.End})
	}
	return ranges
}

// WordsShinglingAgainForTest is how the words of the second index were
// cut before the signer noted the passages it left out: the words that
// start in a passage of BoilerplateShinglingAgainForTest dropped.
func (t *Tracker) WordsShinglingAgainForTest(text string) []uint32 {
	ranges := t.BoilerplateShinglingAgainForTest(text)
	var tok align.Tokenizer
	d := tok.Doc(new(align.Doc), text, true)
	var words []uint32
	r := 0
	for i, span := range d.Spans {
		for r < len(ranges) && ranges[r][1] <= int(span[0]) {
			r++
		}
		if r < len(ranges) && ranges[r][0] <= int(span[0]) {
			continue
		}
		words = append(words, d.Words[i])
	}
	return words
}

// BoilerplateLearnedForTest reports whether the tracker learns
// boilerplate and has learned some.
func (t *Tracker) BoilerplateLearnedForTest() bool {
	return t.boilerplate != nil && !t.boilerplate.empty()
}
