package provenance

import (
	"cmp"
	"errors"
	"fmt"
	"iter"
	"slices"
	"sync"
	"time"

	"github.com/reprintlab/reprint/align"
	"github.com/reprintlab/reprint/dedup"
)

// Config configures a [Tracker]. The zero value means the defaults.
type Config struct {
	// Index sets the signature settings and the matching rule (see
	// [dedup.IndexConfig]); its zero value means the defaults. Its
	// Saturation, if zero, is set so that a story copied n times costs
	// time linear in n with the verdicts of a full scan: MaxLinks+1
	// copies in the top containment step (see [dedup.Saturation]).
	// Capacity, the number of articles expected, also sizes the graph
	// and the second index up front.
	Index dedup.IndexConfig
	// ClockSkew is how far apart outlets' clocks may be (see [Graph]).
	// 0 means DefaultClockSkew; a negative value trusts timestamps
	// exactly.
	ClockSkew time.Duration
	// KeepText keeps every article's text, so that [Tracker.Passages] can
	// show which passages a copy took from its sources, and so that
	// candidate sources are ranked by their exact coverage of an article
	// rather than by MinHash estimates (see [Graph]). It costs the texts'
	// size in memory.
	KeepText bool
	// Window, if positive, bounds the index to recent articles: once an
	// article's attribution time (its Published, else Seen, time; see
	// [Graph]) is more than Window before the window's clock, it leaves
	// the index, and later articles can no longer match it. It stays in
	// the graph (unless Forget): its verdict, story and edges remain
	// queryable, and its text (with KeepText) is dropped. An article
	// without a time ages from the clock's time when it was added.
	//
	// The window's clock is the latest recent attribution time that is
	// not an outlier, so that no wrong date can empty the index: of the
	// last 256 times added, the latest that is at most their third
	// quartile plus 3 times their interquartile range (at least an
	// hour). Until 16 times were added there is no clock and nothing
	// leaves. One article dated 9999-12-31, or a burst of fewer than 64
	// wrong dates, does not move it; dates in the past never move it
	// forward. A tracker reopened from a store computes the same clock
	// from the stored records. On an endless stream of wire traffic the
	// index's memory stays flat; the graph keeps a few hundred bytes per
	// article, unless Forget.
	Window time.Duration
	// Forget, with a Window, also drops the articles that left the window
	// from the graph, once the Add that moved them out has returned: on
	// an endless stream memory then stays flat. Take each verdict as Add
	// (or [Tracker.AddWithChanges], which also returns the earlier
	// articles an addition changed) returns it: a forgotten article is
	// unknown to every query, is left out of Articles, Stories, WriteJSON
	// and Len, and its ID can be added again as a new article. The
	// remembered articles' verdicts keep what they said of forgotten ones:
	// a story keeps its ID and origin ID (as strings) when those articles
	// are forgotten, and a copy keeps its edge to a forgotten source. Not
	// with a shared Indexer.
	Forget bool
	// BoilerplateMin is the number of earlier articles of one outlet
	// (named by Article.Source, else the host of Article.URL) in which a
	// shingle must appear to be learned as boilerplate: navigation, share
	// buttons, appeals, promos, footers, recurring captions, a wire's
	// formulaic sentences, the text an outlet wraps around many different
	// stories. A shingle learned at any outlet is left out of every later
	// article's signature, whatever its outlet (or none), so it never
	// links two stories, and a copy signed after its source leaves out at
	// least what the source left out: its containment in the source is
	// not lowered. Verdict.Boilerplate says how much was left out, and
	// [Tracker.Boilerplate] which passages.
	//
	// The text of one story is never boilerplate, however often one
	// outlet posts it, so an article that repeats a story its outlet has
	// already posted counts nothing:
	//   - a copy of another outlet's story, when its outlet has already
	//     posted a copy of that story: its best source at another outlet
	//     (or at none) is in a story whose origin is at another outlet
	//     (or at none). An outlet's first copy of a story counts (its
	//     wrapper, and the story's text once); later copies, section
	//     pages, updates and re-posts do not, whatever they are linked to;
	//   - a re-send of its own outlet's article: one of its sources is an
	//     article of its own outlet with Jaccard 0.8 or more (a re-send,
	//     a correction, a small update).
	// Originals count, and so do copies of the outlet's own stories that
	// are not re-sends (pages linked only by a long template are one
	// story in the graph until the template is learned). So 5,000 copies
	// of one wire story by 50 outlets count it once at each outlet and
	// leave it in every signature. An outlet's own story posted 5 times
	// with different wrappers, each less than 80% like the others, is
	// learned, as is a story that makes up less than a third of 5 of an
	// outlet's pages (too little to be found as a copy): neither can be
	// told from a template around different stories.
	//
	// Memory is fixed: 10.6 MB per tracker. Counts are halved every 2^21
	// shingles counted (a few thousand articles), so templates no outlet
	// repeats are forgotten. What is learned lives in memory only: a
	// tracker made by [Open] starts learning afresh. 0 means
	// DefaultBoilerplateMin (5); a negative value turns learning off. On
	// the synthetic corpus of the README's Quality section, learning at 5
	// raises pairwise precision from 0.939 to 0.992 and recall from 0.927
	// to 0.960, cuts false links from 4.6% to 1.8% of the articles without
	// a source, and leaves the primary source right as often (0.782
	// against 0.777). It costs under a tenth more CPU time in the
	// tracker, nothing while nothing is learned; the flagger, which also
	// records the passages left out, spends about a fifth of its time on
	// it when every article names an outlet.
	BoilerplateMin int
	// Indexer, if set, is the index the tracker uses instead of an
	// in-memory one made from Index: an index that several trackers,
	// in several processes, share, such as package redisindex's. Its
	// Config replaces Index. A tracker with a shared index must be made
	// with [Open] and a [Store] that the same trackers share: it adds each
	// article to the index before querying it, so that two articles added
	// at once by two processes find each other, and applies the store's
	// records in store order, so that every tracker on the store sees the
	// same stories.
	//
	// The index and the store are two writes, the index first (the
	// record holds the links the query after it finds), and each can
	// fail in doubt (a timeout: applied or not?). The tracker then takes
	// nothing back and returns an error wrapping ErrOutcomeUnknown;
	// adding the same article again, on the same tracker, settles it:
	// one index entry, one record, and the verdict. That needs a store
	// that keeps one record per article ID and takes an Append of the
	// same record again as a no-op, as package redisindex's does. An
	// article indexed without a record (its tracker died between the two
	// writes) is an orphan: adding it again, on any tracker, adopts the
	// entry if its indexed text matches the article's. Learned
	// boilerplate, ClockSkew and Window are each tracker's own: give
	// every tracker on a store the same Config.
	Indexer dedup.Indexer
	// StoryKind is the weakest kind of link that joins a story (see
	// [Kind]): links of weaker kinds are listed among an article's
	// sources but never make it part of their source's story. 0 means
	// DefaultStoryKind: every kind, partial copies included.
	StoryKind Kind
	// DisableRewrites turns off the second index, which finds rewrites,
	// partial copies and updates: links are then only those of the
	// shingle rule (verbatim, and the sources of stitched copies).
	//
	// The second index keeps each article under its 24 rarest words
	// (rarity counted over the articles seen so far, in 8 MiB) and its
	// words as 4-byte hashes, about 1.1 KB per article of 140 words,
	// without its text; Window and Forget bound it as they bound the
	// shingle index. A new article looks up its rare words there, and
	// its best candidates are aligned word by word (see package align):
	// what a link says is exact, up to 2^-31 hash collisions. A tracker
	// made by [Open] re-indexes the stored articles whose records hold
	// their text (Config.KeepText); the others are not found as the
	// sources of rewrites. With a shared index (Indexer) the second index
	// is off: it lives in one process.
	DisableRewrites bool
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
	index   dedup.Indexer
	local   *dedup.Index // index when it is the tracker's own, in memory
	shared  bool         // index is shared through store: add, then query

	matchers sync.Pool // *Matcher
	keepText bool

	// rewrites is the second index, for links found by alignment; nil
	// when off (Config.DisableRewrites, or a shared index).
	rewrites *align.Index
	docs     sync.Pool // *docScratch
	aligners sync.Pool // *alignScratch, for Passages
	links    []Link    // add's links, reused

	minContainment float64 // the shingle index's rule

	mu        sync.Mutex
	graph     *Graph
	buf       []dedup.Match
	texts     map[string]string // by ID, when keepText
	win       windowState       // see window.go
	forgotten int               // articles forgotten (Config.Forget)
	tracking  bool              // AddWithChanges was called: note changes (see changes.go)
	changed   *[]Verdict        // where the current add's changes go, if asked

	boilerplate *boilerplate // nil when not learned

	// boilerplatePassages are the byte ranges left out as boilerplate,
	// by ID, when keepText (see boilerplate.go).
	boilerplatePassages map[string][][2]int

	store   Store             // nil: nothing kept beyond the process
	applied int               // records of store applied to the graph
	pending map[string][]Link // back links to articles not yet applied, by their ID
	closed  bool

	// unsure are the Adds on a shared index that ended in doubt, by ID
	// (see sharedadd.go), and unsureSeq orders them.
	unsure    map[string]*unsureAdd
	unsureSeq uint64
}

