package align

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"sync"
)

// ErrDuplicateID is returned by [Index.Add] for an ID already indexed.
var ErrDuplicateID = errors.New("align: duplicate ID")

// IndexConfig configures an [Index]. Zero fields mean the defaults.
type IndexConfig struct {
	// Keys is the number of a document's rarest distinct words it is
	// indexed under (default 24).
	Keys int
	// PostingCap bounds the documents listed under one word (default
	// 64): a word in more documents is not rare: queries skip it, and the
	// oldest entries make way for new ones.
	PostingCap int
	// Candidates is the most candidates a query verifies (default 5),
	// those sharing the most rare weight with the query.
	Candidates int
	// MinShared is the least number of indexed rare words a candidate
	// shares with the query (default 2), and MinWeight the least summed
	// rarity of those words (default 1.2).
	MinShared int
	MinWeight float64
	// MinRareShared is the least number of those words that are rare
	// (rarity at least DefaultRules.RareWeight, not figures) when the
	// query is made (default 0: no least number).
	MinRareShared int
	// Rules are the alignment and grading rules of the verification.
	Rules Rules
	// Capacity is the number of documents the index is sized for up
	// front: it grows past it as needed, but a good guess spares the
	// copies and the slack of growing. 0 (or less) means start small.
	Capacity int
}

// keyWeight is the least rarity of a word a document is indexed under.
const keyWeight = 0.3

// lookupWeight is the least rarity of a word a query looks up: words of
// rarity 0.3 to 0.5 are keys of short documents only, and their postings
// are long; on Reuters, skipping them halves the postings scanned and
// loses 0.1% of the links.
const lookupWeight = 0.5

// Defaults of IndexConfig.
const (
	DefaultKeys       = 24
	DefaultPostingCap = 64
	DefaultCandidates = 5
	DefaultMinShared  = 2
	DefaultMinWeight  = 1.2
)

func (c IndexConfig) withDefaults() IndexConfig {
	c.Keys = cmp.Or(c.Keys, DefaultKeys)
	c.PostingCap = cmp.Or(c.PostingCap, DefaultPostingCap)
	c.Candidates = cmp.Or(c.Candidates, DefaultCandidates)
	c.MinShared = cmp.Or(c.MinShared, DefaultMinShared)
	c.MinWeight = cmp.Or(c.MinWeight, DefaultMinWeight)
	return c
}

// Link is a verified link from a queried document (the copy) to an
// indexed one (its possible source).
type Link struct {
	// ID is the indexed document's ID.
	ID string
	// Result is the alignment of the copy with it; Result.Kind is never
	// None in a Link.
	Result Result
	// Reversed is true when the indexed document is the copy and the
	// query its source (see [Index.QueryOrdered]): Result then describes
	// the indexed document as the copy.
	Reversed bool
}

// Index is the streaming candidate layer for rewrites and partial
// copies. Documents are added one at a time, in the order they are seen;
// each is indexed under its Keys rarest distinct words (rarity as counted
// by the index's [DocFreq] when it is added) and keeps its word hashes
// for verification. A query looks up all the query's distinct words,
// sums the rarity of the indexed words each earlier document shares with
// it (words in PostingCap documents or more are skipped), and verifies
// the best Candidates with an [Aligner]: what it returns
// is exact (see [Doc]) for the candidates it tries.
//
// Memory per indexed document: its words, 4 bytes each, plus Keys
// postings of 4 bytes, its ID and about 60 bytes of bookkeeping; the
// DocFreq is a fixed 8 MiB. Documents leave with [Index.Remove] (for a
// time window); their slots and postings are reused.
//
// An Index is safe for concurrent use: queries run in parallel with each
// other, Add and Remove take an exclusive lock.
type Index struct {
	cfg IndexConfig
	df  *DocFreq

	mu       sync.RWMutex
	docs     []entry
	byID     map[string]int32
	free     []int32
	postings postingTable

	scratch sync.Pool // *queryScratch
}

// entry is one indexed document.
type entry struct {
	id    string
	words []uint32
	keys  []uint32
}

// queryScratch are a query's buffers.
type queryScratch struct {
	al       Aligner
	copyW    []float32
	laterW   []float32
	rareCopy []uint32
	// acc accumulates, by slot, what each indexed document shares with
	// the query; an entry is current when its gen is the query's.
	acc     []accum
	gen     uint32
	touched []int32
	cands   []cand
	doc     Doc
}

