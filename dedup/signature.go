package dedup

import (
	"errors"
	"fmt"

	"github.com/cespare/xxhash/v2"

	"github.com/reprintlab/reprint/shingle"
)

// Defaults of [Settings].
const (
	// DefaultNumHashes is the number of slots in a signature. With 128
	// slots a Jaccard estimate has a standard error of at most 0.044.
	DefaultNumHashes = 128
	// DefaultMinShingles is the fewest distinct shingles a document must
	// have to be fingerprinted: 10 shingles is a text of about 13 words.
	// Shorter texts give estimates too noisy to act on.
	DefaultMinShingles = 10
	// MaxNumHashes is the largest signature length accepted.
	MaxNumHashes = 1024
)

// Errors returned by this package. They are wrapped with details; test
// them with errors.Is.
var (
	// ErrTooShort is returned by [Signer.Sign] for a text with fewer
	// distinct shingles than [Settings.MinShingles]. Such a text cannot
	// be fingerprinted and never matches anything.
	ErrTooShort = errors.New("dedup: too few shingles to fingerprint")
	// ErrSettingsMismatch is returned when two signatures, or a
	// signature and an index, were made with different settings: their
	// slots are not comparable.
	ErrSettingsMismatch = errors.New("dedup: signature settings differ")
	// ErrEmptySignature is returned when a zero or empty Signature is
	// compared or indexed.
	ErrEmptySignature = errors.New("dedup: empty signature")
	// ErrInvalidSettings is returned by constructors for settings out of
	// range.
	ErrInvalidSettings = errors.New("dedup: invalid settings")
)

// Settings are everything that decides a signature's slot values. Two
// signatures can be compared only if they were made with equal settings.
// The zero value means the defaults.
type Settings struct {
	// Shingle sets the shingle sizes.
	Shingle shingle.Config
	// Method chooses the signing algorithm. 0 means DefaultMethod.
	Method Method
	// NumHashes is the number of slots, k. 0 means DefaultNumHashes.
	NumHashes int
	// MinShingles is the fewest distinct shingles a text needs to be
	// fingerprinted. 0 means DefaultMinShingles. It does not change slot
	// values, so it is not part of the settings' ID.
	MinShingles int
}

// Normalized returns s with zero fields replaced by their defaults.
func (s Settings) Normalized() Settings {
	s.Shingle = s.Shingle.Normalized()
	if s.Method == 0 {
		s.Method = DefaultMethod
	}
	if s.NumHashes == 0 {
		s.NumHashes = DefaultNumHashes
	}
	if s.MinShingles == 0 {
		s.MinShingles = DefaultMinShingles
	}
	return s
}

// Validate reports whether s, defaults filled in, is usable. The error
// wraps [ErrInvalidSettings] or [shingle.ErrInvalidConfig].
func (s Settings) Validate() error {
	if err := s.Shingle.Validate(); err != nil {
		return err
	}
	s = s.Normalized()
	if s.Method != MinWise && s.Method != OnePermutation {
		return fmt.Errorf("%w: %s", ErrInvalidSettings, s.Method)
	}
	if s.NumHashes < 1 || s.NumHashes > MaxNumHashes {
		return fmt.Errorf("%w: %d hashes, want 1..%d", ErrInvalidSettings, s.NumHashes, MaxNumHashes)
	}
	if s.MinShingles < 1 {
		return fmt.Errorf("%w: minimum of %d shingles, want at least 1", ErrInvalidSettings, s.MinShingles)
	}
	return nil
}

// String describes the settings that decide slot values: format, hash
// family, seeds, k and shingle settings, for example "sig/1 minwise-xxh64-mixed
// seeds=6d696e6861736831,6d696e6861736832 k=128 words=4,chars=8,norm=1".
func (s Settings) String() string {
	s = s.Normalized()
	return fmt.Sprintf("sig/1 %s k=%d %s", s.Method.family(), s.NumHashes, s.Shingle)
}

// ID returns the identifier recorded in every signature made with s: the
// XXH64 (seed 0) of [Settings.String].
func (s Settings) ID() SettingsID { return SettingsID(xxhash.Sum64String(s.String())) }

// SettingsID identifies the settings a signature was made with. Equal
// IDs mean comparable signatures.
type SettingsID uint64

