package provenance

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/cespare/xxhash/v2"
	"github.com/reprintlab/reprint/credit"
)

// DefaultBoilerplateMin is the default Config.BoilerplateMin: a shingle
// found in 5 earlier articles of one outlet is boilerplate everywhere (see
// Config.BoilerplateMin for the measurements behind it).
const DefaultBoilerplateMin = 5

// boilerplate learns boilerplate (navigation, share buttons, donation
// appeals, newsletter promos, footers, recurring captions, a wire's
// formulaic sentences) as the shingles that recur across one outlet's
// articles of different stories. A story's own text stays in its story:
// an outlet's articles that repeat a story it has posted are not counted
// (see teaches), so its shingles stay below the threshold; a template's
// reach it after a few stories.
//
// Learning is per outlet, filtering is global. Counts live in one fixed
// table of counters keyed by a hash of (outlet, shingle) (see count).
// When a count reaches the threshold, the shingle joins the learned set,
// and the learned set is left out of every article's signature, whatever
// its outlet, and with none. So a copy signed after its source leaves out
// at least what the source left out, apart from forgetting (below): the
// copy's remaining shingles are all in the source's signature, and its
// containment in the source is not lowered. (Learning per outlet and
// filtering per outlet was asymmetric: a wire learnt its own formulaic
// sentences long before the sites copying it, whose copies then kept
// shingles their source had left out.) The Jaccard similarity of the two
// can still fall: the copy may leave out shingles learned after the source
// was signed, which the source kept.
//
// Forgetting: all counts are halved every time the table has counted as
// many shingles as it has counters (every few thousand articles), so old
// templates fade. The learned set has two generations, each a Bloom
// filter (two bits of one 64-bit word per shingle); a shingle is learned
// if either holds it. A shingle is put in the current generation whenever
// an article of an outlet where its count is at or above the threshold is
// learnt, and at every halving the older generation is cleared and becomes
// the current one. Boilerplate still in use is thus kept across halvings,
// and a shingle no outlet repeats any more is forgotten after one to two
// halvings.
//
// Memory is fixed: 8 MB of counters, 2 × 1 MB of learned set (on the
// synthetic corpus of the README, a generation holds about 6,000
// shingles, 0.14% of its bits), a 64 kB summary of it, and 512 kB of
// stories posted by outlets (see firstPost). All words are atomic: texts are
// fingerprinted in parallel while other articles are learnt.
type boilerplate struct {
	min      uint32
	counters []atomic.Uint32 // a power of two of them
	added    atomic.Uint64   // increments since the last halving
	// learned holds the two generations, interleaved: word w of
	// generation g is learned[2*w+g], so that is reads one cache line.
	learned []atomic.Uint64
	// summary is a small filter in front of learned, interleaved the same
	// way: one bit per shingle per generation in 64 kB, which the caches
	// hold, where nearly every check of a shingle ends.
	summary  []atomic.Uint64
	gen      atomic.Uint32  // generation gen&1 is the current one
	filled   [2]atomic.Bool // generation g may hold a shingle
	wordBits int            // a generation has 1<<wordBits words
	// posted holds the (outlet, story) pairs of outlets that have
	// posted a copy of another outlet's story (see firstPost).
	posted []atomic.Uint64

	scratch sync.Pool // *distinctSet
}

const (
	// boilerplateCounters is the size of the table of counters: 8 MB.
	boilerplateCounters = 1 << 21
	// learnedWordBits sets the size of one generation of the learned
	// set: 2^17 words, 2^23 bits, 1 MB. With two bits per shingle,
	// 100,000 learned shingles set 2.4% of the bits and a shingle is
	// wrongly found learned with probability 0.06%.
	learnedWordBits = 17
	// postedWords is the size of the table of (outlet, story) pairs
	// posted: 2^16 words, 512 kB, the last 64,000 or so copies of other
	// outlets' stories. A pair forgotten is counted once more, which
	// needs far more copies than the counts' own memory (their halving).
	postedWords = 1 << 16
	// summaryWordBits sets the size of one generation of the summary:
	// 2^12 words, 2^18 bits, 32 kB. 6,000 learned shingles set 2.3% of
	// its bits, so 98% of the checks of shingles not learned end there.
	summaryWordBits = 12
)

