package dedup

import (
	"fmt"
	"math"
	"math/bits"
	"strings"

	"github.com/cespare/xxhash/v2"
)

// Hash family of [MinWise] signatures, "minwise-xxh64-mixed". For a
// shingle hash x, let h1 and h2 be XXH64 with seeds MinHashSeed1 and
// MinHashSeed2 of x written as 8 little-endian bytes, and
//
//	v_i = h1 + i·h2 (mod 2^64), i = 0 .. k−1,
//
// which is the value github.com/dgryski/go-minhash's MinWise gives slot i
// for the one-shingle set {x} (its reference implementation, used by the
// tests). Slot i of a signature is the minimum, over the document's
// distinct shingles, of
//
//	hi32(MinWiseMixer · (v_i ⊕ (v_i ≫ 32))),
//
// the high 32 bits of a xorshift-multiply of v_i. The mixing step makes
// the k slots independent: the unmixed v_i form an arithmetic progression
// in i, and a shingle whose h2 lies near a fraction of 2^64 with a small
// denominator keeps a small v_i over many slots. In a text of a few
// dozen shingles such a shingle won a large share of the slots (in about
// 1 of 90 random sets of 10 shingles, one shingle won 36 or more of 128
// slots, which independent slots do less than once in 10^7 sets), and two
// unrelated short texts sharing it looked like copies. That unmixed family,
// "minwise-xxh64" (the minimum of hi32(v_i)), is retired: data made with
// it is refused with [ErrRetiredFamily].
const (
	// MinHashSeed1 seeds h1.
	MinHashSeed1 uint64 = 0x6d69_6e68_6173_6831 // "minhash1"
	// MinHashSeed2 seeds h2.
	MinHashSeed2 uint64 = 0x6d69_6e68_6173_6832 // "minhash2"
	// MinWiseMixer is the odd multiplier of the mixing step, ⌊2^64/φ⌋.
	MinWiseMixer uint64 = 0x9e37_79b9_7f4a_7c15
	// MinWiseFamily names the hash family above.
	MinWiseFamily = "minwise-xxh64-mixed"
)

// retiredMinWiseFamily is the unmixed MinWise family of earlier builds:
// slot i the minimum of hi32(h1 + i·h2), same seeds.
const retiredMinWiseFamily = "minwise-xxh64"

// ErrRetiredFamily is wrapped by the errors for data made with a hash
// family that earlier builds made and this one no longer does, such as
// MinWise signatures, index snapshots and stores written before the
// family "minwise-xxh64-mixed". Such data cannot be compared with new
// signatures; it must be rebuilt from the texts. It wraps
// [ErrSettingsMismatch], so errors.Is matches either.
var ErrRetiredFamily = fmt.Errorf("%w: made with a retired hash family", ErrSettingsMismatch)

// CheckRetired returns an error wrapping [ErrRetiredFamily] that says
// what happened and what to do if desc, a settings description
// ([Settings.String]) recorded with stored data, names a retired hash
// family; otherwise it returns nil. Stores that record the description,
// such as provenance.DirStore and redisindex, call it to explain a
// mismatch. It is safe for concurrent use.
func CheckRetired(desc string) error {
	fields := strings.Fields(desc)
	if len(fields) < 2 || fields[0] != "sig/1" || fields[1] != retiredMinWiseFamily {
		return nil
	}
	return retiredError(desc)
}

func retiredError(desc string) error {
	return fmt.Errorf("%w: %q is the MinWise family %s of reprint builds before December 2026, "+
		"which made short unrelated texts look alike; this build signs with %s, and the two cannot be compared: "+
		"rebuild the data from the texts with this build",
		ErrRetiredFamily, desc, retiredMinWiseFamily, MinWiseFamily)
}

// retiredSettingsError returns the error for settings s, read from a
// binary header with settings ID id, when id is the ID earlier builds
// gave s under a retired family; otherwise nil.
func retiredSettingsError(s Settings, id SettingsID) error {
	if s.Method != MinWise {
		return nil
	}
	desc := fmt.Sprintf("sig/1 %s seeds=%x,%x k=%d %s", retiredMinWiseFamily, MinHashSeed1, MinHashSeed2, s.NumHashes, s.Shingle)
	if SettingsID(xxhash.Sum64String(desc)) != id {
		return nil
	}
	return retiredError(desc)
}

// XXH64 primes.
const (
	xxhPrime1 uint64 = 11400714785074694791
	xxhPrime2 uint64 = 14029467366897019727
	xxhPrime3 uint64 = 1609587929392839161
	xxhPrime4 uint64 = 9650029242287828579
	xxhPrime5 uint64 = 2870177450012600261
)

// xxh64Word returns XXH64 with seed seed of the 8 little-endian bytes of
// x: the same value as xxhash.Digest reset with that seed, but without
// the streaming state.
func xxh64Word(x, seed uint64) uint64 {
	h := seed + xxhPrime5 + 8
	h ^= bits.RotateLeft64(x*xxhPrime2, 31) * xxhPrime1
	h = bits.RotateLeft64(h, 27)*xxhPrime1 + xxhPrime4
	h ^= h >> 33
	h *= xxhPrime2
	h ^= h >> 29
	h *= xxhPrime3
	h ^= h >> 32
	return h
}

