package provenance

import (
	"errors"
	"fmt"
	"hash/maphash"

	"github.com/reprintlab/reprint/dedup"
)

// ErrOutcomeUnknown is returned by [Tracker.Add] on a shared index
// (Config.Indexer) when a write to the index or the store did not
// confirm (a timeout, a broken connection): it may have been applied or
// not. The tracker takes nothing back; adding the same article again,
// once the index and store answer, settles it: the article then has one
// index entry and one record, and Add returns its verdict.
var ErrOutcomeUnknown = errors.New("provenance: the shared index or store did not confirm a write, so the article may or may not be stored; add the same article again to settle it")

// maxUnsure bounds the Adds in doubt a tracker remembers. Beyond it the
// oldest are forgotten: adding one of those again still leaves one index
// entry and one record, but may return ErrDuplicateID instead of the
// verdict when the first try was stored.
const maxUnsure = 4096

// unsureAdd is an Add on a shared index that ended in doubt.
type unsureAdd struct {
	article  Article // as given, Text cleared
	text     uint64  // hash of the article's text
	record   *Record // its record; its Links are set if appended
	appended bool    // Append was called with record
	when     uint64  // order of the failures, to forget the oldest
}

// textSeed hashes the texts of Adds in doubt.
var textSeed = maphash.MakeSeed()

// addShared is the end of Add on a shared index and store, under the
// lock, after catching up with the store.
//
// The order of the writes is: the index Add, a query, then the record's
// Append. The index comes first so that of two articles added at once
// by two trackers the later query finds the earlier one, and the record
// comes last because it holds the query's links. A crash between the two
// writes leaves an index entry without a record (an orphan), never a
// record that queries cannot find.
//
// Each write can fail in doubt: applied or not, the caller cannot tell.
// So nothing is taken back (taking back an index entry whose record did
// land would hide the article from later queries for good); the tracker
// remembers the attempt and returns [ErrOutcomeUnknown]. Adding the same
// article again converges: the index Add of the same signature is a
// no-op on an index that is idempotent (package redisindex's), an index
// entry without a record is adopted (see adoptShared), and the retry
// appends the very record of the first try, which a store that is
// idempotent (package redisindex's) keeps once.
func (t *Tracker) addShared(a Article, r *Record) (Verdict, error) {
	u, retry := t.unsure[a.ID]
	if retry && !u.same(a) {
		retry = false // another article under the same ID
	}
	appended := retry && u.appended
	if retry {
		// Sign as the first try did: the boilerplate learned since may
		// differ. Once its record may be in the store, append that very
		// record again.
		r.Signature, r.Boilerplate = u.record.Signature, u.record.Boilerplate
		if appended {
			r = u.record
		}
	}
	if _, dup := t.graph.byID[a.ID]; dup && !appended {
		return Verdict{}, fmt.Errorf("%w: %q", ErrDuplicateID, a.ID)
	}
	if r.Signature != nil && !appended {
		links, doubt, err := t.linkShared(a.ID, r.Signature)
		if doubt {
			t.remember(a, r, false)
			return Verdict{}, fmt.Errorf("%w: indexing %q: %w", ErrOutcomeUnknown, a.ID, err)
		}
		if err != nil {
			return Verdict{}, err
		}
		r.Links = links
	}
	if err := t.store.Append(r); err != nil {
		if errors.Is(err, ErrDuplicateID) { // the store holds another record of the ID
			delete(t.unsure, a.ID)
			return Verdict{}, fmt.Errorf("provenance: storing %q: %w", a.ID, err)
		}
		t.remember(a, r, true)
		return Verdict{}, fmt.Errorf("%w: storing %q: %w", ErrOutcomeUnknown, a.ID, err)
	}
	// Apply every record up to this one, in store order.
	if err := t.catchUp(); err != nil {
		t.remember(a, r, true)
		return Verdict{}, fmt.Errorf("%w: %q was stored but reading the store back failed: %w", ErrOutcomeUnknown, a.ID, err)
	}
	delete(t.unsure, a.ID)
	x, ok := t.graph.byID[a.ID]
	if !ok {
		return Verdict{}, fmt.Errorf("%w: %q was stored but not read back", ErrCorruptRecord, a.ID)
	}
	return t.graph.verdict(x), nil
}

