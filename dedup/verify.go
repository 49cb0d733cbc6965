package dedup

import (
	"cmp"
	"fmt"
	"slices"
)

// Indexer is a signature index a provenance.Tracker can work with: [Index]
// keeps one in memory; package redisindex keeps one in Redis that many
// processes share. Implementations document their own concurrency
// contract and errors; the methods mean what they mean on [Index].
type Indexer interface {
	// Config returns the index's configuration, defaults filled in and
	// banding solved.
	Config() IndexConfig
	// Add indexes sig under id; ErrDuplicateID if id is indexed already.
	// An index reached over a network may take an Add of an ID indexed
	// with the same signature as a no-op instead, so that a retry after
	// a failure in doubt converges (package redisindex's does).
	Add(id string, sig *Signature) error
	// AppendQuery appends the indexed documents that match sig to dst,
	// best first, verified by the rules of [IndexConfig.Verify].
	AppendQuery(dst []Match, sig *Signature) ([]Match, error)
	// AppendQueryExcept is AppendQuery as if document except were not
	// indexed.
	AppendQueryExcept(dst []Match, sig *Signature, except string) ([]Match, error)
	// Remove deletes id and reports whether it was indexed.
	Remove(id string) (bool, error)
}

// Candidate is an indexed document offered to [IndexConfig.Verify].
type Candidate struct {
	// ID is the document's ID.
	ID string
	// Signature is the document's signature.
	Signature *Signature
}

// Verify appends to dst the candidates that match sig, with their scores,
// best first, by exactly the rules of [Index.Query]: a candidate matches
// when at least MinContainment of one side is found in the other, and
// candidates that each hold at least MinShare of sig and together cover
// MinContainment of it match as partial sources. Candidates should be
// distinct. It is how an index kept elsewhere (see [Indexer]) verifies
// the candidates its bands return.
//
// c should be the Config of an index (defaults filled in, banding
// solved); the banding is not used. Verify returns an error wrapping
// [ErrEmptySignature] if sig or a candidate is empty, [ErrSettingsMismatch]
// if one was made with other settings than c.Settings, or
// [ErrInvalidSettings] for a config out of range; dst is then returned
// unchanged. It is safe for concurrent use.
func (c IndexConfig) Verify(dst []Match, sig *Signature, cands []Candidate) ([]Match, error) {
	if c.Banding == (Banding{}) {
		c.Banding = Banding{Bands: 1, Rows: 1} // not used; skips solving
	}
	c, err := c.normalized()
	if err != nil {
		return dst, err
	}
	want := c.Settings.ID()
	for i, s := range append([]*Signature{sig}, candSigs(cands)...) {
		switch {
		case s == nil || len(s.values) == 0:
			return dst, ErrEmptySignature
		case s.id != want || len(s.values) != c.Settings.NumHashes:
			what := "query"
			if i > 0 {
				what = fmt.Sprintf("candidate %q", cands[i-1].ID)
			}
			return dst, fmt.Errorf("%w: %s signature %s, index %s", ErrSettingsMismatch, what, s.id, want)
		}
	}
	idx := make([]uint32, len(cands))
	for i := range idx {
		idx[i] = uint32(i)
	}
	return verify(&c, dst, sig, candidateList(cands), idx), nil
}

func candSigs(cands []Candidate) []*Signature {
	sigs := make([]*Signature, len(cands))
	for i, c := range cands {
		sigs[i] = c.Signature
	}
	return sigs
}

// candidateList gives verify a slice of Candidates by position.
type candidateList []Candidate

func (c candidateList) values(i uint32) []uint32 { return c[i].Signature.values }
func (c candidateList) shingles(i uint32) int    { return c[i].Signature.shingles }
func (c candidateList) id(i uint32) string       { return c[i].ID }

// candidateSet is where verify reads candidates, each named by a uint32:
// an index's slots, or positions in a slice.
type candidateSet interface {
	values(c uint32) []uint32
	shingles(c uint32) int
	id(c uint32) string
}

// scoredCandidate is a candidate with its scores against the query.
type scoredCandidate struct {
	c      uint32
	scores Scores
}