func newBoilerplate(min int) *boilerplate {
	return newBoilerplateSize(min, boilerplateCounters, learnedWordBits)
}

// newBoilerplateSize is newBoilerplate with a table of counters counters
// (a power of two) and learned sets of 1<<wordBits words.
func newBoilerplateSize(min int, counters, wordBits int) *boilerplate {
	b := &boilerplate{
		min: uint32(min), counters: make([]atomic.Uint32, counters), wordBits: wordBits,
		learned: make([]atomic.Uint64, 2<<wordBits), summary: make([]atomic.Uint64, 2<<summaryWordBits),
		posted: make([]atomic.Uint64, postedWords),
	}
	b.scratch.New = func() any { return new(distinctSet) }
	return b
}

// A counter is one uint32: a 16-bit tag of its (outlet, shingle) key
// above a 16-bit count; 0 is an empty counter. A key has two places, the
// two counters of one bucket, and is counted in the one holding its tag.
// A key that holds neither takes an empty or count-1 place (the count-1
// key is evicted: most shingles never recur) or else wears the lower
// count down by one. So the counts of recurring shingles are exact but
// for tag collisions (2^-16), where one untagged counter per key would
// add up every key that shares it.
const (
	tagShift = 16
	maxCount = 1<<tagShift - 1
)

// bucket returns the index of the first counter of the bucket of shingle
// h at outlet, and the key's tag.
func (b *boilerplate) bucket(outlet, h uint64) (int, uint32) {
	x := (h ^ outlet) * 0x9e3779b97f4a7c15
	x ^= x >> 29
	tag := uint32(x>>40) & maxCount
	if tag == 0 { // 0 is no key
		tag = 1
	}
	return int(x & uint64(len(b.counters)-2)), tag
}

// count adds one to the count of shingle h at outlet, and returns the new
// count, 0 if the key found no place.
func (b *boilerplate) count(outlet, h uint64) uint32 {
	i, tag := b.bucket(outlet, h)
	pair := b.counters[i : i+2]
	for {
		v0, v1 := pair[0].Load(), pair[1].Load()
		k, v := -1, uint32(0)
		switch {
		case v0>>tagShift == tag:
			k, v = 0, v0
		case v1>>tagShift == tag:
			k, v = 1, v1
		}
		if k >= 0 { // counted here
			n := v & maxCount
			if n == maxCount {
				return n
			}
			if pair[k].CompareAndSwap(v, v+1) {
				return n + 1
			}
			continue
		}
		k, v = 0, v0 // not counted: take or wear down the lower count
		if v1&maxCount < v0&maxCount {
			k, v = 1, v1
		}
		if v&maxCount <= 1 {
			if pair[k].CompareAndSwap(v, tag<<tagShift|1) {
				return 1
			}
			continue
		}
		if pair[k].CompareAndSwap(v, v-1) {
			return 0
		}
	}
}

// learnedBits returns the index of the pair of words of the learned set
// (generation 0, then 1) and the two bits in each that stand for shingle
// h. Shingle hashes are XXH64 values, well mixed.
func (b *boilerplate) learnedBits(h uint64) (pair int, mask uint64) {
	return int(h>>(64-b.wordBits)) * 2, 1<<(h&63) | 1<<((h>>6)&63)
}

// summaryBit returns the index of the pair of words of the summary and
// the bit in each that stand for shingle h: bits of h that learnedBits
// does not use.
func summaryBit(h uint64) (pair int, mask uint64) {
	return int(h>>12) & (1<<summaryWordBits - 1) * 2, 1 << ((h >> 30) & 63)
}

// is reports whether shingle h is learned boilerplate.
func (b *boilerplate) is(h uint64) bool {
	if j, s := summaryBit(h); (b.summary[j].Load()|b.summary[j+1].Load())&s == 0 {
		return false
	}
	i, m := b.learnedBits(h)
	return b.learned[i].Load()&m == m || b.learned[i+1].Load()&m == m
}