// minWiseSigner computes MinWise signatures for a whole set of distinct
// shingle hashes at once; it is the MinWise state of a Signer. Its
// result is bit for bit that of earlier builds' per-shingle loop
// (pushMinWise, kept in the tests as the reference they compare this
// with), computed differently:
//
//   - Each slot keeps the minimum of the full 64-bit products
//     MinWiseMixer · (v_i ⊕ (v_i ≫ 32)) rather than of their high 32
//     bits. Unsigned 64-bit order compares the high halves first, so the
//     high half of the smallest product is the smallest high half.
//   - The shingles go in chunks of minWiseChunk: h1 and h2 of a chunk's
//     shingles are computed first (eight shingles at a time in vector
//     lanes where the CPU has AVX-512), then the slots are lowered block
//     by block of up to 128 slots, each block for every shingle of the
//     chunk in turn (minWiseBlock8: eight slots per vector register where
//     the CPU has AVX-512, the 16 vectors of a full block kept in
//     registers through the chunk). Chunks keep the scratch space fixed
//     and let the goroutine be preempted between assembly calls.
//
// A minWiseSigner is not safe for concurrent use.
type minWiseSigner struct {
	k   int
	acc []uint64 // per slot, the smallest product; padded to a multiple of 8 slots
	h1s [minWiseChunk]uint64
	h2s [minWiseChunk]uint64
}

// minWiseChunk is the number of shingles whose h1 and h2 are computed
// and applied to the slots at a time: about 15 µs of work at k = 128.
const minWiseChunk = 512

// minWiseBlockSlots is the number of slots minWiseBlock8 and
// minWiseBlockScalar lower at most in one call: 16 vectors of 8 slots,
// which minWiseBlock8 keeps in registers while it goes through the
// shingles.
const minWiseBlockSlots = 128

func newMinWiseSigner(k int) *minWiseSigner {
	return &minWiseSigner{k: k, acc: make([]uint64, (k+7)&^7)}
}

// appendSignature appends to dst the k slot values of the set xs of
// distinct shingle hashes (a repeated hash changes nothing, but costs
// time) and returns the extended slice. For an empty xs every slot is
// math.MaxUint32.
func (m *minWiseSigner) appendSignature(dst []uint32, xs []uint64) []uint32 {
	return m.appendSignatureOn(dst, xs, haveMinWise8)
}

// appendSignatureOn is appendSignature with the vector loops if vector
// is true (only where haveMinWise8 is), the plain Go ones otherwise.
func (m *minWiseSigner) appendSignatureOn(dst []uint32, xs []uint64, vector bool) []uint32 {
	for i := range m.acc {
		m.acc[i] = math.MaxUint64
	}
	for len(xs) > 0 {
		chunk := xs[:min(len(xs), minWiseChunk)]
		xs = xs[len(chunk):]
		h1s, h2s := m.h1s[:len(chunk)], m.h2s[:len(chunk)]
		n := 0
		if vector {
			n = len(chunk) &^ 7
			minWiseHashes8(h1s[:n], h2s[:n], chunk[:n])
		}
		minWiseHashesScalar(h1s[n:], h2s[n:], chunk[n:])
		for first := 0; first < len(m.acc); first += minWiseBlockSlots {
			block := m.acc[first:min(first+minWiseBlockSlots, len(m.acc))]
			if vector {
				minWiseBlock8(block, h1s, h2s, uint64(first))
			} else {
				minWiseBlockScalar(block, h1s, h2s, uint64(first))
			}
		}
	}
	for _, p := range m.acc[:m.k] {
		dst = append(dst, uint32(p>>32))
	}
	return dst
}

// minWiseHashesScalar sets h1s[i] and h2s[i] to xxh64Word(xs[i],
// MinHashSeed1) and xxh64Word(xs[i], MinHashSeed2). The three slices
// have one length.
func minWiseHashesScalar(h1s, h2s, xs []uint64) {
	h1s, h2s = h1s[:len(xs)], h2s[:len(xs)]
	for i, x := range xs {
		h1s[i], h2s[i] = xxh64Word(x, MinHashSeed1), xxh64Word(x, MinHashSeed2)
	}
}

// minWiseBlockScalar lowers acc[j], for j < len(acc), to the product of
// slot first+j of every shingle i, whose h1 and h2 are h1s[i] and h2s[i]
// (len(h2s) >= len(h1s)). It goes through a shingle's slots four at a
// time.
func minWiseBlockScalar(acc, h1s, h2s []uint64, first uint64) {
	h2s = h2s[:len(h1s)]
	for i, h1 := range h1s {
		step := h2s[i]
		v := h1 + first*step
		a := acc
		for len(a) >= 4 {
			if p := mixProduct(v); p < a[0] {
				a[0] = p
			}
			if p := mixProduct(v + step); p < a[1] {
				a[1] = p
			}
			if p := mixProduct(v + 2*step); p < a[2] {
				a[2] = p
			}
			if p := mixProduct(v + 3*step); p < a[3] {
				a[3] = p
			}
			a = a[4:]
			v += 4 * step
		}
		for j := range a {
			if p := mixProduct(v); p < a[j] {
				a[j] = p
			}
			v += step
		}
	}
}

// mixProduct is the product of the MinWise family's mixing step,
// MinWiseMixer · (v ⊕ (v ≫ 32)), whose high 32 bits are a slot value.
func mixProduct(v uint64) uint64 { return (v ^ v>>32) * MinWiseMixer }
