package provenance

import (
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

	mu    sync.Mutex
	graph *Graph
	buf   []dedup.Match
	texts map[string]string // by ID, when keepText
}

// New returns an empty Tracker. The error wraps [dedup.ErrInvalidSettings]
// or [shingle.ErrInvalidConfig] for a config out of range.
func New(cfg Config) (*Tracker, error) {
	index, err := dedup.NewIndex(cfg.Index)
	if err != nil {
		return nil, err
	}
	settings := index.Config().Settings
	t := &Tracker{index: index, graph: NewGraph(cfg.ClockSkew), keepText: cfg.KeepText}
	if cfg.KeepText {
		t.texts = make(map[string]string)
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
	sig, err := signer.Sign(a.Text)
	t.signers.Put(signer)
	if err != nil && !errors.Is(err, dedup.ErrTooShort) {
		return Verdict{}, err
	}

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
		t.index.Remove(a.ID)
		return Verdict{}, err
	}
	if t.keepText {
		t.texts[a.ID] = a.Text
	}
	return t.graph.verdict(t.graph.byID[a.ID]), nil
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
// both texts and the coverage of each (see [Matcher]). Any two added
// articles can be compared; usually source is one of copy's
// [Verdict.Sources]. It returns an error wrapping [ErrNoText] if the
// tracker does not keep texts, or [ErrUnknownArticle]. Matching runs
// outside the tracker's lock.
func (t *Tracker) Passages(copyID, sourceID string) (Passages, error) {
	if !t.keepText {
		return Passages{}, ErrNoText
	}
	t.mu.Lock()
	copyText, okCopy := t.texts[copyID]
	sourceText, okSource := t.texts[sourceID]
	t.mu.Unlock()
	switch {
	case !okCopy:
		return Passages{}, fmt.Errorf("%w: %q", ErrUnknownArticle, copyID)
	case !okSource:
		return Passages{}, fmt.Errorf("%w: %q", ErrUnknownArticle, sourceID)
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
