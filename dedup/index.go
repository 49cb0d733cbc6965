package dedup

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"sync"
)

// Defaults of [IndexConfig].
const (
	// DefaultMinContainment is the share of a document's shingles that
	// must be found in another for the two to match. 0.8 keeps copies
	// with a typo every 30 words and a dropped sentence (on Reuters text
	// their 10th-percentile containment is 0.81) while same-day Reuters
	// stories that only share formulaic sentences stay below it.
	DefaultMinContainment = 0.8
	// DefaultMinLengthRatio is the shortest copy, relative to its
	// source, that the index is built to find: a third.
	DefaultMinLengthRatio = 1.0 / 3
	// DefaultFalsePositiveWeight leans the banding towards recall: a
	// missed candidate is lost, a false one only costs a verification.
	DefaultFalsePositiveWeight = 0.3
	// DefaultMinShare is the smallest share of a query that one source
	// of a stitched copy must hold: a quarter.
	DefaultMinShare = 0.25
	// MinSharedForPartial is the fewest shingles (a passage of about
	// 43 words) a partial source must share with the query. Without it,
	// short formulaic notices (dividends, Fed operations) "cover" each
	// other: on Reuters (at 5-word shingles) it removed 20 of 21 such links
	// and kept the one real stitched update (two sources sharing 167 and
	// 93 shingles).
	MinSharedForPartial = 40
)

// ErrDuplicateID is returned by [Index.Add] for an ID already indexed.
var ErrDuplicateID = errors.New("dedup: duplicate id")

// IndexConfig configures an [Index]. The zero value means the defaults.
type IndexConfig struct {
	// Settings are the settings of the signatures the index accepts.
	Settings Settings
	// MinContainment is the verification rule: a candidate matches when
	// at least this share of the query is found in it, or of it in the
	// query. 0 means DefaultMinContainment.
	MinContainment float64
	// MinShare is the rule for copies stitched from several sources:
	// candidates that each hold at least this share of the query, and
	// together cover MinContainment of it, match as partial sources.
	// 0 means DefaultMinShare; a negative value turns the rule off.
	MinShare float64
	// MinLengthRatio is the length of the shortest copy, relative to its
	// source, that the banding is built to find. 0 means
	// DefaultMinLengthRatio.
	MinLengthRatio float64
	// BandingThreshold is the Jaccard similarity the LSH banding is
	// tuned to find as candidates. It is not the matching rule (that is
	// MinContainment): a pair matches on containment, whatever its
	// Jaccard. 0 means the lowest Jaccard similarity of a match under the
	// two settings above, MinContainment·r / (1 + r − MinContainment·r)
	// for r = MinLengthRatio (0.25 with the defaults), so that the
	// banding finds what the rule accepts; leave it 0 unless you trade
	// recall for speed. A higher value means fewer candidates to verify
	// and more matches missed: at 0.8, a copy that is the first 55% of
	// its source (Jaccard 0.55, all of it found there) is usually not a
	// candidate at all.
	BandingThreshold float64
	// Threshold is the former name of BandingThreshold, used when
	// BandingThreshold is 0. [Index.Config] reports the banding threshold
	// used in both fields.
	//
	// Deprecated: it is not the matching rule, as the threshold of
	// datasketch's MinHashLSH is: a value above the lowest Jaccard of a
	// match (such as datasketch's 0.8) only lost matches, and is now
	// lowered to it. To match more or less strictly, set MinContainment,
	// from which the banding is derived; to tune the banding, set
	// BandingThreshold.
	Threshold float64
	// FalsePositiveWeight weighs false candidates against missed ones in
	// [OptimalBanding]. 0 means DefaultFalsePositiveWeight.
	FalsePositiveWeight float64
	// Banding, if set, is used instead of solving for one.
	Banding Banding
	// Capacity is the number of documents the index is sized for up
	// front. An index grows past it as needed, but each growth re-reads
	// every signature, so a good guess makes bulk loading faster. 0 means
	// start small.
	Capacity int
	// Saturation, if its Copies is positive, lets a query stop scanning
	// a band bucket crowded with near-whole copies of it, so that a story
	// copied n times costs time linear in n (see [Saturation] for what
	// Query then leaves out). The zero value turns it off: every
	// candidate is verified. It is not recorded in a snapshot.
	Saturation Saturation
}