// distinctSet finds the distinct values of a list: an open-addressing
// table, faster than sorting or a map for the few hundred shingles of an
// article.
type distinctSet struct {
	slots []uint64 // 0 is an empty slot; the value 0 is kept apart
	out   []uint64
}

// of returns the distinct values of hashes, in their first order. The
// slice is the set's own, valid until the next call.
func (d *distinctSet) of(hashes []uint64) []uint64 {
	size := 64
	for size < 2*len(hashes) {
		size *= 2
	}
	if cap(d.slots) < size || cap(d.slots) > 1<<16 && size <= 1<<14 {
		d.slots = make([]uint64, size)
	} else {
		d.slots = d.slots[:size]
		clear(d.slots)
	}
	d.out = d.out[:0]
	if cap(d.out) > 1<<16 && len(hashes) <= 1<<14 {
		d.out = nil // do not keep a huge document's buffer
	}
	mask, zero := uint64(size-1), false
	for _, h := range hashes {
		if h == 0 {
			if !zero {
				zero = true
				d.out = append(d.out, 0)
			}
			continue
		}
		for i := (h * 0x9e3779b97f4a7c15) >> 32 & mask; ; i = (i + 1) & mask {
			if d.slots[i] == h {
				break
			}
			if d.slots[i] == 0 {
				d.slots[i] = h
				d.out = append(d.out, h)
				break
			}
		}
	}
	return d.out
}

// empty reports whether nothing is learned: then no shingle needs to be
// checked.
func (b *boilerplate) empty() bool { return !b.filled[0].Load() && !b.filled[1].Load() }

// learn counts the shingles of one article of outlet. A shingle repeated
// inside the article counts once.
func (b *boilerplate) learn(outlet uint64, hashes []uint64) {
	d := b.scratch.Get().(*distinctSet)
	defer b.scratch.Put(d)
	distinct := d.of(hashes)
	// Load every counter first: plain loads wait for their cache misses
	// together, where each compare-and-swap of count would wait alone.
	for _, h := range distinct {
		i, _ := b.bucket(outlet, h)
		b.counters[i].Load()
	}
	g := b.gen.Load() & 1
	for _, h := range distinct {
		if b.count(outlet, h) < b.min {
			continue
		}
		// The summary bit is set even when the learned bits are (set
		// by other shingles), so that it holds every learned shingle.
		j, s := summaryBit(h)
		if w := &b.summary[j+int(g)]; w.Load()&s == 0 {
			w.Or(s)
		}
		i, m := b.learnedBits(h)
		if w := &b.learned[i+int(g)]; w.Load()&m != m {
			w.Or(m)
		}
		if !b.filled[g].Load() {
			b.filled[g].Store(true)
		}
	}
	if total := b.added.Add(uint64(len(distinct))); total >= uint64(len(b.counters)) && b.added.CompareAndSwap(total, 0) {
		for i := range b.counters {
			c := &b.counters[i]
			if v := c.Load(); v != 0 {
				n := v & maxCount / 2
				if n == 0 {
					c.CompareAndSwap(v, 0)
				} else {
					c.CompareAndSwap(v, v&^maxCount|n)
				}
			}
		}
		g := b.gen.Load() + 1
		for i := int(g & 1); i < len(b.learned); i += 2 {
			b.learned[i].Store(0)
		}
		for i := int(g & 1); i < len(b.summary); i += 2 {
			b.summary[i].Store(0)
		}
		b.filled[g&1].Store(false)
		b.gen.Store(g)
	}
}

