package provenance

import (
	"container/heap"
	"errors"
	"fmt"
	"iter"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/reprintlab/reprint/dedup"
)

// Config configures a [Tracker]. The zero value means the defaults.
type Config struct {
	// Index sets the signature settings and the matching rule (see
	// [dedup.IndexConfig]); its zero value means the defaults.
	Index dedup.IndexConfig
	// ClockSkew is how far apart outlets' clocks may be (see [Graph]).
	// 0 means DefaultClockSkew; a negative value trusts timestamps
	// exactly.
	ClockSkew time.Duration
	// KeepText keeps every article's text, so that [Tracker.Passages] can
	// show which passages a copy took from its sources. It costs the
	// texts' size in memory.
	KeepText bool
	// Window, if positive, bounds the index to recent articles: once an
	// article is Window older than the newest article added (by their
	// Published, else Seen, times), it leaves the index, and later
	// articles can no longer match it. It stays in the graph: its verdict,
	// story and edges remain queryable, and its text (with KeepText) is
	// dropped. Articles without a time never leave. On an endless stream
	// of wire traffic the index's memory then stays flat; the graph keeps
	// a few hundred bytes per article.
	Window time.Duration
	// BoilerplateMin is the number of earlier articles of one outlet
	// (named by Article.Source, else the host of Article.URL) in which a
	// shingle must appear to count as that outlet's boilerplate:
	// navigation, share buttons, appeals, promos, footers, recurring
	// captions. Boilerplate is left out of an article's signature, so it
	// never links two stories; Verdict.Boilerplate says how much was left
	// out. Articles without an outlet are not filtered. 0 (the default)
	// turns learning off; DefaultBoilerplateMin is a good value to turn it
	// on. Learning is off by default because it is asymmetric: a wire
	// learns its own formulaic sentences long before the sites that copy
	// it do, so copies keep text their sources left out, and containment
	// and source attribution drop (see the README's Quality section).
	BoilerplateMin int
}

// Tracker is the one-stop entry point: add articles one at a time, in the
// order they are seen, and get each one's verdict. It fingerprints each
// text, finds the earlier articles it shares text with in a [dedup.Index],
// and records the links in a [Graph].
//
// A Tracker is safe for concurrent use. Texts are fingerprinted in
// parallel; matching and recording are serialised, and articles added
// concurrently are seen in the order they take the lock. Create one with
// [New].
type Tracker struct {
	signers sync.Pool // *dedup.Signer
	index   *dedup.Index

	matchers sync.Pool // *Matcher
	keepText bool

	mu     sync.Mutex
	graph  *Graph
	buf    []dedup.Match
	texts  map[string]string // by ID, when keepText
	window time.Duration
	aging  agingQueue // indexed articles with a time, oldest first

	boilerplate *boilerplate // nil when not learned
	learnSets   sync.Pool    // map[uint64]bool scratch for learning
	newest      time.Time    // the latest attribution time added
}

// New returns an empty Tracker. The error wraps [dedup.ErrInvalidSettings]
// or [shingle.ErrInvalidConfig] for a config out of range.
func New(cfg Config) (*Tracker, error) {
	index, err := dedup.NewIndex(cfg.Index)
	if err != nil {
		return nil, err
	}
	settings := index.Config().Settings
	if cfg.Window < 0 {
		return nil, fmt.Errorf("%w: window %v", dedup.ErrInvalidSettings, cfg.Window)
	}
	t := &Tracker{index: index, graph: NewGraph(cfg.ClockSkew), keepText: cfg.KeepText, window: cfg.Window}
	if cfg.KeepText {
		t.texts = make(map[string]string)
	}
	switch {
	case cfg.BoilerplateMin < 0 || cfg.BoilerplateMin >= 1<<16:
		return nil, fmt.Errorf("%w: boilerplate minimum %d, want 0..65535", dedup.ErrInvalidSettings, cfg.BoilerplateMin)
	case cfg.BoilerplateMin > 0:
		t.boilerplate = newBoilerplate(cfg.BoilerplateMin)
	}
	t.learnSets.New = func() any { return make(map[uint64]bool) }
	t.matchers.New = func() any {
		m, err := NewMatcher(settings.Shingle)
		if err != nil { // settings were validated by NewIndex
			panic(err)
		}
		return m
	}
	t.signers.New = func() any {
		s, err := dedup.NewSigner(settings)
		if err != nil { // settings were validated by NewIndex
			panic(err)
		}
		return s
	}
	return t, nil
}