// String returns the ID in hexadecimal.
func (id SettingsID) String() string { return fmt.Sprintf("%016x", uint64(id)) }

// Signature is the MinHash fingerprint of one document: k slot values,
// the number of distinct shingles of the document, and the ID of the
// settings it was made with.
//
// A Signature is safe for concurrent reads. Only [Signer.SignTo] changes
// one, in place, for callers that reuse signatures; do not reuse one that
// other goroutines read. The zero value is an empty signature that
// compares with nothing.
type Signature struct {
	settings Settings // normalized
	id       SettingsID
	shingles int
	values   []uint32
}

// Settings returns the settings the signature was made with, defaults
// filled in.
func (s *Signature) Settings() Settings { return s.settings }

// SettingsID returns the ID of the settings the signature was made with.
func (s *Signature) SettingsID() SettingsID { return s.id }

// Shingles returns the number of distinct shingles of the document.
func (s *Signature) Shingles() int { return s.shingles }

// Len returns the number of slots, k (0 for an empty signature).
func (s *Signature) Len() int { return len(s.values) }

// AppendValues appends the slot values to dst and returns the extended
// slice.
func (s *Signature) AppendValues(dst []uint32) []uint32 { return append(dst, s.values...) }

// NewSignature builds a signature from stored parts: the settings it was
// made with, the number of distinct shingles, and the slot values
// (copied). It is the inverse of [Signature.Settings],
// [Signature.Shingles] and [Signature.AppendValues], for callers that
// keep signatures themselves. It returns an error wrapping
// [ErrEmptySignature] for no shingles or no values, or
// [ErrInvalidSettings] for settings out of range or a number of values
// other than their NumHashes.
func NewSignature(s Settings, shingles int, values []uint32) (*Signature, error) {
	if shingles < 1 || len(values) == 0 {
		return nil, fmt.Errorf("%w: %d shingles, %d slots", ErrEmptySignature, shingles, len(values))
	}
	if err := s.Validate(); err != nil {
		return nil, err
	}
	s = s.Normalized()
	if len(values) != s.NumHashes {
		return nil, fmt.Errorf("%w: %d slots for settings of %d hashes", ErrInvalidSettings, len(values), s.NumHashes)
	}
	return &Signature{settings: s, id: s.ID(), shingles: shingles, values: append([]uint32(nil), values...)}, nil
}

// Signer turns texts into signatures. It keeps scratch space between
// calls, so Sign allocates only the returned signature.
//
// A Signer is not safe for concurrent use; use one per goroutine. The zero
// value is not usable: create one with [NewSigner].
type Signer struct {
	settings Settings
	id       SettingsID
	shingler *shingle.Shingler
	hashes   []uint64          // the current document's shingle hashes
	shingles []shingle.Shingle // SignToExceptRanges: the current document's shingles
	seen     hashSet
	distinct []uint64 // MinWise: the current document's distinct shingle hashes, not skipped

	minWise *minWiseSigner // MinWise state
	oph     *oph           // OnePermutation state
}

// NewSigner returns a Signer for s (zero fields mean defaults). The error
// wraps [ErrInvalidSettings] or [shingle.ErrInvalidConfig].
func NewSigner(s Settings) (*Signer, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	s = s.Normalized()
	sh, err := shingle.New(s.Shingle)
	if err != nil {
		return nil, err
	}
	signer := &Signer{settings: s, id: s.ID(), shingler: sh}
	switch s.Method {
	case OnePermutation:
		signer.oph = newOPH(s.NumHashes)
	default:
		signer.minWise = newMinWiseSigner(s.NumHashes)
	}
	return signer, nil
}

// Settings returns the signer's settings, defaults filled in.
func (s *Signer) Settings() Settings { return s.settings }

// Sign returns the signature of text. A text with fewer distinct shingles
// than the settings' MinShingles gives an error wrapping [ErrTooShort].
// Any input is accepted: invalid UTF-8 and NUL bytes separate words.
func (s *Signer) Sign(text string) (*Signature, error) {
	sig := new(Signature)
	if err := s.SignTo(sig, text); err != nil {
		return nil, err
	}
	return sig, nil
}

// SignTo is Sign writing into sig, reusing its slot storage: with a
// reused sig it allocates nothing. On error sig is left unchanged.
func (s *Signer) SignTo(sig *Signature, text string) error {
	_, err := s.SignToExcept(sig, text, nil)
	return err
}