// firstPost reports whether outlet posts story (both hashes) for the first
// time, as far as the table remembers, and remembers it. A pair's place
// is one bucket of 4 words; a new pair takes the first empty word or
// else replaces the word its key names, so that concurrent calls for one
// pair race for one word: exactly one of them reports true.
func (b *boilerplate) firstPost(outlet, story uint64) bool {
	x := (story ^ outlet*0xff51afd7ed558ccd) * 0x9e3779b97f4a7c15
	x ^= x >> 31
	key := x | 1 // 0 is an empty word
	i := int(x>>32) & (len(b.posted) - 1) &^ 3
	bucket := b.posted[i : i+4]
	for {
		victim, old := -1, uint64(0)
		for j := range bucket {
			v := bucket[j].Load()
			if v == key {
				return false
			}
			if victim < 0 && v == 0 {
				victim, old = j, v
			}
		}
		if victim < 0 { // full
			victim = int(key>>1) & 3
			old = bucket[victim].Load()
		}
		if bucket[victim].CompareAndSwap(old, key) {
			return true
		}
	}
}

// outletKey returns a key for an article's outlet, from its Source or
// else its URL's host, or 0 when neither names one.
func outletKey(source, rawURL string) uint64 {
	name := source
	if name == "" && rawURL != "" {
		if u, err := url.Parse(rawURL); err == nil {
			name = strings.TrimPrefix(u.Hostname(), "www.")
		}
	}
	key := credit.NormalizeOutlet(name)
	if key == "" {
		return 0
	}
	return xxhash.Sum64String(key) | 1
}

// skipFor returns the function that leaves learned boilerplate out of
// p's signature and notes in p.left the positions, among the text's
// shingle occurrences, of those it leaves out; nil when learning is off
// or nothing is learned yet.
func (t *Tracker) skipFor(p *prepared) func(uint64) bool {
	b := t.boilerplate
	if b == nil || b.empty() {
		return nil
	}
	i := -1
	return func(h uint64) bool {
		i++ // skip sees every occurrence, in text order
		if b.is(h) {
			p.left = append(p.left, int32(i))
			return true
		}
		return false
	}
}

// boilerplateChanged reports whether the boilerplate learned since p was
// signed leaves out other shingles of p's text than those its signature
// left out (p.left): p must then be signed again.
func (t *Tracker) boilerplateChanged(p *prepared) bool {
	b := t.boilerplate
	if b == nil {
		return false
	}
	if b.empty() {
		return len(p.left) > 0
	}
	next := 0
	for i, h := range p.hashes {
		was := next < len(p.left) && int(p.left[next]) == i
		if was {
			next++
		}
		if b.is(h) != was {
			return true
		}
	}
	return false
}

// learnFrom is called once p's article has been added (ok) or rejected.
// It learns from the article's shingles when learn (an added article that
// teaches, see teaches) and, when the tracker keeps texts, records the
// passages left out (see [Tracker.Boilerplate]). It does nothing when
// learning is off.
func (t *Tracker) learnFrom(p *prepared, ok, learn bool) {
	b := t.boilerplate
	if b == nil {
		return
	}
	if ok && t.keepText && len(p.left) > 0 {
		t.keepBoilerplate(p.a, slices.Clone(p.leftRanges))
	}
	if outlet := outletKey(p.a.Source, p.a.URL); learn && outlet != 0 {
		b.learn(outlet, p.hashes)
	}
}

// keepBoilerplate records ranges, the byte ranges of a's text covered
// by the shingles left out of its signature, if the tracker still keeps
// a's text.
func (t *Tracker) keepBoilerplate(a Article, ranges [][2]int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if _, kept := t.texts[a.ID]; !kept {
		return // it has already left the window
	}
	if t.boilerplatePassages == nil {
		t.boilerplatePassages = make(map[string][][2]int)
	}
	t.boilerplatePassages[a.ID] = ranges
}