// accum is what one indexed document shares with a query.
type accum struct {
	gen    uint32
	shared int32
	rare   int32 // shared words of rarity RareWeight or more
	weight float32
}

type cand struct {
	slot   int32
	shared int
	weight float64
}

// NewIndex returns an empty Index that counts word rarity in df (nil: a
// new DocFreq of its own). Several indexes may share one DocFreq.
func NewIndex(cfg IndexConfig, df *DocFreq) *Index {
	if df == nil {
		df = NewDocFreq()
	}
	ix := &Index{cfg: cfg.withDefaults(), df: df}
	n := max(cfg.Capacity, 0)
	ix.byID = make(map[string]int32, n)
	ix.docs = make([]entry, 0, n)
	ix.scratch.New = func() any { return new(queryScratch) }
	return ix
}

// DocFreq returns the index's word counts.
func (ix *Index) DocFreq() *DocFreq { return ix.df }

// Len returns the number of indexed documents.
func (ix *Index) Len() int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return len(ix.byID)
}

// Query returns the indexed documents that copy derives from, best
// (highest Score) first, with the passages' byte ranges when copy has
// spans (the indexed side's ranges are then zero: the index keeps no
// text; align the two texts again for them). except, if not empty, is an
// ID to leave out.
func (ix *Index) Query(copy *Doc, except string) []Link {
	return ix.QueryOrdered(copy, except, nil)
}

// QueryOrdered is Query for a document that need not be the latest: for
// an indexed document that comes after it (later reports so, by ID), the
// indexed document is aligned as the copy and the query as its source,
// and the Link is Reversed. later is called under the index's read
// lock: it must not call the index.
func (ix *Index) QueryOrdered(copy *Doc, except string, later func(id string) bool) []Link {
	s := ix.scratch.Get().(*queryScratch)
	defer ix.scratch.Put(s)
	s.al.Rules, s.al.linksOnly = ix.cfg.Rules, true
	distinct, weights := copy.distinctWeights(ix.df)

	ix.mu.RLock()
	defer ix.mu.RUnlock()
	skip := int32(-1)
	if x, ok := ix.byID[except]; ok {
		skip = x
	}
	if len(s.acc) < len(ix.docs) {
		s.acc = append(s.acc, make([]accum, len(ix.docs)-len(s.acc))...)
	}
	s.gen++
	if s.gen == 0 { // wrapped: old entries could look current
		clear(s.acc)
		s.gen = 1
	}
	s.touched = s.touched[:0]
	for n, h := range distinct {
		w := weights[n]
		if w < lookupWeight {
			continue
		}
		p := ix.postings.get(h)
		if len(p) >= ix.cfg.PostingCap {
			continue // in too many documents to be rare
		}
		for _, slot := range p {
			if slot == skip { // a removed document's slot is in no postings
				continue
			}
			a := &s.acc[slot]
			if a.gen != s.gen {
				*a = accum{gen: s.gen}
				s.touched = append(s.touched, slot)
			}
			a.shared++
			a.weight += w
			if w >= DefaultRules.RareWeight && !IsFigure(h) {
				a.rare++
			}
		}
	}
	s.cands = s.cands[:0]
	for _, slot := range s.touched {
		a := &s.acc[slot]
		if int(a.shared) >= ix.cfg.MinShared && float64(a.weight) >= ix.cfg.MinWeight && int(a.rare) >= ix.cfg.MinRareShared {
			s.cands = append(s.cands, cand{slot: slot, shared: int(a.shared), weight: float64(a.weight)})
		}
	}
	slices.SortFunc(s.cands, func(a, b cand) int {
		return cmp.Or(cmp.Compare(b.weight, a.weight), cmp.Compare(a.slot, b.slot))
	})
	var links []Link
	if len(s.cands) > 0 {
		// The copy's words weighed from its distinct words' weights:
		// no second look into the counts.
		s.copyW = s.copyW[:0]
		for _, at := range copy.terms.at {
			s.copyW = append(s.copyW, weights[at])
		}
		s.rareCopy = s.rareCopy[:0]
		rareWeight := ix.cfg.Rules.withDefaults().RareWeight
		for n, h := range distinct {
			if weights[n] >= rareWeight && !IsFigure(h) {
				s.rareCopy = append(s.rareCopy, h)
			}
		}
	}
	for _, c := range s.cands[:min(len(s.cands), ix.cfg.Candidates)] {
		e := &ix.docs[c.slot]
		s.doc.Words = e.words
		reversed := later != nil && later(e.id)
		var res Result
		if reversed {
			s.laterW = ix.df.AppendWeights(s.laterW[:0], e.words)
			s.al.rareCopy = nil // the query's rare words are not the copy's
			res = s.al.CompareWeighted(nil, &s.doc, copy, s.laterW)
		} else {
			s.al.rareCopy = s.rareCopy
			res = s.al.CompareWeighted(nil, copy, &s.doc, s.copyW)
		}
		if res.Kind != None {
			links = append(links, Link{ID: e.id, Result: res, Reversed: reversed})
		}
	}
	slices.SortStableFunc(links, func(a, b Link) int { return cmp.Compare(b.Result.Score, a.Result.Score) })
	return links
}