// SignToExcept is SignTo leaving out the shingles for which skip returns
// true, such as an outlet's boilerplate, and it returns how many shingle
// occurrences were left out. skip is called once for every shingle
// occurrence, in text order. A text whose remaining distinct shingles
// are fewer than MinShingles gives ErrTooShort. A nil skip leaves out
// nothing.
func (s *Signer) SignToExcept(sig *Signature, text string, skip func(hash uint64) bool) (skipped int, err error) {
	s.reset()
	s.hashes = s.shingler.AppendHashes(s.hashes, text)
	for _, h := range s.hashes {
		if skip != nil && skip(h) {
			skipped++
			continue
		}
		// s.push(h), by hand: push is not inlined.
		switch {
		case s.oph != nil:
			s.seen.add(h)
			s.oph.push(h)
		case s.seen.add(h):
			s.distinct = append(s.distinct, h)
		}
	}
	return skipped, s.finish(sig)
}

// SignToExceptRanges is [Signer.SignToExcept] that also appends to dst,
// and returns, the byte ranges of text covered by the shingles it left
// out: text[r[0]:r[1]] for each range r, in text order, ranges that
// overlap or touch merged into one. It shingles the text once, as
// SignToExcept does, but keeps every shingle's offsets, which costs a
// little more: a caller that does not need the ranges should call
// SignToExcept. The skipped count, the signature and the error are
// SignToExcept's; the ranges are returned with ErrTooShort too (the
// shingles were classified all the same). Like every Signer method, it
// is not safe for concurrent use.
func (s *Signer) SignToExceptRanges(sig *Signature, text string, skip func(hash uint64) bool, dst [][2]int) (skipped int, ranges [][2]int, err error) {
	if skip == nil { // nothing left out: no offsets needed
		_, err = s.SignToExcept(sig, text, nil)
		return 0, dst, err
	}
	s.reset()
	if cap(s.shingles) > 1<<20 {
		s.shingles = nil
	}
	s.shingles = s.shingler.AppendShingles(s.shingles[:0], text)
	ranges = dst
	for _, sh := range s.shingles {
		s.hashes = append(s.hashes, sh.Hash)
		if !skip(sh.Hash) {
			// s.push(sh.Hash), by hand: push is not inlined.
			switch {
			case s.oph != nil:
				s.seen.add(sh.Hash)
				s.oph.push(sh.Hash)
			case s.seen.add(sh.Hash):
				s.distinct = append(s.distinct, sh.Hash)
			}
			continue
		}
		skipped++
		if n := len(ranges); n > len(dst) && sh.Start <= ranges[n-1][1] {
			ranges[n-1][1] = max(ranges[n-1][1], sh.End)
			continue
		}
		ranges = append(ranges, [2]int{sh.Start, sh.End})
	}
	return skipped, ranges, s.finish(sig)
}

// reset readies the signer's scratch space for a new text.
func (s *Signer) reset() {
	if cap(s.hashes) > 1<<20 {
		s.hashes = nil // do not keep a huge document's 8 MB+ buffer
	}
	if cap(s.distinct) > 1<<20 {
		s.distinct = nil
	}
	s.hashes = s.hashes[:0]
	s.seen.reset()
	s.distinct = s.distinct[:0]
	if s.oph != nil {
		s.oph.reset()
	}
}

// push adds shingle h, not skipped, to the signature being made. MinWise
// signs the distinct shingles all at once, in finish, once the text is
// known to be long enough: see minWiseSigner.
func (s *Signer) push(h uint64) {
	switch {
	case s.oph != nil:
		s.seen.add(h)
		s.oph.push(h)
	case s.seen.add(h):
		s.distinct = append(s.distinct, h)
	}
}

// finish writes the signature of the shingles pushed into sig, or
// returns an error wrapping ErrTooShort, sig unchanged.
func (s *Signer) finish(sig *Signature) error {
	if n := s.seen.len(); n < s.settings.MinShingles {
		return fmt.Errorf("%w: %d distinct shingles, need %d", ErrTooShort, n, s.settings.MinShingles)
	}
	values := sig.values[:0]
	if s.oph != nil {
		values = s.oph.densify(values)
	} else {
		values = s.minWise.appendSignature(values, s.distinct)
	}
	*sig = Signature{settings: s.settings, id: s.id, shingles: s.seen.len(), values: values}
	return nil
}

