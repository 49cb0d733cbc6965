package align

import (
	"cmp"
	"math"
	"slices"
)

// Weigher gives words their rarity weights in [0, 1]. [DocFreq] is one;
// [Uniform] weighs every word 1.
type Weigher interface {
	// AppendWeights appends the weight of each of words to dst.
	AppendWeights(dst []float32, words []uint32) []float32
}

// Uniform weighs every word 1: alignment without rarity.
type Uniform struct{}

// AppendWeights appends a 1 for each word.
func (Uniform) AppendWeights(dst []float32, words []uint32) []float32 {
	for range words {
		dst = append(dst, 1)
	}
	return dst
}

// Passage is one stretch of a copy aligned to a stretch of its source.
// Inside a passage the shared words come in the same order on both sides;
// other words may be changed, added or dropped between them.
type Passage struct {
	// Copy and Source are byte ranges [start, end) from the first to the
	// last aligned word, each when its Doc has spans; else zero.
	Copy, Source [2]int
	// CopyWords and SourceWords are the same ranges in word positions.
	CopyWords, SourceWords [2]int
	// Matched is the number of aligned word pairs (equal words).
	Matched int
	// Weight is the summed rarity of the copy's aligned words.
	Weight float64
	// Verbatim is the number of the copy's words in runs of at least
	// [Rules.RunWords] consecutive words found consecutively in the
	// source: the part copied word for word.
	Verbatim int
	// Kept is the number of the copy's rare words and figures aligned in
	// the passage; Changed the number of those inside it that are
	// nowhere in the source: a name or figure replaced by another, as
	// when two items are filled into one template.
	Kept, Changed int
}

// Result is the comparison of a copy with a possible source.
type Result struct {
	// Kind is the grade of the link; None when the copy is not shown to
	// derive from the source.
	Kind Kind
	// Score orders links: the share of the copy's rarity weight that is
	// aligned to the source (the copy's words, each weighed by its
	// rarity, that lie in a passage and match a source word there). In
	// [0, 1].
	Score float64
	// Passages are the passages found, in copy order. Their source
	// ranges may come in any order and may overlap.
	Passages []Passage
	// CopyCoverage and SourceCoverage are the shares of each side's words
	// lying inside a passage (from its first to its last aligned word).
	CopyCoverage, SourceCoverage float64
	// CopyVerbatim and SourceVerbatim are the shares of each side's words
	// in runs copied word for word (see [Passage.Verbatim]).
	CopyVerbatim, SourceVerbatim float64
	// Found is the share of the copy's rarity weight on words that occur
	// anywhere in the source, aligned or not: how little the copy has
	// of its own.
	Found float64
	// CopyWords and SourceWords are the numbers of words of the two
	// texts.
	CopyWords, SourceWords int
	// Rare is the number of the copy's distinct rare words (rarity at
	// least Rules.RareWeight): names, figures, unusual words.
	// RareFound of them occur in the source, RareAligned of them are
	// aligned in a passage.
	Rare, RareFound, RareAligned int
	// Figures is the number of the copy's distinct figures (words with a
	// digit), FiguresFound of them occur in the source.
	Figures, FiguresFound int
	// FiguresKept and FiguresChanged count the figures inside passages
	// (occurrences): aligned to the source, and nowhere in the source (a
	// figure replaced, as in a market report refilled at a later hour).
	FiguresKept, FiguresChanged int
}

// match is one pair of equal words: copy position i, source position j.
type match struct {
	i, j int32
	w    float32 // rarity of the word
}

// chain is an accepted passage, as matches first..last (indexes into
// Aligner.matches, linked by pred).
type chain struct {
	last  int32
	score float32
}

