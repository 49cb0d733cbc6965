package synth

// This file holds the rewrite edits (Config.Rewrites): the words of the
// copy change, not just its layout. Each works on a doc, the text cut
// into a headline, body paragraphs of sentences and a sign-off, and is
// graded by an Intensity. The parameters of each class and intensity:
//
//	class              light                  medium                 heavy
//	rewrite-synonym    8% of the words        16%                    30% (at most every candidate)
//	rewrite-reorder    two paragraphs swap    half the body shuffled whole body and sentences shuffled
//	rewrite-merge      10% of the sentences   25%                    45% merged or split
//	rewrite-lede       1st sentence replaced  first 2 by one new     first 3 by two new
//	rewrite-sentences  10% dropped, 1 added   20%, 2 added           35%, 4 added
//	rewrite-quotes     10% synonyms, 10% m/s  20%, 20%               35%, 35% (quotations kept)
//	partial            passage ≈15% of copy   ≈30%                   ≈45%
//	rewrite (combined) 6% synonyms, 10% m/s   + lede (1), 15% synonyms, 20% m/s, two paragraphs swap,
//	                                          15% dropped, 1 added
//	                                                                 + lede (2), 30% synonyms, 35% m/s,
//	                                                                 half the body shuffled, 25% dropped,
//	                                                                 2 added
//
// Synonyms come from the built-in newswire table and WordNet (when
// loaded); capitalised words, numbers and function words are never
// replaced. The combined rewrite and rewrite-quotes keep every quotation
// verbatim (never reworded, split or dropped). Added sentences and the
// host article of a partial copy come from material stories: real
// stories set aside, never published, each used once, preferably of the
// same day; generated text when none is left.

import (
	"math/rand/v2"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/reprintlab/reprint/shingle"
)

// doc is a text cut for rewriting.
type doc struct {
	head  string     // headline, kept as is ("" if none)
	paras [][]string // body paragraphs: their sentences, each on one line
	tail  string     // sign-off ("Reuter"), kept ("" if none)
}

// parseDoc cuts text into a headline (a first paragraph in capitals, or
// short without a full stop), body paragraphs of sentences and a
// sign-off (a last paragraph of one or two words).
func parseDoc(text string) doc {
	var d doc
	paras := paragraphs(text)
	if len(paras) > 1 {
		first := text[paras[0].start:paras[0].end]
		if (strings.ToUpper(first) == first && strings.ToLower(first) != first) ||
			(wordCount(first) <= 15 && !strings.ContainsAny(first[len(first)-1:], ".!?\"”")) {
			d.head = oneLine(first)
			paras = paras[1:]
		}
	}
	if n := len(paras); n > 1 && wordCount(text[paras[n-1].start:paras[n-1].end]) <= 2 {
		d.tail = oneLine(text[paras[n-1].start:paras[n-1].end])
		paras = paras[:n-1]
	}
	for _, p := range paras {
		var ss []string
		for _, s := range sentences(text, []span{p}) {
			if line := oneLine(text[s.start:s.end]); line != "" {
				ss = append(ss, line)
			}
		}
		if len(ss) > 0 {
			d.paras = append(d.paras, ss)
		}
	}
	return d
}

// render writes d: headline, paragraphs (one line each) and sign-off,
// separated by blank lines.
func (d *doc) render() string {
	var b strings.Builder
	part := func(s string) {
		if b.Len() > 0 {
			b.WriteString("\n\n")
		}
		b.WriteString(s)
	}
	if d.head != "" {
		part(d.head)
	}
	for _, p := range d.paras {
		part(strings.Join(p, " "))
	}
	if d.tail != "" {
		part(d.tail)
	}
	return b.String()
}

// sentenceCount returns the number of body sentences.
func (d *doc) sentenceCount() int {
	n := 0
	for _, p := range d.paras {
		n += len(p)
	}
	return n
}

// bodyWords returns the number of words of the body.
func (d *doc) bodyWords() int {
	n := 0
	for _, p := range d.paras {
		for _, s := range p {
			n += wordCount(s)
		}
	}
	return n
}

// compact removes empty paragraphs.
func (d *doc) compact() {
	out := d.paras[:0]
	for _, p := range d.paras {
		if len(p) > 0 {
			out = append(out, p)
		}
	}
	d.paras = out
}

// hasQuote reports whether s holds a quotation mark.
func hasQuote(s string) bool { return strings.ContainsAny(s, "\"“”") }