// normalized fills in defaults and solves the banding.
func (c IndexConfig) normalized() (IndexConfig, error) {
	if err := c.Settings.Validate(); err != nil {
		return c, err
	}
	c.Settings = c.Settings.Normalized()
	if c.MinContainment == 0 {
		c.MinContainment = DefaultMinContainment
	}
	if c.MinShare == 0 {
		c.MinShare = DefaultMinShare
	}
	if c.MinShare >= c.MinContainment {
		return c, fmt.Errorf("%w: share %v of a stitched copy's source must be below the containment %v",
			ErrInvalidSettings, c.MinShare, c.MinContainment)
	}
	if c.MinLengthRatio == 0 {
		c.MinLengthRatio = DefaultMinLengthRatio
	}
	if c.FalsePositiveWeight == 0 {
		c.FalsePositiveWeight = DefaultFalsePositiveWeight
	}
	if c.Capacity < 0 {
		return c, fmt.Errorf("%w: capacity %d", ErrInvalidSettings, c.Capacity)
	}
	if err := c.Saturation.check(); err != nil {
		return c, err
	}
	if !(c.MinContainment > 0 && c.MinContainment <= 1) || !(c.MinLengthRatio > 0 && c.MinLengthRatio <= 1) {
		return c, fmt.Errorf("%w: containment %v and length ratio %v must be in (0, 1]",
			ErrInvalidSettings, c.MinContainment, c.MinLengthRatio)
	}
	cr := c.MinContainment * c.MinLengthRatio
	lowestMatch := cr / (1 + c.MinLengthRatio - cr) // the lowest Jaccard of a match
	switch {
	case c.BandingThreshold != 0:
	case c.Threshold != 0: // the deprecated name, never above lowestMatch
		c.BandingThreshold = min(c.Threshold, lowestMatch)
	default:
		c.BandingThreshold = lowestMatch
	}
	if !(c.BandingThreshold > 0 && c.BandingThreshold <= 1) {
		return c, fmt.Errorf("%w: banding threshold %v must be in (0, 1]", ErrInvalidSettings, c.BandingThreshold)
	}
	c.Threshold = c.BandingThreshold
	k := c.Settings.NumHashes
	if c.Banding == (Banding{}) {
		b, err := OptimalBanding(k, min(c.BandingThreshold, 0.99), c.FalsePositiveWeight)
		if err != nil {
			return c, err
		}
		c.Banding = b
	}
	if c.Banding.Bands < 1 || c.Banding.Rows < 1 || c.Banding.Bands*c.Banding.Rows > k {
		return c, fmt.Errorf("%w: banding %s does not fit %d hashes", ErrInvalidSettings, c.Banding, k)
	}
	return c, nil
}

// Match is a verified candidate returned by [Index.Query].
type Match struct {
	// ID is the matching document's ID.
	ID string
	// Shingles is its number of distinct shingles.
	Shingles int
	// Scores compare the query (A) with the match (B): AInB is the
	// share of the query found in the match.
	Scores
	// Partial is true for a match that holds less than MinContainment of
	// the query, and of itself, but at least MinShare of the query (and
	// MinSharedForPartial shingles), and with other matches covers
	// MinContainment of it: a source of a copy stitched from several
	// articles.
	Partial bool
}

// Index finds the indexed documents that share much of their text with a
// query: its candidates come from MinHash banding (LSH) and each one is
// verified on its full signature before it is returned.
//
// An Index is safe for concurrent use: Query runs in parallel with other
// queries; Add, AddAt, SetLatest and Remove take an exclusive lock.
// Create one with [NewIndex]; the zero value is not usable.
type Index struct {
	mu sync.RWMutex
	lsh
}

// NewIndex returns an empty index. The error wraps [ErrInvalidSettings]
// or [shingle.ErrInvalidConfig] for a config out of range.
func NewIndex(cfg IndexConfig) (*Index, error) {
	cfg, err := cfg.normalized()
	if err != nil {
		return nil, err
	}
	ix := &Index{}
	ix.lsh.init(cfg)
	return ix, nil
}

// Config returns the index's configuration with every default filled in
// and the banding solved.
func (ix *Index) Config() IndexConfig { return ix.cfg }

// Len returns the number of indexed documents.
func (ix *Index) Len() int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.live
}

// Contains reports whether id is indexed.
func (ix *Index) Contains(id string) bool {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	_, ok := ix.findID(id)
	return ok
}