// Aligner compares copies with possible sources. It keeps buffers
// between calls. It is not safe for concurrent use: use one per
// goroutine. The zero value is ready to use with [DefaultRules].
type Aligner struct {
	// Rules are the alignment and grading rules; the zero value means
	// DefaultRules.
	Rules Rules
	// Exhaustive aligns every pair, even those that share too few rare
	// words to be linked (their figures are then complete; their kind is
	// None either way).
	Exhaustive bool
	// linksOnly skips measuring the pairs that cannot be linked (an
	// Index's queries drop them).
	linksOnly bool
	// rareCopy, when set (by an Index, for its query), are the copy's
	// distinct rare words that are not figures: fewer than MinRare of
	// them in a source rule it out before anything else is counted,
	// verbatim links included (the shingle index finds those).
	rareCopy []uint32

	cw, sw  []float32
	table   []slot
	next    []int32
	matches []match
	sorted  []match // sortMatches' other buffer
	counts  []int32
	first   []int32 // by match: the first match of its copy position
	f       []float32
	pred    []int32
	order   []int32
	keys    []uint64
	used    []bool
	chains  []chain
	inCopy  []bool // copy word aligned in an accepted passage
	spanC   []bool // copy word inside a passage
	spanS   []bool
	verbC   []bool
	verbS   []bool
	path    []int32
	rare    []uint64
	// copyWords are the copy's distinct words, sorted, for promising.
	copyWords []uint32
}

// slot is one entry of the source word index.
type slot struct {
	word uint32
	head int32 // first position plus 1; 0 if empty
}

// maxPositions bounds the source positions paired with one copy word.
const maxPositions = 24

// maxPredecessors bounds the earlier matches a match tries to extend.
const maxPredecessors = 256

// Compare aligns copy to source, weighing words with w (nil means
// [Uniform]), and grades the link. The Result's Passages are appended to
// dst (which may be nil). Compare never fails; empty Docs give a Result
// of kind None.
func (a *Aligner) Compare(dst []Passage, copy, source *Doc, w Weigher) Result {
	if w == nil {
		w = Uniform{}
	}
	a.cw = w.AppendWeights(a.cw[:0], copy.Words)
	return a.compare(dst, copy, source)
}

// CompareWeighted is [Aligner.Compare] with the copy's word weights given
// (one per word of copy, as a Weigher appends them): comparing one copy
// with several sources weighs it once. It panics if the lengths differ.
func (a *Aligner) CompareWeighted(dst []Passage, copy, source *Doc, copyWeights []float32) Result {
	if len(copyWeights) != len(copy.Words) {
		panic("align: CompareWeighted with a weight per word of another copy")
	}
	a.cw = append(a.cw[:0], copyWeights...)
	return a.compare(dst, copy, source)
}

// compare aligns copy, with weights a.cw, to source.
func (a *Aligner) compare(dst []Passage, copy, source *Doc) Result {
	r := a.Rules.withDefaults()
	res := Result{Passages: dst, CopyWords: len(copy.Words), SourceWords: len(source.Words)}
	if len(copy.Words) == 0 || len(source.Words) == 0 {
		return res
	}
	for i, h := range copy.Words {
		if IsFigure(h) {
			a.cw[i] = min(a.cw[i], r.FigureWeight)
		}
	}
	a.index(source.Words)
	if !a.Exhaustive && !a.promising(r, copy, source.Words) {
		if a.linksOnly {
			return res // Kind None, figures not measured: the caller keeps links only
		}
		a.matches = a.matches[:0]
		a.chains = a.chains[:0]
		a.measure(&res, r, copy, source)
		return res // Kind None: fewer than MinRare rare words shared
	}
	a.pair(r, copy.Words, source.Words)
	a.chain(r)
	a.extract(r)
	a.measure(&res, r, copy, source)
	res.Kind = r.grade(&res)
	return res
}

// index maps each source word to its positions.
func (a *Aligner) index(src []uint32) {
	n := len(src)
	size := 16
	for size < 2*n {
		size <<= 1
	}
	a.table = resize(a.table, size)
	clear(a.table)
	a.next = resize(a.next, n)
	mask := uint32(size - 1)
	for p := n - 1; p >= 0; p-- {
		h := src[p]
		for j := (h * 0x9E3779B1) >> 7 & mask; ; j = (j + 1) & mask {
			s := &a.table[j]
			if s.head == 0 {
				s.word, s.head, a.next[p] = h, int32(p+1), 0
				break
			}
			if s.word == h {
				a.next[p], s.head = s.head, int32(p+1)
				break
			}
		}
	}
}

