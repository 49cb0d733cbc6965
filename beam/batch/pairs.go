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

// pairFn turns one band bucket into candidate pairs (earlier article,
// later article), keyed by the earlier one. An article is paired with
// the articles seen before it, as the Tracker queries its index before
// adding an article to it. In a bucket of more than Cap+1 members (a wire
// story with thousands of copies, or a common passage), each article is
// paired only with the Cap earliest articles, in attribution order
// (published time, then input order), seen before it: a bucket of m
// members gives at most m·Cap pairs instead of m²/2.
type pairFn struct {
	Cap        int `json:"cap"` // negative: no cap
	pairs      beam.Counter
	hotBuckets beam.Counter
	hotMembers beam.Counter
	shuffleOut beam.Counter
	members    []Member
}

func (f *pairFn) Setup() {
	f.pairs = beam.NewCounter("reprint", "bucket_pairs")
	f.hotBuckets = beam.NewCounter("reprint", "hot_buckets")
	f.hotMembers = beam.NewCounter("reprint", "hot_bucket_members")
	f.shuffleOut = beam.NewCounter("reprint", "shuffle_bytes_pairs")
}

// pairBytes is the payload of one pair: two order keys.
const pairBytes = 16

func (f *pairFn) ProcessElement(ctx context.Context, _ uint64, iter func(*Member) bool, emit func(uint64, uint64)) {
	f.members = f.members[:0]
	var m Member
	for iter(&m) {
		f.members = append(f.members, m)
	}
	ms := f.members
	slices.SortFunc(ms, func(a, b Member) int { return cmp.Compare(a.Order, b.Order) })
	ms = slices.CompactFunc(ms, func(a, b Member) bool { return a.Order == b.Order })
	n := 0
	if f.Cap < 0 || len(ms) <= f.Cap+1 {
		for i := range ms {
			for j := range i {
				emit(ms[j].Order, ms[i].Order)
			}
		}
		n = len(ms) * (len(ms) - 1) / 2
	} else {
		f.hotBuckets.Inc(ctx, 1)
		f.hotMembers.Inc(ctx, int64(len(ms)))
		// earliest holds the Cap earliest members seen so far, the latest
		// of them on top.
		earliest := make(latestFirst, 0, f.Cap+1)
		for _, x := range ms {
			for _, y := range earliest {
				emit(y.Order, x.Order)
			}
			n += len(earliest)
			heap.Push(&earliest, x)
			if len(earliest) > f.Cap {
				heap.Pop(&earliest)
			}
		}
	}
	f.pairs.Inc(ctx, int64(n))
	f.shuffleOut.Inc(ctx, int64(n*pairBytes))
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

// latestFirst is a heap of members, the latest in attribution order on top.
type latestFirst []Member

func (h latestFirst) Len() int           { return len(h) }
func (h latestFirst) Less(i, j int) bool { return attributionLess(h[j], h[i]) }
func (h latestFirst) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *latestFirst) Push(x any)        { *h = append(*h, x.(Member)) }
func (h *latestFirst) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// attachFn joins an earlier article with the later articles it was
// paired with, each pair once however many bands it shares, and emits
// the article as a candidate keyed by each of them.
type attachFn struct {
	shuffleOut beam.Counter
	distinct   beam.Counter
	queries    []uint64
}

func (f *attachFn) Setup() {
	f.shuffleOut = beam.NewCounter("reprint", "shuffle_bytes_candidates")
	f.distinct = beam.NewCounter("reprint", "distinct_pairs")
}

func (f *attachFn) ProcessElement(ctx context.Context, order uint64, articles func(*Article) bool, queries func(*uint64) bool, emit func(uint64, Candidate)) error {
	var a Article
	if !articles(&a) {
		return fmt.Errorf("batch: a pair names article %d, which was not read", order)
	}
	f.queries = f.queries[:0]
	var q uint64
	for queries(&q) {
		f.queries = append(f.queries, q)
	}
	slices.Sort(f.queries)
	f.queries = slices.Compact(f.queries)
	c := Candidate{Order: a.Order, ID: a.ID, Shingles: a.Shingles, Sig: a.Sig}
	for _, q := range f.queries {
		emit(q, c)
	}
	f.distinct.Inc(ctx, int64(len(f.queries)))
	f.shuffleOut.Inc(ctx, int64(len(f.queries)*(8+8+len(c.ID)+8+len(c.Sig))))
	return nil
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
	r := Record{Order: a.Order, ID: a.ID, Source: a.Source, URL: a.URL, Published: a.Published,
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
	size := 8 + len(r.ID) + len(r.Source) + len(r.URL) + len(r.Published) + 8
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