// verify appends the candidates of set that match sig to dst, best first.
// It is generic so that the in-memory index's calls compile to direct
// calls and allocate nothing in the usual case.
func verify[S candidateSet](cfg *IndexConfig, dst []Match, sig *Signature, set S, cands []uint32) []Match {
	k := cfg.Settings.NumHashes
	start := len(dst)
	var partBuf, shareBuf [16]scoredCandidate
	parts := partBuf[:0]   // candidates that hold at least MinShare of the query only
	shares := shareBuf[:0] // full matches that hold at least MinShare of it
	for _, c := range cands {
		n := set.shingles(c)
		s := scores(equalSlots(sig.values, set.values(c)), k, sig.shingles, n)
		switch {
		case s.MaxContainment() >= cfg.MinContainment:
			dst = append(dst, Match{ID: set.id(c), Shingles: n, Scores: s})
			if cfg.MinShare > 0 && s.AInB >= cfg.MinShare {
				shares = append(shares, scoredCandidate{c, s})
			}
		case cfg.MinShare > 0 && s.AInB >= cfg.MinShare && s.Shared >= MinSharedForPartial:
			parts = append(parts, scoredCandidate{c, s})
		}
	}
	if len(parts) > 0 && coverPossible(cfg, shares, parts) {
		dst = cover(cfg, dst, sig, set, append(shares, parts...))
	}
	slices.SortFunc(dst[start:], compareMatches)
	return dst
}

// coverPossible reports whether full matches and partial candidates could
// cover MinContainment together: at least two members whose shares add up
// to it. Most queries stop here without allocating.
func coverPossible(cfg *IndexConfig, shares, parts []scoredCandidate) bool {
	sum := 0.0
	for _, p := range shares {
		sum += p.scores.AInB
	}
	for _, p := range parts {
		sum += p.scores.AInB
	}
	return len(shares)+len(parts) >= 2 && sum >= cfg.MinContainment
}

// cover adds the partial matches: among members (the full matches and
// partial candidates holding at least MinShare of the query), those that
// together cover at least MinContainment of it. Members are taken
// greedily, largest share first, and each must add at least half of
// MinShare to the coverage, so two copies of one story count once.
//
// The coverage of a union U is estimated like any containment: the
// slot-wise minimum of the members' signatures is U's signature, and |U|
// follows by inclusion-exclusion, |U ∪ C| = |U| + |C| − |U ∩ C|.
func cover[S candidateSet](cfg *IndexConfig, dst []Match, sig *Signature, set S, members []scoredCandidate) []Match {
	k := cfg.Settings.NumHashes
	members = slices.Clone(members)
	slices.SortStableFunc(members, func(a, b scoredCandidate) int { return cmp.Compare(b.scores.AInB, a.scores.AInB) })

	// union is the accepted members' merged signature; next is the
	// candidate union, swapped in when the member is accepted.
	union, next := make([]uint32, k), make([]uint32, k)
	var size, covered float64
	accepted := members[:0:0]
	for _, c := range members {
		values := set.values(c.c)
		n := float64(set.shingles(c.c))
		nextSize := n
		if len(accepted) == 0 {
			copy(next, values)
		} else {
			for i, v := range values {
				next[i] = min(union[i], v)
			}
			j := float64(equalSlots(union, values)) / float64(k)
			nextSize = size + n - min(j*(size+n)/(1+j), size, n)
		}
		j := float64(equalSlots(sig.values, next)) / float64(k)
		shared := min(j*(float64(sig.shingles)+nextSize)/(1+j), nextSize, float64(sig.shingles))
		nextCovered := shared / float64(sig.shingles)
		if nextCovered-covered < cfg.MinShare/2 {
			continue
		}
		union, next = next, union
		size, covered = nextSize, nextCovered
		accepted = append(accepted, c)
	}
	if covered < cfg.MinContainment || len(accepted) < 2 {
		return dst
	}
	for _, c := range accepted {
		if c.scores.MaxContainment() >= cfg.MinContainment {
			continue // already a full match
		}
		dst = append(dst, Match{ID: set.id(c.c), Shingles: set.shingles(c.c), Scores: c.scores, Partial: true})
	}
	return dst
}