func (a *Aligner) lookup(h uint32) int32 {
	mask := uint32(len(a.table) - 1)
	for j := (h * 0x9E3779B1) >> 7 & mask; ; j = (j + 1) & mask {
		s := &a.table[j]
		if s.head == 0 || s.word == h {
			return s.head
		}
	}
}

// pair lists the matches in copy order, then source order: every pair of
// equal words that are not stop words (rarity below Rules.StopWeight),
// and the stop words that extend such a pair along its diagonal word for
// word, so that runs copied word for word are whole while the common
// words elsewhere cost nothing.
func (a *Aligner) pair(r Rules, cp, src []uint32) {
	a.matches = a.matches[:0]
	for i, h := range cp {
		if a.cw[i] < r.StopWeight {
			continue
		}
		for p, k := a.lookup(h), 0; p != 0 && k < maxPositions; p, k = a.next[p-1], k+1 {
			j := p - 1
			a.matches = append(a.matches, match{i: int32(i), j: j, w: a.cw[i]})
			for x, y := i+1, int(j)+1; x < len(cp) && y < len(src) && cp[x] == src[y] && a.cw[x] < r.StopWeight; x, y = x+1, y+1 {
				a.matches = append(a.matches, match{i: int32(x), j: int32(y), w: a.cw[x]})
			}
			for x, y := i-1, int(j)-1; x >= 0 && y >= 0 && cp[x] == src[y] && a.cw[x] < r.StopWeight; x, y = x-1, y-1 {
				a.matches = append(a.matches, match{i: int32(x), j: int32(y), w: a.cw[x]})
			}
		}
	}
	a.sortMatches(len(cp))
}

// sortMatches sorts a.matches by copy position, then source position,
// and drops repeated pairs (equal pairs have equal weights: the copy
// word's), as sorting and compacting would: a counting sort by copy
// position, then each copy position's few matches sorted by source
// position. It sets a.first: for each match, the index of the first
// match of its copy position.
func (a *Aligner) sortMatches(words int) {
	m := a.matches
	a.counts = resize(a.counts, words+1)
	clear(a.counts)
	for _, x := range m {
		a.counts[x.i+1]++
	}
	for i := 1; i <= words; i++ {
		a.counts[i] += a.counts[i-1]
	}
	a.sorted = resize(a.sorted, len(m))
	for _, x := range m {
		a.sorted[a.counts[x.i]] = x
		a.counts[x.i]++
	}
	// a.counts[i] is now the end of copy position i's matches.
	out := a.sorted[:0]
	a.first = a.first[:0]
	start := int32(0)
	for i := range words {
		end := a.counts[i]
		b := a.sorted[start:end]
		start = end
		if len(b) == 0 {
			continue
		}
		if len(b) <= 16 {
			for x := 1; x < len(b); x++ {
				for y := x; y > 0 && b[y].j < b[y-1].j; y-- {
					b[y], b[y-1] = b[y-1], b[y]
				}
			}
		} else {
			slices.SortFunc(b, func(x, y match) int { return cmp.Compare(x.j, y.j) })
		}
		first := int32(len(out))
		for x, mx := range b {
			if x > 0 && mx.j == b[x-1].j {
				continue
			}
			out = append(out, mx) // never past b's own place: out trails b
			a.first = append(a.first, first)
		}
	}
	a.matches, a.sorted = out, m[:0]
}

