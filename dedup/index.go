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
	// MinSharedForPartial is the fewest shingles (about a 45-word
	// passage) a partial source must share with the query. Without it,
	// short formulaic notices (dividends, Fed operations) "cover" each
	// other: on Reuters it removes 20 of 21 such links and keeps the one
	// real stitched update (two sources sharing 167 and 93 shingles).
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
	// Threshold is the Jaccard similarity the banding is built to find.
	// 0 means the lowest Jaccard similarity of a match under the two
	// settings above: MinContainment·r / (1 + r − MinContainment·r) for
	// r = MinLengthRatio (0.25 with the defaults).
	Threshold float64
	// FalsePositiveWeight weighs false candidates against missed ones in
	// [OptimalBanding]. 0 means DefaultFalsePositiveWeight.
	FalsePositiveWeight float64
	// Banding, if set, is used instead of solving for one.
	Banding Banding
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
	if !(c.MinContainment > 0 && c.MinContainment <= 1) || !(c.MinLengthRatio > 0 && c.MinLengthRatio <= 1) {
		return c, fmt.Errorf("%w: containment %v and length ratio %v must be in (0, 1]",
			ErrInvalidSettings, c.MinContainment, c.MinLengthRatio)
	}
	if c.Threshold == 0 {
		cr := c.MinContainment * c.MinLengthRatio
		c.Threshold = cr / (1 + c.MinLengthRatio - cr)
	}
	k := c.Settings.NumHashes
	if c.Banding == (Banding{}) {
		b, err := OptimalBanding(k, min(c.Threshold, 0.99), c.FalsePositiveWeight)
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
// queries, Add and Remove take an exclusive lock. Create one with
// [NewIndex]; the zero value is not usable.
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
	return len(ix.byID)
}

// Contains reports whether id is indexed.
func (ix *Index) Contains(id string) bool {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	_, ok := ix.byID[id]
	return ok
}

