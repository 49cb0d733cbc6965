package provenance

import (
	"github.com/reprintlab/reprint/align"
	"github.com/reprintlab/reprint/dedup"
)

// The second index (Config.DisableRewrites): links found by alignment,
// beside those of the shingle rule.

// rewriteIndexConfig is the second index's configuration: a candidate
// shares at least 3 of its indexed rare words with the article, 3 of
// them of rarity RareWeight or more, weighing 2 together, and the best 2
// candidates are aligned. Measured on the synthetic rewrite corpus
// against package align's defaults (2 words weighing 1.2, 5
// candidates): the same recall of rewrites and partial copies within
// 0.5%, fewer false links, a third of the alignments.
var rewriteIndexConfig = align.IndexConfig{MinShared: 3, MinWeight: 2, MinRareShared: 3, Candidates: 2}

// alignedLinks appends to links (the shingle index's) the links the
// second index finds for doc, leaving out the articles the shingle index
// found: their links keep the shingle rule's scores and kind.
//
// A verbatim copy of an article (by the shingle rule) is not looked up,
// nor indexed, nor counted in the rarity counts: its story is its
// source's, and a later rewrite of it finds the source, which has the
// same words. Rarity is then counted in stories rather than in copies,
// and a story copied many times does not crowd out the candidates of
// other stories.
//
// A partial link between two articles of one outlet (both name it, by
// Source or URL) is not made: what an outlet repeats of its own earlier
// articles, a formula, a standing paragraph, background, is its own text
// rather than a story taken from another; its updates and rewrites of
// its own stories are kept.
func (t *Tracker) alignedLinks(a *Article, links []Link, doc *align.Doc) []Link {
	if t.rewrites == nil || doc == nil || verbatimCopy(links) {
		return links
	}
	own := outletKey(a.Source, a.URL)
	table := figureShare(doc) >= tableFigureShare
	found := len(links)
	// An earlier article found later (its time is before an indexed
	// article's by more than the clock skew) is aligned as the source of
	// that article: every link is measured from its copy's side.
	at, timed := a.Published, !a.Published.IsZero()
	if !timed {
		at, timed = a.Seen, !a.Seen.IsZero()
	}
	later := func(id string) bool {
		x, ok := t.graph.byID[id]
		if !ok || !timed {
			return false
		}
		o := &t.graph.nodes[x]
		return !o.timed || at.Add(t.graph.skew).Before(o.at)
	}
outer:
	for _, al := range t.rewrites.QueryOrdered(doc, "", later) {
		for _, l := range links[:found] {
			if l.ID == al.ID {
				continue outer
			}
		}
		x, ok := t.graph.byID[al.ID]
		if !ok {
			continue // not reached: the index holds the graph's articles
		}
		if n := &t.graph.nodes[x]; al.Result.Kind == align.Partial && own != 0 && outletKey(n.source, n.url) == own {
			continue
		}
		if table && al.Result.Kind != align.Verbatim {
			continue
		}
		links = append(links, alignedLink(al, int(t.graph.nodes[x].shingles)))
	}
	return links
}

// tableFigureShare is the share of figures (words holding a digit) from
// which an article is read as a table rather than prose: a price list, a
// market snapshot at a later hour, a results table. A table rewords
// nothing: a later one with other figures is a new report in the same
// frame, not a rewrite of the earlier, so only verbatim links (which
// the shingle rule finds too) are kept for tables. On the labelled
// Reuters pairs, half the words: unrelated pairs put in one story 10 of
// 201 → 2, verbatim, partial and rewrite pairs unchanged; on the
// synthetic rewrite corpus, recall of every class within 0.3%.
const tableFigureShare = 0.5

// figureShare is the share of d's words that are figures.
func figureShare(d *align.Doc) float64 {
	if len(d.Words) == 0 {
		return 0
	}
	n := 0
	for _, w := range d.Words {
		if align.IsFigure(w) {
			n++
		}
	}
	return float64(n) / float64(len(d.Words))
}

