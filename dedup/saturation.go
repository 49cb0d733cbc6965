package dedup

import (
	"fmt"
	"slices"
	"sort"
)

// Saturation is the rule by which a query stops scanning a band bucket
// crowded with near-whole copies of it (see [IndexConfig.Saturation]).
//
// Without it, a story copied n times puts all n copies in the same band
// buckets, every copy's query returns all the earlier ones, and indexing
// the n copies verifies n²/2 candidates. With it, Query returns every
// match except these: it scans each band bucket of the query in the
// order the bucket's members were added, and stops scanning a bucket once
// Copies of its members were full matches (MaxContainment at least
// MinContainment) holding at least MinShare of the query (Scores.AInB);
// a document that comes after that point in every bucket it shares with
// the query is not a candidate, and is left out. (So is a document that
// shares no band with the query and sits, by a collision of the cells'
// fingerprints, in a stretch not scanned: a full scan verifies those by
// chance.) A query whose band buckets hold at most 128 members in all is
// verified whole.
//
// A member counts only if it is settled: its place (see [Place] and
// [Index.AddAt]; Add gives every document the same place) is at most the
// Earliest place of every document added after it, so that the caller
// ranks it before all of them, wherever they are. What is left out is
// then never needed by a caller that ranks matches by AInB in steps no
// finer than 1 − MinShare (so that every share of at least MinShare falls
// in the top step), then by place, then by the order they were added, and
// that keeps the best Copies−1 of them or fewer: each document left out
// has Copies matches in the top step ranked before it, which rank above
// it. The stitched-copy rule (see [Match.Partial]) finds no partial
// source either way, as soon as one full match holds more than
// 1 − MinShare/2 of the query, which a counted member does. A
// provenance.Tracker ranks matches so, with the attribution time as the
// place: documents added out of the order of their times do not count,
// and a stream in time order saturates as soon as copies are older than
// the clock skew.
//
// The cost of a query is then bounded by the bands, Copies and the
// members scanned before Copies near-whole ones, whatever the number of
// copies, for a query that earlier copies hold whole: a verbatim copy, a
// copy cut short, a copy with a credit line of a few words that earlier
// copies share. A copy with text of its own (2.5% of it, at the
// tracker's MinShare) that no earlier document holds never saturates a
// bucket, and is still verified against every earlier copy that shares a
// band with it.
//
// The order of a bucket is the order of Add, kept when documents are
// removed and across [Index.WriteTo] and [Index.ReadFrom]. Places are not
// written in a snapshot: the documents of a snapshot read back never count
// (they are still candidates), and documents added after them count
// among themselves.
type Saturation struct {
	// Copies is the number of near-whole copies of the query after which
	// the scan of a bucket stops. 0 turns the rule off.
	Copies int
	// MinShare is the share of the query (Scores.AInB) a full match
	// must hold to count, in (0, 1].
	MinShare float64
}

// Place is where a caller ranks a document among the others for
// [Saturation]: somewhere from Earliest to Latest (inclusive) in the
// caller's own order, such as its time in seconds, when the caller may
// still move it within that span. Documents the caller puts at one place
// are ranked by the order they were added.
type Place struct {
	Earliest, Latest uint64
}

// AddAt is Add, for a document at place p (see [Saturation]). It returns
// the errors of Add, and one wrapping [ErrInvalidSettings] if p.Earliest
// is after p.Latest.
func (ix *Index) AddAt(id string, sig *Signature, p Place) error {
	if p.Earliest > p.Latest {
		return fmt.Errorf("%w: place %d to %d", ErrInvalidSettings, p.Earliest, p.Latest)
	}
	if err := ix.check(sig); err != nil {
		return err
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if _, dup := ix.findID(id); dup {
		return fmt.Errorf("%w: %q", ErrDuplicateID, id)
	}
	ix.add(id, sig, p)
	return nil
}

// SetLatest moves the Latest of document id's place (see [Place]) and
// reports whether id is indexed: a caller that places a document only
// after adding it adds it with Latest math.MaxUint64 (it counts for
// Saturation only once placed). The error wraps [ErrInvalidSettings] if
// latest is before the place's Earliest.
func (ix *Index) SetLatest(id string, latest uint64) (bool, error) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	slot, ok := ix.findID(id)
	if !ok {
		return false, nil
	}
	if p := &ix.places[slot]; latest < p.Earliest {
		return true, fmt.Errorf("%w: place %d to %d", ErrInvalidSettings, p.Earliest, latest)
	} else {
		p.Latest = latest
	}
	return true, nil
}