// promising reports whether the copy can reach a link at all. It is a
// bound on what the alignment can find, so skipping the alignment when
// it is false changes no result:
//   - Verbatim needs VerbatimShare of the copy's words in the source;
//   - every other kind needs MinRare distinct rare words aligned, so
//     found in the source, and PartialScore of the copy's weight found
//     there;
//   - Rewrite needs RewriteRare (or RewordedRare), Partial PartialRare
//     (or LongPassageRare) of the copy's distinct rare words found
//     (RareAligned ≤ RareFound), unless the link can be an Update:
//     UpdateShare of the source's words in the copy.
func (a *Aligner) promising(r Rules, copy *Doc, src []uint32) bool {
	cp := copy.Words
	if a.rareCopy != nil {
		// A cheaper cut first (a candidate filter, not a bound): the
		// copy's distinct rare words found in the source.
		n := 0
		for _, h := range a.rareCopy {
			if a.lookup(h) != 0 {
				n++
			}
		}
		if n < r.MinRare {
			return false
		}
	}
	var total, found float64
	words := 0
	a.rare = a.rare[:0]
	for i, h := range cp {
		w := float64(a.cw[i])
		total += w
		in := a.lookup(h) != 0
		if in {
			words++
			found += w
		}
		if a.cw[i] >= r.RareWeight && !IsFigure(h) {
			flag := uint64(0)
			if in {
				flag = 1
			}
			a.rare = append(a.rare, uint64(h)<<1|flag)
		}
	}
	if float64(words) >= r.VerbatimShare*float64(len(cp)) {
		return true
	}
	if found < r.PartialScore*total {
		return false
	}
	slices.Sort(a.rare)
	a.rare = slices.CompactFunc(a.rare, func(x, y uint64) bool { return x>>1 == y>>1 })
	rare, rareFound := len(a.rare), 0
	for _, x := range a.rare {
		rareFound += int(x & 1)
	}
	switch {
	case rareFound < r.MinRare:
		return false
	case float64(rareFound) >= min(r.PartialRare, r.LongPassageRare, r.RewriteRare, r.RewordedRare)*float64(rare):
		return true
	}
	// Only an Update is left: most of the source's words in the copy.
	if len(src) < r.UpdateWords {
		return false
	}
	in := 0
	if copy.termsReady() { // an Index's query: the copy's words are in a table
		for _, h := range src {
			if copy.holds(h) {
				in++
			}
		}
		return float64(in) >= r.UpdateShare*float64(len(src))
	}
	a.copyWords = append(a.copyWords[:0], cp...)
	slices.Sort(a.copyWords)
	a.copyWords = slices.Compact(a.copyWords)
	for _, h := range src {
		if _, ok := slices.BinarySearch(a.copyWords, h); ok {
			in++
		}
	}
	return float64(in) >= r.UpdateShare*float64(len(src))
}

// chain computes, for every match, the best score of a chain ending
// there (f) and its predecessor (pred): each match adds its word's
// rarity plus Rules.WordBonus, each step between matches costs its gaps.
func (a *Aligner) chain(r Rules) {
	m := a.matches
	a.f = resize(a.f, len(m))
	a.pred = resize(a.pred, len(m))
	maxGap := int32(r.MaxGap)
	// A step never adds to a chain's score when the costs are not
	// negative: a predecessor scoring no more than the best so far cannot
	// beat it (v ≤ f[p] in floating point too: subtracting a number not
	// below zero never rounds up).
	prune := r.GapCost >= 0 && r.SkewCost >= 0
	for k := range m {
		mk := m[k]
		best, bp := float32(0), int32(-1)
		// The matches before k of k's copy position are skipped; of the
		// others, the maxPredecessors nearest are tried.
		start := int(a.first[k])
		for p := start - 1; p >= 0 && p >= start-maxPredecessors; p-- {
			mp := m[p]
			if mk.i-mp.i > maxGap+1 {
				break
			}
			gs := mk.j - mp.j - 1
			if gs > maxGap {
				// So are the earlier matches of mp's copy position
				// (smaller source positions): skip them.
				p = int(a.first[p])
				continue
			}
			if gs < 0 {
				continue
			}
			if prune && a.f[p] <= best {
				continue
			}
			gc := mk.i - mp.i - 1
			skew := gc - gs
			if skew < 0 {
				skew = -skew
			}
			v := a.f[p] - r.GapCost*float32(gc+gs) - r.SkewCost*float32(skew)
			if v > best {
				best, bp = v, int32(p)
			}
		}
		a.f[k] = mk.w + r.WordBonus + best
		a.pred[k] = bp
	}
}

