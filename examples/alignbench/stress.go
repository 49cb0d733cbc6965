package main

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"unicode"

	"github.com/reprintlab/reprint/align"
	"github.com/reprintlab/reprint/internal/corpus"
)

// article is one item of an evaluation stream: an ID, a text and, for a
// derived article, the ID of its source and the kind of derivation.
type article struct {
	ID          string `json:"id"`
	Text        string `json:"text"`
	DerivedFrom string `json:"derived_from"`
	Label       string `json:"label"`
}

// stressClasses are the classes of stress copies, from light to heavy.
var stressClasses = []string{"cut", "light", "heavy", "partial"}

// stressStream returns the stories as a stream with n stress copies of
// each class inserted a few stories after their sources. Copies are made
// from stories of prose (at least 60 words, few figures): cut (sentences
// dropped from the end, 3% of common words replaced), light (15% of
// common words replaced, two sentences swapped, a tenth dropped), heavy
// (45% of common words replaced, a tenth of rare words dropped,
// sentences shuffled locally, a quarter dropped, a new first sentence
// from another story), partial (two or three sentences of the source,
// lightly edited, inside twice as much text of another story). Names and
// figures are kept, as the labelled rewrites keep them. Deterministic in
// seed.
func stressStream(stories []corpus.Story, n int, seed uint64) []article {
	rng := rand.New(rand.NewPCG(seed, 1))
	var tz align.Tokenizer
	df := align.NewDocFreq()
	var d align.Doc
	for _, s := range stories {
		df.Add(tz.Doc(&d, s.Text, false).AppendDistinct(nil))
	}
	common := commonWords(stories, df, &tz)
	isCommon := map[string]bool{}
	for _, w := range common {
		isCommon[w] = true
	}
	var prose []int
	for i, s := range stories {
		words := strings.Fields(s.Text)
		figs := 0
		for _, w := range words {
			if strings.ContainsAny(w, "0123456789") {
				figs++
			}
		}
		if len(words) >= 60 && len(words) <= 1000 && figs*5 < len(words) && len(splitSentences(s.Text)) >= 4 {
			prose = append(prose, i)
		}
	}
	after := map[int][]article{}
	for _, class := range stressClasses {
		for k := range n {
			src := prose[rng.IntN(len(prose))]
			other := stories[prose[rng.IntN(len(prose))]].Text
			text := makeCopy(rng, class, stories[src].Text, other, common, isCommon)
			at := min(src+1+rng.IntN(50), len(stories)-1)
			after[at] = append(after[at], article{
				ID: "stress-" + class + "-" + strconv.Itoa(k), Text: text, DerivedFrom: stories[src].ID, Label: class,
			})
		}
	}
	var out []article
	for i, s := range stories {
		out = append(out, article{ID: s.ID, Text: s.Text, Label: "original"})
		out = append(out, after[i]...)
	}
	return out
}

// makeCopy makes one stress copy of src.
func makeCopy(rng *rand.Rand, class, src, other string, common []string, isCommon map[string]bool) string {
	sents := splitSentences(src)
	switch class {
	case "cut":
		keep := max(2, len(sents)-rng.IntN(len(sents)*3/10+1))
		return strings.Join(edit(rng, sents[:keep], 0.03, 0, common, isCommon), " ")
	case "light":
		s := dropSome(rng, sents, 0.1)
		if len(s) > 2 {
			i := rng.IntN(len(s) - 1)
			s[i], s[i+1] = s[i+1], s[i]
		}
		return strings.Join(edit(rng, s, 0.15, 0, common, isCommon), " ")
	case "heavy":
		s := dropSome(rng, sents, 0.25)
		for i := range s {
			j := min(len(s)-1, i+rng.IntN(3))
			s[i], s[j] = s[j], s[i]
		}
		s = edit(rng, s, 0.45, 0.1, common, isCommon)
		lede := splitSentences(other)[0]
		return lede + " " + strings.Join(s, " ")
	default: // partial
		k := 2 + rng.IntN(2)
		i := rng.IntN(max(1, len(sents)-k))
		taken := edit(rng, sents[i:min(len(sents), i+k)], 0.05, 0, common, isCommon)
		os := splitSentences(other)
		words := 0
		for _, t := range taken {
			words += len(strings.Fields(t))
		}
		var before, rest []string
		w := 0
		for j, o := range os {
			if w >= 2*words {
				break
			}
			w += len(strings.Fields(o))
			if j < len(os)/3 {
				before = append(before, o)
			} else {
				rest = append(rest, o)
			}
		}
		return strings.Join(append(append(before, taken...), rest...), " ")
	}
}

// dropSome returns a copy of sents without about share of them (never
// the first two).
func dropSome(rng *rand.Rand, sents []string, share float64) []string {
	var out []string
	for i, s := range sents {
		if i < 2 || rng.Float64() >= share {
			out = append(out, s)
		}
	}
	return out
}

// edit replaces a share of each sentence's common words by other common
// words (a stand-in for synonyms and rewording) and drops a share of its
// other words (names, figures, rare words).
func edit(rng *rand.Rand, sents []string, replace, drop float64, common []string, isCommon map[string]bool) []string {
	out := make([]string, 0, len(sents))
	for _, s := range sents {
		var b []string
		for _, w := range strings.Fields(s) {
			key := strings.ToLower(strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }))
			switch {
			case isCommon[key]:
				if rng.Float64() < replace {
					w = common[rng.IntN(len(common))]
				}
			case rng.Float64() < drop:
				continue
			}
			b = append(b, w)
		}
		out = append(out, strings.Join(b, " "))
	}
	return out
}

// commonWords returns the corpus's common words: lower-case letters
// only, in at least 1% of the stories.
func commonWords(stories []corpus.Story, df *align.DocFreq, tz *align.Tokenizer) []string {
	seen := map[string]bool{}
	var out []string
	var d align.Doc
	limit := df.Docs() / 100
	for _, s := range stories[:min(len(stories), 3000)] {
		for _, w := range strings.Fields(s.Text) {
			if seen[w] || !isLowerWord(w) {
				continue
			}
			seen[w] = true
			tz.Doc(&d, w, false)
			if len(d.Words) == 1 && df.Count(d.Words[0]) >= limit {
				out = append(out, w)
			}
		}
	}
	return out
}

func isLowerWord(w string) bool {
	for _, r := range w {
		if r < 'a' || r > 'z' {
			return false
		}
	}
	return w != ""
}

// splitSentences cuts text after '.', '!' or '?' followed by white space,
// and at blank lines.
func splitSentences(text string) []string {
	var out []string
	start := 0
	for i := 0; i < len(text); i++ {
		c := text[i]
		if (c == '.' || c == '!' || c == '?') && i+1 < len(text) && (text[i+1] == ' ' || text[i+1] == '\n') ||
			c == '\n' && i+1 < len(text) && text[i+1] == '\n' {
			if s := strings.Join(strings.Fields(text[start:i+1]), " "); s != "" {
				out = append(out, s)
			}
			start = i + 1
		}
	}
	if s := strings.Join(strings.Fields(text[start:]), " "); s != "" {
		out = append(out, s)
	}
	return out
}