// quoteSpans returns the byte ranges of the quotations of a paragraph:
// between straight quotes taken in pairs, or between “ and ”; an unclosed
// quotation runs to the paragraph's end.
func quoteSpans(p string) []span {
	var out []span
	open := -1
	for i, r := range p {
		switch {
		case r == '"' && open < 0, r == '“' && open < 0:
			open = i
		case (r == '"' || r == '”') && open >= 0:
			out = append(out, span{open, i + utf8.RuneLen(r)})
			open = -1
		}
	}
	if open >= 0 {
		out = append(out, span{open, len(p)})
	}
	return out
}

// quotedSentences marks the sentences of paragraph p that overlap a
// quotation, including those inside a quotation of several sentences
// that hold no quotation mark themselves.
func quotedSentences(p []string) []bool {
	text := strings.Join(p, " ")
	spans := quoteSpans(text)
	out := make([]bool, len(p))
	at := 0
	for i, s := range p {
		for _, q := range spans {
			if q.start < at+len(s) && q.end > at {
				out[i] = true
			}
		}
		at += len(s) + 1
	}
	return out
}

// quotations returns the quotations of d's body of at least minWords
// words, as written.
func (d *doc) quotations(minWords int) []string {
	var out []string
	for _, p := range d.paras {
		text := strings.Join(p, " ")
		for _, q := range quoteSpans(text) {
			if s := text[q.start:q.end]; wordCount(s) >= minWords {
				out = append(out, s)
			}
		}
	}
	return out
}

// inSpans reports whether byte i lies in one of spans.
func inSpans(spans []span, i int) bool {
	for _, s := range spans {
		if i >= s.start && i < s.end {
			return true
		}
	}
	return false
}

// neverReplaced are words the synonym edits leave alone: function words
// and newswire units whose thesaurus entries would change the meaning.
var neverReplaced = wordSet(`the a an and or but of to in on at by for with from as is are was were be been
	being has have had do does did will would shall should can could may might must not no its it this that
	these those he she they we you i his her their our said says mln billion dlrs pct cts year years one two
	three four five six seven eight nine ten first second third last next new also`)

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// synonymsOf returns the synonyms of a lower-case word: the built-in
// table's, then WordNet's that are not among them.
func (r *run) synonymsOf(w string) []string {
	if neverReplaced[w] {
		return nil
	}
	out := synonyms[w]
	if wn := r.cfg.WordNet.lookup(w); len(wn) > 0 {
		out = append(append([]string(nil), out...), wn...)
	}
	return out
}

// wordAt is a word of the body: paragraph, token index in the joined
// paragraph.
type wordAt struct{ para, tok int }

// substitute replaces share of the body's words (at most every candidate)
// with synonyms, keeping their case; with keepQuotes, words in
// quotations are left alone. It returns the number replaced.
func (r *run) substitute(d *doc, share float64, keepQuotes bool) int {
	var cands []wordAt
	words := 0
	for pi, p := range d.paras {
		text := strings.Join(p, " ")
		var quotes []span
		if keepQuotes {
			quotes = quoteSpans(text)
		}
		for ti, t := range r.tokens(text) {
			if t.Kind != shingle.Word {
				continue
			}
			words++
			w := text[t.Start:t.End]
			if !lowerWord(strings.ToLower(w)) || (startsUpper(w) && ti > 0) || inSpans(quotes, t.Start) {
				continue
			}
			if len(r.synonymsOf(strings.ToLower(w))) > 0 {
				cands = append(cands, wordAt{pi, ti})
			}
		}
	}
	k := min(len(cands), int(share*float64(words)+0.5))
	if k == 0 {
		return 0
	}
	chosen := map[wordAt]bool{}
	for _, j := range r.rng.Perm(len(cands))[:k] {
		chosen[cands[j]] = true
	}
	for pi, p := range d.paras {
		text := strings.Join(p, " ")
		toks := r.tokens(text)
		var idx []int
		var repl []string
		for ti, t := range toks {
			if !chosen[wordAt{pi, ti}] {
				continue
			}
			orig := text[t.Start:t.End]
			idx = append(idx, ti)
			repl = append(repl, matchCase(pick(r.rng, r.synonymsOf(strings.ToLower(orig))), orig))
		}
		if len(idx) > 0 {
			d.paras[pi] = r.splitSentences(replaceTokens(text, toks, idx, repl))
		}
	}
	return k
}

// splitSentences cuts a paragraph into its sentences.
func (r *run) splitSentences(p string) []string {
	var out []string
	for _, s := range sentences(p, []span{{0, len(p)}}) {
		out = append(out, p[s.start:s.end])
	}
	return out
}