// IndexConfig returns the configuration of the tracker's index, defaults
// filled in and banding solved.
func (t *Tracker) IndexConfig() dedup.IndexConfig { return t.index.Config() }

// Add records article a and returns its verdict. An article too short to
// fingerprint is recorded as standing alone (its verdict says
// Fingerprinted false) and is not an error. Add returns an error wrapping
// [ErrEmptyID], [ErrEmptyText] or [ErrDuplicateID], and then records
// nothing.
func (t *Tracker) Add(a Article) (Verdict, error) {
	if a.ID == "" {
		return Verdict{}, ErrEmptyID
	}
	if strings.TrimSpace(a.Text) == "" {
		return Verdict{}, fmt.Errorf("%w: %q", ErrEmptyText, a.ID)
	}
	signer := t.signers.Get().(*dedup.Signer)
	defer t.signers.Put(signer)
	outlet := uint64(0)
	if t.boilerplate != nil {
		outlet = outletKey(a.Source, a.URL)
	}
	var skip func(uint64) bool
	if outlet != 0 {
		skip = func(h uint64) bool { return t.boilerplate.is(outlet, h) }
	}
	sig := new(dedup.Signature)
	skipped, err := signer.SignToExcept(sig, a.Text, skip)
	if errors.Is(err, dedup.ErrTooShort) {
		sig = nil
	} else if err != nil {
		return Verdict{}, err
	}
	v, err := t.add(a, sig, skipped)
	if err == nil && outlet != 0 {
		seen := t.learnSets.Get().(map[uint64]bool)
		t.boilerplate.learn(outlet, signer.Hashes(), seen)
		t.learnSets.Put(seen)
	}
	return v, err
}

// add records a signed article (sig nil if too short) under the lock.
func (t *Tracker) add(a Article, sig *dedup.Signature, boilerplate int) (Verdict, error) {
	var err error
	t.mu.Lock()
	defer t.mu.Unlock()
	if _, dup := t.graph.byID[a.ID]; dup {
		return Verdict{}, fmt.Errorf("%w: %q", ErrDuplicateID, a.ID)
	}
	var links []Link
	shingles := 0
	if sig != nil {
		shingles = sig.Shingles()
		if t.buf, err = t.index.AppendQuery(t.buf[:0], sig); err != nil {
			return Verdict{}, err
		}
		links = t.buf
		if err := t.index.Add(a.ID, sig); err != nil {
			return Verdict{}, err
		}
	}
	if err := t.graph.Add(a, shingles, links); err != nil {
		_, _ = t.index.Remove(a.ID) // an in-memory index never fails
		return Verdict{}, err
	}
	if t.keepText {
		t.texts[a.ID] = a.Text
	}
	x := t.graph.byID[a.ID]
	t.graph.nodes[x].boilerplate = boilerplate
	if t.window > 0 && sig != nil && t.graph.nodes[x].timed {
		t.age(a.ID, t.graph.nodes[x].at)
	}
	return t.graph.verdict(x), nil
}

// age records an indexed article's time and removes from the index the
// articles that have fallen out of the window.
func (t *Tracker) age(id string, at time.Time) {
	heap.Push(&t.aging, aged{at: at, id: id})
	if at.After(t.newest) {
		t.newest = at
	}
	cutoff := t.newest.Add(-t.window)
	for len(t.aging) > 0 && t.aging[0].at.Before(cutoff) {
		old := heap.Pop(&t.aging).(aged)
		_, _ = t.index.Remove(old.id)
		delete(t.texts, old.id)
	}
}

// aged is an indexed article and its attribution time.
type aged struct {
	at time.Time
	id string
}

// agingQueue is a min-heap of indexed articles by time.
type agingQueue []aged