// unknownPlace is the place of a document read from a snapshot: anywhere.
var unknownPlace = Place{Earliest: 0, Latest: 1<<64 - 1}

// addMark is a document, by when it was added, and its place's Earliest.
type addMark struct{ add, earliest uint64 }

// noteEarliest records the Earliest of the document added at add.
// earliestAfter keeps, in add order, the documents whose Earliest is
// below that of every document added after them: the smallest Earliest
// after any point is that of the first of them after it.
func (l *lsh) noteEarliest(add, earliest uint64) {
	n := len(l.earliestAfter)
	for n > 0 && l.earliestAfter[n-1].earliest >= earliest {
		n--
	}
	l.earliestAfter = append(l.earliestAfter[:n], addMark{add, earliest})
}

// trimEarliest forgets the marks no live document needs: those added no
// later than the first live one, oldest.
func (l *lsh) trimEarliest(oldest uint64) {
	i := sort.Search(len(l.earliestAfter), func(i int) bool { return l.earliestAfter[i].add > oldest })
	l.earliestAfter = slices.Delete(l.earliestAfter, 0, i)
}

// settled reports whether slot's place is at most the Earliest of every
// document added after it (removed ones included, which only counts
// fewer).
func (l *lsh) settled(slot uint32) bool {
	add := l.order[slot]
	i := sort.Search(len(l.earliestAfter), func(i int) bool { return l.earliestAfter[i].add > add })
	return i == len(l.earliestAfter) || l.places[slot].Latest <= l.earliestAfter[i].earliest
}

// check returns an error wrapping ErrInvalidSettings for a rule out of
// range.
func (s Saturation) check() error {
	switch {
	case s.Copies < 0:
		return fmt.Errorf("%w: saturation after %d copies", ErrInvalidSettings, s.Copies)
	case s.Copies > 0 && !(s.MinShare > 0 && s.MinShare <= 1):
		return fmt.Errorf("%w: saturation share %v must be in (0, 1]", ErrInvalidSettings, s.MinShare)
	}
	return nil
}

// unsaturatedCandidates appends to dst the distinct candidates of sig
// that Saturation does not leave out (except excluded), scanning each
// band's bucket in the order its members were added until Copies of
// them are settled near-whole matches.
func (l *lsh) unsaturatedCandidates(dst []uint32, sig *Signature, except string) []uint32 {
	seenPool, nearPool := l.bitmap(), l.bitmap()
	defer bitmaps.Put(seenPool)
	defer bitmaps.Put(nearPool)
	seen, near := *seenPool, *nearPool
	skip := uint32(1<<32 - 1) // no slot
	if except != "" {
		if slot, ok := l.findID(except); ok {
			skip = slot
			seen[slot/64] |= 1 << (slot % 64)
		}
	}
	start := len(dst)
	rule, k := l.cfg.Saturation, l.k
	mask := l.slotMask()
	for b := range l.bands {
		band := sig.values[b*l.rows : (b+1)*l.rows]
		key, tab := bandKey(b, band), l.tables[b]
		fp := uint32(key) &^ mask
		copies := 0
		for i := home(key, len(tab)); tab[i] != cellEmpty && copies < rule.Copies; {
			if c := tab[i]; c&^mask == fp && c&mask > cellDeleted {
				slot := c&mask - 2
				w, bit := slot/64, uint64(1)<<(slot%64)
				if seen[w]&bit == 0 {
					seen[w] |= bit
					dst = append(dst, slot)
					values := l.sig(slot)
					s := scores(equalSlots(sig.values, values), k, sig.shingles, int(l.shingles[slot]))
					if s.MaxContainment() >= l.cfg.MinContainment && s.AInB >= rule.MinShare && l.settled(slot) {
						near[w] |= bit
					}
				}
				// Only members of this very bucket are in add order here;
				// a cell of another key with the same fingerprint is a
				// candidate but does not count.
				if near[w]&bit != 0 && slices.Equal(band, l.sig(slot)[b*l.rows:(b+1)*l.rows]) {
					copies++
				}
			}
			if i++; i == len(tab) {
				i = 0
			}
		}
	}
	for _, c := range dst[start:] {
		seen[c/64], near[c/64] = 0, 0
	}
	if skip != 1<<32-1 {
		seen[skip/64] = 0
	}
	return dst
}