// Add indexes sig under id. It returns an error wrapping
// [ErrDuplicateID] if id is indexed already, [ErrEmptySignature] for an
// empty signature, or [ErrSettingsMismatch] if sig was made with other
// settings than the index's. The index keeps its own copy of sig.
func (ix *Index) Add(id string, sig *Signature) error {
	return ix.AddAt(id, sig, Place{})
}

// Remove deletes id from the index and reports whether it was there.
// The error is always nil; it is there for [Indexer].
func (ix *Index) Remove(id string) (bool, error) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	return ix.remove(id), nil
}

// Query returns the indexed documents that match sig: those sharing at
// least MinContainment of sig's shingles or of their own, and the partial
// sources of a stitched copy (see [Match.Partial]). Matches come
// best first (highest MaxContainment, then Jaccard, then ID). It returns
// an error wrapping [ErrEmptySignature] or [ErrSettingsMismatch].
func (ix *Index) Query(sig *Signature) ([]Match, error) {
	return ix.AppendQuery(nil, sig)
}

// AppendQuery is Query appending to dst. With room in dst it allocates
// nothing when there are at most 128 band candidates and no stitched copy
// to assess, which is the usual case.
func (ix *Index) AppendQuery(dst []Match, sig *Signature) ([]Match, error) {
	if err := ix.check(sig); err != nil {
		return dst, err
	}
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.query(dst, sig, ""), nil
}

// AppendQueryExcept is AppendQuery as if document except were not
// indexed: it is left out of the candidates before they are verified. A
// caller that indexes a document before querying it (as a
// provenance.Tracker on a shared index does, so that two documents added
// at once by two processes find each other) gets what a query made before
// the Add gets, stitched copies' partial sources included: with the
// document itself among the candidates, it alone covers the query.
func (ix *Index) AppendQueryExcept(dst []Match, sig *Signature, except string) ([]Match, error) {
	if err := ix.check(sig); err != nil {
		return dst, err
	}
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.query(dst, sig, except), nil
}

func (ix *Index) check(sig *Signature) error {
	if sig == nil || len(sig.values) == 0 {
		return ErrEmptySignature
	}
	if sig.id != ix.settingsID || len(sig.values) != ix.cfg.Settings.NumHashes {
		return fmt.Errorf("%w: signature %s with %d slots, index %s with %d",
			ErrSettingsMismatch, sig.id, len(sig.values), ix.settingsID, ix.cfg.Settings.NumHashes)
	}
	return nil
}

// query appends the verified matches of sig to dst, leaving out document
// except.
func (l *lsh) query(dst []Match, sig *Signature, except string) []Match {
	var buf [128]uint32
	cands, ok := l.candidates(buf[:0], sig, true)
	if !ok {
		big := bigCandidates.Get().(*[]uint32)
		defer bigCandidates.Put(big)
		if l.cfg.Saturation.Copies > 0 {
			*big = l.unsaturatedCandidates((*big)[:0], sig, except)
			l.countVerified(len(*big))
			return verify(&l.cfg, dst, sig, slotSet{l}, *big)
		}
		*big, _ = l.candidates((*big)[:0], sig, false)
		cands = *big
	}
	if len(cands) <= maxSortedCandidates {
		slices.Sort(cands)
		cands = slices.Compact(cands)
	} else {
		cands = l.distinct(cands)
	}
	if except != "" {
		if slot, ok := l.findID(except); ok {
			if i := slices.Index(cands, slot); i >= 0 {
				cands = slices.Delete(cands, i, i+1)
			}
		}
	}
	l.countVerified(len(cands))
	return verify(&l.cfg, dst, sig, slotSet{l}, cands)
}

// slotSet gives verify the documents of an lsh by slot.
type slotSet struct{ l *lsh }

func (s slotSet) values(slot uint32) []uint32 { return s.l.sig(slot) }
func (s slotSet) shingles(slot uint32) int    { return int(s.l.shingles[slot]) }
func (s slotSet) id(slot uint32) string       { return s.l.ids[slot] }

// compareMatches orders matches best first.
func compareMatches(a, b Match) int {
	if c := cmp.Compare(b.MaxContainment(), a.MaxContainment()); c != 0 {
		return c
	}
	if c := cmp.Compare(b.Jaccard, a.Jaccard); c != 0 {
		return c
	}
	return cmp.Compare(a.ID, b.ID)
}
