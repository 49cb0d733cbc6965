package dedup

import (
	"fmt"
	"slices"
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
// What is left out is never needed by a caller that ranks matches by
// AInB in steps no finer than 1 − MinShare (so that every share of at
// least MinShare falls in the top step) and then by the order they were
// added, and that keeps the best Copies−1 of them or fewer: each document
// left out has Copies matches in the top step added before it, which
// rank above it. The stitched-copy rule (see [Match.Partial]) finds no
// partial source either way, as soon as one full match holds more than
// 1 − MinShare/2 of the query, which a counted member does. A
// provenance.Tracker ranks matches so, by attribution time rather than
// by when they were added: the two orders agree when articles are added
// in the order of their times (up to its clock skew).
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
// removed and across [Index.WriteTo] and [Index.ReadFrom].
type Saturation struct {
	// Copies is the number of near-whole copies of the query after which
	// the scan of a bucket stops. 0 turns the rule off.
	Copies int
	// MinShare is the share of the query (Scores.AInB) a full match
	// must hold to count, in (0, 1].
	MinShare float64
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
// them are near-whole matches.
func (l *lsh) unsaturatedCandidates(dst []uint32, sig *Signature, except string) []uint32 {
	seenPool, nearPool := bitmaps.Get().(*[]uint64), bitmaps.Get().(*[]uint64)
	defer bitmaps.Put(seenPool)
	defer bitmaps.Put(nearPool)
	words := (len(l.shingles) + 63) / 64
	for _, p := range [2]*[]uint64{seenPool, nearPool} {
		if len(*p) < words {
			*p = make([]uint64, words)
		}
	}
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
					if s.MaxContainment() >= l.cfg.MinContainment && s.AInB >= rule.MinShare {
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