// extract picks the passages: chain ends by decreasing score, each traced
// back until it meets a match already used; kept when what remains scores
// at least Rules.MinScore.
func (a *Aligner) extract(r Rules) {
	m := a.matches
	// The chain ends by decreasing score, then increasing index: sorted
	// as integers, each the score's bits made to sort in reverse order
	// above the index.
	a.order = a.order[:0]
	a.keys = a.keys[:0]
	for k := range m {
		if a.f[k] >= r.MinScore {
			a.keys = append(a.keys, uint64(^orderedBits(a.f[k]))<<32|uint64(k))
		}
	}
	slices.Sort(a.keys)
	for _, x := range a.keys {
		a.order = append(a.order, int32(uint32(x)))
	}
	a.used = resize(a.used, len(m))
	clear(a.used)
	a.chains = a.chains[:0]
	for _, k := range a.order {
		if a.f[k] < r.MinScore {
			break
		}
		if a.used[k] {
			continue
		}
		score := a.f[k]
		n := 0
		p := k
		for ; p >= 0 && !a.used[p]; p = a.pred[p] {
			n++
		}
		if p >= 0 {
			score -= a.f[p]
		}
		if score < r.MinScore || n < r.MinMatched {
			continue
		}
		for q := k; q != p; q = a.pred[q] {
			a.used[q] = true
		}
		// Cut the chain's link to the used part, so tracing stops there.
		a.chains = append(a.chains, chain{last: k, score: score})
		a.cutAt(k, p)
	}
}

// orderedBits maps x to an integer of the same order (NaN aside): -0
// and +0 to the same.
func orderedBits(x float32) uint32 {
	if x == 0 {
		x = 0
	}
	b := math.Float32bits(x)
	if b>>31 != 0 {
		return ^b
	}
	return b | 1<<31
}

// cutAt makes the chain ending at k start after match stop (-1: at its
// own start) by clearing the pred of its first match.
func (a *Aligner) cutAt(k, stop int32) {
	q := k
	for a.pred[q] != stop && a.pred[q] >= 0 {
		q = a.pred[q]
	}
	a.pred[q] = -1
}

