package provenance

import (
	"errors"
	"fmt"

	"github.com/reprintlab/reprint/dedup"
)

// Open returns a tracker that keeps its articles in st: it first replays
// st's records (rebuilding the graph and, unless cfg.Indexer is set, the
// in-memory index, without reading or fingerprinting any text again) and
// then appends a record for every article added. Story IDs and origins
// are those of a tracker that added the same articles in the same order,
// so they stay stable across restarts; an article added later with an
// earlier time than a story's origin becomes the new origin (see
// [Graph]), visible in the verdicts of the story's articles.
//
// A store that knows the settings of its signatures, as a [DirStore]
// does (it has a method Settings() dedup.Settings), gives them to the
// tracker: when cfg.Index.Settings leave Method, NumHashes and Shingle
// zero, the store's are taken (cfg's MinShingles is kept), so that
// OpenDir(dir, dedup.Settings{}) and Open(Config{}, store) open a store
// made with any settings. Settings that differ from the store's, in
// cfg.Index or in cfg.Indexer, are refused with an error wrapping
// dedup.ErrSettingsMismatch that says how, in words. So are records made
// with other settings than the tracker's, in any store; a malformed
// record gives an error wrapping [ErrCorruptRecord]. With cfg.Indexer
// set, st must be the store that every tracker sharing that index uses
// (see Config.Indexer).
//
// Call [Tracker.Commit] to make the articles added so far durable, and
// [Tracker.Close] when done.
func Open(cfg Config, st Store) (*Tracker, error) {
	if st == nil {
		return nil, errors.New("provenance: Open needs a store")
	}
	if known, ok := st.(interface{ Settings() dedup.Settings }); ok {
		var err error
		if cfg, err = storeSettings(cfg, known.Settings()); err != nil {
			return nil, err
		}
	}
	if n, ok := st.(interface{ Len() int }); ok && cfg.Indexer == nil {
		// Size the index for the stored records once, rather than
		// growing it while replaying them.
		cfg.Index.Capacity = max(cfg.Index.Capacity, n.Len())
	}
	t, err := newTracker(cfg)
	if err != nil {
		return nil, err
	}
	t.store = st
	if t.shared {
		if err := t.catchUp(); err != nil {
			return nil, err
		}
		return t, nil
	}
	for r, err := range st.Records(0) {
		if err != nil {
			return nil, fmt.Errorf("provenance: reading the store at record %d: %w", t.applied, err)
		}
		if err := t.apply(r, nil); err != nil {
			if !errors.Is(err, ErrCorruptRecord) && !errors.Is(err, dedup.ErrSettingsMismatch) {
				err = fmt.Errorf("%w: %w", ErrCorruptRecord, err)
			}
			return nil, fmt.Errorf("provenance: store record %d (%q): %w", t.applied, r.Article.ID, err)
		}
		t.applied++
		t.forgetDue()
	}
	return t, nil
}

// storeSettings returns cfg with the signature settings of a store whose
// signatures were made with stored: taken from the store when cfg leaves
// them zero, refused when cfg's differ.
func storeSettings(cfg Config, stored dedup.Settings) (Config, error) {
	asked := &cfg.Index.Settings
	switch {
	case stored == (dedup.Settings{}): // the store does not know
		return cfg, nil
	case cfg.Indexer != nil:
		if is := cfg.Indexer.Config().Settings; is.ID() != stored.ID() {
			have, want := dedup.DescribeDifference(stored, is)
			return cfg, fmt.Errorf("%w: the store holds signatures of %s, the shared index of %s", dedup.ErrSettingsMismatch, have, want)
		}
	case unsetSignature(*asked):
		asked.Method, asked.NumHashes, asked.Shingle = stored.Method, stored.NumHashes, stored.Shingle
	default:
		if err := asked.Validate(); err != nil {
			return cfg, err
		}
		if asked.ID() != stored.ID() {
			have, want := dedup.DescribeDifference(stored, *asked)
			return cfg, fmt.Errorf("%w: the store holds signatures of %s, the config asks for %s; leave Config.Index.Settings zero to take the store's",
				dedup.ErrSettingsMismatch, have, want)
		}
	}
	return cfg, nil
}

// Commit makes the articles added so far durable in the tracker's store
// (see [Store.Commit]); without a store it does nothing. After Close it
// returns [ErrClosed].
func (t *Tracker) Commit() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed {
		return ErrClosed
	}
	if t.store == nil {
		return nil
	}
	return t.store.Commit()
}

// Close commits and closes the tracker's store, if any. The tracker must
// not be used afterwards.
func (t *Tracker) Close() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.store == nil {
		t.closed = true
		return nil
	}
	err := t.store.Close()
	t.store, t.closed = nil, true
	return err
}

// ErrClosed is returned by [Tracker.Add] and [Tracker.Commit] after
// [Tracker.Close], and wrapped by the errors of a [DirStore]'s Append,
// Commit and Records after its Close or Discard.
var ErrClosed = errors.New("provenance: used after Close")