// Hashes returns the shingle hashes of the text last signed, in text
// order with repeats, skipped ones included. The slice is the signer's
// own: it is valid until the next call and must not be changed.
func (s *Signer) Hashes() []uint64 { return s.hashes }

// Scores compares a document A with a document B, all estimated from
// their signatures and exact distinct-shingle counts.
type Scores struct {
	// Jaccard is the estimated |A∩B| / |A∪B|: the share of equal slots.
	Jaccard float64
	// AInB is the estimated share of A's shingles found in B, |A∩B| / |A|.
	AInB float64
	// BInA is the estimated share of B's shingles found in A, |A∩B| / |B|.
	BInA float64
	// Shared is the estimated number of shingles in both, |A∩B|.
	Shared float64
}

// MaxContainment returns the larger of AInB and BInA: how much of the
// smaller side is found in the other.
func (s Scores) MaxContainment() float64 { return max(s.AInB, s.BInA) }

// Swap returns the scores seen from B's side.
func (s Scores) Swap() Scores { s.AInB, s.BInA = s.BInA, s.AInB; return s }

// Compare estimates how much documents a and b share. It returns an error
// wrapping [ErrEmptySignature] if either is empty, or
// [ErrSettingsMismatch] if they were made with different settings.
func Compare(a, b *Signature) (Scores, error) {
	if a == nil || b == nil || len(a.values) == 0 || len(b.values) == 0 {
		return Scores{}, ErrEmptySignature
	}
	if a.id != b.id || len(a.values) != len(b.values) {
		return Scores{}, fmt.Errorf("%w: %s with %d slots vs %s with %d slots",
			ErrSettingsMismatch, a.id, len(a.values), b.id, len(b.values))
	}
	return scores(equalSlots(a.values, b.values), len(a.values), a.shingles, b.shingles), nil
}

// equalSlots counts the slots where a and b agree; len(b) >= len(a).
func equalSlots(a, b []uint32) int {
	b = b[:len(a)]
	n := 0
	for i, v := range a {
		if v == b[i] {
			n++
		}
	}
	return n
}

// scores turns a count of equal slots into Scores for sets of sizes na
// and nb: |A∩B| = J(|A|+|B|)/(1+J), capped at the smaller set.
func scores(equal, k, na, nb int) Scores {
	j := float64(equal) / float64(k)
	shared := j * float64(na+nb) / (1 + j)
	shared = min(shared, float64(min(na, nb)))
	return Scores{Jaccard: j, AInB: shared / float64(na), BInA: shared / float64(nb), Shared: shared}
}

// hashSet is an open-addressing set of shingle hashes, reused between
// documents. Shingle hashes are already uniform, so a hash is its own
// probe start.
type hashSet struct {
	slots   []uint64 // 0 means empty; the hash 0 is tracked by zero
	n       int
	hasZero bool
}

func (h *hashSet) reset() {
	switch {
	case len(h.slots) > 1<<16 && 8*h.n < len(h.slots):
		h.slots = nil // after one huge document, do not clear its table for every small one
	case h.n > 0:
		clear(h.slots)
	}
	h.n, h.hasZero = 0, false
}

func (h *hashSet) len() int {
	if h.hasZero {
		return h.n + 1
	}
	return h.n
}

// add inserts x and reports whether it was new.
func (h *hashSet) add(x uint64) bool {
	if x == 0 {
		was := h.hasZero
		h.hasZero = true
		return !was
	}
	if 2*(h.n+1) > len(h.slots) {
		h.grow()
	}
	mask := uint64(len(h.slots) - 1)
	for i := x & mask; ; i = (i + 1) & mask {
		switch h.slots[i] {
		case x:
			return false
		case 0:
			h.slots[i] = x
			h.n++
			return true
		}
	}
}

func (h *hashSet) grow() {
	old := h.slots
	h.slots = make([]uint64, max(1024, 2*len(old)))
	mask := uint64(len(h.slots) - 1)
	for _, x := range old {
		if x == 0 {
			continue
		}
		i := x & mask
		for h.slots[i] != 0 {
			i = (i + 1) & mask
		}
		h.slots[i] = x
	}
}
