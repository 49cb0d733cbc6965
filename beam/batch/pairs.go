package batch

import (
	"cmp"
	"container/heap"
	"context"
	"fmt"
	"slices"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"

	"github.com/reprintlab/reprint/dedup"
)

// DefaultBucketCap is the default of Options.BucketCap: twice
// provenance.MaxLinks, the links the graph keeps per article.
const DefaultBucketCap = 128

// pairFn scores the pairs of one band bucket and emits the candidates
// that verification could accept. An article is paired with the articles
// seen before it, as the Tracker queries its index before adding an
// article to it. In a hot bucket (more than Cap+1 members: a wire story
// with thousands of copies, or a common passage), each article is paired
// only with the Cap earliest articles, in attribution order (published
// time, then input order), seen before it: a bucket of m members gives
// at most m·Cap pairs instead of m²/2.
//
// Each pair is scored here, from the two signatures the members carry,
// and emitted (the earlier article as a candidate, keyed by the later
// one) only if dedup.IndexConfig.Verify could use it: a full match, or a
// candidate holding at least MinShare of the later article (the partial
// rule for stitched copies). Verify ignores every other candidate, so
// the filter changes no result. A pair that shares several bands is
// emitted from the first of them whose bucket is not hot (the hot
// buckets are known to every bucket as a side input, and emit the pairs
// they form): each pair reaches verification once, or a few times when
// hot buckets form it too, and verification keeps one.
type pairFn struct {
	Index      dedup.IndexConfig `json:"index"` // normalized: banding solved
	Cap        int               `json:"cap"`   // negative: no cap
	pairs      beam.Counter
	cands      beam.Counter
	hotBuckets beam.Counter
	hotMembers beam.Counter
	shuffleOut beam.Counter
	hot        map[uint64]bool // the side input, read once: the job has one (global) window
	members    []Member
	sigs       []*dedup.Signature
	keys       [][]uint64 // band keys of members, computed on demand
}

func (f *pairFn) Setup() {
	f.pairs = beam.NewCounter("reprint", "bucket_pairs")
	f.cands = beam.NewCounter("reprint", "candidates")
	f.hotBuckets = beam.NewCounter("reprint", "hot_buckets")
	f.hotMembers = beam.NewCounter("reprint", "hot_bucket_members")
	f.shuffleOut = beam.NewCounter("reprint", "shuffle_bytes_candidates")
}

func (f *pairFn) ProcessElement(ctx context.Context, key uint64, iter func(*Member) bool, hotKeys func(*uint64) bool, emit func(uint64, Candidate)) error {
	if f.hot == nil {
		f.hot = map[uint64]bool{}
		var k uint64
		for hotKeys(&k) {
			f.hot[k] = true
		}
	}
	f.members = f.members[:0]
	var m Member
	for iter(&m) {
		f.members = append(f.members, m)
		m = Member{}
	}
	ms := f.members
	if len(ms) < 2 {
		return nil // most buckets: nothing to pair, nothing to unpack
	}
	slices.SortFunc(ms, func(a, b Member) int { return cmp.Compare(a.Order, b.Order) })
	ms = slices.CompactFunc(ms, func(a, b Member) bool { return a.Order == b.Order })
	f.sigs = f.sigs[:0]
	for i := range ms {
		sig, err := unpackSig(f.Index.Settings, ms[i].Shingles, ms[i].Sig)
		if err != nil {
			return fmt.Errorf("article %q: %w", ms[i].ID, err)
		}
		f.sigs = append(f.sigs, sig)
	}
	f.keys = slices.Grow(f.keys[:0], len(ms))[:len(ms)]
	clear(f.keys)
	hot := f.hot[key]
	n, emitted := 0, 0
	try := func(earlier, later int) error {
		ok, err := f.wanted(ms, earlier, later)
		if err != nil || !ok {
			return err
		}
		x := &ms[earlier]
		emit(ms[later].Order, Candidate{Order: x.Order, ID: x.ID, Shingles: x.Shingles, Sig: x.Sig})
		emitted++
		f.shuffleOut.Inc(ctx, int64(8+8+len(x.ID)+8+len(x.Sig)))
		return nil
	}
	if !hot {
		for i := range ms {
			for j := range i {
				if err := try(j, i); err != nil {
					return err
				}
			}
		}
		n = len(ms) * (len(ms) - 1) / 2
	} else {
		f.hotBuckets.Inc(ctx, 1)
		f.hotMembers.Inc(ctx, int64(len(ms)))
		// earliest holds the Cap earliest members seen so far (by
		// position in ms), the latest of them on top.
		earliest := latestFirst{ms: ms, at: make([]int, 0, f.Cap+1)}
		for i := range ms {
			for _, j := range earliest.at {
				if err := try(j, i); err != nil {
					return err
				}
			}
			n += len(earliest.at)
			heap.Push(&earliest, i)
			if len(earliest.at) > f.Cap {
				heap.Pop(&earliest)
			}
		}
	}
	f.pairs.Inc(ctx, int64(n))
	f.cands.Inc(ctx, int64(emitted))
	return nil
}

// wanted reports whether this bucket emits the pair (earlier, later):
// verification could use it, and no earlier band that is not hot holds
// both (its bucket emits the pair).
func (f *pairFn) wanted(ms []Member, earlier, later int) (bool, error) {
	s, err := dedup.Compare(f.sigs[later], f.sigs[earlier])
	if err != nil {
		return false, err
	}
	if !mayMatch(&f.Index, s) {
		return false, nil
	}
	band := int(ms[later].Band)
	if band == 0 {
		return true, nil
	}
	xk, err := f.bandKeys(earlier)
	if err != nil {
		return false, err
	}
	yk, err := f.bandKeys(later)
	if err != nil {
		return false, err
	}
	for b := range min(band, len(xk), len(yk)) {
		if xk[b] == yk[b] && !f.hot[xk[b]] {
			return false, nil
		}
	}
	return true, nil
}