// measure fills the result's passages and figures from the chains.
func (a *Aligner) measure(res *Result, r Rules, copy, source *Doc) {
	nc, ns := len(copy.Words), len(source.Words)
	a.inCopy = resize(a.inCopy, nc)
	a.spanC = resize(a.spanC, nc)
	a.verbC = resize(a.verbC, nc)
	a.spanS = resize(a.spanS, ns)
	a.verbS = resize(a.verbS, ns)
	for _, s := range [][]bool{a.inCopy, a.spanC, a.verbC, a.spanS, a.verbS} {
		clear(s)
	}
	m := a.matches
	start := len(res.Passages)
	for _, c := range a.chains {
		a.path = a.path[:0]
		for q := c.last; q >= 0; q = a.pred[q] {
			a.path = append(a.path, q)
		}
		slices.Reverse(a.path)
		a.path = a.trim(r, a.path)
		if len(a.path) == 0 {
			continue
		}
		first, last := m[a.path[0]], m[a.path[len(a.path)-1]]
		p := Passage{
			CopyWords:   [2]int{int(first.i), int(last.i) + 1},
			SourceWords: [2]int{int(first.j), int(last.j) + 1},
			Matched:     len(a.path),
		}
		for x := first.i; x <= last.i; x++ {
			a.spanC[x] = true
		}
		for x := first.j; x <= last.j; x++ {
			a.spanS[x] = true
		}
		run := 1
		for n, q := range a.path {
			mq := m[q]
			a.inCopy[mq.i] = true
			p.Weight += float64(mq.w)
			if n > 0 && mq.i == m[a.path[n-1]].i+1 && mq.j == m[a.path[n-1]].j+1 {
				run++
			} else {
				run = 1
			}
			switch {
			case run == r.RunWords:
				for b := range run {
					a.verbC[int(mq.i)-b] = true
					a.verbS[int(mq.j)-b] = true
				}
			case run > r.RunWords:
				a.verbC[mq.i], a.verbS[mq.j] = true, true
			}
		}
		for x := first.i; x <= last.i; x++ {
			if a.verbC[x] {
				p.Verbatim++
			}
			if a.cw[x] < r.RareWeight && !IsFigure(copy.Words[x]) {
				continue
			}
			switch {
			case a.inCopy[x]:
				p.Kept++
				if IsFigure(copy.Words[x]) {
					res.FiguresKept++
				}
			case a.lookup(copy.Words[x]) == 0:
				p.Changed++
				if IsFigure(copy.Words[x]) {
					res.FiguresChanged++
				}
			}
		}
		if len(copy.Spans) == nc {
			p.Copy = [2]int{int(copy.Spans[first.i][0]), int(copy.Spans[last.i][1])}
		}
		if len(source.Spans) == ns {
			p.Source = [2]int{int(source.Spans[first.j][0]), int(source.Spans[last.j][1])}
		}
		res.Passages = append(res.Passages, p)
	}
	slices.SortFunc(res.Passages[start:], func(x, y Passage) int {
		return cmp.Or(cmp.Compare(x.CopyWords[0], y.CopyWords[0]), cmp.Compare(x.SourceWords[0], y.SourceWords[0]))
	})
	var total, aligned, found float64
	for i, wt := range a.cw {
		total += float64(wt)
		if a.inCopy[i] {
			aligned += float64(wt)
		}
		if a.lookup(copy.Words[i]) != 0 {
			found += float64(wt)
		}
	}
	if total > 0 {
		res.Score, res.Found = aligned/total, found/total
	}
	a.rare = a.rare[:0]
	for i, wt := range a.cw {
		if wt >= r.RareWeight || IsFigure(copy.Words[i]) {
			flags := uint64(0)
			if a.lookup(copy.Words[i]) != 0 {
				flags |= 1
			}
			if a.inCopy[i] {
				flags |= 2
			}
			a.rare = append(a.rare, uint64(copy.Words[i])<<2|flags)
		}
	}
	slices.Sort(a.rare)
	for n, x := range a.rare {
		if n+1 < len(a.rare) && a.rare[n+1]>>2 == x>>2 {
			continue // keep the last of a word: the one with the most flags
		}
		if IsFigure(uint32(x >> 2)) {
			res.Figures++
			if x&1 != 0 {
				res.FiguresFound++
			}
			continue
		}
		res.Rare++
		if x&1 != 0 {
			res.RareFound++
		}
		if x&2 != 0 {
			res.RareAligned++
		}
	}
	res.CopyCoverage = share(a.spanC)
	res.SourceCoverage = share(a.spanS)
	res.CopyVerbatim = share(a.verbC)
	res.SourceVerbatim = share(a.verbS)
}

// trim cuts a passage's path to run from its first to its last strong
// match: a rare word, or a word in a run copied word for word. Weak
// matches at the ends (a common word aligned across a gap) would stretch
// the passage over text that is not the source's. A path with no strong
// match is dropped (trim returns it empty).
func (a *Aligner) trim(r Rules, path []int32) []int32 {
	m := a.matches
	strong := func(n int) bool {
		x := m[path[n]]
		if x.w >= r.RareWeight {
			return true
		}
		run := 1
		for k := n - 1; k >= 0 && m[path[k]].i == m[path[k+1]].i-1 && m[path[k]].j == m[path[k+1]].j-1; k-- {
			run++
		}
		for k := n + 1; k < len(path) && m[path[k]].i == m[path[k-1]].i+1 && m[path[k]].j == m[path[k-1]].j+1; k++ {
			run++
		}
		return run >= r.RunWords
	}
	lo, hi := 0, len(path)-1
	for lo <= hi && !strong(lo) {
		lo++
	}
	for hi >= lo && !strong(hi) {
		hi--
	}
	return path[lo : hi+1]
}

func share(b []bool) float64 {
	n := 0
	for _, x := range b {
		if x {
			n++
		}
	}
	return float64(n) / float64(len(b))
}

// resize returns s with length n, reallocating only when it lacks room.
func resize[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n, max(n, 2*cap(s)))
	}
	return s[:n]
}