// Add indexes sig under id. It returns an error wrapping
// [ErrDuplicateID] if id is indexed already, [ErrEmptySignature] for an
// empty signature, or [ErrSettingsMismatch] if sig was made with other
// settings than the index's. The index keeps its own copy of sig.
func (ix *Index) Add(id string, sig *Signature) error {
	if err := ix.check(sig); err != nil {
		return err
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if _, dup := ix.byID[id]; dup {
		return fmt.Errorf("%w: %q", ErrDuplicateID, id)
	}
	ix.add(id, sig)
	return nil
}

// Remove deletes id from the index and reports whether it was there.
func (ix *Index) Remove(id string) bool {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	return ix.remove(id)
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
	return ix.query(dst, sig), nil
}

func (ix *Index) check(sig *Signature) error {
	if sig == nil || len(sig.values) == 0 {
		return ErrEmptySignature
	}
	if sig.settings != ix.settingsID || len(sig.values) != ix.cfg.Settings.NumHashes {
		return fmt.Errorf("%w: signature %s with %d slots, index %s with %d",
			ErrSettingsMismatch, sig.settings, len(sig.values), ix.settingsID, ix.cfg.Settings.NumHashes)
	}
	return nil
}

// lsh is the single-goroutine core of Index.
//
// Documents live in slots; sig(slot) is a signature. Band
// tables are one open-addressing hash table from band key to the head of
// a chain of entries, one entry per (document, band).
type lsh struct {
	cfg        IndexConfig
	settingsID SettingsID
	k          int

	byID     map[string]uint32
	ids      []string
	shingles []int32    // 0 marks a free slot
	values   [][]uint32 // pages of pageSize signatures, never copied on growth
	free     []uint32

	keys    []uint64  // band keys; 0 is empty
	heads   []uint32  // entry index + 1 of the chain of keys[i]
	used    int       // occupied keys
	entries [][]entry // pages of pageSize entries
	nEnt    int       // entries allocated
	freeEnt uint32    // entry index + 1 of the first free entry
}

// pageSize is the number of signatures, or of entries, in one page.
const pageSize = 1 << 12

// sig returns the slot values of slot.
func (l *lsh) sig(slot uint32) []uint32 {
	page := l.values[slot/pageSize]
	off := int(slot%pageSize) * l.k
	return page[off : off+l.k : off+l.k]
}

// entry returns entry e (an index + 1).
func (l *lsh) entry(e uint32) *entry { return &l.entries[(e-1)/pageSize][(e-1)%pageSize] }

// newEntry returns a free entry (an index + 1).
func (l *lsh) newEntry() uint32 {
	if e := l.freeEnt; e != 0 {
		l.freeEnt = l.entry(e).next
		return e
	}
	if l.nEnt%pageSize == 0 {
		l.entries = append(l.entries, make([]entry, pageSize))
	}
	l.nEnt++
	return uint32(l.nEnt)
}

type entry struct {
	slot uint32
	next uint32 // entry index + 1; 0 ends the chain
}

func (l *lsh) init(cfg IndexConfig) {
	l.cfg = cfg
	l.settingsID = cfg.Settings.ID()
	l.k = cfg.Settings.NumHashes
	l.byID = make(map[string]uint32)
	l.keys = make([]uint64, 64)
	l.heads = make([]uint32, 64)
}

// bandKey hashes band b of a signature; 0 is never returned.
func bandKey(b int, vals []uint32) uint64 {
	h := uint64(b+1) * 0x9e3779b97f4a7c15
	for _, v := range vals {
		h = (h ^ uint64(v)) * 0xff51afd7ed558ccd
		h ^= h >> 29
	}
	h ^= h >> 32
	h *= 0xc4ceb9fe1a85ec53
	h ^= h >> 29
	if h == 0 {
		h = 1
	}
	return h
}

// find returns the table position of key, or of the empty position where
// it would go.
func (l *lsh) find(key uint64) int {
	mask := uint64(len(l.keys) - 1)
	i := key & mask
	for l.keys[i] != 0 && l.keys[i] != key {
		i = (i + 1) & mask
	}
	return int(i)
}

func (l *lsh) grow() {
	oldKeys, oldHeads := l.keys, l.heads
	l.keys = make([]uint64, 2*len(oldKeys))
	l.heads = make([]uint32, 2*len(oldKeys))
	for i, key := range oldKeys {
		if key != 0 {
			j := l.find(key)
			l.keys[j], l.heads[j] = key, oldHeads[i]
		}
	}
}

func (l *lsh) add(id string, sig *Signature) {
	var slot uint32
	if n := len(l.free); n > 0 {
		slot = l.free[n-1]
		l.free = l.free[:n-1]
		l.ids[slot] = id
		l.shingles[slot] = int32(min(sig.shingles, 1<<31-1))
	} else {
		slot = uint32(len(l.ids))
		if slot%pageSize == 0 {
			l.values = append(l.values, make([]uint32, pageSize*l.k))
		}
		l.ids = append(l.ids, id)
		l.shingles = append(l.shingles, int32(min(sig.shingles, 1<<31-1)))
	}
	copy(l.sig(slot), sig.values)
	l.byID[id] = slot
	rows := l.cfg.Banding.Rows
	for b := range l.cfg.Banding.Bands {
		if 2*(l.used+1) > len(l.keys) {
			l.grow()
		}
		key := bandKey(b, sig.values[b*rows:(b+1)*rows])
		i := l.find(key)
		if l.keys[i] == 0 {
			l.keys[i] = key
			l.used++
		}
		e := l.newEntry()
		*l.entry(e) = entry{slot: slot, next: l.heads[i]}
		l.heads[i] = e
	}
}

func (l *lsh) remove(id string) bool {
	slot, ok := l.byID[id]
	if !ok {
		return false
	}
	delete(l.byID, id)
	sig := l.sig(slot)
	rows := l.cfg.Banding.Rows
	for b := range l.cfg.Banding.Bands {
		i := l.find(bandKey(b, sig[b*rows:(b+1)*rows]))
		// Unlink slot's entry from the chain.
		for prev, e := uint32(0), l.heads[i]; e != 0; prev, e = e, l.entry(e).next {
			if l.entry(e).slot != slot {
				continue
			}
			if prev == 0 {
				l.heads[i] = l.entry(e).next
			} else {
				l.entry(prev).next = l.entry(e).next
			}
			*l.entry(e) = entry{next: l.freeEnt}
			l.freeEnt = e
			break
		}
		if l.heads[i] == 0 {
			l.deleteKey(i)
		}
	}
	l.ids[slot] = ""
	l.shingles[slot] = 0
	l.free = append(l.free, slot)
	return true
}

// deleteKey empties table position i and shifts later keys of its probe
// run back, so lookups never need tombstones.
func (l *lsh) deleteKey(i int) {
	mask := len(l.keys) - 1
	l.used--
	for {
		l.keys[i], l.heads[i] = 0, 0
		j := i
		for {
			j = (j + 1) & mask
			if l.keys[j] == 0 {
				return
			}
			home := int(l.keys[j] & uint64(mask))
			// Move keys[j] to i if its home is not in (i, j] cyclically.
			if (j > i && (home <= i || home > j)) || (j < i && home <= i && home > j) {
				break
			}
		}
		l.keys[i], l.heads[i] = l.keys[j], l.heads[j]
		i = j
	}
}

// query appends the verified matches of sig to dst.
func (l *lsh) query(dst []Match, sig *Signature) []Match {
	var buf [128]uint32
	cands := buf[:0]
	rows := l.cfg.Banding.Rows
	for b := range l.cfg.Banding.Bands {
		key := bandKey(b, sig.values[b*rows:(b+1)*rows])
		i := l.find(key)
		if l.keys[i] == 0 {
			continue
		}
		for e := l.heads[i]; e != 0; e = l.entry(e).next {
			cands = append(cands, l.entry(e).slot)
		}
	}
	slices.Sort(cands)
	cands = slices.Compact(cands)
	start := len(dst)
	var partBuf [16]scoredSlot
	parts := partBuf[:0] // candidates that hold at least MinShare of the query
	for _, slot := range cands {
		s := scores(equalSlots(sig.values, l.sig(slot)), l.k, sig.shingles, int(l.shingles[slot]))
		if s.MaxContainment() >= l.cfg.MinContainment {
			dst = append(dst, Match{ID: l.ids[slot], Shingles: int(l.shingles[slot]), Scores: s})
		} else if l.cfg.MinShare > 0 && s.AInB >= l.cfg.MinShare && s.Shared >= MinSharedForPartial {
			parts = append(parts, scoredSlot{slot, s})
		}
	}
	if len(parts) > 0 && l.coverPossible(dst[start:], parts) {
		dst = l.cover(dst, start, sig, parts)
	}
	slices.SortFunc(dst[start:], compareMatches)
	return dst
}

// scoredSlot is a candidate with its scores against the query.
type scoredSlot struct {
	slot   uint32
	scores Scores
}

// coverPossible reports whether full matches and partial candidates could
// cover MinContainment together: at least two members whose shares add up
// to it. Most queries stop here without allocating.
func (l *lsh) coverPossible(full []Match, parts []scoredSlot) bool {
	n, sum := len(parts), 0.0
	for _, p := range parts {
		sum += p.scores.AInB
	}
	for _, m := range full {
		if m.AInB >= l.cfg.MinShare {
			n++
			sum += m.AInB
		}
	}
	return n >= 2 && sum >= l.cfg.MinContainment
}

// cover adds the partial matches: candidates that each hold at least
// MinShare of the query and together, with the full matches in
// dst[start:], cover at least MinContainment of it. Members are taken
// greedily, largest share first, and each must add at least half of
// MinShare to the coverage, so two copies of one story count once.
//
// The coverage of a union U is estimated like any containment: the
// slot-wise minimum of the members' signatures is U's signature, and |U|
// follows by inclusion-exclusion, |U ∪ C| = |U| + |C| − |U ∩ C|.
func (l *lsh) cover(dst []Match, start int, sig *Signature, parts []scoredSlot) []Match {
	members := make([]scoredSlot, 0, len(dst)-start+len(parts))
	for _, m := range dst[start:] {
		if m.AInB >= l.cfg.MinShare {
			members = append(members, scoredSlot{l.byID[m.ID], m.Scores})
		}
	}
	members = append(members, parts...)
	slices.SortStableFunc(members, func(a, b scoredSlot) int { return cmp.Compare(b.scores.AInB, a.scores.AInB) })

	// union is the accepted members' merged signature; next is the
	// candidate union, swapped in when the member is accepted.
	union, next := make([]uint32, l.k), make([]uint32, l.k)
	var size, covered float64
	accepted := members[:0:0]
	for _, c := range members {
		values := l.sig(c.slot)
		n := float64(l.shingles[c.slot])
		nextSize := n
		if len(accepted) == 0 {
			copy(next, values)
		} else {
			for i, v := range values {
				next[i] = min(union[i], v)
			}
			j := float64(equalSlots(union, values)) / float64(l.k)
			nextSize = size + n - min(j*(size+n)/(1+j), size, n)
		}
		j := float64(equalSlots(sig.values, next)) / float64(l.k)
		shared := min(j*(float64(sig.shingles)+nextSize)/(1+j), nextSize, float64(sig.shingles))
		nextCovered := shared / float64(sig.shingles)
		if nextCovered-covered < l.cfg.MinShare/2 {
			continue
		}
		union, next = next, union
		size, covered = nextSize, nextCovered
		accepted = append(accepted, c)
	}
	if covered < l.cfg.MinContainment || len(accepted) < 2 {
		return dst
	}
	for _, c := range accepted {
		if c.scores.MaxContainment() >= l.cfg.MinContainment {
			continue // already a full match
		}
		dst = append(dst, Match{ID: l.ids[c.slot], Shingles: int(l.shingles[c.slot]), Scores: c.scores, Partial: true})
	}
	return dst
}

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