func (q agingQueue) Len() int           { return len(q) }
func (q agingQueue) Less(i, j int) bool { return q[i].at.Before(q[j].at) }
func (q agingQueue) Swap(i, j int)      { q[i], q[j] = q[j], q[i] }
func (q *agingQueue) Push(x any)        { *q = append(*q, x.(aged)) }
func (q *agingQueue) Pop() any {
	old := *q
	x := old[len(old)-1]
	*q = old[:len(old)-1]
	return x
}

// Indexed returns the number of articles in the index: all fingerprinted
// articles, or with a Window the recent ones.
func (t *Tracker) Indexed() int { return t.index.Len() }

// Text returns the text of article id, if the tracker keeps texts
// (Config.KeepText) and the article was added.
func (t *Tracker) Text(id string) (string, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	text, ok := t.texts[id]
	return text, ok
}

// Passages returns the passages copy took from source: byte ranges in
// both texts and the coverage of each (see [Matcher]). Any two added
// articles can be compared; usually source is one of copy's
// [Verdict.Sources]. It returns an error wrapping [ErrNoText] if the
// tracker does not keep texts or has dropped one of the two (it left the
// Window), or [ErrUnknownArticle]. Matching runs outside the tracker's
// lock.
func (t *Tracker) Passages(copyID, sourceID string) (Passages, error) {
	if !t.keepText {
		return Passages{}, ErrNoText
	}
	t.mu.Lock()
	copyText, okCopy := t.texts[copyID]
	sourceText, okSource := t.texts[sourceID]
	_, knownCopy := t.graph.byID[copyID]
	_, knownSource := t.graph.byID[sourceID]
	t.mu.Unlock()
	switch {
	case !knownCopy:
		return Passages{}, fmt.Errorf("%w: %q", ErrUnknownArticle, copyID)
	case !knownSource:
		return Passages{}, fmt.Errorf("%w: %q", ErrUnknownArticle, sourceID)
	case !okCopy:
		return Passages{}, fmt.Errorf("%w: %q left the window", ErrNoText, copyID)
	case !okSource:
		return Passages{}, fmt.Errorf("%w: %q left the window", ErrNoText, sourceID)
	}
	m := t.matchers.Get().(*Matcher)
	defer t.matchers.Put(m)
	return m.Match(copyText, sourceText), nil
}

// Len returns the number of articles added.
func (t *Tracker) Len() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.graph.Len()
}

// Verdict returns the current verdict on article id, and whether it was
// added. Verdicts can change as articles are added (see [Graph]).
func (t *Tracker) Verdict(id string) (Verdict, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.graph.Verdict(id)
}

// Origin returns the ID of the origin of id's story, and whether id was
// added.
func (t *Tracker) Origin(id string) (string, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.graph.Origin(id)
}

// Sources returns id's direct sources, best first.
func (t *Tracker) Sources(id string) []Edge {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.graph.Sources(id)
}

// Copies returns the articles that list id among their direct sources.
func (t *Tracker) Copies(id string) []Edge {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.graph.Copies(id)
}

// Articles returns an iterator over the verdicts of all articles in the
// order they were added. It iterates over a snapshot taken when iteration
// starts; the tracker's lock is not held while the loop body runs.
func (t *Tracker) Articles() iter.Seq[Verdict] {
	return snapshot(t, t.graph.Articles)
}

// Stories returns an iterator over all stories, stand-alone articles
// included, in the order of their first-seen articles. It iterates over a
// snapshot taken when iteration starts; the tracker's lock is not held
// while the loop body runs.
func (t *Tracker) Stories() iter.Seq[Story] {
	return snapshot(t, t.graph.Stories)
}

// snapshot collects seq under t's lock when iteration starts and yields
// the copy with the lock released.
func snapshot[T any](t *Tracker, seq func() iter.Seq[T]) iter.Seq[T] {
	return func(yield func(T) bool) {
		t.mu.Lock()
		all := slices.Collect(seq())
		t.mu.Unlock()
		for _, v := range all {
			if !yield(v) {
				return
			}
		}
	}
}
