package dedup

import (
	"cmp"
	"slices"
)

// QueryTopK returns the k indexed documents most like sig among its LSH
// candidates, best first (see [Index.AppendTopK]).
func (ix *Index) QueryTopK(sig *Signature, k int) ([]Match, error) {
	return ix.AppendTopK(nil, sig, k)
}

// AppendTopK appends to dst the k indexed documents most like sig among
// those that share a band with it (its LSH candidates), scored on their
// full signatures: highest Jaccard similarity first, as datasketch's
// MinHashLSHForest ranks them, then the larger containment either way,
// then ID. Unlike [Index.Query], it applies no matching rule: near misses
// (a rewrite with 60% of it found in its source) come with their scores,
// and Partial is always false. Query's order, containment first, suits
// finding a copy's sources; Jaccard ranks the documents most like sig as
// a whole, and is not swayed by containment estimates near 1, which are
// as noisy for a fragment as for a near-duplicate.
//
// Documents that share no band with sig are never returned, however
// alike: with the default banding, one with Jaccard 0.25 to sig (a copy
// of a third of its length, 80% of it found in sig) is a candidate with
// probability above 0.8, and one with Jaccard 0.33 above 0.95 (see
// [Banding.Probability]). Fewer than k documents come back when there
// are fewer candidates, and none for k < 1. It returns an error wrapping
// [ErrEmptySignature] or [ErrSettingsMismatch]. Like Query, it runs in
// parallel with other queries.
func (ix *Index) AppendTopK(dst []Match, sig *Signature, k int) ([]Match, error) {
	if err := ix.check(sig); err != nil {
		return dst, err
	}
	if k < 1 {
		return dst, nil
	}
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	l := &ix.lsh
	cands, _ := l.candidates(nil, sig, false)
	if len(cands) <= maxSortedCandidates {
		slices.Sort(cands)
		cands = slices.Compact(cands)
	} else {
		cands = l.distinct(cands)
	}
	start := len(dst)
	for _, c := range cands {
		n := int(l.shingles[c])
		s := scores(equalSlots(sig.values, l.sig(c)), l.k, sig.shingles, n)
		dst = append(dst, Match{ID: l.ids[c], Shingles: n, Scores: s})
	}
	slices.SortFunc(dst[start:], bySimilarity)
	return dst[:min(len(dst), start+k)], nil
}

// bySimilarity orders matches by Jaccard, then as compareMatches does.
func bySimilarity(a, b Match) int {
	if c := cmp.Compare(b.Jaccard, a.Jaccard); c != 0 {
		return c
	}
	return compareMatches(a, b)
}