// linkShared indexes a new article in the shared index, then returns
// the verified links of a query that leaves it out. doubt is true when an
// error leaves the index entry's state unknown, or present without a
// record.
func (t *Tracker) linkShared(id string, sig *dedup.Signature) (links []Link, doubt bool, err error) {
	if err := t.index.Add(id, sig); errors.Is(err, dedup.ErrDuplicateID) {
		// Nothing was written: the entry is another's, or an orphan.
		if err := t.adoptShared(id, sig); err != nil {
			return nil, false, err
		}
	} else if err != nil {
		return nil, true, err
	}
	t.buf, err = t.index.AppendQueryExcept(t.buf[:0], sig, id)
	if err != nil {
		return nil, true, err
	}
	for _, m := range t.buf {
		links = append(links, LinkFromMatch(m, t.minContainment))
	}
	return links, false, nil
}

// adoptShared decides whether the shared index's entry for id, which
// refused the article's Add, can be taken as the article's own: it can if
// the store has no record of id and the indexed text matches the
// article's (a non-partial match by the index's rule). Such an entry is
// an orphan left by a tracker that died between the index Add and the
// record's Append (or whose Append failed and which did not retry),
// possibly signed with other learned boilerplate; or an Add in progress
// on another tracker, whose record and this one's then meet in the store,
// which keeps one. It returns nil to adopt, an error wrapping
// [ErrDuplicateID] if the entry is another article's, or the error of
// reading the store or querying the index.
func (t *Tracker) adoptShared(id string, sig *dedup.Signature) error {
	if err := t.catchUp(); err != nil {
		return err
	}
	if _, ok := t.graph.byID[id]; ok {
		return fmt.Errorf("%w: %q", ErrDuplicateID, id)
	}
	matches, err := t.index.AppendQuery(nil, sig)
	if err != nil {
		return fmt.Errorf("provenance: checking the shared index's entry of %q: %w", id, err)
	}
	for _, m := range matches {
		if m.ID == id && !m.Partial {
			return nil
		}
	}
	return fmt.Errorf("%w: %q is indexed with another text, and has no record yet", ErrDuplicateID, id)
}

// remember records an Add in doubt, so that a retry converges.
func (t *Tracker) remember(a Article, r *Record, appended bool) {
	if t.unsure == nil {
		t.unsure = make(map[string]*unsureAdd)
	}
	u := t.unsure[a.ID]
	if u == nil || !u.same(a) {
		if len(t.unsure) >= maxUnsure {
			t.forgetOldestUnsure()
		}
		u = &unsureAdd{text: maphash.String(textSeed, a.Text)}
		u.article, u.article.Text = a, ""
		t.unsure[a.ID] = u
	}
	t.unsureSeq++
	u.when = t.unsureSeq
	if !u.appended { // once appended, a retry appends that record
		u.record, u.appended = r, appended
	}
}

// forgetOldestUnsure drops the oldest Add in doubt.
func (t *Tracker) forgetOldestUnsure() {
	var oldest string
	first := true
	for id, u := range t.unsure {
		if first || u.when < t.unsure[oldest].when {
			oldest, first = id, false
		}
	}
	delete(t.unsure, oldest)
}

// same reports whether a is the article of the Add in doubt.
func (u *unsureAdd) same(a Article) bool {
	b := u.article
	return a.ID == b.ID && a.Source == b.Source && a.URL == b.URL &&
		a.Published.Equal(b.Published) && a.Seen.Equal(b.Seen) &&
		maphash.String(textSeed, a.Text) == u.text
}