// Boilerplate returns the passages of article id that were left out of
// its signature as learned boilerplate (see Config.BoilerplateMin), when
// it was added: byte ranges [start, end) into its text, in text order,
// not overlapping. Each is the span of one or more consecutive shingles
// that were left out, from the first byte of their first word to the
// last byte of their last word; nil if none was. It returns an error
// wrapping [ErrNoText] if the tracker does not keep texts
// (Config.KeepText), has dropped this one (it left the Window), or did not
// record them (an article replayed by [Open] keeps its
// Verdict.Boilerplate count but not its passages), or [ErrUnknownArticle].
func (t *Tracker) Boilerplate(id string) ([][2]int, error) {
	if !t.keepText {
		return nil, ErrNoText
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	x, known := t.graph.byID[id]
	if !known {
		return nil, fmt.Errorf("%w: %q", ErrUnknownArticle, id)
	}
	if _, kept := t.texts[id]; !kept {
		return nil, fmt.Errorf("%w: %q left the window", ErrNoText, id)
	}
	ranges, ok := t.boilerplatePassages[id]
	if !ok && t.graph.nodes[x].boilerplate > 0 {
		// Replayed from a store: the count is kept, the passages not.
		return nil, fmt.Errorf("%w: the passages of %q left out as boilerplate were not recorded", ErrNoText, id)
	}
	return append([][2]int(nil), ranges...), nil
}

// Which articles teach. Boilerplate is what an outlet wraps around many
// different stories, never the text of one story, however often the
// outlet posts it. Nothing in a single outlet's pages tells the two apart
// (a template around different items and a story under different headers
// both share one part and differ in the rest), but the links do: an
// outlet that posts another outlet's story again re-posts one story. So
// an added article of a named outlet teaches unless it repeats a story
// its outlet has already posted:
//
//   - a copy of another outlet's story: its best source at another
//     outlet (or at none) is in a story whose origin is at another
//     outlet (or at none), and its outlet has already posted a copy of
//     that story (firstPost). Its first copy teaches (its own wrapper,
//     and the story's text once, far below the threshold); later copies,
//     section pages, updates and re-posts teach nothing, whatever they
//     are linked to. Only a direct link to another outlet's article
//     makes a re-post: pages linked to another outlet's story only
//     through a page of their own (an aggregator's long template around
//     stories too short to be found in it) are the outlet's own;
//   - a re-send of an article of its own outlet: one of its sources (the
//     best in each story) is an article of its own outlet with nearly
//     the same text (Jaccard at least resendJaccard), as a re-send, a
//     correction or a small update is.
//
// Originals teach, and so do copies of the outlet's own stories that are
// not re-sends: pages linked to each other only by a long template (an
// appeal around short items) are one story in the graph until the
// template is learned.
const resendJaccard = 0.8

// teaches reports whether a, added with verdict v, teaches boilerplate
// (see above).
func (t *Tracker) teaches(v Verdict, a Article) bool {
	b := t.boilerplate
	if b == nil {
		return false
	}
	own := outletKey(a.Source, a.URL)
	if own == 0 {
		return false
	}
	if len(v.Sources) == 0 {
		return true
	}
	t.mu.Lock()
	story, resend := t.graph.reposted(v, own)
	t.mu.Unlock()
	switch {
	case resend:
		return false
	case story == "":
		return true
	}
	return b.firstPost(own, xxhash.Sum64String(story))
}

// reposted returns the ID of the other outlet's story that copy v, of
// outlet own, re-posts ("" if none) and whether it is a re-send of an
// article of its own outlet (see teaches).
func (g *Graph) reposted(v Verdict, own uint64) (story string, resend bool) {
	x, ok := g.byID[v.ID]
	if !ok {
		return "", false
	}
	outlet := func(y int) uint64 { return outletKey(g.nodes[y].source, g.nodes[y].url) }
	best := -1 // the best source at another outlet
	var bestLink link
	for l := range g.links(x) {
		// Links of the shingle rule only: a rewrite's text is its own.
		if g.canSource(x, l) && !l.aligned && (best < 0 || g.better(l, bestLink)) && outlet(l.other) != own {
			best, bestLink = l.other, l
		}
	}
	if best >= 0 {
		if r := g.root(best); outlet(r) != own {
			return g.storyID(r), false
		}
	}
	for _, e := range v.Sources {
		if y, ok := g.byID[e.Source]; ok && !e.Aligned && !e.Partial && e.Jaccard >= resendJaccard && outlet(y) == own {
			return "", true
		}
	}
	return "", false
}