// Add counts doc's words in the DocFreq (when count is true) and indexes
// it under id. Query before Add: a document is never its own candidate
// then, and its words are not yet counted when its rarity is weighed.
// The error wraps [ErrDuplicateID].
func (ix *Index) Add(id string, doc *Doc, count bool) error {
	distinct, weights := doc.distinctWeights(ix.df)
	keys := ix.keys(distinct, weights)
	if count {
		ix.df.Add(distinct)
	}

	ix.mu.Lock()
	defer ix.mu.Unlock()
	if _, dup := ix.byID[id]; dup {
		return fmt.Errorf("%w: %q", ErrDuplicateID, id)
	}
	var slot int32
	if n := len(ix.free); n > 0 {
		slot, ix.free = ix.free[n-1], ix.free[:n-1]
	} else {
		slot = int32(len(ix.docs))
		ix.docs = append(ix.docs, entry{})
	}
	ix.docs[slot] = entry{id: id, words: slices.Clip(slices.Clone(doc.Words)), keys: keys}
	ix.byID[id] = slot
	for _, h := range keys {
		ref := ix.postings.ref(h)
		p := *ref
		if len(p) >= ix.cfg.PostingCap {
			copy(p, p[1:])
			p = p[:len(p)-1]
		}
		*ref = append(p, slot)
	}
	return nil
}

// keys returns the Keys rarest of a document's distinct words that weigh
// keyWeight or more (figures capped at FigureWeight), ties broken by the
// smaller hash. It selects them in linear time: a histogram of the
// weights finds the cut, and only the words at the cut are sorted.
func (ix *Index) keys(distinct []uint32, weights []float32) []uint32 {
	const buckets = 64
	var hist [buckets + 1]int
	weight := func(n int) float32 {
		if IsFigure(distinct[n]) {
			return min(weights[n], DefaultRules.FigureWeight)
		}
		return weights[n]
	}
	bucket := func(w float32) int { return int(w * buckets) } // w in [0, 1]
	rare := 0
	for n := range distinct {
		if w := weight(n); w >= keyWeight {
			hist[bucket(w)]++
			rare++
		}
	}
	want := min(ix.cfg.Keys, rare)
	keys := make([]uint32, 0, want)
	// cut is the bucket holding the want-th rarest word: every word above
	// it is a key, and the rarest of those in it.
	cut, above := buckets, 0
	for ; cut >= 0 && above+hist[cut] < want; cut-- {
		above += hist[cut]
	}
	type key struct {
		h uint32
		w float32
	}
	var atCut []key
	for n, h := range distinct {
		w := weight(n)
		switch b := bucket(w); {
		case w < keyWeight || b < cut:
		case b > cut:
			keys = append(keys, h)
		default:
			atCut = append(atCut, key{h, w})
		}
	}
	if len(keys)+len(atCut) > want {
		slices.SortFunc(atCut, func(a, b key) int { return cmp.Or(cmp.Compare(b.w, a.w), cmp.Compare(a.h, b.h)) })
		atCut = atCut[:want-len(keys)]
	}
	for _, k := range atCut {
		keys = append(keys, k.h)
	}
	return keys
}

// Remove takes id out of the index and reports whether it was there.
func (ix *Index) Remove(id string) bool {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	slot, ok := ix.byID[id]
	if !ok {
		return false
	}
	e := &ix.docs[slot]
	for _, h := range e.keys {
		ref := ix.postings.ref(h)
		if *ref = slices.DeleteFunc(*ref, func(s int32) bool { return s == slot }); len(*ref) == 0 {
			ix.postings.remove(h)
		}
	}
	*e = entry{}
	delete(ix.byID, id)
	ix.free = append(ix.free, slot)
	return true
}
