package dedup

import (
	"fmt"
	"math"
	"sync"
)

// Banding is a split of a signature's slots into Bands bands of Rows slots
// each. Two documents become candidates when all slots of at least one
// band agree, which for documents of Jaccard similarity s happens with
// probability 1 − (1 − s^Rows)^Bands.
type Banding struct {
	Bands, Rows int
}

// Probability returns the chance that two documents of Jaccard
// similarity s become candidates.
func (b Banding) Probability(s float64) float64 {
	return 1 - math.Pow(1-math.Pow(s, float64(b.Rows)), float64(b.Bands))
}

// String formats the banding as "9x13".
func (b Banding) String() string { return fmt.Sprintf("%dx%d", b.Bands, b.Rows) }

// bandingKey memoises OptimalBanding, which integrates a few thousand
// curves.
type bandingKey struct {
	k                   int
	threshold, fpWeight float64
}

var bandingMemo sync.Map // bandingKey → Banding

// OptimalBanding chooses bands and rows for signatures of k slots so that
// documents of Jaccard similarity at least threshold become candidates,
// by the criterion datasketch's MinHashLSH uses: among all b·r ≤ k it
// minimises
//
//	fpWeight · ∫₀ᵗ P(s) ds + (1 − fpWeight) · ∫ₜ¹ (1 − P(s)) ds
//
// where P is [Banding.Probability] and t the threshold: the weighted
// areas of false candidates below the threshold and missed pairs above
// it. A fpWeight of 0.5 weighs both alike (k=128 gives 9x13 at 0.8 and
// 5x25 at 0.9); a smaller one favours recall. It returns an error wrapping
// [ErrInvalidSettings] for k outside 1..[MaxNumHashes], a threshold
// outside (0, 1) or a weight outside (0, 1). It is safe for concurrent use.
func OptimalBanding(k int, threshold, fpWeight float64) (Banding, error) {
	if k < 1 || k > MaxNumHashes {
		return Banding{}, fmt.Errorf("%w: %d hashes, want 1..%d", ErrInvalidSettings, k, MaxNumHashes)
	}
	if !(threshold > 0 && threshold < 1) || !(fpWeight > 0 && fpWeight < 1) {
		return Banding{}, fmt.Errorf("%w: threshold %v and false-positive weight %v must be in (0, 1)",
			ErrInvalidSettings, threshold, fpWeight)
	}
	key := bandingKey{k, threshold, fpWeight}
	if b, ok := bandingMemo.Load(key); ok {
		return b.(Banding), nil
	}
	best, bestCost := Banding{1, 1}, math.Inf(1)
	for bands := 1; bands <= k; bands++ {
		for rows := 1; bands*rows <= k; rows++ {
			b := Banding{bands, rows}
			fp := integrate(b.Probability, 0, threshold)
			fn := integrate(func(s float64) float64 { return 1 - b.Probability(s) }, threshold, 1)
			if cost := fpWeight*fp + (1-fpWeight)*fn; cost < bestCost {
				best, bestCost = b, cost
			}
		}
	}
	bandingMemo.Store(key, best)
	return best, nil
}

// integrate is composite Simpson's rule with 512 intervals: the curves are
// smooth and the answer only has to rank candidates.
func integrate(f func(float64) float64, a, b float64) float64 {
	const n = 512
	h := (b - a) / n
	sum := f(a) + f(b)
	for i := 1; i < n; i++ {
		w := 2.0
		if i%2 == 1 {
			w = 4
		}
		sum += w * f(a+float64(i)*h)
	}
	return sum * h / 3
}

// AppendKeys appends the LSH keys of sig's bands to dst: key b hashes
// slots b·Rows to (b+1)·Rows−1 together with b. Two signatures share a
// key for band b when those slots are equal (and, rarely, by collision).
// The hash is fixed (it does not depend on the process), so keys can be
// stored and compared across processes: it is how an index kept elsewhere
// (see [Indexer]) buckets signatures. It returns dst unchanged and an
// error wrapping [ErrEmptySignature], or [ErrSettingsMismatch] when sig has
// fewer than Bands·Rows slots.
func (b Banding) AppendKeys(dst []uint64, sig *Signature) ([]uint64, error) {
	switch {
	case sig == nil || len(sig.values) == 0:
		return dst, ErrEmptySignature
	case b.Bands < 1 || b.Rows < 1 || len(sig.values) < b.Bands*b.Rows:
		return dst, fmt.Errorf("%w: banding %s, signature of %d slots", ErrSettingsMismatch, b, len(sig.values))
	}
	for band := range b.Bands {
		dst = append(dst, bandKey(band, sig.values[band*b.Rows:(band+1)*b.Rows]))
	}
	return dst, nil
}