// reorder changes the order of the body after the lede paragraph. level
// 0 swaps two adjacent paragraphs (or sentences of a paragraph without
// quotations, when there are too few paragraphs), 1 shuffles a run of
// about half the paragraphs, 2 shuffles them all and the sentences of
// each paragraph without quotations. It reports whether the order
// changed.
func (r *run) reorder(d *doc, level int) bool {
	body := d.paras[min(1, len(d.paras)):]
	before := d.render()
	switch {
	case level == 0 && len(body) >= 2:
		i := r.rng.IntN(len(body) - 1)
		body[i], body[i+1] = body[i+1], body[i]
	case level == 0:
		var ps []int
		for i, p := range d.paras {
			if len(p) >= 2 && !hasQuote(strings.Join(p, " ")) {
				ps = append(ps, i)
			}
		}
		if len(ps) == 0 {
			return false
		}
		p := d.paras[pick(r.rng, ps)]
		i := r.rng.IntN(len(p) - 1)
		p[i], p[i+1] = p[i+1], p[i]
	case level == 1:
		if len(body) < 2 {
			return false
		}
		n := max(2, (len(body)+1)/2)
		at := r.rng.IntN(len(body) - n + 1)
		shuffle(r.rng, body[at:at+n])
	default:
		shuffle(r.rng, body)
		for _, p := range d.paras {
			if len(p) >= 2 && !hasQuote(strings.Join(p, " ")) {
				shuffle(r.rng, p)
			}
		}
	}
	return d.render() != before
}

// shuffle permutes xs at random; when the permutation leaves every
// element in place, it rotates them by one instead.
func shuffle[T any](rng *rand.Rand, xs []T) {
	if len(xs) < 2 {
		return
	}
	perm := rng.Perm(len(xs))
	moved := false
	for i, j := range perm {
		moved = moved || i != j
	}
	if !moved {
		for i := range perm {
			perm[i] = (i + 1) % len(perm)
		}
	}
	out := make([]T, len(xs))
	for i, j := range perm {
		out[i] = xs[j]
	}
	copy(xs, out)
}

// mergeSplit merges adjacent sentences of a paragraph ("X. The y." →
// "X, and the y.") and splits sentences at a clause boundary ("X; y" →
// "X. Y"), each with probability rate, never inside a quotation. It
// returns the number of changes.
func (r *run) mergeSplit(d *doc, rate float64) int {
	changes := 0
	for pi, p := range d.paras {
		var out []string
		quoted := quotedSentences(p)
		for i := 0; i < len(p); i++ {
			s := p[i]
			if i+1 < len(p) && r.rng.Float64() < rate && strings.HasSuffix(s, ".") && !quoted[i] && !quoted[i+1] &&
				!endsWithAbbreviation(s) {
				out = append(out, strings.TrimSuffix(s, ".")+pick(r.rng, []string{", and ", "; ", ", while "})+lowerFirst(p[i+1]))
				i++
				changes++
				continue
			}
			if r.rng.Float64() < rate && !(quoted[i] && !hasQuote(s)) {
				if a, b, ok := splitClause(s); ok {
					out = append(out, a, b)
					changes++
					continue
				}
			}
			out = append(out, s)
		}
		d.paras[pi] = out
	}
	return changes
}

// endsWithAbbreviation reports whether s ends with an abbreviation's
// full stop ("U.S."), which must stay.
func endsWithAbbreviation(s string) bool {
	return isAbbreviation(strings.TrimSuffix(s, "."))
}

// lowerFirst lower-cases the first letter of s when its first word is a
// common word that starts sentences (not a name).
func lowerFirst(s string) string {
	w, _, _ := strings.Cut(s, " ")
	if lw := strings.ToLower(w); commonStarts[lw] && w != lw {
		r, n := utf8.DecodeRuneInString(s)
		return string(unicode.ToLower(r)) + s[n:]
	}
	return s
}

var commonStarts = wordSet(`the a an it its this that these those he she they we there in on at for but and
	however meanwhile prices sales analysts officials traders shares earnings output exports imports profits
	revenues production demand the under after before during with while also some most many other such`)

// splitClause splits a sentence at its first clause boundary outside a
// quotation ("; ", ", and ", ", but ", ", while ") that leaves at least
// five words either side: "X; y z" → "X.", "Y z".
func splitClause(s string) (string, string, bool) {
	quotes := quoteSpans(s)
	for _, sep := range []string{"; ", ", and ", ", but ", ", while "} {
		i := strings.Index(s, sep)
		if i < 0 || inSpans(quotes, i) || wordCount(s[:i]) < 5 || wordCount(s[i+len(sep):]) < 5 {
			continue
		}
		rest := s[i+len(sep):]
		if sep == ", but " {
			rest = "but " + rest
		}
		r, n := utf8.DecodeRuneInString(rest)
		return s[:i] + ".", string(unicode.ToUpper(r)) + rest[n:], true
	}
	return "", "", false
}