// bandKeys returns the band keys of member i.
func (f *pairFn) bandKeys(i int) ([]uint64, error) {
	if f.keys[i] == nil {
		k, err := f.Index.Banding.AppendKeys(nil, f.sigs[i])
		if err != nil {
			return nil, err
		}
		f.keys[i] = k
	}
	return f.keys[i], nil
}

// mayMatch reports whether dedup.IndexConfig.Verify can use a candidate
// with scores s (the query as A): a full match, or a possible part of a
// stitched copy. Verify skips every other candidate, whatever the others
// are, so leaving them out changes nothing. It mirrors the two tests at
// the head of Verify's loop.
func mayMatch(cfg *dedup.IndexConfig, s dedup.Scores) bool {
	return s.MaxContainment() >= cfg.MinContainment ||
		cfg.MinShare > 0 && s.AInB >= cfg.MinShare && s.Shared >= dedup.MinSharedForPartial
}

// hotFn keeps the band keys of hot buckets: more than Cap+1 members.
type hotFn struct {
	Cap int `json:"cap"`
}

func (f *hotFn) ProcessElement(key uint64, members int, emit func(uint64)) {
	if f.Cap >= 0 && members > f.Cap+1 {
		emit(key)
	}
}

// attributionLess orders members as the graph orders articles, before
// clock skew is applied: articles with a time first, by time, then by
// input order.
func attributionLess(a, b Member) bool {
	if a.At != b.At {
		return a.At < b.At
	}
	return a.Order < b.Order
}

// latestFirst is a heap of positions in ms, the latest member in
// attribution order on top.
type latestFirst struct {
	ms []Member
	at []int
}

func (h *latestFirst) Len() int           { return len(h.at) }
func (h *latestFirst) Less(i, j int) bool { return attributionLess(h.ms[h.at[j]], h.ms[h.at[i]]) }
func (h *latestFirst) Swap(i, j int)      { h.at[i], h.at[j] = h.at[j], h.at[i] }
func (h *latestFirst) Push(x any)         { h.at = append(h.at, x.(int)) }
func (h *latestFirst) Pop() any {
	x := h.at[len(h.at)-1]
	h.at = h.at[:len(h.at)-1]
	return x
}

// verifyFn verifies an article against its candidates by the library's
// rules ([dedup.IndexConfig.Verify]: containment, and the partial rule
// for stitched copies, which needs all of an article's candidates at
// once) and emits its record for attribution. The candidates are offered
// in input order, as the Tracker's index offers them.
//
// This is where graded reuse rules will plug in: they change which
// matches Verify returns and how they are scored, not the pipeline.
type verifyFn struct {
	Index      dedup.IndexConfig `json:"index"`
	matches    beam.Counter
	shuffleOut beam.Counter
	cands      []Candidate
}

func (f *verifyFn) Setup() {
	f.matches = beam.NewCounter("reprint", "verified_links")
	f.shuffleOut = beam.NewCounter("reprint", "shuffle_bytes_records")
}

func (f *verifyFn) ProcessElement(ctx context.Context, order uint64, articles func(*Article) bool, cands func(*Candidate) bool, emit func(Record)) error {
	var a Article
	if !articles(&a) {
		return fmt.Errorf("batch: candidates for article %d, which was not read", order)
	}
	r := Record{Order: a.Order, ID: a.ID, Title: a.Title, Source: a.Source, URL: a.URL, Published: a.Published,
		Credited: a.Credited, Shingles: a.Shingles}
	f.cands = f.cands[:0]
	var c Candidate
	for cands(&c) {
		f.cands = append(f.cands, c)
	}
	if len(f.cands) > 0 {
		links, err := f.verify(&a)
		if err != nil {
			return err
		}
		r.Links = links
		f.matches.Inc(ctx, int64(len(links)))
	}
	size := 8 + len(r.ID) + len(r.Title) + len(r.Source) + len(r.URL) + len(r.Published) + 8
	for _, c := range r.Credited {
		size += len(c)
	}
	for _, l := range r.Links {
		size += len(l.ID) + 8 + 4*8 + 1
	}
	f.shuffleOut.Inc(ctx, int64(size))
	emit(r)
	return nil
}

func (f *verifyFn) verify(a *Article) ([]Link, error) {
	settings := f.Index.Settings
	sig, err := unpackSig(settings, a.Shingles, a.Sig)
	if err != nil {
		return nil, fmt.Errorf("article %q: %w", a.ID, err)
	}
	slices.SortFunc(f.cands, func(x, y Candidate) int { return cmp.Compare(x.Order, y.Order) })
	// Hot buckets can offer a candidate twice; the Tracker's index offers
	// it once.
	f.cands = slices.CompactFunc(f.cands, func(x, y Candidate) bool { return x.Order == y.Order })
	offered := make([]dedup.Candidate, len(f.cands))
	for i, c := range f.cands {
		s, err := unpackSig(settings, c.Shingles, c.Sig)
		if err != nil {
			return nil, fmt.Errorf("article %q: %w", c.ID, err)
		}
		offered[i] = dedup.Candidate{ID: c.ID, Signature: s}
	}
	matches, err := f.Index.Verify(nil, sig, offered)
	if err != nil {
		return nil, fmt.Errorf("article %q: %w", a.ID, err)
	}
	links := make([]Link, len(matches))
	for i, m := range matches {
		links[i] = Link{ID: m.ID, Shingles: int64(m.Shingles), Jaccard: m.Jaccard, AInB: m.AInB, BInA: m.BInA,
			Shared: m.Shared, Partial: m.Partial}
	}
	return links, nil
}