// alignedLink is the link of an alignment, seen from the queried article
// (A): exact shares of each text copied word for word stand for the
// containments (see [Edge]), and Score is the copy's, whichever side it
// is.
func alignedLink(al align.Link, shingles int) Link {
	res := &al.Result
	shared := res.CopyVerbatim * float64(res.CopyWords)
	jaccard := 0.0
	if union := float64(res.CopyWords+res.SourceWords) - shared; union > 0 {
		jaccard = min(1, shared/union)
	}
	sc := dedup.Scores{AInB: res.CopyVerbatim, BInA: res.SourceVerbatim, Jaccard: jaccard, Shared: shared}
	if al.Reversed {
		sc = sc.Swap()
	}
	return Link{
		ID: al.ID, Shingles: shingles, Kind: fromAlign(res.Kind), Score: min(1, max(0, res.Score)), Aligned: true,
		Scores: sc,
	}
}

// verbatimCopy reports whether links hold a verbatim link of the
// shingle rule.
func verbatimCopy(links []Link) bool {
	for _, l := range links {
		if !l.Aligned && kindOf(l.Kind, l.Partial) == KindVerbatim {
			return true
		}
	}
	return false
}

// words cuts text into words for the second index, leaving out the
// words of the shingles left out of its signature as learned
// boilerplate (see Config.BoilerplateMin), whose byte ranges the signer
// noted (left, see prepared.leftRanges): an outlet's wrapper links no
// two of its articles there either.
func (t *Tracker) words(ds *docScratch, text string, left [][2]int) *align.Doc {
	if len(left) == 0 {
		return ds.tok.Doc(&ds.doc, text, false)
	}
	return ds.tok.DocOmitting(&ds.doc, text, left)
}

// indexWords adds a just-applied article to the second index (unless it
// is a verbatim copy: see alignedLinks): doc, or when nil the words of
// its text if the record holds it.
func (t *Tracker) indexWords(r *Record, doc *align.Doc) {
	a := &r.Article
	if t.rewrites == nil || verbatimCopy(r.Links) {
		return
	}
	if doc == nil {
		if a.Text == "" {
			return // a record without its text: not a source of rewrites
		}
		ds := t.docs.Get().(*docScratch)
		defer t.docs.Put(ds)
		doc = ds.tok.Doc(&ds.doc, a.Text, false)
	}
	_ = t.rewrites.Add(a.ID, doc, true) // the graph refused duplicates first
}

// alignScratch aligns two texts for Passages.
type alignScratch struct {
	al         align.Aligner
	tok        align.Tokenizer
	copy, from align.Doc
}

// aligned reports whether the link between copy and source (either
// way) was found by alignment, and is not verbatim: its passages are
// then found by alignment too.
func (g *Graph) aligned(copyID, sourceID string) bool {
	x, okX := g.byID[copyID]
	y, okY := g.byID[sourceID]
	if !okX || !okY {
		return false
	}
	for l := range g.links(x) {
		if l.other == y {
			return l.aligned && l.kind != KindVerbatim
		}
	}
	return false
}

// alignPassages returns the passages of copyText aligned to sourceText,
// words weighed by the second index's rarity counts.
func (t *Tracker) alignPassages(copyText, sourceText string) Passages {
	s, _ := t.aligners.Get().(*alignScratch)
	if s == nil {
		s = new(alignScratch)
	}
	defer t.aligners.Put(s)
	var w align.Weigher = align.Uniform{}
	if t.rewrites != nil {
		w = t.rewrites.DocFreq()
	}
	c := s.tok.Doc(&s.copy, copyText, true)
	src := s.tok.Doc(&s.from, sourceText, true)
	s.al.Exhaustive = true
	res := s.al.Compare(nil, c, src, w)
	out := Passages{
		CopyCoverage: res.CopyCoverage, SourceCoverage: res.SourceCoverage,
		CopyShingles: res.CopyWords, SourceShingles: res.SourceWords,
	}
	end := 0
	for _, p := range res.Passages {
		if p.Copy[0] < end {
			continue // overlaps the previous passage in the copy: keep copy ranges apart
		}
		out.Passages = append(out.Passages, Passage{Copy: p.Copy, Source: p.Source})
		out.SharedShingles += p.Matched
		end = p.Copy[1]
	}
	return out
}