// New returns an empty Tracker. The error wraps [dedup.ErrInvalidSettings]
// or [shingle.ErrInvalidConfig] for a config out of range.
func New(cfg Config) (*Tracker, error) {
	if cfg.Indexer != nil {
		return nil, fmt.Errorf("%w: a tracker with a shared index is made with Open and a shared store", dedup.ErrInvalidSettings)
	}
	return newTracker(cfg)
}

func newTracker(cfg Config) (*Tracker, error) {
	t := &Tracker{graph: NewGraph(cfg.ClockSkew), keepText: cfg.KeepText, win: windowState{width: cfg.Window, forget: cfg.Forget}}
	if t.index = cfg.Indexer; t.index == nil {
		local, err := dedup.NewIndex(withSaturation(cfg.Index))
		if err != nil {
			return nil, err
		}
		t.index, t.local = local, local
	} else {
		t.shared = true
	}
	settings := t.index.Config().Settings
	t.minContainment = t.index.Config().MinContainment
	switch {
	case cfg.Window < 0:
		return nil, fmt.Errorf("%w: window %v", dedup.ErrInvalidSettings, cfg.Window)
	case cfg.Forget && cfg.Window == 0:
		return nil, fmt.Errorf("%w: Forget needs a Window", dedup.ErrInvalidSettings)
	case cfg.Forget && t.shared:
		return nil, fmt.Errorf("%w: Forget needs the tracker's own index, not a shared one", dedup.ErrInvalidSettings)
	}
	if cfg.KeepText {
		t.texts = make(map[string]string)
	}
	if cfg.StoryKind != 0 && !cfg.StoryKind.valid() {
		return nil, fmt.Errorf("%w: story kind %d", dedup.ErrInvalidSettings, cfg.StoryKind)
	}
	t.graph.SetStoryKind(cfg.StoryKind)
	// The index's Capacity, the articles expected, sizes the graph and
	// the second index too.
	expected := t.index.Config().Capacity
	t.graph.reserve(expected)
	if !cfg.DisableRewrites && !t.shared {
		rc := rewriteIndexConfig
		rc.Capacity = expected
		t.rewrites = align.NewIndex(rc, nil)
	}
	t.docs.New = func() any { return new(docScratch) }
	switch {
	case cfg.BoilerplateMin > maxCount:
		return nil, fmt.Errorf("%w: boilerplate minimum %d, want at most %d", dedup.ErrInvalidSettings, cfg.BoilerplateMin, maxCount)
	case cfg.BoilerplateMin >= 0:
		t.boilerplate = newBoilerplate(cmp.Or(cfg.BoilerplateMin, DefaultBoilerplateMin))
	}
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

// FindsRewrites reports whether the tracker has the second index, which
// finds rewrites, updates and partial copies by alignment (see
// Config.DisableRewrites); it is off with a shared index. It is safe for
// concurrent use.
func (t *Tracker) FindsRewrites() bool { return t.rewrites != nil }

// Add records article a and returns its verdict. An article too short to
// fingerprint is recorded without a signature (its verdict says
// Fingerprinted false; only the second index can link it) and is not an
// error. Add returns an error wrapping
// [ErrEmptyID] or [ErrInvalidID] (see [CheckID]), [ErrEmptyText],
// [ErrDuplicateID] or [ErrClosed] (after Close), and then records nothing. With a [Store], an error from the
// store or a shared index is returned too; the article is then not in
// this tracker's graph. On a shared index such an error wraps
// [ErrOutcomeUnknown] when the article may have been stored: add it
// again (see Config.Indexer).
func (t *Tracker) Add(a Article) (Verdict, error) { return t.addArticle(a, nil) }

// addArticle is Add, appending the earlier articles' verdicts it
// changed to changed, if not nil (see AddWithChanges).
func (t *Tracker) addArticle(a Article, changed *[]Verdict) (Verdict, error) {
	p := new(prepared)
	t.prepare(p, a)
	defer t.release(p)
	return t.addPrepared(p, changed)
}

// docScratch cuts a text into words for the second index.
type docScratch struct {
	tok align.Tokenizer
	doc align.Doc
}

// add records a signed article (sig nil if too short) and the outlets it
// credits under the lock:
// it finds the article's links, appends its record to the store, if any,
// and applies the record.
func (t *Tracker) add(a Article, credited []string, sig *dedup.Signature, boilerplate int, doc *align.Doc, changed *[]Verdict) (Verdict, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.changed = changed
	defer func() { t.changed = nil }()
	if t.closed {
		return Verdict{}, ErrClosed
	}
	if err := t.catchUp(); err != nil {
		return Verdict{}, err
	}
	r := &Record{Article: a, Credited: credited, Signature: sig, Boilerplate: boilerplate}
	if !t.keepText {
		r.Article.Text = ""
	}
	if t.shared {
		// Writes that may fail in doubt, and their retries: sharedadd.go.
		return t.addShared(a, r)
	}
	if _, dup := t.graph.byID[a.ID]; dup {
		return Verdict{}, fmt.Errorf("%w: %q", ErrDuplicateID, a.ID)
	}
	t.links = t.links[:0]
	if sig != nil {
		matches, err := t.link(sig)
		if err != nil {
			return Verdict{}, err
		}
		for _, m := range matches {
			t.links = append(t.links, LinkFromMatch(m, t.minContainment))
		}
	}
	t.links = t.alignedLinks(&a, t.links, doc)
	r.Links = t.links
	if t.store != nil {
		if err := t.store.Append(r); err != nil {
			return Verdict{}, fmt.Errorf("provenance: storing %q: %w", a.ID, err)
		}
	}
	if err := t.apply(r, doc); err != nil {
		return Verdict{}, err // not reached: links name applied articles
	}
	x, ok := t.graph.byID[a.ID]
	if !ok {
		return Verdict{}, fmt.Errorf("%w: %q was stored but not read back", ErrCorruptRecord, a.ID)
	}
	v := t.graph.verdict(x)
	t.forgetDue() // after the verdicts: an article can leave the window as it comes
	return v, nil
}

// link returns the verified matches of a new article in the tracker's own
// index: it queries, and apply then indexes the article. (With a shared
// index, linkShared indexes first and then queries.)
func (t *Tracker) link(sig *dedup.Signature) ([]dedup.Match, error) {
	var err error
	t.buf, err = t.index.AppendQuery(t.buf[:0], sig)
	if err != nil {
		return nil, err
	}
	return t.buf, nil
}

// apply puts a record in the graph (and in the tracker's own indexes).
// doc is the article's words for the second index; nil to cut them from
// the record's text, if it has one.
func (t *Tracker) apply(r *Record, doc *align.Doc) error {
	a := r.Article
	if _, dup := t.graph.byID[a.ID]; dup {
		return fmt.Errorf("%w: %q", ErrDuplicateID, a.ID)
	}
	var links, back []Link
	for _, l := range r.Links {
		if _, ok := t.graph.byID[l.ID]; ok {
			links = append(links, l)
			continue
		}
		if !t.shared {
			// A tracker's own store lists an article after all it links to.
			return fmt.Errorf("%w: %q links to %q, not stored before it", ErrCorruptRecord, a.ID, l.ID)
		}
		// Found in a shared index before its record was applied: keep it
		// until then, seen from the other side.
		if t.pending == nil {
			t.pending = make(map[string][]Link)
		}
		t.pending[l.ID] = append(t.pending[l.ID], Link{ID: a.ID, Shingles: r.Signature.Shingles(), Scores: l.Scores.Swap(), Partial: l.Partial, Kind: l.Kind, Score: l.Score, Aligned: l.Aligned})
	}
	back = t.pending[a.ID]
	delete(t.pending, a.ID)
	t.graph.touched, t.graph.reparented = t.graph.touched[:0], t.graph.reparented[:0]
	shingles := 0
	if r.Signature != nil {
		shingles = r.Signature.Shingles()
		if t.local != nil {
			if err := t.local.AddAt(a.ID, r.Signature, unplaced(a)); err != nil {
				return err
			}
		}
	}
	if err := t.graph.add(a, r.Credited, shingles, links, back, t.exactCovers(a, links)); err != nil {
		if t.local != nil {
			_, _ = t.local.Remove(a.ID) // an in-memory index never fails
		}
		return err
	}
	if t.keepText && a.Text != "" {
		t.texts[a.ID] = a.Text
	}
	t.indexWords(r, doc)
	x := t.graph.byID[a.ID]
	t.graph.nodes[x].boilerplate = clampInt32(r.Boilerplate)
	t.place(x, r.Signature != nil)
	if t.tracking {
		t.noteChanges(x)
	}
	if t.win.width > 0 {
		t.age(x)
	}
	return nil
}

// catchUp applies the records other trackers appended to a shared store
// since the last call.
func (t *Tracker) catchUp() error {
	if !t.shared {
		return nil
	}
	for r, err := range t.store.Records(t.applied) {
		if err != nil {
			return fmt.Errorf("provenance: reading the store at record %d: %w", t.applied, err)
		}
		if err := t.apply(r, nil); err != nil && !errors.Is(err, ErrDuplicateID) {
			return fmt.Errorf("provenance: store record %d: %w", t.applied, err)
		}
		t.applied++
		t.forgetDue()
	}
	return nil
}

// Indexed returns the number of articles in the tracker's own index: all
// fingerprinted articles, or with a Window the recent ones. It returns -1
// for a shared index (Config.Indexer): ask the index.
func (t *Tracker) Indexed() int {
	if t.local == nil {
		return -1
	}
	return t.local.Len()
}

// Text returns the text of article id, if the tracker keeps texts
// (Config.KeepText) and the article was added.
func (t *Tracker) Text(id string) (string, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	text, ok := t.texts[id]
	return text, ok
}

// Passages returns the passages copy took from source: byte ranges in
// both texts and the coverage of each (see [Matcher]). When the two are
// linked by a kind found by alignment (update, rewrite, partial, not a
// stitched copy's source) the passages are those of the alignment (see
// package align): words in the same order on both sides with others
// changed, added or dropped between them, and the figures count words
// rather than shingles. Any two added
// articles can be compared; usually source is one of copy's
// [Verdict.Sources]. It returns an error wrapping [ErrNoText] if the
// tracker does not keep texts or has dropped one of the two (it left the
// Window), or [ErrUnknownArticle] (never added, or forgotten: see
// Config.Forget). Matching runs outside the tracker's lock.
func (t *Tracker) Passages(copyID, sourceID string) (Passages, error) {
	if !t.keepText {
		return Passages{}, ErrNoText
	}
	t.mu.Lock()
	copyText, okCopy := t.texts[copyID]
	sourceText, okSource := t.texts[sourceID]
	_, knownCopy := t.graph.byID[copyID]
	_, knownSource := t.graph.byID[sourceID]
	aligned := t.graph.aligned(copyID, sourceID)
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
	if aligned {
		return t.alignPassages(copyText, sourceText), nil
	}
	m := t.matchers.Get().(*Matcher)
	defer t.matchers.Put(m)
	return m.Match(copyText, sourceText), nil
}

// Len returns the number of articles added, less those forgotten
// (Config.Forget).
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

// Article returns article id as it was added, without its text (see
// [Tracker.Text]), and whether it was added.
func (t *Tracker) Article(id string) (Article, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.graph.Article(id)
}
